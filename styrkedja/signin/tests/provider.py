"""A real OpenID Connect provider (oidc-provider-mock) on 127.0.0.1, and a browser's way through it."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit

import httpx
import oidc_provider_mock
import werkzeug.serving
from django.test import Client
from django.urls import reverse


@contextmanager
def running_provider() -> Iterator[str]:
    """The provider's issuer URL while it runs on a free port of 127.0.0.1."""
    server = werkzeug.serving.make_server("127.0.0.1", 0, oidc_provider_mock.app(), threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def set_groups(issuer: str, subject: str, groups: list[str]) -> None:
    """What the provider says about the user at the next sign-in."""
    response = httpx.put(
        f"{issuer}/users/{subject}", json={"groups": groups, "name": f"Test {subject}"}, trust_env=False
    )
    assert response.status_code == 204, response.text


def sign_in(client: Client, provider_id: str, subject: str):
    """Press "Logga in med …", sign in at the provider as ``subject``, come back: the callback's answer."""
    start = client.post(reverse("openid_connect_login", kwargs={"provider_id": provider_id}))
    assert start.status_code == 302, start.content.decode()[:500]
    authorize = start["Location"]
    # The provider's own log-in form: the subject typed in and sent, as a browser would.
    answer = httpx.post(authorize, data={"sub": subject}, trust_env=False)
    assert answer.status_code == 302, answer.text[:500]
    back = urlsplit(answer.headers["location"])
    return client.get(f"{back.path}?{back.query}")
