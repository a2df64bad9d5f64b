"""An Open Referral HSDS API served from 127.0.0.1 for the tests: paged `/services`, full
records at `/services/{id}`, and faults (a slow page, a 500, a malformed page, a dropped
connection) injected per path."""

from __future__ import annotations

import json
import math
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from navigator.directory.demo import DEMO_PATH
from navigator.directory.hsds import api

RECORDS: list[dict[str, Any]] = json.loads(DEMO_PATH.read_text(encoding="utf-8"))


class Directory:
    """What the fake API serves, and the faults it injects, each used once per path."""

    def __init__(self, records: list[dict[str, Any]]) -> None:
        self.records = records
        self.faults: dict[str, list[str]] = {}
        self.requests: list[str] = []
        self.brief = False
        # Bodies made once and served as they are, by request path: a large directory's pages.
        self.ready: dict[str, bytes] = {}

    def make_ready(self, per_page: int) -> None:
        """Every page and full record as JSON now, so serving them costs no time in a test."""
        pages = math.ceil(len(self.records) / per_page)
        for page in range(1, pages + 1):
            chunk = self.records[(page - 1) * per_page : page * per_page]
            body = {"total_items": len(self.records), "total_pages": pages, "contents": chunk}
            self.ready[f"/services?page={page}&per_page={per_page}"] = json.dumps(body).encode()


def handler_for(directory: Directory) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            directory.requests.append(self.path)
            parts = urlsplit(self.path)
            faults = directory.faults.get(parts.path + "?" + parts.query) or directory.faults.get(
                parts.path
            )
            fault = faults.pop(0) if faults else None
            if fault == "slow":
                time.sleep(1.0)
            elif fault == "500":
                self.send_error(500, "Internal Server Error")
                return
            elif fault == "drop":
                self.close_connection = True
                self.connection.close()
                return
            if self.path in directory.ready:
                self.send_body(directory.ready[self.path], fault)
                return
            if parts.path == "/services":
                query = parse_qs(parts.query)
                page, per = int(query["page"][0]), int(query["per_page"][0])
                chunk = directory.records[(page - 1) * per : page * per]
                if directory.brief:
                    chunk = [{"id": r["id"], "name": r["name"]} for r in chunk]
                body: Any = {
                    "total_items": len(directory.records),
                    "total_pages": math.ceil(len(directory.records) / per),
                    "page_number": page,
                    "size": len(chunk),
                    "contents": chunk,
                }
            elif parts.path.startswith("/services/"):
                wanted = parts.path.rsplit("/", 1)[1]
                body = next(r for r in directory.records if r["id"] == wanted)
            else:
                self.send_error(404)
                return
            self.send_body(json.dumps(body).encode(), fault)

        def send_body(self, data: bytes, fault: str | None) -> None:
            if fault == "malformed":
                data = data[: len(data) // 2]  # cut off mid-record, as a proxy might
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            try:
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client stopped waiting for a slow page, as it should

    return Handler


@contextmanager
def serving(directory: Directory) -> Iterator[str]:
    """`directory` served on 127.0.0.1 for the block; its address."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(directory))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def quick_api(monkeypatch: pytest.MonkeyPatch) -> None:
    """Short pages, timeout and back-off, so a slow page and retries cost a test little time."""
    monkeypatch.setattr(api, "PER_PAGE", 50)
    monkeypatch.setattr(api, "TIMEOUT_SECONDS", 0.4)
    monkeypatch.setattr(api, "BACKOFF_SECONDS", 0.01)


@contextmanager
def serve_directory(
    monkeypatch: pytest.MonkeyPatch, records: list[dict[str, Any]] = RECORDS
) -> Iterator[tuple[str, Directory]]:
    """The API's address and what it serves, with short pages, timeouts and back-off."""
    quick_api(monkeypatch)
    directory = Directory(records)
    with serving(directory) as url:
        yield url, directory


def unused_address() -> str:
    """A port on 127.0.0.1 that nothing listens on: refused at once, like a machine offline."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def unknown_host() -> str:
    """A name no server can have (".invalid" is reserved for that): its look-up fails at once."""
    return "http://directory.invalid"


# Each way a server cannot be reached, how to provoke it, and the plain words that say so.
UNREACHABLE = [
    pytest.param(unused_address, "the connection was refused", id="refused"),
    pytest.param(unknown_host, "no server by that name could be found", id="unknown-name"),
]
