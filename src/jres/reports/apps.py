from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "jres.reports"
    label = "reports"
    verbose_name = _("Bilans")

    def ready(self):
        from . import receivers

        receivers.connect()
