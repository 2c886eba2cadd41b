from django.urls import path, re_path

from .docs import asset
from .errors import not_found_view
from .main import api

urlpatterns = [
    path("v1/docs/assets/<str:name>", asset, name="api-docs-asset"),
    path("v1/", api.urls),
    re_path(r"^", not_found_view),
]
