"""What an error response may say: a request that fails validation is a 422 naming each field
and why (never its input: a NaN in the body made the response unserialisable, a 500, and a
large field was echoed whole; any HTTP error's texts are clipped), and no message names the
server's folders (a message of the libraries under the routes names the job's files by their
path on the server). A job's
failures (its error, its failed products, a failed listing's reason) are exceptions' own words:
what a client reads of them names no path on the server and no URL's password."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException

from listingsmith.config import without_url_password

# Characters of one validation message.
MESSAGE_CHARS = 300


def validation_problems(error: RequestValidationError) -> list[dict[str, Any]]:
    """Each problem's type, location and message (clipped), without the input it refused."""
    return [
        {
            "type": str(problem.get("type", "")),
            "loc": [part if isinstance(part, int) else str(part) for part in problem["loc"]],
            "msg": str(problem.get("msg", ""))[:MESSAGE_CHARS],
        }
        for problem in error.errors()
    ]


def without_folder(text: str, folder: Path) -> str:
    """`text` with the server folder `folder` (its absolute and resolved paths) left out of
    the paths in it: 'in /srv/svc/jobs/ab12/state.sqlite' -> 'in jobs/ab12/state.sqlite'."""
    for shown in sorted({str(folder.resolve()), str(folder.absolute())}, key=len, reverse=True):
        text = text.replace(shown.rstrip("/") + "/", "").replace(shown, ".")
    return text


# The folders of an absolute path (or one under ~, or a file:// URL's, its scheme and host with
# them) in a message, not a web URL's path: "'/var/lib/models/tokenizer.json'" and
# "file:///var/lib/models/tokenizer.json" -> "tokenizer.json".
_SERVER_FOLDERS = re.compile(
    r"(?:\bfile://[\w.-]*(?=/)|(?<![\w.:/~-])~?)/(?:[^\s/'\"`(),;:<>]+/)+", re.IGNORECASE
)


def without_server_paths(text: str, folder: Path) -> str:
    """`text` as a client may read it: the service folder's paths relative to it
    (`without_folder`), any other absolute path cut to its file name, URL passwords masked."""
    return without_url_password(_SERVER_FOLDERS.sub("", without_folder(text, folder)))


def shown_job(job: dict[str, Any], folder: Path) -> dict[str, Any]:
    """A job's row as a client reads it: its error and failed products' messages without
    server paths (`without_server_paths`)."""
    shown = dict(job)
    if isinstance(shown.get("error"), str):
        shown["error"] = without_server_paths(shown["error"], folder)
    report = shown.get("report")
    if isinstance(report, dict) and isinstance(report.get("failed_products"), dict):
        failed = {
            sku: without_server_paths(said, folder) if isinstance(said, str) else said
            for sku, said in report["failed_products"].items()
        }
        shown["report"] = {**report, "failed_products": failed}
    return shown


def shown_listing(row: dict[str, Any], folder: Path) -> dict[str, Any]:
    """A listings.jsonl row as a client reads it: a failed listing's reason (its error)
    without server paths."""
    if row.get("status") != "failed" or not isinstance(row.get("reason"), str):
        return row
    return {**row, "reason": without_server_paths(row["reason"], folder)}


def shown_detail(detail: Any, folder: Path) -> Any:
    """An HTTP error's detail as a client reads it: every text in it (at any depth) clipped to
    MESSAGE_CHARS, so no refused input comes back whole (an upload's 500 kB `audiences` came
    back in its message), and without the service folder's paths."""
    if isinstance(detail, str):
        text = without_folder(detail, folder)
        return text if len(text) <= MESSAGE_CHARS else text[: MESSAGE_CHARS - 1] + "…"
    if isinstance(detail, dict):
        return {key: shown_detail(value, folder) for key, value in detail.items()}
    if isinstance(detail, list | tuple):
        return [shown_detail(value, folder) for value in detail]
    return detail


def install_error_handlers(app: FastAPI, service_dir: Path) -> None:
    """The app's handlers of refused requests and of HTTP errors (see the module)."""

    async def refused(request: Request, error: Exception) -> Response:
        assert isinstance(error, RequestValidationError)
        return JSONResponse({"detail": validation_problems(error)}, status_code=422)

    async def http_error(request: Request, error: Exception) -> Response:
        assert isinstance(error, HTTPException)
        detail = shown_detail(error.detail, service_dir)
        error = HTTPException(error.status_code, detail, getattr(error, "headers", None))
        return await http_exception_handler(request, error)

    app.add_exception_handler(RequestValidationError, refused)
    app.add_exception_handler(HTTPException, http_error)
