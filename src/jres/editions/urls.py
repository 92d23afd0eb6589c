from django.urls import path

from . import views

app_name = "editions"
urlpatterns = [
    path("", views.home, name="home"),
    path("editions/", views.edition_list, name="list"),
    path("editions/<int:year>/", views.edition_detail, name="detail"),
]
