"""The API's other addresses: editions, partners, initiatives, the kit's resources, the
index, the OpenAPI description and the documentation page."""

import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

from jres.initiatives.models import Theme
from jres.partners.models import PartnerKind
from tests.api.conftest import PARTNER_CONTACT, PARTNER_EMAIL
from tests.factories import EditionFactory
from tests.initiatives.factories import InitiativeFactory
from tests.partners.factories import PartnerFactory
from tests.toolkit.conftest import make_resource


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["results"]]


def assert_error(response, status: int, parameter: str | None, code: str | None = None):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    error = response.json()
    assert set(error) == {"error", "parameter", "message"}
    assert error["parameter"] == parameter
    assert error["message"]
    if code:
        assert error["error"] == code


# --- editions -------------------------------------------------------------------------------


def test_editions_are_the_public_ones_newest_first(client, api_world):
    EditionFactory(year=2027, number=20, status="draft", theme_fr="Thème pas encore annoncé")

    response = client.get("/api/v1/editions")

    assert response.status_code == 200
    data = response.json()
    assert [edition["year"] for edition in data["results"]] == [2026, 2025]
    assert data["next"] is None
    assert "Thème pas encore annoncé" not in response.content.decode()
    current = data["results"][0]
    assert current["is_current"] is True
    assert current["number"] == 19
    assert current["day"] == api_world.edition.day.isoformat()
    assert current["api_url"].endswith("/api/v1/editions/2026")
    assert current["events_url"].endswith("/api/v1/events?edition=2026")


def test_one_edition_and_a_hidden_or_unknown_one(client, api_world):
    EditionFactory(year=2027, number=20, status="draft")

    edition = client.get("/api/v1/editions/2025")
    assert edition.status_code == 200
    assert edition.json()["year"] == 2025
    assert edition.json()["status"] == "archived"
    assert edition.json()["is_current"] is False

    assert_error(client.get("/api/v1/editions/2027"), 404, None, "not_found")
    assert_error(client.get("/api/v1/editions/2040"), 404, None, "not_found")
    assert_error(client.get("/api/v1/editions/1999"), 400, "year")
    assert_error(client.get("/api/v1/editions?year=2026"), 400, "year", "unknown_parameter")


def test_an_editions_events_url_lists_its_events(client, api_world):
    events_url = client.get("/api/v1/editions/2025").json()["events_url"]
    path = events_url[events_url.index("/api/") :]

    assert ids(client.get(path)) == [api_world.past_event.pk]


# --- partners -------------------------------------------------------------------------------


@pytest.fixture
def partners(api_world, france):
    api_world.gironde = PartnerFactory(
        name="Département de la Gironde", kind=PartnerKind.DEPARTMENT, department=france.gironde
    )
    api_world.occitanie = PartnerFactory(
        name="Région Occitanie", kind=PartnerKind.REGION, region=france.occitanie
    )
    api_world.toulouse = PartnerFactory(name="Ville de Toulouse", commune=france.toulouse)
    return api_world


def test_partners_out_of_the_directory_are_hidden(client, partners):
    found = ids(client.get("/api/v1/partners"))

    assert sorted(found) == sorted(
        [partners.partner.pk, partners.gironde.pk, partners.occitanie.pk, partners.toulouse.pk]
    )
    assert partners.hidden_partner.pk not in found
    assert_error(client.get(f"/api/v1/partners/{partners.hidden_partner.pk}"), 404, None)


def test_a_partner_shows_its_territory_never_its_contact(client, partners):
    response = client.get(f"/api/v1/partners/{partners.partner.pk}")

    assert response.status_code == 200
    data = response.json()
    assert data["name"] == "Ville de Bordeaux"
    assert data["territory"] == {
        "level": "commune",
        "commune": "33063",
        "department": "33",
        "region": "75",
        "member_communes": [],
    }
    text = response.content.decode() + client.get("/api/v1/partners").content.decode()
    for private in (PARTNER_CONTACT, PARTNER_EMAIL, "Chargée de mission", "@"):
        assert private not in text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("region=75", ["partner", "gironde"]),
        ("region=76", ["occitanie", "toulouse"]),
        ("departement=33", ["partner", "gironde"]),
        ("departement=31", ["toulouse"]),
        ("kind=department", ["gironde"]),
        ("kind=region", ["occitanie"]),
        ("kind=commune&region=76", ["toulouse"]),
    ],
)
def test_partners_filters(client, partners, query, expected):
    found = ids(client.get(f"/api/v1/partners?{query}"))

    assert sorted(found) == sorted(getattr(partners, name).pk for name in expected)


