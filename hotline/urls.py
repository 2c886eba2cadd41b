from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/2fa/", include("hotline.security.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("api/", include("hotline.api.urls")),
    path("portal/", include("hotline.portal.urls")),
    path("open311/v2/", include("hotline.open311.urls")),
    path("exchange/", include("hotline.exchange.urls")),
    path("assessment/", include("hotline.assessment.urls")),
    path("analytics/", include("hotline.analytics.urls")),
    path("hotspots/", include("hotline.hotspots.urls")),
    path("emergency/", include("hotline.emergency.urls")),
    path("grids/", include("hotline.grids.urls")),
    path("partners/", include("hotline.partners.urls")),
    path("supervision/", include("hotline.supervision.urls")),
    path("inbox/", include("hotline.notifications.urls")),
    path("privacy/", include("hotline.privacy.urls")),
    path("intake/", include("hotline.intake.urls")),
    path("", include("hotline.console.urls")),
]

handler500 = "hotline.security.unavailable.server_error"

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
