from django.urls import path, re_path

from . import views

app_name = "privacy"

urlpatterns = [
    path("reveals/", views.log, name="log"),
    re_path(r"^reveals\.(?P<fmt>xlsx|csv)$", views.download, name="download"),
]
