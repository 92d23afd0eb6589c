from django.urls import path

from . import views

app_name = "posters"
urlpatterns = [
    path("evenements/<slug:slug>/affiche.pdf", views.kit_file, {"field": "poster_a4"},
         name="poster_a4"),
    path("evenements/<slug:slug>/affiche-a3.pdf", views.kit_file, {"field": "poster_a3"},
         name="poster_a3"),
    path("evenements/<slug:slug>/image-partage.png", views.kit_file, {"field": "social_image"},
         name="social_image"),
    path("evenements/<slug:slug>/image-carree.png", views.kit_file, {"field": "square_image"},
         name="square_image"),
]  # fmt: skip
