"""HTTP middleware: body size limit and one error shape for every failure.

The domain raises plain ``ApiError``s. Chalice turns any exception a view raises into a bare
500 before middleware runs, except ``ChaliceUnhandledError``: ``Routes`` carries domain errors
out of the view inside one, and ``errors_as_json`` maps them, the one place that does."""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable
from typing import Any

from chalice import Blueprint, ChaliceUnhandledError, Response
from chalice.app import Request

from chalicelib import deps, logs
from chalicelib.errors import ApiError, PayloadTooLarge
from chalicelib.settings import SettingsError
from chalicelib.text import asked

log = logging.getLogger("showup")


class _Refused(ChaliceUnhandledError):
    """An ``ApiError`` on its way from a view to ``errors_as_json``."""

    def __init__(self, error: ApiError) -> None:
        super().__init__(error.message)
        self.error = error


class Routes(Blueprint):
    """A blueprint whose views may raise ``ApiError`` and get the API.md error shape."""

    def route(self, path: str, **kwargs: Any) -> Callable[..., Any]:
        register = super().route(path, **kwargs)

        def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
            @functools.wraps(view)
            def refusing(*args: Any, **view_kwargs: Any) -> Any:
                try:
                    return view(*args, **view_kwargs)
                except ApiError as exc:
                    raise _Refused(exc) from exc

            register(refusing)
            return view

        return decorator


def logged(event: Any, get_response: Callable[[Any], Any]) -> Any:
    """Every Lambda invocation: the configured log level, and its request id, function and
    interview on each line it logs."""
    context = getattr(event, "lambda_context", None) or getattr(event, "context", None)
    params = getattr(event, "uri_params", None) or {}
    try:
        logs.configure(deps.settings().log_level)
    except SettingsError:
        # Logged and answered by whoever reads the settings next (errors_as_json for HTTP).
        logs.configure()
    with logs.invocation(
        request_id=str(getattr(context, "aws_request_id", "local")),
        function=str(getattr(context, "function_name", "local")),
        correlation_id=params.get("interview_id"),
    ):
        return get_response(event)


def errors_as_json(event: Request, get_response: Callable[[Request], Response]) -> Response:
    """Turn ApiErrors, bad settings, Chalice's own errors and crashes into ``{error, message, fields}``."""
    try:
        limit = deps.settings().max_body_bytes
        if (event.context or {}).get("resourcePath") == "/imports":
            # A spreadsheet of candidates: API Gateway's and Lambda's own limits bound it (IMPORT_MAX_BYTES).
            limit = deps.settings().import_max_bytes
        if event.raw_body and len(event.raw_body) > limit:
            raise PayloadTooLarge(f"The body is over {limit // 1024} KiB")
        response = get_response(event)
    except (ApiError, _Refused) as exc:
        error = exc.error if isinstance(exc, _Refused) else exc
        # Field messages in the language the page asked for (the HR pages send Accept-Language).
        body = error.said_in(asked(event.headers.get("accept-language")))
        return Response(body=body, status_code=error.status, headers=dict(error.headers()))
    except SettingsError as exc:
        # Ours to fix, and every request fails alike until it is: say which variable is wrong.
        log.error("Misconfigured: %s", exc)
        return Response(body={"error": "misconfigured", "message": str(exc)}, status_code=500)
    except Exception:
        request_id = _request_id(event)
        # The route template, not the path: paths carry email addresses and link tokens.
        route = (event.context or {}).get("resourcePath", "?")
        log.exception("Unhandled error on %s %s (request %s)", event.method, route, request_id)
        return _internal_error(request_id)
    if response.status_code >= 500:
        return _internal_error(_request_id(event))
    if response.status_code >= 400 and isinstance(response.body, dict) and "Code" in response.body:
        code = _snake(str(response.body["Code"]).removesuffix("Error"))
        response.body = {"error": code, "message": response.body.get("Message", "")}
    return response


def _internal_error(request_id: str) -> Response:
    return Response(
        body={"error": "internal", "message": f"Something went wrong on our side (request {request_id})"},
        status_code=500,
    )


def _request_id(event: Request) -> str:
    context: Any = event.lambda_context
    return str(getattr(context, "aws_request_id", "unknown"))


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()
