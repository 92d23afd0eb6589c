from django.tasks import task

from . import services


@task()
def build_event_kit(*, event_pk: int) -> str:
    """Build or refresh one event's poster and images; safe to run twice."""
    return services.build_kit(event_pk)
