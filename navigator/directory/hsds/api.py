"""Pull a directory from an Open Referral HSDS API (`/services?page=&per_page=`, `/services/{id}`).

Every page is fetched before anything is read, with a timeout and retries with back-off, so a
pull that fails midway changes nothing; the result is read like a package and goes through the
same diff and one-transaction apply.
"""

from __future__ import annotations

import json
import logging
import socket
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from http.client import HTTPException
from typing import Any

from navigator.directory.hsds import json3
from navigator.directory.hsds.limits import MAX_ROWS, MAX_UNPACKED_BYTES
from navigator.directory.hsds.problems import PackageError, ProblemLog
from navigator.directory.hsds.reader import ReadResult, limit_services

log = logging.getLogger("navigator.directory.hsds")

PER_PAGE = 100
TIMEOUT_SECONDS = 15.0
RETRIES = 3
BACKOFF_SECONDS = 1.0  # doubled after each failed try
MAX_PAGES = MAX_ROWS // PER_PAGE
CANCEL_CHECK_SECONDS = 0.2  # how often a wait between tries looks for Cancel


def is_url(text: str) -> bool:
    return text.lower().startswith(("http://", "https://"))


def source_name(url: str) -> str:
    """The source an API stands for: its host (and path, for several directories on one host)."""
    parts = urllib.parse.urlsplit(url)
    path = parts.path.strip("/").replace("/", "-")
    return parts.netloc + (f"-{path}" if path else "")


class Fetcher:
    def __init__(
        self,
        timeout: float | None = None,
        retries: int | None = None,
        backoff: float | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        # Read at call time, so a clinic on a slow line (or a test) can change them.
        self.timeout = TIMEOUT_SECONDS if timeout is None else timeout
        self.retries = RETRIES if retries is None else retries
        self.backoff = BACKOFF_SECONDS if backoff is None else backoff
        self.sleep = sleep

    def json(self, url: str, cancelled: Callable[[], bool] | None = None) -> Any:
        """A JSON document from `url`, retried on time-outs, dropped connections and 5xx.
        `cancelled` is asked before each try and during each wait between tries."""
        host = urllib.parse.urlsplit(url).netloc
        delay = self.backoff
        for attempt in range(1, self.retries + 1):
            _stop_if(cancelled)
            try:
                request = urllib.request.Request(url, headers={"Accept": "application/json"})
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    body = response.read(MAX_UNPACKED_BYTES + 1)
                if len(body) > MAX_UNPACKED_BYTES:
                    raise PackageError(f"{host} sent more than any directory page holds.")
                return json.loads(body.decode("utf-8-sig"))
            except urllib.error.HTTPError as error:
                if error.code < 500 or attempt == self.retries:
                    raise PackageError(
                        f"{host} answered {error.code} ({error.reason}) for "
                        f"{_path(url)}. Check the address; nothing was changed."
                    ) from None
            except (json.JSONDecodeError, UnicodeDecodeError):
                if attempt == self.retries:
                    raise PackageError(
                        f"{host} sent a page that is not valid JSON ({_path(url)}). Try again "
                        "later; nothing was changed."
                    ) from None
            except (urllib.error.URLError, TimeoutError, HTTPException, OSError) as error:
                if attempt == self.retries:
                    raise PackageError(
                        f"Could not reach {host}: {self._why_unreachable(error)}. Check the "
                        "address and the internet connection, then try again; nothing was "
                        "changed."
                    ) from None
            log.info("retrying %s in %.1f s (try %d failed)", _path(url), delay, attempt)
            self._wait(delay, cancelled)
            delay *= 2
        raise AssertionError("unreachable")

    def _wait(self, seconds: float, cancelled: Callable[[], bool] | None) -> None:
        """The back-off; in short steps when it can be cancelled, so Cancel need not wait."""
        if cancelled is None:
            self.sleep(seconds)
            return
        while seconds > 0:
            _stop_if(cancelled)
            step = min(seconds, CANCEL_CHECK_SECONDS)
            self.sleep(step)
            seconds -= step

    def _why_unreachable(self, error: BaseException) -> str:
        """Why a server could not be reached, in plain words: the OS's own ("[Errno 111]
        Connection refused") mean nothing to a coordinator. The cause is logged as the OS
        says it, for whoever supports the clinic."""
        reason = error.reason if isinstance(error, urllib.error.URLError) else error
        log.info("could not reach the server: %r", reason)
        if isinstance(reason, ssl.SSLCertVerificationError):
            return "its security certificate could not be checked"
        if isinstance(reason, socket.gaierror):
            return "no server by that name could be found"
        if isinstance(reason, ConnectionRefusedError):
            return "the connection was refused"
        if isinstance(reason, TimeoutError) or "timed out" in str(reason):
            return f"it did not answer within {self.timeout:g} seconds"
        if isinstance(reason, (ConnectionError, HTTPException)):
            return "the connection was dropped"
        return "the connection failed"


def _stop_if(cancelled: Callable[[], bool] | None) -> None:
    if cancelled is not None and cancelled():
        from navigator.directory.store import ImportCancelled

        raise ImportCancelled()


def _path(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def read_api(
    url: str,
    fetcher: Fetcher | None = None,
    progress: Callable[[str, float], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ReadResult:
    """Every service the API lists, full records, read like a package."""
    fetcher = fetcher or Fetcher()
    base = url.rstrip("/")
    if base.endswith("/services"):
        base = base[: -len("/services")]
    items: list[Any] = []
    page, pages = 1, 1
    while page <= pages:
        # Cancel is looked for before every request and during every wait: a page of brief
        # listings is a hundred requests, and a failing server's retries wait seconds each.
        document = fetcher.json(f"{base}/services?page={page}&per_page={PER_PAGE}", cancelled)
        if not isinstance(document, dict) or not isinstance(document.get("contents"), list):
            raise PackageError(
                f"Page {page} from {source_name(url)} is not an HSDS services page (it has no "
                "contents). Check the address; nothing was changed."
            )
        total = document.get("total_pages")
        pages = min(total, MAX_PAGES) if isinstance(total, int) and total > 0 else page
        for item in document["contents"]:
            if isinstance(item, dict) and _brief(item) and item.get("id") is not None:
                item = fetcher.json(
                    f"{base}/services/{urllib.parse.quote(str(item['id']))}", cancelled
                )
            items.append(item)
        if progress:
            progress(f"Fetched page {page} of {pages}", 0.3 * page / max(pages, 1))
        page += 1
    problems = ProblemLog()
    name = source_name(url)
    services = json3.read_documents([(name, items)], problems, name)
    return ReadResult(limit_services(services, name, problems), problems.finish(), "hsds3-api")


def _brief(item: dict[str, Any]) -> bool:
    """A listing entry without the nested records a full service has."""
    return not any(key in item for key in ("phones", "service_at_locations", "schedules"))
