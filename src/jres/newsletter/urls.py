from django.urls import path

from . import views

app_name = "newsletter"
urlpatterns = [
    path("lettre/", views.subscribe, name="subscribe"),
]
