"""The typed HTTP API, version 1: staff endpoints (bearer token) and public ones (none).

Everything is under /api/v1/; the OpenAPI document is /api/v1/openapi.json and the docs
/api/v1/docs (Swagger UI served locally).
"""

from __future__ import annotations

from functools import wraps

from django.utils import translation
from ninja import NinjaAPI
from ninja.renderers import JSONRenderer

from hotline.intake import api as intake_api

from . import cases, errors, public
from .docs import LocalSwagger


class Renderer(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}


def _language(run):
    """`?lang=en` beats Accept-Language (which LocaleMiddleware already honours)."""

    @wraps(run)
    def wrapper(request, *args, **kwargs):
        wanted = request.GET.get("lang", "")
        try:
            code = translation.get_supported_language_variant(wanted) if wanted else None
        except LookupError:
            code = None
        if code is None:
            return run(request, *args, **kwargs)
        with translation.override(code):
            request.LANGUAGE_CODE = code
            response = run(request, *args, **kwargs)
        response["Content-Language"] = code
        return response

    return wrapper


api = NinjaAPI(
    title="Hotline 12345 API",
    version="1",
    description=(
        "Staff: `Authorization: Bearer <token>` (issue one with `hotline token <username>`). "
        "Citizens: the `/public/` endpoints need no login. Any POST accepts `Idempotency-Key`. "
        "Errors: `{\"error\": {\"code\", \"message\", \"fields\": [{\"field\", \"message\"}]}}`, "
        "in Chinese by default, English with `Accept-Language: en` or `?lang=en`."
    ),
    urls_namespace="api-v1",
    docs=LocalSwagger(),
    renderer=Renderer(),
)
errors.install(api)
api.add_decorator(_language, mode="view")
api.add_router("/", cases.router)
api.add_router("/public/", public.router)
api.add_router("/intake/", intake_api.router)
