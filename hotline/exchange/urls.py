from django.urls import path, re_path

from . import views

app_name = "exchange"

urlpatterns = [
    path("inbox/", views.inbox, name="inbox"),
    re_path(r"^export\.(?P<fmt>xlsx|csv)$", views.export_cases, name="export"),
]
