"""Withdrawing a testimony erases it: no row anywhere still holds its words or addresses."""

import pytest
from django.apps import apps
from django.db import connection

from jres.outbox.models import OutgoingMessage
from jres.testimonies import models
from tests.testimonies.conftest import answers

pytestmark = pytest.mark.django_db

WORDS = "Une phrase que personne autre ne saura écrire 7f3a."


def traces(*needles: str) -> list[str]:
    """Every table and column still holding one of the needles."""
    found = []
    with connection.cursor() as cursor:
        for model in apps.get_models():
            table = model._meta.db_table
            for field in model._meta.concrete_fields:
                if field.get_internal_type() not in {"CharField", "TextField", "EmailField",
                                                     "JSONField", "URLField"}:  # fmt: skip
                    continue
                column = connection.ops.quote_name(field.column)
                for needle in needles:
                    cursor.execute(
                        f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)} "  # noqa: S608
                        f"WHERE CAST({column} AS TEXT) LIKE %s",
                        [f"%{needle}%"],
                    )
                    if cursor.fetchone()[0]:
                        found.append(f"{table}.{field.column}")
    return found


def test_withdrawing_erases_every_trace(client, france, moderator):
    client.post("/temoignages/partager/", answers(
        text=WORDS, age_bracket="under_15", email="auteur.7f3a@example.net",
        parent_email="parent.7f3a@example.net",
    ))  # fmt: skip
    testimony = models.Testimony.objects.get()
    client.post(f"/temoignages/autorisation/{testimony.parent_token}/", {"decision": "agree"})
    client.force_login(moderator)
    client.post(f"/moderation/temoignages/{testimony.pk}/", {"decision": "publish"})
    client.logout()
    assert OutgoingMessage.objects.count() >= 3
    assert traces(WORDS, "7f3a@example.net")

    page = client.get(f"/temoignages/retrait/{testimony.token}/")
    assert page.status_code == 200 and WORDS in page.content.decode()
    client.post(f"/temoignages/retrait/{testimony.token}/")

    assert not models.Testimony.objects.exists()
    assert traces(WORDS, "7f3a@example.net", testimony.token, testimony.parent_token) == []


def test_an_unrendered_message_about_it_goes_too(client, france):
    client.post("/temoignages/partager/", answers())
    testimony = models.Testimony.objects.get()
    OutgoingMessage.objects.create(
        message_id="<x@test>", from_email="a@b", to=["ines@example.net"],
        template="testimonies/email/published", render_arguments={"testimony": testimony.pk},
    )  # fmt: skip

    client.post(f"/temoignages/retrait/{testimony.token}/")

    assert not OutgoingMessage.objects.filter(template__startswith="testimonies/").exists()


@pytest.mark.parametrize("kind", ["retrait", "autorisation"])
def test_a_forged_or_truncated_token_is_a_404(client, france, kind):
    client.post("/temoignages/partager/", answers(age_bracket="under_15",
                                                  parent_email="parent@example.net"))  # fmt: skip
    testimony = models.Testimony.objects.get()
    token = testimony.token if kind == "retrait" else testimony.parent_token

    assert client.get(f"/temoignages/{kind}/{token[:-4]}/").status_code == 404
    assert client.post(f"/temoignages/{kind}/forged-{token[6:]}/").status_code == 404
    assert models.Testimony.objects.exists()
