"""Who is calling and what their role may do: the JSON API by its X-API-Key header only, the
review page by its signed session cookie, each page POST by its CSRF token and origin."""
# No "from __future__ import annotations": FastAPI must see the types in the signatures.

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import APIKeyHeader

from listingsmith.api.keys import Principal, Role
from listingsmith.api.sessions import SESSION_COOKIE, csrf_ok, same_origin

header_key = APIKeyHeader(name="X-API-Key", auto_error=False)


def caller(request: Request, key: Annotated[str | None, Depends(header_key)]) -> Principal:
    """The principal of the request's API key; 401 without a known one."""
    principal = request.app.state.ring.find(key)
    if principal is None:
        raise HTTPException(401, "missing or unknown API key")
    return principal


def permit(principal: Principal, roles: tuple[Role, ...]) -> Principal:
    """The principal when its role is one of these; 403 otherwise."""
    if principal.role not in roles:
        raise HTTPException(403, f"role {principal.role.value} may not do this")
    return principal


def allow(*roles: Role) -> Callable[[Principal], Principal]:
    """A dependency that lets only these roles through (403 for the others)."""

    def check(principal: Annotated[Principal, Depends(caller)]) -> Principal:
        return permit(principal, roles)

    return check


@dataclass(frozen=True)
class SignedIn:
    """A review page visitor: their principal and the CSRF token their forms carry."""

    principal: Principal
    csrf: str


def signed_in(*roles: Role) -> Callable[[Request], Awaitable[SignedIn]]:
    """A page dependency: a valid session of one of these roles (401/403), and on a POST the
    session's CSRF token in the form and a same-origin request (403)."""

    async def check(request: Request) -> SignedIn:
        session = request.app.state.sessions.read(request.cookies.get(SESSION_COOKIE))
        principal = request.app.state.ring.named(session.key_id) if session else None
        if principal is None:
            raise HTTPException(401, "not signed in: sign in at /login")
        permit(principal, roles)
        if request.method == "POST":
            form = await request.form()
            if not (same_origin(request) and csrf_ok(session, form.get("csrf"))):
                raise HTTPException(403, "cross-site request refused: reload the page")
        return SignedIn(principal, session.csrf)

    return check
