from django.urls import path

import jres.core.converters  # noqa: F401  (registers <token:…>)

from . import views

app_name = "registrations"
urlpatterns = [
    path("evenements/<slug:slug>/inscription/", views.register, name="register"),
    path("inscription/<token:token>/", views.manage, name="manage"),
    path("inscription/<token:token>/annuler/", views.cancel, name="cancel"),
    path("inscription/<token:token>/autorisation/", views.authorise, name="authorise"),
    path("inscription/<token:token>/desabonnement/", views.stop_news, name="stop_news"),
    path("mes-evenements/<int:pk>/inscriptions/", views.registrants, name="registrants"),
    path("mes-evenements/<int:pk>/inscriptions/export.csv", views.export_csv, name="export"),
    path("mes-evenements/<int:pk>/inscriptions/reglages/", views.update_settings, name="settings"),
    path(
        "mes-evenements/<int:pk>/inscriptions/presences/",
        views.record_attendance,
        name="attendance",
    ),  # fmt: skip
    path("mes-evenements/<int:pk>/inscriptions/message/", views.message, name="message"),
]
