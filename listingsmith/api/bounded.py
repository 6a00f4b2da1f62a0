"""Request bodies read in bounded chunks: a body over `input_limits.upload_bytes` is refused
with 413 before it is all read, and a JSON body nested deeper than a record may be with 422.
A form field a route takes once that comes twice is refused (422) rather than all but the
first left out without a word (a second catalogue or results file)."""

from collections.abc import AsyncGenerator, Callable, Coroutine
from typing import Any

from fastapi import HTTPException, Request, Response
from fastapi.routing import APIRoute

from listingsmith.batch.jsondepth import nesting_depth


async def refuse_repeated(request: Request, names: tuple[str, ...]) -> None:
    """422 naming the first of `names` that the request's form holds more than once."""
    form = await request.form()
    for name in names:
        count = len(form.getlist(name))
        if count > 1:
            message = f"give one {name}; this upload has {count}"
            raise HTTPException(422, {"field": name, "message": message})


# A JSON batch nests its records two levels down: {"products": [record, ...]}.
BATCH_LEVELS = 2


class BoundedRequest(Request):
    """A request whose body stream stops with 413 once it passes the upload limit."""

    async def stream(self) -> AsyncGenerator[bytes, None]:
        """The body's chunks, counted as they arrive."""
        limit = self.app.state.settings.input_limits.upload_bytes
        declared = self.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise _too_large(limit)
        total = 0
        async for chunk in super().stream():
            total += len(chunk)
            if total > limit:
                raise _too_large(limit)
            yield chunk


def _too_large(limit: int) -> HTTPException:
    return HTTPException(413, f"the request body is larger than {limit} bytes")


class BoundedRoute(APIRoute):
    """A route whose body is read through `BoundedRequest`, and whose JSON body's nesting is
    checked before it is parsed."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def bounded(request: Request) -> Response:
            request = BoundedRequest(request.scope, request.receive)
            if "json" in request.headers.get("content-type", ""):
                depth = request.app.state.settings.input_limits.json_depth + BATCH_LEVELS
                body = (await request.body()).decode("utf-8", "replace")
                if nesting_depth(body) > depth:
                    raise HTTPException(422, f"the JSON body is nested deeper than {depth} levels")
            return await handler(request)

        return bounded
