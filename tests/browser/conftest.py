"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

One browser is launched for the whole session (pytest-playwright's session-scoped `browser`);
a test gets a fresh context and page from the `page` fixture (test_accessibility.py shares one
context across its visits, clearing cookies). The live server runs in this process, so a test
reads the e-mails it sends from `django.core.mail.outbox` (locmem backend in tests).

Translations: `*.mo` files are not in Git; `make test` compiles them before running pytest.
"""

import datetime
import os
from pathlib import Path

import pytest

from jres.pages.models import Page
from tests.factories import EditionFactory, KeyFigureFactory, PageFactory, TeamContactFactory

# Playwright's sync API runs an event loop in the test thread: without this, every ORM call
# made by a test (fixtures, assertions) raises SynchronousOnlyOperation.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

BROWSER_TESTS_DIR = Path(__file__).resolve().parent
AXE_PATH = BROWSER_TESTS_DIR / "vendor" / "axe-core-4.14.1" / "axe.min.js"
BLOCKING_IMPACTS = {"serious", "critical"}

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_collection_modifyitems(config, items):
    """Everything under tests/browser carries the `browser` marker (`-m "not browser"`)."""
    for item in items:
        if item.path.is_relative_to(BROWSER_TESTS_DIR):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {
        **browser_context_args,
        "locale": "fr-FR",
        "viewport": {"width": 1280, "height": 900},
        # axe.min.js is injected inline, which the site's Content-Security-Policy forbids.
        "bypass_csp": True,
    }


# --- Data ------------------------------------------------------------------------------

PAGES = {
    # slug: (title_fr, title_en, body_fr, body_en)
    "pourquoi-cette-journee": (
        "Pourquoi cette journée",
        "Why this day",
        "## Un enjeu national\n\nChaque année, **entre 100 000 et 150 000 jeunes** quittent "
        "l'école sans diplôme.\n\n1. Alerter\n2. Repérer\n3. Donner la parole",
        "## A national issue\n\nEvery year, **between 100,000 and 150,000 young people** leave "
        "school without a diploma.\n\n1. Alert\n2. Find\n3. Give a voice",
    ),
    "organiser-un-evenement": (
        "Organiser un événement",
        "Organising an event",
        "## Qui peut organiser\n\nParents, enseignants, associations : "
        "[contactez-nous](/contact/).",
        "## Who can organise\n\nParents, teachers, associations: [contact us](/contact/).",
    ),
    "mentions-legales": (
        "Mentions légales",
        "Legal notice",
        "## Éditeur\n\nAssociation nationale, Paris.",
        "## Publisher\n\nNational association, Paris.",
    ),
    "confidentialite": (
        "Politique de confidentialité",
        "Privacy policy",
        "## Données collectées\n\nVotre adresse e-mail et votre nom affiché.",
        "## Data collected\n\nYour e-mail address and your display name.",
    ),
}


@pytest.fixture(scope="module")
def shared_page(browser, browser_context_args):
    """One context for a module's many visits (a new one per test costs about 0.5 s here),
    with axe preloaded into every document; each test starts from cleared cookies."""
    context = browser.new_context(**browser_context_args)
    context.add_init_script(path=str(AXE_PATH))
    yield context.new_page()
    context.close()


@pytest.fixture
def site_data(transactional_db):
    """What the demo shows: a current 19th edition with key figures, an archived edition,
    the four editable pages and a team contact."""
    EditionFactory(year=2025, number=18, status="archived", theme_fr="", theme_en="")
    edition = EditionFactory(
        year=2026,
        number=19,
        day=datetime.date(2026, 9, 27),
        status="open",
        theme_fr="Donner la parole aux jeunes, faire connaître ce qui marche",
        theme_en="Giving young people a voice, spreading what works",
        framing_fr="Chaque année, des jeunes quittent l'école **sans diplôme**.\n\n"
        "- Dans les écoles, un temps pour les élèves.\n- Dans les quartiers, des débats.",
        framing_en="Every year, young people leave school **without a diploma**.\n\n"
        "- In schools, time for pupils.\n- In neighbourhoods, debates.",
    )
    edition.make_current()
    KeyFigureFactory(
        edition=edition,
        value="100 000 – 150 000",
        label_fr="jeunes sortent chaque année du système scolaire sans diplôme",
        label_en="young people leave the school system without a diploma every year",
        order=0,
    )
    KeyFigureFactory(
        edition=edition,
        value="2008",
        label_fr="première édition de la journée",
        label_en="first edition of the day",
        order=1,
    )
    # A data migration creates these pages with default texts (a flushed database between
    # transactional tests has none): start from known ones either way.
    Page.objects.filter(slug__in=PAGES).delete()
    for slug, (title_fr, title_en, body_fr, body_en) in PAGES.items():
        PageFactory(
            slug=slug, title_fr=title_fr, title_en=title_en, body_fr=body_fr, body_en=body_en
        )
    TeamContactFactory()
    return edition


# --- Helpers ---------------------------------------------------------------------------


def require_compiled_catalogue(language: str) -> None:
    """Fail clearly when the catalogue is not compiled (`*.mo` files are not in Git; `make
    test` compiles them), rather than with a French page where English was expected."""
    from django.conf import settings

    if language == settings.LANGUAGE_CODE:
        return
    if not any(
        (Path(path) / language / "LC_MESSAGES" / "django.mo").exists()
        for path in settings.LOCALE_PATHS
    ):
        pytest.fail(
            f"No compiled '{language}' catalogue under {settings.LOCALE_PATHS}: "
            "run `make messages` (or `make test`) first.",
            pytrace=False,
        )


def set_language(context, live_server, language: str) -> None:
    """Choose the interface language as the header's switch does (the language cookie)."""
    from django.conf import settings

    require_compiled_catalogue(language)
    context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
    )


