from django.urls import path

from . import reuse

app_name = "api"

urlpatterns = [
    path("donnees-ouvertes/", reuse.reuse_page, name="reuse"),
]
