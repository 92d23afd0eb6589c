from django.urls import path

from . import join, mine, review, views

app_name = "partners"
urlpatterns = [
    path("collectivites/", views.directory, name="list"),
    path("collectivites/carte.geojson", views.map_data, name="map_data"),
    path("collectivites/rejoindre/", join.join, name="join"),
    path("collectivites/<slug:slug>/", views.detail, name="detail"),
    path("ma-collectivite/", mine.mine, name="mine"),
    path("ma-collectivite/<slug:slug>/", mine.edit, name="edit"),
    path("ma-collectivite/<slug:slug>/export.csv", mine.export_csv, name="export"),
    path("gestion/collectivites/", review.queue, name="queue"),
    path("gestion/collectivites/<int:pk>/", review.review, name="review"),
    path("gestion/collectivites/<int:pk>/accepter/", review.accept, name="accept"),
    path("gestion/collectivites/<int:pk>/decliner/", review.decline, name="decline"),
]
