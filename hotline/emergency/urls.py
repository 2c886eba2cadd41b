from django.urls import path

from . import views

app_name = "emergency"

urlpatterns = [
    path("", views.index, name="index"),
    path("start", views.start, name="start"),
    path("incidents/<int:pk>/", views.board, name="board"),
    path("incidents/<int:pk>/units", views.board_units, name="units"),
    path("incidents/<int:pk>/close", views.close, name="close"),
    path("incidents/<int:pk>/report", views.report, name="report"),
    path("units/<int:row_id>/acknowledge", views.acknowledge, name="acknowledge"),
    path("units/<int:row_id>/arrive", views.arrive, name="arrive"),
    path("cases/<str:number>/transfer", views.transfer, name="transfer"),
    path("external/<str:platform>/cases", views.receive, name="receive"),
]
