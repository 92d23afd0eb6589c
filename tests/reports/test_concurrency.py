"""Two photos sent at once to a report that has four: five in the end, never six.

Real threads, each with its own database connection, on the database the suite runs on.
"""

import threading

import pytest
from django.db import connections

from jres.reports import services
from jres.reports.models import ReportPhoto
from tests.factories import EditionFactory, UserFactory
from tests.reports.conftest import make_photo, make_report, past_event, upload


@pytest.mark.django_db(transaction=True)
def test_a_double_submit_cannot_make_a_sixth_photo():
    edition = EditionFactory(year=2026, number=19, status="open")
    report = make_report(past_event(edition=edition, organiser=UserFactory()))
    for number in range(1, 5):
        make_photo(report, number)
    barrier = threading.Barrier(2)
    refused = []

    def send(index):
        try:
            barrier.wait(timeout=30)
            services.add_photo(report=report, image=upload(name=f"double{index}.png"),
                               alt_text="Le débat", image_rights_confirmed=True,
                               shows_pupils=False, parental_consent_confirmed=False)  # fmt: skip
        except services.ReportError as error:
            refused.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=(index,)) for index in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert ReportPhoto.objects.filter(report=report).count() == 5
    assert len(refused) == 1
