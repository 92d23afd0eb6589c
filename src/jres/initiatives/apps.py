from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "jres.initiatives"
    label = "initiatives"
    verbose_name = _("Initiatives")

    def ready(self):
        from . import receivers

        receivers.connect()
