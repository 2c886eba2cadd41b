from functools import wraps

from django.urls import path, re_path
from django.utils.translation import gettext as _

from .docs import asset
from .errors import error_response, not_found_view
from .main import api


def _json_405(view):
    """Ninja answers a wrong method with a bare 405; give it the API's error shape."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and "json" not in response.get("Content-Type", ""):
            refused = error_response(405, "method_not_allowed", _("This method is not allowed here."))
            refused["Allow"] = response.get("Allow", "")
            return refused
        return response

    return wrapper


# (Not named `app_name`: include() would read that module attribute as this urlconf's app.)
_patterns, _app, _namespace = api.urls
for _pattern in _patterns:
    _pattern.callback = _json_405(_pattern.callback)

urlpatterns = [
    path("v1/docs/assets/<str:name>", asset, name="api-docs-asset"),
    path("v1/", (_patterns, _app, _namespace)),
    re_path(r"^", not_found_view),
]
