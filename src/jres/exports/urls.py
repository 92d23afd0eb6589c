from django.urls import path, re_path

from . import views

app_name = "exports"
urlpatterns = [
    path("gestion/donnees/", views.index, name="index"),
    # Before the datasets' pattern, which would take "journal" for a dataset.
    path("gestion/donnees/journal/", views.audit, name="audit"),
    path("gestion/donnees/<slug:kind>/", views.data_list, name="list"),
    re_path(
        r"^gestion/donnees/(?P<kind>[-\w]+)\.(?P<format>csv|xlsx)$",
        views.download,
        name="download",
    ),
]
