from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "jres.dashboard"
    label = "dashboard"
    verbose_name = _("Tableau de bord")
