"""Validated input for the API views: one way to read a body or a query string."""

from __future__ import annotations

from typing import Any

from django.http import QueryDict
from rest_framework import serializers
from rest_framework.request import Request


def validated(serializer_class: type[serializers.Serializer], data: Any) -> dict[str, Any]:
    """The serializer's validated data; a 400 in the API's error shape otherwise."""
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def query_values(request: Request) -> dict[str, str]:
    """The query string as plain values (the last of a repeated name). DRF reads a QueryDict as
    a form, where an empty value means "not given"; here ``?family=`` is a value like any other,
    and refused when it is not a valid one, as the schema says."""
    return request.query_params.dict()


class JsonBooleanField(serializers.BooleanField):
    """A body's boolean: JSON true or false, as the schema says (DRF also takes 0, 1, "yes"
    and friends). A form body, which has only strings, keeps DRF's spellings."""

    def to_internal_value(self, data: Any) -> bool:
        if isinstance(data, bool) or isinstance(self.root.initial_data, QueryDict):
            return super().to_internal_value(data)
        self.fail("invalid", input=data)
        raise AssertionError("unreachable: fail() raises")


class JsonCharField(serializers.CharField):
    """A body's string: a JSON string, as the schema says (DRF also turns numbers into text).
    A form body, which has only strings, is unaffected."""

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str) and not isinstance(self.root.initial_data, QueryDict):
            self.fail("invalid")
        return super().to_internal_value(data)
