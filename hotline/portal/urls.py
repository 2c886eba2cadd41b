from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("submit/", views.submit, name="submit"),
    path("submit/pickers/", views.pickers, name="pickers"),
    path("submit/done/", views.done, name="done"),
    path("track/", views.track, name="track"),
    path("cases/<str:number>/", views.case_page, name="case"),
    path("cases/<str:number>/supplement/", views.supplement, name="supplement"),
    path("cases/<str:number>/rate/", views.rate, name="rate"),
]
