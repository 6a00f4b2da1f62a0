"""The Ed25519 key that signs the audit chain's head: the private key in a file of its own,
outside every audit database (created with mode 0600 on first use), and its public key beside
it (FILE.pub), which is all `audit verify --key` needs."""

from __future__ import annotations

import base64
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
    load_pem_private_key,
    load_pem_public_key,
)


class KeyFileError(ValueError):
    """A key file is missing, unreadable, not an Ed25519 key, or open to other users."""


def public_key_path(private_path: Path) -> Path:
    """Where the public key of a private key file lives: beside it, FILE.pub."""
    return private_path.with_name(private_path.name + ".pub")


def fingerprint(public: Ed25519PublicKey) -> str:
    """sha256:HEX of the raw public key: names the key in every anchor and in run.json."""
    raw = public.public_bytes(Encoding.Raw, PublicFormat.Raw)
    return "sha256:" + hashlib.sha256(raw).hexdigest()


@dataclass(frozen=True)
class Signer:
    """A loaded private key and its public key's fingerprint."""

    key: Ed25519PrivateKey
    fingerprint: str

    def sign(self, message: bytes) -> str:
        """The signature of `message`, base64."""
        return base64.b64encode(self.key.sign(message)).decode("ascii")


def signature_valid(public: Ed25519PublicKey, message: bytes, signature: str) -> bool:
    """Whether `signature` (base64) is this key's signature of `message`."""
    try:
        public.verify(base64.b64decode(signature, validate=True), message)
    except (InvalidSignature, ValueError):
        return False
    return True


def _write_once(path: Path, data: bytes, mode: int) -> None:
    """Write a file atomically with `mode`, unless it exists (a concurrent first use wins)."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        os.write(handle, data)
        os.fsync(handle)
    finally:
        os.close(handle)
    try:
        os.link(temporary, path)
    except FileExistsError:
        pass
    finally:
        temporary.unlink()


def load_or_create_signer(path: Path) -> Signer:
    """The private key at `path`, created (0600, folder 0700) if there is none; writes its
    public key beside it when missing. Refuses a key file that others may read."""
    if not path.exists():
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        pem = Ed25519PrivateKey.generate().private_bytes(
            Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()
        )
        _write_once(path, pem, 0o600)
    mode = path.stat().st_mode & 0o777
    if mode & 0o077:
        raise KeyFileError(
            f"audit signing key {path} is open to other users (mode {mode:o}): chmod 600 it"
        )
    try:
        key = load_pem_private_key(path.read_bytes(), password=None)
    except (OSError, ValueError, TypeError) as error:
        raise KeyFileError(f"audit signing key {path}: {error}") from error
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyFileError(f"audit signing key {path} is not an Ed25519 private key")
    public = key.public_key()
    if not public_key_path(path).exists():
        pem = public.public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)
        _write_once(public_key_path(path), pem, 0o644)
    return Signer(key, fingerprint(public))


def load_public_key(path: Path) -> Ed25519PublicKey:
    """An Ed25519 public key from a PEM file (FILE.pub)."""
    try:
        key = load_pem_public_key(path.read_bytes())
    except (OSError, ValueError, TypeError) as error:
        raise KeyFileError(f"public key {path}: {error}") from error
    if not isinstance(key, Ed25519PublicKey):
        raise KeyFileError(f"public key {path} is not an Ed25519 public key")
    return key
