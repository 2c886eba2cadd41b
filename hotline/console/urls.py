from django.urls import path

from .views import agent, cases, desk, home, place, search, workbench

app_name = "console"
urlpatterns = [
    path("", home.home, name="home"),
    path("overview/", home.overview, name="overview"),
    path("agent/", agent.console, name="agent"),
    path("agent/lookup/", agent.lookup, name="lookup"),
    path("agent/knowledge/", agent.knowledge, name="knowledge"),
    path("agent/refresh/", agent.refresh, name="refresh"),
    path("agent/register/", agent.register, name="register"),
    path("agent/place/", place.place, name="place"),
    path("workbench/", workbench.workbench, name="workbench"),
    path("desk/", desk.desk, name="desk"),
    path("search/", search.search, name="search"),
    path("cases/<str:number>/", cases.detail, name="case"),
    path("cases/<str:number>/act/<slug:verb>/", cases.act, name="act"),
    path("cases/<str:number>/reveal/", cases.reveal, name="reveal"),
    path("cases/<str:number>/files/<int:pk>/", cases.attachment, name="attachment"),
]
