from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from jres.api.endpoints import api
from jres.api.errors import unknown_address
from jres.core import views as core_views

# The admin signs in through allauth's pages: its throttling of failed log-ins and the
# second factor apply there too (Django's own admin form would skip both).
admin.site.login = secure_admin_login(admin.site.login)

handler404 = core_views.page_not_found
handler500 = core_views.server_error

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    # Without a CSRF token, so that pages for anonymous visitors set no cookie and can be
    # cached: choosing a language is harmless, and `next` is checked by set_language.
    path("langue/", csrf_exempt(set_language), name="set_language"),
    path("compte/", include("allauth.urls")),
    path("compte/", include("jres.accounts.urls")),
    path("", include("jres.editions.urls")),
    path("", include("jres.events.urls")),
    path("", include("jres.registrations.urls")),
    path("", include("jres.reports.urls")),
    path("", include("jres.toolkit.urls")),
    path("", include("jres.initiatives.urls")),
    path("", include("jres.posters.urls")),
    path("", include("jres.partners.urls")),
    path("", include("jres.testimonies.urls")),
    path("", include("jres.volunteers.urls")),
    path("", include("jres.newsletter.urls")),
    path("", include("jres.exports.urls")),
    path("", include("jres.dashboard.urls")),
    path("api/v1/", api.urls),
    path("api/<path:rest>", unknown_address),
    path("", include("jres.api.urls")),
    # Last: pages answer any remaining single-segment address.
    path("", include("jres.pages.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
