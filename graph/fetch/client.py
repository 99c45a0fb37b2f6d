"""One polite HTTP client for every request the fetcher makes: rate limit, timeouts, retries, ``Retry-After``.

Connection errors, resets, truncated bodies, timeouts and 5xx answers are retried with exponential backoff;
429 and 503 wait as long as ``Retry-After`` asks; any other 4xx fails at once with an error naming the URL.
"""

from __future__ import annotations

import email.utils
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Callable, Mapping

import requests

from graph import __version__
from graph.model import KamergraafError

USER_AGENT = f"kamergraaf/{__version__} (Kamerstukken knowledge graph; fetches public papers politely)"


class FetchError(KamergraafError):
    """A URL could not be fetched: the message names the URL and what went wrong."""

    def __init__(self, url: str, reason: str, *, status: int | None = None):
        self.url = url
        self.reason = reason
        self.status = status
        super().__init__(f"{url}: {reason}")


class ClientError(FetchError):
    """The server answered 4xx (other than 429): asking again will not help."""


@dataclass(frozen=True)
class Response:
    """A complete response body (never a partial one) with the headers the cache keeps."""

    url: str
    status: int
    content: bytes
    headers: Mapping[str, str] = field(default_factory=dict)

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Read a ``Retry-After`` header (seconds or an HTTP date) as seconds to wait.

    >>> parse_retry_after("3")
    3.0
    >>> parse_retry_after("Wed, 21 Oct 2015 07:28:05 GMT", now=datetime(2015, 10, 21, 7, 28, tzinfo=timezone.utc))
    5.0
    >>> parse_retry_after("soon") is None
    True
    """
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    now = now or datetime.now(timezone.utc)
    return max(0.0, (when - now).total_seconds())


class RateLimiter:
    """Space calls at least ``1 / rate`` seconds apart (thread-safe); ``rate <= 0`` means no limit."""

    def __init__(self, rate: float, *, clock: Callable[[], float] = time.monotonic, sleep=time.sleep):
        self.interval = 1.0 / rate if rate > 0 else 0.0
        self._clock = clock
        self._sleep = sleep
        self._next = 0.0
        self._lock = threading.Lock()

    def wait(self) -> None:
        with self._lock:
            now = self._clock()
            delay = self._next - now
            self._next = max(now, self._next) + self.interval
        if delay > 0:
            self._sleep(delay)


_RETRYABLE = (
    requests.ConnectionError,  # refused, reset, closed without a response
    requests.Timeout,
    requests.exceptions.ChunkedEncodingError,  # body shorter than Content-Length, broken chunking
    requests.exceptions.ContentDecodingError,
)


class PoliteClient:
    """GET URLs through one ``requests.Session``, at most ``rate`` requests a second, retrying what can be retried.

    ``backoff`` is the first wait after a failure (doubled on each retry); ``max_wait`` caps any single wait,
    ``Retry-After`` included, so a server asking for an hour fails the URL instead of stalling the run.
    ``requests`` counts every HTTP request sent, retries included.
    """

    def __init__(
        self,
        session: requests.Session | None = None,
        *,
        rate: float = 2.0,
        retries: int = 4,
        timeout: float = 30.0,
        backoff: float = 1.0,
        max_wait: float = 120.0,
        sleep: Callable[[float], None] = time.sleep,
    ):
        if retries < 0:
            raise ValueError(f"Expected retries >= 0, got {retries}")
        if timeout <= 0:
            raise ValueError(f"Expected a timeout > 0 seconds, got {timeout}")
        self._own_session = session is None
        self.session = session or requests.Session()
        self.session.headers.setdefault("User-Agent", USER_AGENT)
        if self.session.headers.get("User-Agent", "").startswith("python-requests"):
            self.session.headers["User-Agent"] = USER_AGENT
        self.limiter = RateLimiter(rate, sleep=sleep)
        self.retries = retries
        self.timeout = timeout
        self.backoff = backoff
        self.max_wait = max_wait
        self._sleep = sleep
        self.requests = 0

    def close(self) -> None:
        """Close the session if this client made it."""
        if self._own_session:
            self.session.close()

    def __enter__(self) -> "PoliteClient":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def get(self, url: str, *, params: Mapping[str, str] | None = None, headers: Mapping[str, str] | None = None
            ) -> Response:
        """Fetch ``url`` completely; raise :class:`FetchError` (or :class:`ClientError` on 4xx) when it fails.

        A 304 answer (to conditional ``headers``) is returned as is, with an empty body.
        """
        shown = requests.Request("GET", url, params=params).prepare().url or url
        last_reason = "no attempt made"
        for attempt in range(self.retries + 1):
            if attempt:
                self._wait(wait_for, shown)
            self.limiter.wait()
            self.requests += 1
            try:
                with self.session.get(url, params=params, headers=headers, timeout=self.timeout, stream=True) as r:
                    content = r.content  # reads the whole body; raises on a truncated one
                    status, response_headers = r.status_code, dict(r.headers)
            except _RETRYABLE as e:
                last_reason = f"{type(e).__name__}: {_short(e)}"
                wait_for = self.backoff * 2**attempt
                continue
            except requests.RequestException as e:
                raise FetchError(shown, f"request failed: {type(e).__name__}: {_short(e)}") from e
            if status in (200, 304):
                expected = response_headers.get("Content-Length")
                encoded = response_headers.get("Content-Encoding", "identity") not in ("", "identity")
                if status == 200 and expected and expected.isdigit() and not encoded and int(expected) != len(content):
                    last_reason = f"truncated body: {len(content)} of {expected} bytes"
                    wait_for = self.backoff * 2**attempt
                    continue
                return Response(shown, status, content, _keep(response_headers))
            if status in (429, 503) or status >= 500:
                retry_after = parse_retry_after(response_headers.get("Retry-After")) if status in (429, 503) else None
                last_reason = f"HTTP {status}"
                if retry_after is not None:
                    last_reason += f" (Retry-After {retry_after:g} s)"
                wait_for = retry_after if retry_after is not None else self.backoff * 2**attempt
                continue
            if 400 <= status < 500:
                raise ClientError(shown, f"HTTP {status} {_reason(status)}", status=status)
            raise FetchError(shown, f"unexpected HTTP {status}", status=status)
        raise FetchError(shown, f"gave up after {self.retries + 1} attempts; last: {last_reason}")

    def _wait(self, seconds: float, url: str) -> None:
        if seconds > self.max_wait:
            raise FetchError(url, f"server asks to wait {seconds:g} s, more than the {self.max_wait:g} s allowed")
        if seconds > 0:
            self._sleep(seconds)


def _keep(headers: Mapping[str, str]) -> dict[str, str]:
    wanted = ("ETag", "Last-Modified", "Content-Type")
    lower = {k.lower(): v for k, v in headers.items()}
    return {k: lower[k.lower()] for k in wanted if k.lower() in lower}


def _reason(status: int) -> str:
    from http import HTTPStatus  # the standard library module

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def _short(e: Exception) -> str:
    text = str(e)
    return text if len(text) <= 200 else text[:197] + "..."
