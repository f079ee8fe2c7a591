"""A Django REST framework app with every client-side versioning scheme, over in-memory data.

Configured with ``settings.configure`` (no project, no database) and served by
Django's own development server class (what ``manage.py runserver`` serves
with) in a subprocess (``_serve.py``).  Each scheme has its own URL prefix and
the versions DRF allows for it:

========================  =========================  ==============================
prefix                    versioning class           allowed versions
========================  =========================  ==============================
``/accept/``              AcceptHeaderVersioning     ``1.0``, ``2.0``
``/query/``               QueryParameterVersioning   ``1.0``, ``2.0``
``/path/<version>/``      URLPathVersioning          ``v1``, ``v2``
``/vpath/v<version>/``    URLPathVersioning          ``1``, ``2``
``/ns/<namespace>/``      NamespaceVersioning        ``v1``, ``v2`` (``v3`` mounted, not allowed)
========================  =========================  ==============================

Version ``1.0`` / ``v1`` / ``1`` is deprecated: the view adds ``Deprecation`` and
``Sunset`` headers, as an application would (DRF sends none).
"""

from __future__ import annotations

from typing import Any

import django
from django.conf import settings

settings.configure(
    DEBUG=False,
    SECRET_KEY="interop-tests-only",
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    INSTALLED_APPS=["rest_framework"],
    DATABASES={},
    MIDDLEWARE=["django.middleware.common.CommonMiddleware"],
    USE_I18N=False,
    REST_FRAMEWORK={
        "DEFAULT_AUTHENTICATION_CLASSES": [],
        "DEFAULT_PERMISSION_CLASSES": [],
        "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
        "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
        "UNAUTHENTICATED_USER": None,
    },
    LOGGING_CONFIG=None,
)
django.setup()

from django.http import HttpRequest, JsonResponse  # noqa: E402  (after settings)
from django.urls import include, path  # noqa: E402
from rest_framework import versioning  # noqa: E402
from rest_framework.exceptions import NotFound  # noqa: E402
from rest_framework.request import Request  # noqa: E402
from rest_framework.response import Response  # noqa: E402
from rest_framework.views import APIView  # noqa: E402

ITEMS = {1: "widget", 2: "gadget"}
DEPRECATED = {"1.0", "v1", "1"}
DEPRECATED_HEADERS = {
    "Deprecation": "@1704067200",  # 2024-01-01
    "Sunset": "Thu, 31 Dec 2099 23:59:59 GMT",
}


class AcceptVersioning(versioning.AcceptHeaderVersioning):
    allowed_versions = ("1.0", "2.0")


class QueryVersioning(versioning.QueryParameterVersioning):
    allowed_versions = ("1.0", "2.0")


class PathVersioning(versioning.URLPathVersioning):
    allowed_versions = ("v1", "v2")


class NumberPathVersioning(versioning.URLPathVersioning):
    allowed_versions = ("1", "2")


class NamespaceVersioning(versioning.NamespaceVersioning):
    allowed_versions = ("v1", "v2")


def _item_view(scheme: type[versioning.BaseVersioning]) -> Any:
    class ItemView(APIView):
        versioning_class = scheme

        def get(self, request: Request, pk: int, **kwargs: Any) -> Response:
            if pk not in ITEMS:
                raise NotFound()  # DRF's own 404: {"detail": "Not found."}
            name = ITEMS[pk]
            # Version 2 renamed "title" to "name".
            old = request.version in DEPRECATED
            body = {"id": pk, "version": request.version, ("title" if old else "name"): name}
            headers = DEPRECATED_HEADERS if old else None
            return Response(body, headers=headers)

    ItemView.__name__ = f"ItemView{scheme.__name__}"
    return ItemView.as_view()


def healthz(request: HttpRequest) -> JsonResponse:
    """Readiness probe."""
    return JsonResponse({"status": "ok"})


namespaced = [path("items/<int:pk>/", _item_view(NamespaceVersioning))]

urlpatterns = [
    path("healthz", healthz),
    path("accept/items/<int:pk>/", _item_view(AcceptVersioning)),
    path("query/items/<int:pk>/", _item_view(QueryVersioning)),
    path("path/<str:version>/items/<int:pk>/", _item_view(PathVersioning)),
    path("vpath/v<str:version>/items/<int:pk>/", _item_view(NumberPathVersioning)),
    *(
        path(f"ns/{name}/", include((namespaced, "items"), namespace=name))
        for name in ("v1", "v2", "v3")
    ),
]
