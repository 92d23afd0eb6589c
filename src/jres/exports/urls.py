from django.urls import path

from . import views

app_name = "exports"
urlpatterns = [
    path("gestion/donnees/<slug:kind>/", views.data_list, name="list"),
]
