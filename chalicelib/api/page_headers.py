"""The security headers of every HTML page ShowUp serves: the HR app, the statistics page, candidate pages.

Our own files only, nothing inline and nothing from elsewhere (a stolen token is the risk: the HR
page holds one, a candidate page's URL is one); never framed, never sniffed, no referrer.
"""

from __future__ import annotations


def page_headers(*, scripts: bool, forms: bool) -> dict[str, str]:
    """The headers for a page that runs our modules and calls the API (``scripts``) or posts forms to us (``forms``)."""
    policy = [
        "default-src 'none'",
        *(("script-src 'self'", "connect-src 'self'") if scripts else ()),
        "style-src 'self'",
        "img-src 'self' data:",
        "form-action 'self'" if forms else "form-action 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ]
    return {
        "Content-Security-Policy": "; ".join(policy),
        # For browsers older than frame-ancestors.
        "X-Frame-Options": "DENY",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
    }
