from django.urls import path

from . import views

app_name = "assessment"
urlpatterns = [
    path("", views.home, name="home"),
    path("rankings/", views.home, name="rankings"),  # same page; the name `bench/dashboard.py` looks for
    path("cases/", views.drilldown, name="cases"),
    path("callbacks/", views.second_callbacks, name="second_callbacks"),
    path("callbacks/<int:pk>/", views.record_second_callback, name="record_second_callback"),
    path("exclude/", views.exclude, name="exclude"),
    path("public/", views.public, name="public"),
]