@pytest.mark.parametrize(
    ("query", "parameter"),
    [("region=99", "region"), ("departement=99", "departement"), ("kind=village", "kind"),
     ("theme=mentorat", "theme"), ("limit=0", "limit")],
)  # fmt: skip
def test_partners_refuse_what_they_do_not_know(client, partners, query, parameter):
    assert_error(client.get(f"/api/v1/partners?{query}"), 400, parameter)


def test_partners_pages_walk_by_cursor(client, partners):
    page = client.get("/api/v1/partners?limit=3").json()
    seen = [item["id"] for item in page["results"]]
    assert page["next"]
    rest = client.get(page["next"][page["next"].index("/api/") :]).json()
    seen += [item["id"] for item in rest["results"]]

    assert rest["next"] is None
    assert seen == sorted(ids(client.get("/api/v1/partners")))


# --- initiatives ----------------------------------------------------------------------------


@pytest.fixture
def initiatives(api_world, france):
    api_world.parents_initiative = InitiativeFactory(
        title="Café des parents à Bordeaux", commune=france.bordeaux, themes=["parents"]
    )
    return api_world


def test_only_published_initiatives_are_listed(client, initiatives):
    found = ids(client.get("/api/v1/initiatives"))

    assert sorted(found) == sorted([initiatives.initiative.pk, initiatives.parents_initiative.pk])
    assert initiatives.draft_initiative.pk not in found
    assert_error(client.get(f"/api/v1/initiatives/{initiatives.draft_initiative.pk}"), 404, None)
    one = client.get(f"/api/v1/initiatives/{initiatives.initiative.pk}").json()
    assert one["title"] == "Tutorat étudiant à Toulouse"
    assert [theme["slug"] for theme in one["themes"]] == ["mentorat"]
    assert one["commune"] == "31555" and one["region"] == "76"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("theme=mentorat", ["initiative"]),
        ("theme=parents", ["parents_initiative"]),
        ("theme=orientation", []),
        ("region=76", ["initiative"]),
        ("departement=33", ["parents_initiative"]),
        ("theme=mentorat&region=75", []),
    ],
)
def test_initiatives_filters(client, initiatives, query, expected):
    found = ids(client.get(f"/api/v1/initiatives?{query}"))

    assert sorted(found) == sorted(getattr(initiatives, name).pk for name in expected)


def test_an_unknown_theme_is_refused(client, initiatives):
    assert_error(client.get("/api/v1/initiatives?theme=astrologie"), 400, "theme", "unknown_value")
    assert_error(client.get("/api/v1/initiatives?region=99"), 400, "region")
    assert_error(client.get("/api/v1/initiatives?kind=commune"), 400, "kind")


def test_a_newly_published_initiative_shows_at_once(client, initiatives):
    before = client.get("/api/v1/initiatives")
    initiatives.draft_initiative.status = "published"
    initiatives.draft_initiative.save()

    after = client.get("/api/v1/initiatives", headers={"If-None-Match": before["ETag"]})

    assert initiatives.draft_initiative.pk in ids(after)


def test_a_renamed_theme_shows_at_once(client, initiatives):
    """The coordinator renames a theme in the admin: the initiatives say the new name."""
    before = client.get("/api/v1/initiatives?theme=mentorat")
    assert before.json()["results"][0]["themes"][0]["name_fr"] == "Mentorat"
    theme = Theme.objects.get(slug="mentorat")
    theme.name_fr = "Mentorat étudiant"
    theme.save()

    after = client.get(
        "/api/v1/initiatives?theme=mentorat", headers={"If-None-Match": before["ETag"]}
    )

    assert after.status_code == 200, "a renamed theme must not be answered 304"
    assert after.json()["results"][0]["themes"][0]["name_fr"] == "Mentorat étudiant"


# --- resources ------------------------------------------------------------------------------


@pytest.fixture
def resources(api_world):
    draft_edition = EditionFactory(year=2027, number=20, status="draft")
    api_world.draft_edition_resource = make_resource(
        draft_edition, slug="affiches", title_fr="Affiche de l'an prochain"
    )
    api_world.past_resource = make_resource(
        api_world.past_edition, slug="affiches", title_fr="Affiche de 2025"
    )
    return api_world


def test_unpublished_and_draft_edition_resources_are_hidden(client, resources):
    response = client.get("/api/v1/resources")
    found = ids(response)

    assert sorted(found) == sorted(
        [resources.resource.pk, resources.video.pk, resources.past_resource.pk]
    )
    text = response.content.decode()
    assert "Affiche retirée" not in text
    assert "Affiche de l'an prochain" not in text
    for hidden in (resources.hidden_resource, resources.draft_edition_resource):
        assert_error(client.get(f"/api/v1/resources/{hidden.pk}"), 404, None, "not_found")


