"""API keys with roles and tenants, read from a YAML file the operator keeps."""

from __future__ import annotations

import hmac
from enum import StrEnum
from pathlib import Path

import yaml
from pydantic import BaseModel


class Role(StrEnum):
    """What a key may do: sellers see their own tenant only."""

    SELLER = "seller"
    REVIEWER = "reviewer"
    AUDITOR = "auditor"
    ADMIN = "admin"


class Principal(BaseModel):
    """Who is calling."""

    name: str
    role: Role
    tenant: str | None = None


class KeyRing:
    """The keys file: `keys: [{key, name, role, tenant}]`; a key's name is its id (what a
    review page session names), so names are unique."""

    def __init__(self, principals: dict[str, Principal]) -> None:
        self._principals = principals

    @classmethod
    def load(cls, path: Path) -> KeyRing:
        """Read the keys file; a seller key must name its tenant, and no two keys share a name."""
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        principals = {}
        for entry in raw.get("keys", []):
            principal = Principal(
                name=entry["name"], role=entry["role"], tenant=entry.get("tenant")
            )
            if principal.role is Role.SELLER and not principal.tenant:
                raise ValueError(f"{path}: seller key {principal.name!r} has no tenant")
            if any(p.name == principal.name for p in principals.values()):
                raise ValueError(f"{path}: two keys are named {principal.name!r}")
            principals[str(entry["key"])] = principal
        return cls(principals)

    def find(self, key: str | None) -> Principal | None:
        """The principal of a key, compared in constant time."""
        if not key:
            return None
        for known, principal in self._principals.items():
            if hmac.compare_digest(known.encode(), key.encode()):
                return principal
        return None

    def named(self, key_id: str) -> Principal | None:
        """The principal of a key by its id (name), for a signed session."""
        return next((p for p in self._principals.values() if p.name == key_id), None)
