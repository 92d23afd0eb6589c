from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistrationsConfig(AppConfig):
    name = "jres.registrations"
    label = "registrations"
    verbose_name = _("Inscriptions")

    def ready(self):
        # Registers the e-mail renderer the delivery task looks up by name.
        from . import notifications  # noqa: F401
