from django.urls import path

from . import views

app_name = "intake"
urlpatterns = [
    path("suggestion/", views.suggestion, name="suggestion"),
]
