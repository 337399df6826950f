"""The base of every domain error: what went wrong, in the API's terms (a status and a code).
Services raise subclasses; ``core.api_errors`` turns any of them into a 4xx, so views need no
try/except of their own."""

from __future__ import annotations


class DomainError(Exception):
    status_code = 400
    code = "bad_request"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
