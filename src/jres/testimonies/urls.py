from django.urls import path

import jres.core.converters  # noqa: F401  (registers <token:…>)

from . import moderation, views

app_name = "testimonies"
urlpatterns = [
    path("temoignages/", views.testimony_list, name="list"),
    path("temoignages/partager/", views.share, name="share"),
    path("temoignages/retrait/<token:token>/", views.withdraw, name="withdraw"),
    path("temoignages/autorisation/<token:token>/", views.parent, name="parent"),
    path("moderation/temoignages/", moderation.queue, name="moderation"),
    path("moderation/temoignages/<int:pk>/", moderation.decide, name="decide"),
]
