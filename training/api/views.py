"""The model registry API under /api/v1/models/: what the registry holds (public: it holds no
personal data) and a reload request (staff, or a user allowed to change model versions)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny, BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api_input import query_values, validated
from core.vocabulary import FAMILIES
from games.api.views import ERROR
from training.api import serializers as s
from training.registry import selectors, services

RELOAD_PERMISSION = "training.change_modelversion"


class CanReloadModels(BasePermission):
    message = f"reloading models needs a staff session or a token with {RELOAD_PERMISSION}"

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        return bool(
            user and user.is_authenticated and (user.is_staff or user.has_perm(RELOAD_PERMISSION))
        )


class ModelFamiliesView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        responses=s.FamilyModelsSerializer(many=True),
        tags=["models"],
        summary="Each family's registered model and which version every alias points at",
    )
    def get(self, request: Request) -> Response:
        return Response(s.FamilyModelsSerializer(selectors.families_overview(), many=True).data)


class ModelVersionListView(generics.ListAPIView):
    permission_classes = [AllowAny]
    serializer_class = s.ModelVersionSerializer

    @extend_schema(
        parameters=[s.VersionsQuery],
        responses={200: s.ModelVersionSerializer(many=True), 400: ERROR},
        tags=["models"],
        summary="Registered versions",
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> Any:
        query = validated(s.VersionsQuery, query_values(self.request))
        return selectors.versions_list(family=query.get("family"), stage=query.get("stage"))


class ModelVersionDetailView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        responses={200: s.ModelVersionDetailSerializer, 404: ERROR},
        tags=["models"],
        summary="A version with its metrics, sample counts, gate results and aliases",
    )
    def get(self, request: Request, family: str, version: int) -> Response:
        found = selectors.version_get(family=family, version=version)
        if found is None:
            raise NotFound(f"{family} has no registered version {version}")
        return Response(s.ModelVersionDetailSerializer(found).data)


class AliasHistoryView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[s.AliasHistoryQuery],
        responses={200: s.AliasChangeSerializer(many=True), 400: ERROR},
        tags=["models"],
        summary="The alias-change audit trail, newest first",
    )
    def get(self, request: Request) -> Response:
        query = validated(s.AliasHistoryQuery, query_values(request))
        changes = selectors.alias_history(family=query.get("family"), limit=query["limit"])
        return Response(s.AliasChangeSerializer(changes, many=True).data)


class ReloadView(APIView):
    # Token first, so that an anonymous caller is told how to authenticate (401).
    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = [CanReloadModels]

    @extend_schema(
        request=s.ReloadInput,
        responses={200: s.ReloadResultSerializer, 400: ERROR, 401: ERROR, 403: ERROR},
        tags=["models"],
        summary="Make every serving process re-read aliases and drop stale models",
    )
    def post(self, request: Request) -> Response:
        data = validated(s.ReloadInput, request.data)
        families = [data["family"]] if data.get("family") else list(FAMILIES)
        generations = services.reload_request(families=families)
        return Response(s.ReloadResultSerializer({"generations": generations}).data)
