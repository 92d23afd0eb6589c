from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TestimoniesConfig(AppConfig):
    name = "jres.testimonies"
    label = "testimonies"
    verbose_name = _("Témoignages")

    def ready(self):
        from . import receivers

        receivers.connect()
