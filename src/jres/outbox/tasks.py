from django.tasks import task

from . import services


@task()
def deliver_message(*, message_pk: int) -> str:
    """Send one stored e-mail; safe to run twice (see services.deliver)."""
    return services.deliver(message_pk)
