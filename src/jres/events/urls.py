from django.urls import path

from . import moderation, public, views, widgets

app_name = "events"
urlpatterns = [
    path("evenements/", public.event_list, name="list"),
    path("evenements/carte.geojson", public.map_data, name="map_data"),
    path("evenements/calendrier.ics", public.feed, name="feed"),
    path("evenements/<slug:slug>/", public.event_detail, name="detail"),
    path("evenements/<slug:slug>/calendrier.ics", public.event_ics, name="ics"),
    path("evenements/<slug:slug>/contact/", public.contact_organiser, name="contact"),
    path("widgets/", widgets.builder, name="widgets"),
    path("widgets/liste/", widgets.list_widget, name="widget_list"),
    path("widgets/carte/", widgets.map_widget, name="widget_map"),
    path("mes-evenements/", views.my_events, name="mine"),
    path("mes-evenements/nouveau/", views.create, name="create"),
    path("mes-evenements/<int:pk>/", views.preview, name="preview"),
    path("mes-evenements/<int:pk>/modifier/", views.edit, name="edit"),
    path("mes-evenements/<int:pk>/soumettre/", views.submit, name="submit"),
    path("mes-evenements/<int:pk>/annuler/", views.cancel, name="cancel"),
    path("mes-evenements/<int:pk>/dupliquer/", views.duplicate, name="duplicate"),
    path("moderation/", moderation.queue, name="moderation_queue"),
    path("moderation/<int:pk>/", moderation.review, name="moderation_review"),
]
