from django.urls import path

from . import views

app_name = "hotspots"

urlpatterns = [
    path("", views.hotspot_list, name="list"),
    path("<int:pk>/", views.hotspot_detail, name="detail"),
    path("scan/", views.scan_now, name="scan"),
]
