from django.urls import path

from . import moderation, public, views

app_name = "initiatives"
urlpatterns = [
    path("initiatives/", public.initiative_list, name="list"),
    path("initiatives/<slug:slug>/", public.initiative_detail, name="detail"),
    path("initiatives/<slug:slug>/contact/", public.contact_carrier, name="contact"),
    path("mes-initiatives/", views.my_initiatives, name="mine"),
    path("mes-initiatives/nouvelle/", views.create, name="create"),
    path("mes-initiatives/<int:pk>/", views.preview, name="preview"),
    path("mes-initiatives/<int:pk>/modifier/", views.edit, name="edit"),
    path("mes-initiatives/<int:pk>/soumettre/", views.submit, name="submit"),
    path("moderation/initiatives/", moderation.queue, name="moderation_queue"),
    path("moderation/initiatives/<int:pk>/", moderation.review, name="moderation_review"),
    path("moderation/initiatives/<int:pk>/une/", moderation.feature, name="feature"),
]
