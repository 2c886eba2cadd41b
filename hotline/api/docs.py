"""Swagger UI served from django-ninja's own bundled files: no CDN, no extra app setting."""

from __future__ import annotations

import json
from pathlib import Path

import ninja
from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import render
from django.urls import reverse
from ninja.openapi.docs import Swagger

from hotline.security.headers import STRICT

ASSETS = Path(ninja.__file__).resolve().parent / "static" / "ninja"
SERVED = {
    "swagger-ui.css": "text/css",
    "swagger-ui-bundle.js": "text/javascript",
    "swagger-ui-init.js": "text/javascript",
    "favicon.png": "image/png",
}
# Swagger UI sets a few inline styles; scripts stay 'self' only.
DOCS_POLICY = STRICT.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")


class LocalSwagger(Swagger):
    def render_page(self, request: HttpRequest, api, **kwargs):
        self.settings["url"] = self.get_openapi_url(api, kwargs)
        response = render(request, "api/swagger.html", {
            "api": api,
            "swagger_settings": json.dumps(self.settings, indent=1),
            "asset": {name.split(".")[0].replace("-", "_"): reverse("api-docs-asset", args=[name])
                      for name in SERVED},
        })
        response["Content-Security-Policy"] = DOCS_POLICY
        return response


def asset(request: HttpRequest, name: str) -> FileResponse:
    if name not in SERVED:
        raise Http404
    response = FileResponse((ASSETS / name).open("rb"), content_type=SERVED[name])
    response["Cache-Control"] = "public, max-age=86400"
    return response
