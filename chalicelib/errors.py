"""Errors users cause, as values with a code, a message and the fields at fault.

Plain Python: the domain raises them, and the HTTP middleware alone turns them into the
API.md error shape. No pydantic and no chalice here: this loads on every cold start.

A field's problem has a machine code (``too_small``) with the facts its message needs
(``{"min": 10}``); the message is written for people in ``chalicelib/text/problems.py`` and
said in the language the request asks for (``Accept-Language``), English otherwise.

A refusal as a whole (a 403, 404 or 409) says itself the same way: raise it with a ``reason`` whose
words are ``refusal.<reason>`` (zh-CN and en, in ``chalicelib/text/refusals.py``) and the facts they
name as keywords, and name each field at fault with ``at(field, code, **facts)`` (``problem.<code>``)::

    raise Conflict(reason="cannot_send", status=interview.status)
    raise Conflict(reason="revision_changed").at("revision", "stale_revision", given=3, now=4)

A vocabulary value among the facts (a status, warning codes) reads as its label. The English is what
an API client without ``Accept-Language`` reads; ``tests/test_server_text.py`` fails on a reason or
code raised without words. A free-text ``message`` (English only) is for text no person reads.
"""

from __future__ import annotations

from typing import Any, Self

# The code of a problem that only has a free-text message (said in English in every language).
UNCODED = "invalid"
# The language of a field's message when the request asks for none.
API_LANGUAGE = "en"


def say(code: str, params: dict[str, Any], language: str) -> str:
    """The message for the problem ``code`` in ``language``, its ``{placeholders}`` filled from ``params``."""
    from chalicelib.text import words

    return words(language)(f"problem.{code}", **facts(params, language))


def tell(reason: str, params: dict[str, Any], language: str) -> str:
    """What a refusal for ``reason`` says as a whole in ``language`` (``refusal.<reason>``)."""
    from chalicelib.text import words

    return words(language)(f"refusal.{reason}", **facts(params, language))


def facts(params: dict[str, Any], language: str) -> dict[str, Any]:
    """``params`` as a sentence in ``language`` names them: a status or warning code by its label, a list
    of them joined as the language lists things."""
    from chalicelib.services.common.wording import in_text
    from chalicelib.text import words
    from chalicelib.vocabulary import Term

    def named(value: Any) -> Any:
        if isinstance(value, Term):
            return in_text(value, language)
        if isinstance(value, list | tuple):
            return words(language)("fields.list_separator").join(str(named(item)) for item in value)
        return value

    return {name: named(value) for name, value in params.items()}


class Invalid(ValueError):
    """A refused value: why, as a code with the facts its message needs (``Invalid("too_small", min=10)``)."""

    def __init__(self, code: str, **params: Any) -> None:
        self.code = code
        self.params = params
        self.message = say(code, params, API_LANGUAGE)
        super().__init__(self.message)


class FieldError(Invalid):
    """A validation failure that names the field at fault (for cross-field rules): with a ``code``
    whose message is written in both languages, or an English ``message`` alone."""

    def __init__(self, field: str, message: str | None = None, *, code: str = UNCODED, **params: Any) -> None:
        if message is None:
            super().__init__(code, **params)
        else:
            ValueError.__init__(self, message)
            self.code, self.params, self.message = code, params, message
        self.field = field


class ApiError(Exception):
    """Raised by views and services; the HTTP middleware turns it into the API.md error shape."""

    status = 400
    code = "bad_request"

    def __init__(
        self,
        message: str | None = None,
        fields: dict[str, str] | None = None,
        *,
        reason: str | None = None,
        **params: Any,
    ) -> None:
        """An English ``message``, or a ``reason`` said in each language from the facts in ``params``."""
        if reason is not None:
            message = tell(reason, params, API_LANGUAGE)
        if message is None:
            raise TypeError("an ApiError needs a message or a reason")
        super().__init__(message)
        self.message = message
        self.reason, self.params = reason, params
        self.fields = dict(fields or {})
        # Each field's problem as a code and the facts its message needs; a field without one is UNCODED.
        self.problems: dict[str, tuple[str, dict[str, Any]]] = {}

    def at(self, field: str, code: str, **params: Any) -> Self:
        """This refusal naming ``field`` with the problem ``code`` (``problem.<code>``, said in each language)."""
        self.fields[field] = say(code, params, API_LANGUAGE)
        self.problems[field] = (code, params)
        return self

    def headers(self) -> dict[str, str]:
        """HTTP headers the answer carries besides the body (none unless a subclass says)."""
        return {}

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"error": self.code, "message": self.message}
        if self.fields:
            body["fields"] = self.fields
            body["codes"] = {field: self.problems.get(field, (UNCODED, {}))[0] for field in self.fields}
        return body

    def said_in(self, language: str | None) -> dict[str, Any]:
        """The body with each coded field's message, and the summary, in ``language`` (as built when None)."""
        body = self.body()
        if language is None:
            return body
        if self.problems:
            body["fields"] = {
                field: say(*self.problems[field], language) if field in self.problems else text
                for field, text in body["fields"].items()
            }
        if self.reason is not None:
            body["message"] = tell(self.reason, self.params, language)
        elif self.problems:
            body["message"] = summary(len(body["fields"]), language)
        return body


class BadRequest(ApiError):
    status, code = 400, "validation_error"


class Forbidden(ApiError):
    status, code = 403, "forbidden"


class NotFound(ApiError):
    status, code = 404, "not_found"


class Conflict(ApiError):
    status, code = 409, "conflict"


class TryAgain(Conflict):
    """Someone changed the same thing at the same moment: nothing was written, and the same request
    on a fresh copy will most likely go through (``Retry-After`` says when)."""

    retry_after_seconds = 1

    def headers(self) -> dict[str, str]:
        return {"Retry-After": str(self.retry_after_seconds)}


class PayloadTooLarge(ApiError):
    status, code = 413, "payload_too_large"


def summary(count: int, language: str) -> str:
    """What a refusal of ``count`` fields says above them."""
    return say("summary_one" if count == 1 else "summary", {"count": count}, language)


def refused(problems: dict[str, Invalid]) -> BadRequest:
    """A 400 naming each field with its problem, messages in English until said in the request's language."""
    error = BadRequest(summary(len(problems), API_LANGUAGE), {field: p.message for field, p in problems.items()})
    error.problems = {field: (p.code, p.params) for field, p in problems.items() if p.code != UNCODED}
    return error


def invalid(field: str, message: str | None = None, *, code: str = UNCODED, **params: Any) -> BadRequest:
    """A 400 naming one field: with a ``code`` (its message in both languages) or an English ``message``."""
    if message is not None:
        return BadRequest(f"{field} {message}", {field: message})
    return refused({field: Invalid(code, **params)})
