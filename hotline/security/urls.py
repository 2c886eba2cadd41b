from django.urls import path

from . import views

app_name = "security"
urlpatterns = [
    path("setup/", views.setup, name="2fa_setup"),
    path("verify/", views.verify, name="2fa_verify"),
]
