from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PostersConfig(AppConfig):
    name = "jres.posters"
    label = "posters"
    verbose_name = _("Affiches et visuels")

    def ready(self):
        from . import receivers

        receivers.connect()
