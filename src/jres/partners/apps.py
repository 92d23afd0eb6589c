from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "jres.partners"
    label = "partners"
    verbose_name = _("Collectivités partenaires")

    def ready(self):
        from . import receivers

        receivers.connect()
