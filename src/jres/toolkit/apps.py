from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ToolkitConfig(AppConfig):
    name = "jres.toolkit"
    label = "toolkit"
    verbose_name = _("Kit de communication")

    def ready(self):
        from . import receivers

        receivers.connect()