def log_in(context, live_server, user) -> None:
    """Give the browser context a session for `user`, without going through the form."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    session_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session_key, "url": live_server.url}]
    )


def _format_violation(violation: dict) -> str:
    lines = [
        f"- {violation['id']} [{violation['impact']}]: {violation['help']} ({violation['helpUrl']})"
    ]
    for node in violation["nodes"]:
        target = " ".join(
            " >> ".join(part) if isinstance(part, list) else part for part in node["target"]
        )
        lines.append(f"    at {target}: {node['html'][:200]}")
        if node.get("summary"):
            lines.extend(f"      {line}" for line in node["summary"].splitlines())
    return "\n".join(lines)


def axe_violations(page) -> list[dict]:
    """Run axe-core on the page as it is; return its serious and critical violations.

    axe is injected unless the page already has it (a context can preload it for every page
    with `context.add_init_script(path=AXE_PATH)`, which also works under a strict CSP).
    """
    if not page.evaluate("typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE_PATH))
    violations = page.evaluate(
        """async () => {
            const results = await axe.run(document, {resultTypes: ["violations"]});
            return results.violations.map((v) => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map((n) => ({
                    target: n.target, html: n.html, summary: n.failureSummary,
                })),
            }));
        }"""
    )
    return [v for v in violations if v["impact"] in BLOCKING_IMPACTS]


def describe_violations(page, violations: list[dict]) -> str:
    lang = page.locator("html").get_attribute("lang")
    report = "\n".join(_format_violation(v) for v in violations)
    return (
        f"{len(violations)} serious/critical accessibility violation(s) on {page.url} "
        f"(html lang={lang!r}):\n{report}"
    )


def assert_accessible(page) -> None:
    """Run axe-core on the page; fail listing every serious or critical violation."""
    violations = axe_violations(page)
    if violations:
        pytest.fail(describe_violations(page, violations), pytrace=False)


# --- Events ----------------------------------------------------------------------------

CHARTER_TEXTS = [
    ("Entrée libre et gratuite", "Free entry"),
    ("Une place faite à la parole des jeunes", "Young people have their say"),
]


def ensure_event_vocabulary() -> None:
    """The kinds and audiences the data migration creates: a flushed database has none."""
    from jres.events.defaults import AUDIENCES, KINDS
    from jres.events.models import Audience, EventKind

    for model, rows in ((EventKind, KINDS), (Audience, AUDIENCES)):
        for order, (slug, name_fr, name_en) in enumerate(rows):
            model.objects.get_or_create(
                slug=slug, defaults={"name_fr": name_fr, "name_en": name_en, "order": order}
            )


@pytest.fixture
def events_world(site_data):
    """The 2026 edition of `site_data` with its label charter, the event kinds and audiences,
    and a small France (tests.events.factories.small_france: real codes and places)."""
    from types import SimpleNamespace

    from jres.editions.models import CharterItem
    from tests.events.factories import small_france

    ensure_event_vocabulary()
    charter = [
        CharterItem.objects.create(edition=site_data, text_fr=fr, text_en=en, order=order)
        for order, (fr, en) in enumerate(CHARTER_TEXTS)
    ]
    return SimpleNamespace(edition=site_data, geo=small_france(), charter=charter)


def event_day(edition, day_offset: int = 0, hour: int = 18, minute: int = 0):
    """An aware datetime on the edition's day (plus `day_offset` days), Paris time."""
    from django.utils import timezone

    day = edition.day + datetime.timedelta(days=day_offset)
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour, minute))


