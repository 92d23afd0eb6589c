"""XSS payloads in every text field of every form, then every page that shows the value.

Each form is sent ROUNDS times two ways: once with a payload in every text field (the form
usually refuses it and shows it again: a reflected attack), once with payloads in the fields
it accepts freely and valid values in the others (it saves: a stored attack). After each
save, the pages of `_forms_cases` and the e-mails sent are read with an HTML5 parser; a
payload got through when its marker sits where a browser runs it (see `_payloads`).
Every stored value must also show up somewhere, so a page that stopped showing a field
cannot make the test pass by accident.
"""

import importlib
import inspect
import pkgutil

import pytest
from django import forms
from django.core import mail
from django.core.cache import cache

import jres

from . import tally
from ._forms_cases import CASES, COVERED_THROUGH, base_values, build_world, client_of
from ._payloads import ROUNDS, executable_markers, payload, shown_markers

pytestmark = pytest.mark.django_db


def _platform_forms() -> set[type]:
    """Every Form or ModelForm class defined in a jres module."""
    found = set()
    for module_info in pkgutil.walk_packages(jres.__path__, "jres."):
        if ".migrations" in module_info.name or module_info.name.endswith(
            ("__main__", "wsgi", "asgi")
        ):
            continue
        module = importlib.import_module(module_info.name)
        for _name, value in inspect.getmembers(module, inspect.isclass):
            if (
                issubclass(value, forms.BaseForm)
                and value.__module__ == module_info.name
                and value.__module__.startswith("jres.")
            ):
                found.add(value)
    return found


def _text_fields(form_class) -> dict[str, forms.Field]:
    return {
        name: form_field
        for name, form_field in form_class.base_fields.items()
        if isinstance(form_field, forms.CharField)
    }


def _kind(case, name: str, form_field) -> str:
    kind = case.kinds.get(name, "").removeprefix("json").strip()
    if kind:
        return kind
    if isinstance(form_field, forms.EmailField):
        return "email"
    if isinstance(form_field, forms.URLField):
        return "url"
    return "text"


def test_every_form_with_text_fields_is_in_the_table():
    platform = _platform_forms()
    assert len(platform) >= 25  # the walk found the forms (a broken walk finds none)
    tested = {case.form for case in CASES}
    # A base class (AntispamForm, CommuneForm) is covered by the forms built on it, whose
    # cases send its fields too.
    bases = {base for form in tested for base in form.__mro__[1:]}
    missing = sorted(
        form.__module__ + "." + form.__qualname__
        for form in platform
        if _text_fields(form) and form not in tested | bases | set(COVERED_THROUGH)
    )
    assert missing == [], f"forms with text fields and no XSS case: {missing}"


def _read(response) -> str:
    assert response.status_code < 500, response
    if response.get("Content-Type", "").startswith(("text/html", "application/xhtml")):
        return response.content.decode()
    return ""


def _emails_since(start: int) -> tuple[list[str], list[str]]:
    """(HTML bodies, plain-text bodies and subjects) of the e-mails sent since `start`: a
    plain-text body is never run, but shows that the value was sent."""
    html, text = [], []
    for message in mail.outbox[start:]:
        text += [message.subject, message.body]
        html.extend(
            content for content, mimetype in getattr(message, "alternatives", [])
            if mimetype == "text/html"
        )  # fmt: skip
    return html, text


def _submit(world, case, values: dict):
    client = client_of(world, case.who)
    cache.clear()  # rate limits per address would otherwise stop the later rounds
    if case.method == "get":
        return client.get(case.url(world), values)
    return client.post(case.url(world), values)


def _fill(case, fields, round_number: int, *, storable: bool) -> tuple[dict, dict]:
    """Payloads for `fields` in this round: (values, {marker: field name})."""
    values, markers = {}, {}
    for offset, (name, form_field) in enumerate(sorted(fields.items())):
        value, mark = payload(
            _kind(case, name, form_field), round_number, offset=offset,
            max_length=getattr(form_field, "max_length", None), storable=storable,
        )  # fmt: skip
        if case.kinds.get(name, "").startswith("json"):
            value = f'["{value.replace(chr(34), chr(39))}"]'
        values[name], markers[mark] = value, name
    return values, markers


@pytest.fixture(autouse=True)
def _no_background_files(monkeypatch):
    """Posters and kit archives are files, not pages: not building them keeps this fast."""
    monkeypatch.setattr("jres.posters.services.enqueue_build", lambda event_pk: None)
    monkeypatch.setattr("jres.toolkit.services._enqueue_build", lambda edition_pk: None)


@pytest.mark.parametrize(
    "case", CASES, ids=lambda case: f"{case.form.__module__.split('.')[1]}.{case.form.__qualname__}"
)
def test_no_payload_runs_on_any_page(case, current_edition, settings):
    settings.MEDIA_ROOT = settings.MEDIA_ROOT  # uploads land in the run's temporary folder
    world = build_world(current_edition)
    fields = _text_fields(case.form)
    free = {name: field for name, field in fields.items() if name not in case.fixed}
    tried, through, missing = 0, {}, {}

    for round_number in range(ROUNDS):
        # Reflected: every text field hostile; the answer (errors and all) must stay inert.
        if case.prepare:
            case.prepare(world)
        base = base_values(world, case)
        values, markers = _fill(case, fields, round_number, storable=False)
        start = len(mail.outbox)
        pages = [_read(_follow(world, case, _submit(world, case, {**base, **values})))]
        pages += _emails_since(start)[0]
        tried += len(markers)
        through.update(_executable(pages, markers))

        if case.method == "get" or not case.stores:
            continue
        # Stored: hostile where the form accepts anything, valid elsewhere; then every page.
        if case.prepare:
            case.prepare(world)
        base = base_values(world, case)
        values, markers = _fill(case, free, round_number, storable=True)
        start = len(mail.outbox)
        response = _submit(world, case, {**base, **values})
        assert response.status_code == 302, _errors(response)
        if case.saved:
            case.saved(world)
        pages = [_read(_follow(world, case, response))]
        pages += [_read(client_of(world, who).get(url)) for who, url in case.pages(world)]
        html, text = _emails_since(start)
        pages += html
        tried += len(markers)
        through.update(_executable(pages, markers))
        shown = set().union(*(shown_markers(page) for page in pages + text))
        missing.update(
            {mark: name for mark, name in markers.items()
             if mark not in shown and name not in case.unseen}
        )  # fmt: skip

    tally.record("xss", tried=tried, through=len(through))
    assert through == {}, f"payloads that would run: {through}"
    assert missing == {}, f"values saved but shown on none of the pages read: {missing}"


def _follow(world, case, response):
    """The page a redirect leads to (a message about the saved value, say)."""
    if response.status_code in (301, 302, 303) and response["Location"].startswith("/"):
        return client_of(world, case.who).get(response["Location"])
    return response


def _executable(pages: list[str], markers: dict) -> dict:
    running = set().union(*(executable_markers(page) for page in pages if page))
    return {mark: markers[mark] for mark in running if mark in markers}


def _errors(response) -> str:
    context = getattr(response, "context", None)
    form = (context.get("adminform") or context).get("form") if context else None
    return f"{response.status_code}: {form.errors if form is not None else response.content[:500]}"
