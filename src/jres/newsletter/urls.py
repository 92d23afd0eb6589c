from django.urls import path

import jres.core.converters  # noqa: F401  (registers <token:…>)

from . import staff, views

app_name = "newsletter"
urlpatterns = [
    path("lettre/", views.subscribe, name="subscribe"),
    path("lettre/confirmer/<token:token>/", views.confirm, name="confirm"),
    path("lettre/desabonnement/<token:token>/", views.unsubscribe, name="unsubscribe"),
    path("gestion/messages/", staff.mailing_list, name="mailing_list"),
    path("gestion/messages/nouveau/", staff.mailing_create, name="mailing_create"),
    path("gestion/messages/abonnes/", staff.subscriber_list, name="subscribers"),
    path("gestion/messages/<int:pk>/", staff.mailing_detail, name="mailing_detail"),
    path(
        "gestion/messages/<int:pk>/apercu.html",
        staff.mailing_preview_html,
        name="mailing_preview_html",
    ),
    path("gestion/messages/<int:pk>/modifier/", staff.mailing_edit, name="mailing_edit"),
    path("gestion/messages/<int:pk>/test/", staff.mailing_test, name="mailing_test"),
    path("gestion/messages/<int:pk>/envoyer/", staff.mailing_send, name="mailing_send"),
    path("gestion/messages/<int:pk>/reprendre/", staff.mailing_resume, name="mailing_resume"),
]
