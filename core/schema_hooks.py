"""drf-spectacular postprocessing: the served schema says exactly what the server accepts.

- Request bodies are documented as JSON only. DRF also parses forms for the original clients,
  but a form cannot say null, so a nullable field would be documented as something a form
  cannot send.
- Every free-text string (no enum, format or pattern of its own) is documented without NUL
  characters, which ``core.request_guard`` refuses wherever they appear: PostgreSQL cannot
  store them.
"""

from __future__ import annotations

from typing import Any

JSON = "application/json"
NO_NUL = "^[^\\u0000]*$"


def _no_nul(schema: Any) -> None:
    """Add the no-NUL pattern to every free-text string inside ``schema``, in place."""
    stack = [schema]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            free_text = item.get("type") == "string" and not (
                {"enum", "format", "pattern"} & item.keys()
            )
            if free_text:
                item["pattern"] = NO_NUL
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def exact_inputs(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict:
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            if not isinstance(operation, dict):
                continue
            content = operation.get("requestBody", {}).get("content")
            if content and JSON in content:
                operation["requestBody"]["content"] = {JSON: content[JSON]}
            for parameter in operation.get("parameters", []):
                _no_nul(parameter.get("schema"))
    for schema in result.get("components", {}).get("schemas", {}).values():
        _no_nul(schema)
    return result
