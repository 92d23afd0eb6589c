from django.urls import path

from . import staff, views

app_name = "editions"
urlpatterns = [
    path("", views.home, name="home"),
    path("editions/", views.edition_list, name="list"),
    path("editions/<int:year>/", views.edition_detail, name="detail"),
    path("gestion/editions/", staff.staff_list, name="staff_list"),
    path("gestion/editions/preparer/", staff.prepare, name="prepare"),
    path("gestion/editions/<int:year>/", staff.staff_detail, name="staff_detail"),
    path("gestion/editions/<int:year>/modifier/", staff.edit, name="edit"),
    path("gestion/editions/<int:year>/presenter/", staff.action, {"name": "make_current"},
         name="make_current"),
    path("gestion/editions/<int:year>/ouvrir/", staff.action, {"name": "open"}, name="open"),
    path("gestion/editions/<int:year>/clore/", staff.action, {"name": "close"}, name="close"),
    path("gestion/editions/<int:year>/archiver/", staff.action, {"name": "archive"},
         name="archive"),
    path("gestion/editions/<int:year>/rapport.pdf", staff.report_pdf, name="report"),
    path("gestion/editions/<int:year>/rapport/publier/", staff.report_publish,
         name="report_publish"),
]  # fmt: skip
