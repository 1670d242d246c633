"""The test kit: what more than one test module needs. Tests import helpers from here, never from each other.

``aws``: the test stage's AWS, the outbox and what moto sent; ``events``: the events AWS hands the functions;
``api``: the HR API as a client; ``clock``: fixed moments; ``fakes``: in-memory stand-ins; ``faults``: a Lambda
killed mid-call, a failing table call; ``jobs``, ``statistics``, ``notices`` and ``browser``: the benches those
tests share; ``reach``: the AWS calls each function's code can make; ``groups``: unit, moto, browser;
``openapi_cases`` and ``schema_values``: requests generated from the OpenAPI document.
"""

from __future__ import annotations

from collections.abc import Callable

# The ``override`` fixture's type: ``override(name=factory, ...)`` builds that part of the composition root
# (chalicelib.deps) with ``factory`` for the rest of the test, e.g. ``override(now=lambda: NOW)``.
Override = Callable[..., None]
