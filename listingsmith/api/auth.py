"""Who is calling (X-API-Key header or the review page's cookie) and what their role may do."""
# No "from __future__ import annotations": FastAPI must see the types in the signatures.

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import APIKeyCookie, APIKeyHeader

from listingsmith.api.keys import Principal, Role

header_key = APIKeyHeader(name="X-API-Key", auto_error=False)
cookie_key = APIKeyCookie(name="listingsmith_key", auto_error=False)


def caller(
    request: Request,
    key: Annotated[str | None, Depends(header_key)],
    cookie: Annotated[str | None, Depends(cookie_key)],
) -> Principal:
    """The principal of the request's key; 401 without a known one."""
    principal = request.app.state.ring.find(key or cookie)
    if principal is None:
        raise HTTPException(401, "missing or unknown API key")
    return principal


def allow(*roles: Role) -> Callable[[Principal], Principal]:
    """A dependency that lets only these roles through (403 for the others)."""

    def check(principal: Annotated[Principal, Depends(caller)]) -> Principal:
        if principal.role not in roles:
            raise HTTPException(403, f"role {principal.role.value} may not do this")
        return principal

    return check
