from django.urls import path

from . import views

app_name = "grids"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("report", views.report, name="report"),
    path("reports/<int:pk>/verify", views.verify, name="verify"),
]
