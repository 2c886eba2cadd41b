from django.urls import path

from . import views

app_name = "analytics"
urlpatterns = [
    path("", views.home, name="dashboard"),
    path("rankings/", views.rankings_panel, name="rankings"),
    path("report/", views.report_page, name="report"),
    path("report.xlsx", views.report_xlsx, name="report_xlsx"),
    path("problems/", views.problem_list, name="problems"),
    path("problems/new/", views.problem_new, name="problem_new"),
    path("problems/<int:pk>/", views.problem_detail, name="problem"),
    path("problems/<int:pk>/actions/", views.problem_action, name="problem_action"),
    path("problems/<int:pk>/actions/<int:action>/done/", views.problem_action_done, name="problem_action_done"),
]
