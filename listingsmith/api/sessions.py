"""Review page sessions: a signed, expiring cookie that names the caller's key (never holds it)
with a CSRF token, a short-lived token for the login form, and the same-origin check of a POST."""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from urllib.parse import urlsplit

from fastapi import Request, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer

from listingsmith.config import Settings

SESSION_COOKIE = "listingsmith_session"
LOGIN_COOKIE = "listingsmith_login"
# Seconds between opening the login form and sending it.
LOGIN_FORM_TTL_S = 600


@dataclass(frozen=True)
class Session:
    """A signed-in reviewer: the id (name) of their key and the CSRF token of their forms."""

    key_id: str
    csrf: str


class SessionSigner:
    """Signs and reads session and login-form tokens with the settings' secret (a random one
    per start-up when unset)."""

    def __init__(self, settings: Settings) -> None:
        secret = (
            settings.session_secret.get_secret_value()
            if settings.session_secret
            else secrets.token_urlsafe(32)
        )
        self._sessions = URLSafeTimedSerializer(secret, salt="listingsmith.session")
        self._login = URLSafeTimedSerializer(secret, salt="listingsmith.login")
        self.ttl_s = settings.session_ttl_s
        self.force_secure = settings.session_cookie_secure

    def read(self, token: str | None) -> Session | None:
        """The session of a cookie; None when missing, forged or expired."""
        if not token:
            return None
        try:
            data = self._sessions.loads(token, max_age=self.ttl_s)
            return Session(key_id=str(data["kid"]), csrf=str(data["csrf"]))
        except (BadSignature, KeyError, TypeError):
            return None

    def start(self, request: Request, response: Response, key_id: str) -> None:
        """Sign the key's id in: a fresh session (and CSRF token) in the cookie."""
        token = self._sessions.dumps({"kid": key_id, "csrf": secrets.token_urlsafe(24)})
        self._set(request, response, SESSION_COOKIE, token, self.ttl_s)
        response.delete_cookie(LOGIN_COOKIE)

    def login_token(self) -> str:
        """A fresh token for the login form (see `offer_login`)."""
        return self._login.dumps(secrets.token_urlsafe(16))

    def offer_login(self, request: Request, response: Response, token: str) -> None:
        """Set the login form's token as a cookie too: the POST must carry both."""
        self._set(request, response, LOGIN_COOKIE, token, LOGIN_FORM_TTL_S)

    def login_ok(self, request: Request, token: str) -> bool:
        """Whether the login POST carries the token its own form was served with."""
        cookie = request.cookies.get(LOGIN_COOKIE, "")
        if not (token and hmac.compare_digest(cookie.encode(), token.encode())):
            return False
        try:
            self._login.loads(token, max_age=LOGIN_FORM_TTL_S)
        except BadSignature:
            return False
        return True

    def secure(self, request: Request) -> bool:
        """Cookies are Secure over HTTPS, or always when the settings say so (a TLS proxy)."""
        return self.force_secure or request.url.scheme == "https"

    def _set(self, request: Request, response: Response, name: str, value: str, ttl: int) -> None:
        response.set_cookie(
            name,
            value,
            max_age=ttl,
            httponly=True,
            samesite="strict",
            secure=self.secure(request),
        )


def same_origin(request: Request) -> bool:
    """A POST's Origin (or, without one, its Referer) names this host. A browser sends
    `Origin: null` under `Referrer-Policy: no-referrer`; then the CSRF token alone decides."""
    for header in ("origin", "referer"):
        value = request.headers.get(header)
        if value and value != "null":
            return urlsplit(value).netloc == request.url.netloc
    return True


def csrf_ok(session: Session, token: str | None) -> bool:
    """Whether a form's CSRF token is the session's."""
    return bool(token) and hmac.compare_digest(session.csrf.encode(), str(token).encode())
