from django.urls import path

from . import moderation, views

app_name = "testimonies"
urlpatterns = [
    path("temoignages/", views.testimony_list, name="list"),
    path("temoignages/partager/", views.share, name="share"),
    path("temoignages/retrait/<str:token>/", views.withdraw, name="withdraw"),
    path("temoignages/autorisation/<str:token>/", views.parent, name="parent"),
    path("moderation/temoignages/", moderation.queue, name="moderation"),
    path("moderation/temoignages/<int:pk>/", moderation.decide, name="decide"),
]
