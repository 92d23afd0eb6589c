"""Every page carries the security headers: CSP without inline scripts, no framing, no sniffing."""

import pytest


@pytest.mark.parametrize("path", ["/", "/editions/", "/contact/", "/compte/login/", "/nope/"])
def test_pages_carry_the_security_headers(client, current_edition, path):
    response = client.get(path)

    policy = response["Content-Security-Policy"]
    directives = dict(
        (part.split(" ", 1) + [""])[:2] for part in (d.strip() for d in policy.split(";"))
    )
    assert directives["script-src"] == "'self'"
    assert directives["default-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert "unsafe-inline" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Content-Language"] in {"fr", "en"}