def test_a_resource_says_what_it_is(client, resources):
    poster = client.get(f"/api/v1/resources/{resources.resource.pk}").json()
    video = client.get(f"/api/v1/resources/{resources.video.pk}").json()

    assert poster["title_en"] == "The poster"
    assert poster["kind"] == "file"
    assert poster["file_kind"]
    assert poster["category"]["slug"] == "affiches"
    assert video["kind"] == "video"
    assert video["url"] == "https://vimeo.com/76979871"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("edition=2026", ["resource", "video"]),
        ("edition=2025", ["past_resource"]),
        ("category=videos", ["video"]),
        ("category=affiches", ["resource", "past_resource"]),
        ("category=affiches&edition=2026", ["resource"]),
        ("category=contributions", []),
    ],
)
def test_resources_filters(client, resources, query, expected):
    found = ids(client.get(f"/api/v1/resources?{query}"))

    assert sorted(found) == sorted(getattr(resources, name).pk for name in expected)


@pytest.mark.parametrize(
    ("query", "parameter"),
    [("category=recettes", "category"), ("edition=2019", "edition"),
     ("edition=2027", "edition"), ("edition=abc", "edition"), ("region=75", "region")],
)  # fmt: skip
def test_resources_refuse_what_they_do_not_know(client, resources, query, parameter):
    assert_error(client.get(f"/api/v1/resources?{query}"), 400, parameter)


# --- index, description, documentation ----------------------------------------------------

ENDPOINTS = ("editions", "events", "partners", "initiatives", "resources")


def test_the_index_names_the_licence_and_the_endpoints(client, api_world):
    response = client.get("/api/v1/")

    assert response.status_code == 200
    index = response.json()
    assert index["version"] == "1"
    assert index["licence"] == {
        "name": "Licence Ouverte / Open Licence 2.0 (Etalab)",
        "url": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
        "attribution": "Journée du Refus de l'Échec Scolaire",
    }
    assert index["openapi"].endswith("/api/v1/openapi.json")
    assert index["documentation"].startswith("http")
    assert set(index["endpoints"]) == set(ENDPOINTS)
    for name, url in index["endpoints"].items():
        assert url.endswith(f"/api/v1/{name}")
        answer = client.get(url[url.index("/api/") :])
        assert answer.status_code == 200, name
        assert "results" in answer.json()


def test_the_openapi_description_is_3_1_with_every_path(client, api_world):
    response = client.get("/api/v1/openapi.json")

    assert response.status_code == 200
    description = response.json()
    assert description["openapi"].startswith("3.1")
    paths = description["paths"]
    expected = {
        "/api/v1/",
        "/api/v1/editions",
        "/api/v1/editions/{year}",
        "/api/v1/events",
        "/api/v1/events/withdrawn",
        "/api/v1/events/{event_id}",
        "/api/v1/events/{event_id}/jsonld",
        "/api/v1/partners",
        "/api/v1/partners/{partner_id}",
        "/api/v1/initiatives",
        "/api/v1/initiatives/{initiative_id}",
        "/api/v1/resources",
        "/api/v1/resources/{resource_id}",
    }
    assert expected <= set(paths)
    for path in expected:
        assert "get" in paths[path], path
        assert not {"post", "put", "patch", "delete"} & set(paths[path]), path
    event_parameters = {
        parameter["name"] for parameter in paths["/api/v1/events"]["get"]["parameters"]
    }
    assert {
        "edition", "region", "departement", "commune", "cp", "type", "public", "du", "au",
        "q", "en_ligne", "lat", "lon", "rayon", "bbox", "updated_since", "limit", "cursor",
        "format", "zoom",
    } <= event_parameters  # fmt: skip


def test_the_docs_page_loads_only_the_platforms_own_files(client, api_world):
    response = client.get("/api/v1/docs")

    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="swagger-ui"' in html
    assert "/api/v1/openapi.json" in html
    addresses = re.findall(r"""<(?:script|link|img)\b[^>]*\b(?:src|href)=["']([^"']+)""", html)
    assert addresses, "the page loads Swagger UI's script and style"
    for address in addresses:
        assert address.startswith("/") and not address.startswith("//"), address
    assert not re.search(r"https?://|//cdn", html.replace("/api/v1/openapi.json", ""))
    for address in addresses:
        # The live server serves them (tests/browser/test_api_docs.py); here, they exist.
        assert address.startswith(settings.STATIC_URL), address
        assert finders.find(address.removeprefix(settings.STATIC_URL)), address
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "http" not in policy.split("script-src", 1)[1].split(";", 1)[0]


def test_an_unknown_address_under_the_api_is_a_json_404(client, api_world):
    response = client.get("/api/v1/evenements")

    assert_error(response, 404, None, "not_found")
