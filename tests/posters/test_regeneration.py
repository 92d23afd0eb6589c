"""The kit is built after commit, rebuilt when its texts change, and only then."""

import pytest

from jres.events.models import EventStatus
from jres.events.services import cancel_event
from jres.posters import files, rendering, services
from jres.posters.models import EventKit
from tests.events.factories import EventFactory
from tests.posters.conftest import pdf_text

pytestmark = pytest.mark.django_db


def _kit(event) -> EventKit:
    return EventKit.objects.get(event=event)


def _poster_text(event) -> str:
    return pdf_text(files.path_of(_kit(event).poster_a4.name).read_bytes())


def test_a_labelled_event_gets_its_four_files_once_committed(current_edition, deliver):
    with deliver():
        event = EventFactory(edition=current_edition, title="Café des parents")
        assert not EventKit.objects.filter(event=event).exists()  # nothing before the commit

    kit = _kit(event)
    assert all(files.path_of(name).is_file() for name in kit.file_names())
    assert "Café des parents" in _poster_text(event)
    assert len(kit.fingerprint) == 64 and kit.generated_at


def test_a_new_title_rebuilds_the_kit_and_removes_the_old_files(event, deliver):
    services.build_kit(event.pk)
    before = _kit(event)

    with deliver() as callbacks:
        event.title = "Nouveau titre : l'école autrement"
        event.save()
    assert callbacks  # the build was queued by the save

    after = _kit(event)
    assert after.fingerprint != before.fingerprint
    assert "Nouveau titre : l'école autrement" in _poster_text(event)
    assert not any(files.path_of(name).exists() for name in before.file_names())


def test_an_unrelated_change_queues_nothing_and_keeps_the_kit(event, deliver):
    services.build_kit(event.pk)
    before = _kit(event)

    with deliver() as callbacks:
        event.description = "Une autre description, plus longue."
        event.capacity = 12
        event.step_free_access = True
        event.save()

    assert callbacks == []
    assert _kit(event).generated_at == before.generated_at
    assert services.build_kit(event.pk) == "unchanged"


def test_renaming_the_organiser_rebuilds_the_events_held_in_their_name(
    current_edition, organiser, deliver
):
    event = EventFactory(edition=current_edition, organiser=organiser, organisation="")
    services.build_kit(event.pk)

    with deliver():
        organiser.display_name = "Odile Martin-Durand"
        organiser.save()

    assert "Odile Martin-Durand" in _poster_text(event)


def test_a_cancellation_puts_the_notice_on_the_poster(event, organiser, deliver):
    services.build_kit(event.pk)

    with deliver():
        cancel_event(event=event, by=organiser, reason="Salle indisponible")

    assert "Événement annulé" in _poster_text(event)


def test_an_event_not_yet_labelled_gets_no_kit(current_edition, deliver):
    with deliver():
        event = EventFactory(
            edition=current_edition, status=EventStatus.SUBMITTED, labelled_at=None
        )

    assert not EventKit.objects.filter(event=event).exists()
    assert services.build_kit(event.pk) == "unpublished"


def test_building_twice_changes_nothing_and_leaves_no_temporary_file(event):
    assert services.build_kit(event.pk) == "built"
    kit = _kit(event)

    assert services.build_kit(event.pk) == "unchanged"

    assert _kit(event).generated_at == kit.generated_at
    folder = files.path_of(kit.poster_a4.name).parent
    assert sorted(path.name for path in folder.iterdir()) == sorted(
        name.rsplit("/", 1)[1] for name in kit.file_names()
    )


def test_a_missing_file_is_rebuilt(event):
    services.build_kit(event.pk)
    files.path_of(_kit(event).social_image.name).unlink()

    assert services.build_kit(event.pk) == "built"
    assert files.path_of(_kit(event).social_image.name).is_file()


def test_a_failed_build_keeps_the_previous_kit_whole(event, monkeypatch):
    services.build_kit(event.pk)
    before = _kit(event)
    event.title = "Titre qui ne sera pas dessiné"
    event.save()

    def broken(texts):
        raise RuntimeError(texts["title"])

    monkeypatch.setattr(rendering, "render_kit", broken)
    with pytest.raises(RuntimeError):
        services.build_kit(event.pk)

    assert _kit(event).fingerprint == before.fingerprint
    assert all(files.path_of(name).is_file() for name in before.file_names())


def test_a_build_overtaken_by_a_change_is_dropped(event, monkeypatch):
    render_kit = rendering.render_kit

    def render_then_change(texts):
        rendered = render_kit(texts)
        EventFactory._meta.model.objects.filter(pk=event.pk).update(title="Changé entre-temps")
        return rendered

    monkeypatch.setattr(rendering, "render_kit", render_then_change)

    assert services.build_kit(event.pk) == "superseded"
    assert not EventKit.objects.filter(event=event).exists()
