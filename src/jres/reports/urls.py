from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("mes-evenements/<int:pk>/bilan/", views.edit, name="edit"),
    path("mes-evenements/<int:pk>/bilan/photos/", views.add_photo, name="add_photo"),
    path(
        "mes-evenements/<int:pk>/bilan/photos/<int:photo_pk>/retirer/",
        views.remove_photo,
        name="remove_photo",
    ),
]
