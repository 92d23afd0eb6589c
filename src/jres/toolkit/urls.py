from django.urls import path

from . import feeds, press, views

app_name = "toolkit"
urlpatterns = [
    path("kit/", views.kit, name="kit"),
    path("kit/nouveautes.atom", feeds.NewResourcesFeed(), name="feed"),
    path("kit/telecharger/<int:pk>/", views.download, name="download"),
    path("kit/<int:year>/", views.edition_kit, name="edition_kit"),
    path("kit/<int:year>/kit.zip", views.kit_archive, name="archive"),
    path("presse/", press.press, name="press"),
]
