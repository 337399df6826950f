"""One guard in front of every parser: what no view can store or safely parse is refused here,
with a 4xx in the API's error shape, before a view, a parser or the database sees it.

Refused: a body larger than ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (413); a JSON body that is not
UTF-8, nests deeper than ``REQUEST_MAX_JSON_DEPTH`` (Python's parser would recurse until it
fails) or holds a NUL character or a lone surrogate in any key or string (PostgreSQL stores
neither, and a lone surrogate cannot even be encoded to answer); a form body or a path or query
string with a NUL (400). Pure checks on bytes and parsed JSON; the views' own validation still
decides everything else.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse

# What PostgreSQL text cannot hold, and what UTF-8 cannot encode.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
_BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class Refusal(Exception):
    def __init__(self, status: int, code: str, detail: str) -> None:
        super().__init__(detail)
        self.status, self.code, self.detail = status, code, detail


def json_depth(body: bytes) -> int:
    """The deepest nesting of arrays and objects in a JSON text, counted without parsing it
    (brackets inside strings do not count)."""
    depth = deepest = 0
    in_string = escaped = False
    for byte in body:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # quote
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):  # [ {
            depth += 1
            deepest = max(deepest, depth)
        elif byte in (0x5D, 0x7D):  # ] }
            depth -= 1
    return deepest


def unstorable_text(value: Any) -> bool:
    """Whether any string (or object key) in parsed JSON holds a NUL or a lone surrogate."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if _UNSTORABLE.search(item):
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def check_json_body(body: bytes, *, max_depth: int) -> None:
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise Refusal(400, "invalid_encoding", "the request body is not UTF-8") from None
    if json_depth(body) > max_depth:
        raise Refusal(400, "too_deep", f"JSON nested deeper than {max_depth} levels")
    try:
        parsed = json.loads(text)
    except ValueError:
        return  # not JSON: the parser answers that with its own 400
    if unstorable_text(parsed):
        raise Refusal(
            400, "invalid_text", "a string holds a NUL character or a lone UTF-16 surrogate"
        )


def check_request(request: HttpRequest) -> None:
    """Raises ``Refusal`` for a request that no view may see."""
    if "\x00" in request.path or any(
        "\x00" in value for _, values in request.GET.lists() for value in values
    ):
        raise Refusal(400, "invalid_text", "the path or query string holds a NUL character")
    if request.method not in _BODY_METHODS:
        return
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        raise Refusal(400, "invalid_length", "Content-Length is not a number") from None
    if limit is not None and length > limit:
        raise Refusal(413, "too_large", f"request bodies are limited to {limit} bytes")
    content_type = request.content_type or ""
    if content_type.endswith("json"):
        check_json_body(request.body, max_depth=settings.REQUEST_MAX_JSON_DEPTH)
    elif content_type == "application/x-www-form-urlencoded":
        body = request.body
        if b"\x00" in body or b"%00" in body:
            raise Refusal(400, "invalid_text", "a form field holds a NUL character")


class RequestGuardMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            check_request(request)
        except Refusal as refusal:
            body = {"error": refusal.code, "detail": refusal.detail}
            return JsonResponse(body, status=refusal.status)
        return self.get_response(request)
