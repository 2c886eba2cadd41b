from django.urls import re_path

from . import views

app_name = "open311"
F = r"\.(?P<fmt>json|xml)$"

urlpatterns = [
    re_path(r"^discovery" + F, views.discovery, name="discovery"),
    re_path(r"^services" + F, views.services, name="services"),
    re_path(r"^services/(?P<code>[\w-]+)" + F, views.service_definition, name="service"),
    re_path(r"^requests" + F, views.requests, name="requests"),
    re_path(r"^requests/(?P<number>[\w-]+)" + F, views.request_detail, name="request"),
    re_path(r"^tokens/(?P<token>[\w-]+)" + F, views.token, name="token"),
    re_path(r"^servicerequestupdates" + F, views.updates, name="updates"),
    re_path(r"^(?P<path>.*)$", views.unknown, name="unknown"),  # last: everything else, in the spec's format
]
