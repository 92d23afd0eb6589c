from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "jres.core"
    label = "core"
