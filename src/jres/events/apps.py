from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "jres.events"
    label = "events"
    verbose_name = _("Événements")

    def ready(self):
        from . import receivers

        receivers.connect()
