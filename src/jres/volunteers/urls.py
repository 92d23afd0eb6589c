from django.urls import path

from . import views

app_name = "volunteers"
urlpatterns = [
    path("benevolat/", views.sign_up, name="sign_up"),
    path("gestion/benevoles/", views.volunteer_list, name="list"),
    path("gestion/benevoles/export.csv", views.export_csv, name="export"),
]
