from django.urls import path

from . import views

app_name = "supervision"

urlpatterns = [
    path("", views.item_list, name="list"),
    path("items/<int:pk>/", views.item_detail, name="item"),
    path("items/<int:pk>/answer", views.answer, name="answer"),
    path("items/<int:pk>/accept", views.accept, name="accept"),
    path("items/<int:pk>/reject", views.reject, name="reject"),
    path("issue/", views.issue_group, name="issue_group"),
    path("issue/cases/<str:number>/", views.issue_case, name="issue_case"),
]
