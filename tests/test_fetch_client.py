"""The polite HTTP client against the replay server: rate limit, Retry-After, errors that name the URL."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

import pytest

from graph.fetch import USER_AGENT, ClientError, FetchError, PoliteClient
from graph.fetch.client import parse_retry_after
from replay_server import Reply, ReplayServer


@pytest.fixture
def server():
    with ReplayServer() as s:
        yield s


@pytest.mark.parametrize("rate, n", [(5.0, 6)])
def test_requests_are_spaced_by_the_rate_limit(server, rate, n):
    server.add("/x", Reply.ok(b"<a/>"))
    with PoliteClient(rate=rate) as client:
        for _ in range(n):
            client.get(server.url("/x"))

    times = [h.at for h in server.log]
    assert len(times) == n and times[-1] - times[0] >= (n - 1) / rate - 0.1  # unlimited, this takes milliseconds
    assert client.requests == n


@pytest.mark.parametrize("code, phrase", [(404, "Not Found"), (403, "Forbidden"), (400, "Bad Request")])
def test_a_4xx_fails_at_once_naming_the_url(server, code, phrase):
    server.add("/missing", Reply.status(code))
    with PoliteClient(rate=0, backoff=0.01) as client, pytest.raises(ClientError) as caught:
        client.get(server.url("/missing"), params={"q": "a b"})

    assert str(caught.value) == f"{server.url('/missing')}?q=a+b: HTTP {code} {phrase}"
    assert caught.value.status == code and len(server.log) == 1


@pytest.mark.parametrize("retries", [0, 2])
def test_retries_stop_after_the_configured_number(server, retries):
    server.add("/down", Reply.status(503))
    with PoliteClient(rate=0, retries=retries, backoff=0.01) as client, pytest.raises(FetchError) as caught:
        client.get(server.url("/down"))

    assert len(server.log) == retries + 1
    assert f"gave up after {retries + 1} attempts; last: HTTP 503" in str(caught.value)


@pytest.mark.parametrize("seconds", [1])
def test_retry_after_as_an_http_date_is_honoured(server, seconds):
    when = format_datetime(datetime.now(timezone.utc) + timedelta(seconds=seconds + 1), usegmt=True)
    server.add("/busy", Reply.status(503, retry_after=when), Reply.ok(b"<ok/>"))
    with PoliteClient(rate=0, backoff=0.01) as client:
        response = client.get(server.url("/busy"))

    assert response.content == b"<ok/>" and len(server.log) == 2
    assert server.log[1].at - server.log[0].at >= seconds - 0.05


@pytest.mark.parametrize("path", ["/ua"])
def test_requests_carry_a_descriptive_user_agent(server, path):
    server.add(path, Reply.ok(b"<a/>"))
    with PoliteClient(rate=0) as client:
        client.get(server.url(path))

    assert server.log[0].headers["User-Agent"] == USER_AGENT and USER_AGENT.startswith("kamergraaf/")


@pytest.mark.parametrize("value, now, expected", [
    ("0", None, 0.0),
    ("120", None, 120.0),
    ("Wed, 21 Oct 2015 07:28:00 GMT", datetime(2015, 10, 21, 7, 28, 30, tzinfo=timezone.utc), 0.0),
    ("", None, None),
    (None, None, None),
])
def test_parse_retry_after(value, now, expected):
    assert parse_retry_after(value, now=now) == expected


@pytest.mark.parametrize("port_path", ["/nothing-listens"])
def test_a_refused_connection_is_retried_then_reported(port_path):
    import socket

    with socket.socket() as s:  # a port that was free a moment ago: nothing listens on it
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}{port_path}"
    with PoliteClient(rate=0, retries=1, backoff=0.01) as client, pytest.raises(FetchError) as caught:
        client.get(url)

    assert str(caught.value).startswith(f"{url}: gave up after 2 attempts; last: ConnectionError")
