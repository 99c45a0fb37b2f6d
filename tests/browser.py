"""Drive Debian's headless Chromium over the DevTools protocol, for tests that must see what a reader sees.

One :class:`Chromium` per test module is enough; each :meth:`Chromium.open` gets a fresh tab. The tab records every
JavaScript dialog (``alert``, ``confirm``, ``prompt``; dismissed at once so nothing hangs), every request that is not
for a ``file:``, ``data:`` or ``about:`` URL, and console errors and uncaught exceptions.

    with Chromium() as browser:
        tab = browser.open(Path("page.html").as_uri())
        tab.evaluate("document.title")
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import websocket

CHROMIUM = os.environ.get("KAMERGRAAF_CHROMIUM", "/usr/bin/chromium")
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--mute-audio",
    "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "--window-size=1280,900",
)
LOCAL_SCHEMES = ("file:", "data:", "about:", "blob:", "chrome:", "devtools:")


class BrowserError(RuntimeError):
    """Chromium did not start, or did not answer a DevTools call in time."""


def available() -> bool:
    """Say whether a Chromium binary is installed where the tests expect it."""
    return Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK)


class Tab:
    """One page target: send DevTools commands, wait for events, read what happened."""

    def __init__(self, ws_url: str, timeout: float):
        self.timeout = timeout
        self.ws = websocket.create_connection(ws_url, timeout=timeout, suppress_origin=True)
        self._next_id = 0
        self.events: list[dict] = []
        self.dialogs: list[dict] = []
        self.remote_requests: list[str] = []
        self.errors: list[str] = []
        for domain in ("Page", "Runtime", "Network", "Log"):
            self.send(f"{domain}.enable")

    def _record(self, message: dict) -> None:
        method, params = message.get("method"), message.get("params", {})
        if method == "Page.javascriptDialogOpening":
            self.dialogs.append(params)
            self._send_nowait("Page.handleJavaScriptDialog", {"accept": False})
        elif method == "Network.requestWillBeSent":
            url = params["request"]["url"]
            if not url.startswith(LOCAL_SCHEMES):
                self.remote_requests.append(url)
        elif method == "Runtime.exceptionThrown":
            details = params["exceptionDetails"]
            self.errors.append(details.get("exception", {}).get("description") or details.get("text", "exception"))
        elif method == "Log.entryAdded" and params["entry"]["level"] == "error":
            self.errors.append(params["entry"]["text"])
        self.events.append(message)

    def _send_nowait(self, method: str, params: dict | None = None) -> int:
        self._next_id += 1
        self.ws.send(json.dumps({"id": self._next_id, "method": method, "params": params or {}}))
        return self._next_id

    def _receive(self, deadline: float) -> dict:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise BrowserError("Timed out waiting for Chromium")
        self.ws.settimeout(remaining)
        try:
            return json.loads(self.ws.recv())
        except websocket.WebSocketTimeoutException as e:
            raise BrowserError("Timed out waiting for Chromium") from e

    def send(self, method: str, params: dict | None = None) -> dict:
        """Call a DevTools method and return its result, recording the events that arrive meanwhile."""
        call_id = self._send_nowait(method, params)
        deadline = time.monotonic() + self.timeout
        while True:
            message = self._receive(deadline)
            if message.get("id") == call_id:
                if "error" in message:
                    raise BrowserError(f"{method} failed: {message['error']}")
                return message.get("result", {})
            if "method" in message:
                self._record(message)

    def wait_for_event(self, method: str, timeout: float | None = None) -> dict:
        """Wait until an event named ``method`` arrives (or has arrived since the last wait) and return it."""
        for i, message in enumerate(self.events):
            if message.get("method") == method:
                return self.events.pop(i)
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            message = self._receive(deadline)
            if "method" in message:
                self._record(message)
                if message["method"] == method:
                    self.events.remove(message)
                    return message

    def evaluate(self, expression: str):
        """Evaluate a JavaScript expression in the page and return its JSON value (awaiting promises)."""
        result = self.send(
            "Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True}
        )
        if "exceptionDetails" in result:
            raise BrowserError(f"{expression!r} threw: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, expression: str, timeout: float | None = None, interval: float = 0.05):
        """Poll ``expression`` until it is truthy; return its value."""
        deadline = time.monotonic() + (timeout or self.timeout)
        while time.monotonic() < deadline:
            value = self.evaluate(expression)
            if value:
                return value
            time.sleep(interval)
        raise BrowserError(f"{expression!r} stayed falsy for {timeout or self.timeout} s")

    def screenshot(self, clip: dict | None = None) -> bytes:
        """Take a PNG screenshot of the viewport, or of ``clip`` ({x, y, width, height} in CSS pixels)."""
        params: dict = {"format": "png"}
        if clip:
            params["clip"] = {**clip, "scale": 1}
        return base64.b64decode(self.send("Page.captureScreenshot", params)["data"])

    def mouse(self, kind: str, x: float, y: float) -> None:
        """Send one mouse event (``mouseMoved``, ``mousePressed``, ``mouseReleased``) at viewport ``(x, y)``."""
        params = {"type": kind, "x": x, "y": y}
        if kind != "mouseMoved":
            params.update(button="left", clickCount=1)
        self.send("Input.dispatchMouseEvent", params)

    def close(self) -> None:
        self.ws.close()


class Chromium:
    """A headless Chromium with its own throw-away profile, started on enter and killed on exit."""

    def __init__(self, timeout: float = 30.0):
        self.timeout = timeout
        self.profile = Path(tempfile.mkdtemp(prefix="kg-chromium-"))
        self.process: subprocess.Popen | None = None
        self.port: int | None = None
        self.tabs: list[Tab] = []

    def __enter__(self) -> "Chromium":
        self.process = subprocess.Popen(
            [CHROMIUM, *FLAGS, f"--user-data-dir={self.profile}", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        port_file = self.profile / "DevToolsActivePort"
        deadline = time.monotonic() + self.timeout
        while not (port_file.exists() and port_file.read_text().count("\n") >= 1):
            if self.process.poll() is not None:
                raise BrowserError(f"{CHROMIUM} exited with {self.process.returncode} before DevTools came up")
            if time.monotonic() > deadline:
                raise BrowserError(f"{CHROMIUM} did not open DevTools within {self.timeout} s")
            time.sleep(0.05)
        self.port = int(port_file.read_text().splitlines()[0])
        return self

    def _http(self, path: str, method: str = "GET") -> dict:
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", method=method)
        with urllib.request.urlopen(request, timeout=self.timeout) as response:
            return json.loads(response.read())

    def open(self, url: str, *, wait_load: bool = True) -> Tab:
        """Open a fresh tab, navigate it to ``url`` and (by default) wait for its load event."""
        target = self._http("/json/new?about:blank", method="PUT")
        tab = Tab(target["webSocketDebuggerUrl"], self.timeout)
        self.tabs.append(tab)
        tab.send("Page.navigate", {"url": url})
        if wait_load:
            tab.wait_for_event("Page.loadEventFired")
        return tab

    def __exit__(self, *exc) -> None:
        for tab in self.tabs:
            try:
                tab.close()
            except Exception:  # noqa: BLE001 - the browser may already be gone; the profile still goes
                pass
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=self.timeout)
        shutil.rmtree(self.profile, ignore_errors=True)
