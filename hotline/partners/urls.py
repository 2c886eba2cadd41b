from django.urls import path

from .views import mediation, providers, services, volunteers

app_name = "partners"

urlpatterns = [
    path("", providers.provider_list, name="providers"),
    path("providers/<int:pk>/", providers.provider_detail, name="provider"),
    path("providers/<int:pk>/complaints", providers.record_complaint, name="complaint"),
    path("providers/<int:pk>/reinstate", providers.reinstate, name="reinstate"),
    path("complaints/<int:pk>/decide", providers.decide, name="decide"),
    path("cases/<str:number>/services", services.panel, name="services"),
    path("cases/<str:number>/order", services.order, name="order"),
    path("cases/<str:number>/volunteers", services.send_volunteers, name="send_volunteers"),
    path("cases/<str:number>/mediation", services.refer, name="refer"),
    path("volunteers/", volunteers.task_list, name="volunteers"),
    path("tasks/<int:pk>/hours", volunteers.record_hours, name="hours"),
    path("mediations/", mediation.mediation_list, name="mediations"),
    path("mediations/<int:pk>/", mediation.mediation_detail, name="mediation"),
    path("mediations/<int:pk>/sessions", mediation.add_session, name="session"),
    path("mediations/<int:pk>/outcome", mediation.record_outcome, name="outcome"),
]
