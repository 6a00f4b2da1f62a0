"""What an error response may say: a request that fails validation is a 422 naming each field
and why (never its input: a NaN in the body made the response unserialisable, a 500, and a
large field was echoed whole), and no message names the server's folders (a message of the
libraries under the routes names the job's files by their path on the server)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException

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


def install_error_handlers(app: FastAPI, service_dir: Path) -> None:
    """The app's handlers of refused requests and of HTTP errors (see the module)."""

    async def refused(request: Request, error: Exception) -> Response:
        assert isinstance(error, RequestValidationError)
        return JSONResponse({"detail": validation_problems(error)}, status_code=422)

    async def http_error(request: Request, error: Exception) -> Response:
        assert isinstance(error, HTTPException)
        if isinstance(error.detail, str):
            detail = without_folder(error.detail, service_dir)
            error = HTTPException(error.status_code, detail, getattr(error, "headers", None))
        return await http_exception_handler(request, error)

    app.add_exception_handler(RequestValidationError, refused)
    app.add_exception_handler(HTTPException, http_error)