@pytest.fixture
def event_pages(events_world, organiser, moderator):
    """One event in each state a page shows differently, all of `organiser`:

    - public, in_school, online, cancelled: published (labelled, then one cancelled);
    - changes_requested: the moderator asked for a change (its preview shows the message);
    - resubmitted: changed after a request and submitted again (its review shows the change).
    """
    from types import SimpleNamespace

    from jres.events import services
    from jres.events.models import AttendanceMode, EventStatus
    from tests.events.factories import EventFactory

    edition, geo = events_world.edition, events_world.geo

    def event(**kwargs):
        defaults = {
            "edition": edition, "organiser": organiser, "commune": geo.bordeaux,
            "postal_code": "33000", "kind": "debat", "audiences": ["parents", "eleves"],
        }  # fmt: skip
        return EventFactory(**(defaults | kwargs))

    def draft_sent_back(title: str):
        draft = event(title=title, status=EventStatus.DRAFT, labelled_at=None)
        services.record_creation(event=draft, by=organiser)
        services.submit_event(event=draft, by=organiser)
        services.request_changes(
            event=draft, by=moderator, message="Précisez l'heure d'accueil du public."
        )
        return draft

    cancelled = event(title="Soirée annulée à Bordeaux", starts_at=event_day(edition, 1))
    services.cancel_event(event=cancelled, by=organiser, reason="Salle indisponible.")
    resubmitted = draft_sent_back("Ciné-débat au collège")
    resubmitted.title = "Ciné-débat au collège Jean Moulin"
    resubmitted.save()
    services.record_edit(event=resubmitted, by=organiser, changed_fields=["title"])
    services.submit_event(event=resubmitted, by=organiser)
    return SimpleNamespace(
        world=events_world,
        organiser=organiser,
        moderator=moderator,
        public=event(
            title="Débat des parents à Bordeaux", venue_name="Salle Son Tay",
            step_free_access=True, accessibility_notes="Boucle magnétique en salle 2",
            starts_at=event_day(edition, hour=18, minute=30),
        ),
        in_school=event(
            title="Temps d'échange au lycée", kind="temps-echange-scolaire", is_public=False,
            audiences=["eleves"],
        ),
        online=event(
            title="Webinaire des parents", attendance_mode=AttendanceMode.ONLINE,
            online_url="https://visio.example.org/jres", venue_name="", address="",
        ),
        cancelled=cancelled,
        changes_requested=draft_sent_back("Atelier devoirs à Mérignac"),
        resubmitted=resubmitted,
    )  # fmt: skip


def image_problem(image) -> str | None:
    """None when the <img> located by `image` has loaded; else what went wrong (its URL).

    A map marker whose picture is missing still shows its alt text and still works, so
    visibility checks pass: this one looks at the picture itself."""
    image.wait_for(state="attached")
    image.page.wait_for_function("img => img.complete", arg=image.element_handle())
    if image.evaluate("img => img.naturalWidth") > 0:
        return None
    return f"{image.get_attribute('class')} image not loaded from {image.evaluate('i => i.src')}"
