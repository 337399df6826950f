"""The promotion ledger over HTTP: the public, filtered list of events under /api/v1/promotion/,
and the token-authenticated internal endpoints (an external promoter's report, Grafana's
history feed) under /internal/promotion/."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api_input import query_values, validated
from games.api.views import ERROR
from promotion import services
from promotion.api import serializers as s
from promotion.api.authentication import HasInternalToken, InternalTokenAuthentication
from promotion.models import PromotionEvent
from promotion.selectors import events_filter


class EventListView(generics.ListAPIView):
    permission_classes = [AllowAny]
    serializer_class = s.PromotionEventSerializer

    @extend_schema(
        parameters=[s.EventsQuery],
        responses={200: s.PromotionEventSerializer(many=True), 400: ERROR},
        tags=["promotion"],
        summary="The promotion ledger, newest first; filters combine",
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[PromotionEvent]:
        return events_filter(**validated(s.EventsQuery, query_values(self.request)))


class EventDetailView(generics.RetrieveAPIView):
    permission_classes = [AllowAny]
    serializer_class = s.PromotionEventDetailSerializer
    queryset = PromotionEvent.objects.all()

    @extend_schema(
        responses={200: s.PromotionEventDetailSerializer, 404: ERROR},
        tags=["promotion"],
        summary="One promotion event with every field it recorded",
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class InternalView(APIView):
    authentication_classes = [InternalTokenAuthentication]
    permission_classes = [HasInternalToken]


class ReportView(InternalView):
    @extend_schema(
        request=s.PromotionReportInput,
        responses={
            201: s.PromotionEventDetailSerializer,
            400: ERROR,
            401: ERROR,
            403: ERROR,
            503: ERROR,
        },
        tags=["internal"],
        summary="Store an external promoter's cycle report (moves no alias)",
    )
    def post(self, request: Request) -> Response:
        data = validated(s.PromotionReportInput, request.data)
        event = services.event_report_store(payload=data)
        return Response(
            s.PromotionEventDetailSerializer(event).data, status=status.HTTP_201_CREATED
        )


class HistoryView(InternalView):
    @extend_schema(
        parameters=[s.HistoryQuery],
        responses={
            200: s.PromotionEventSerializer(many=True),
            400: ERROR,
            401: ERROR,
            403: ERROR,
            503: ERROR,
        },
        tags=["internal"],
        summary="The latest promotion events, newest first, flat (for Grafana's JSON datasource)",
    )
    def get(self, request: Request) -> Response:
        query = validated(s.HistoryQuery, query_values(request))
        events = events_filter()[: query["limit"]]
        return Response(s.PromotionEventSerializer(events, many=True).data)
