from django.tasks import task

from . import sending


@task()
def send_mailing_batch(*, mailing_pk: int) -> str:
    """Send one batch of a mailing and queue the next; safe to run twice (see sending)."""
    return sending.send_batch(mailing_pk)
