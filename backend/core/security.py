"""Tokens, password hashes and sealed secrets: the only module that imports python-jose and
argon2."""

import base64
import hashlib
import hmac
import secrets
import uuid
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from cryptography.fernet import Fernet, InvalidToken
from jose import JWTError, jwt

from backend.core.config import get_settings

ALGORITHM = "HS256"
AUDIENCE = "samordna-api"
ISSUER = "samordna"
TOKEN_KINDS = ("user", "service")



@lru_cache
def _hasher() -> PasswordHasher:
    """argon2id with the library's recommended cost; the test suite uses a cheap one."""
    if get_settings().environment == "test":
        return PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    return PasswordHasher()


@lru_cache
def _dummy_hash() -> str:
    return _hasher().hash("samordna-timing-equaliser")


def hash_secret(plain: str) -> str:
    return _hasher().hash(plain)


def verify_secret(plain: str, hashed: str | None) -> bool:
    """Constant-ish time: an unknown account still costs one argon2 verification."""
    try:
        return _hasher().verify(hashed or _dummy_hash(), plain) and hashed is not None
    except (VerificationError, InvalidHashError):
        return False


def new_token(nbytes: int = 32) -> str:
    return secrets.token_urlsafe(nbytes)


def encode_access_token(*, subject: str, session_id: uuid.UUID, kind: str,
                        expires_in: timedelta) -> str:
    now = datetime.now(UTC)
    claims: dict[str, Any] = {
        "sub": subject, "sid": str(session_id), "kind": kind, "iss": ISSUER, "aud": AUDIENCE,
        "iat": int(now.timestamp()), "exp": int((now + expires_in).timestamp()),
    }
    return jwt.encode(claims, get_settings().secret_key, algorithm=ALGORITHM)


def decode_access_token(token: str) -> dict[str, Any] | None:
    """The claims of a valid token, or None for anything forged, expired or malformed."""
    try:
        claims = jwt.decode(
            token, get_settings().secret_key, algorithms=[ALGORITHM], audience=AUDIENCE,
            issuer=ISSUER,
            options={"require_exp": True, "require_aud": True, "require_iss": True,
                     "require_sub": True},
        )
    except (JWTError, ValueError):
        return None
    # Signed by us, yet the claims must still have the shape resolve() relies on.
    try:
        claims["sid"] = str(uuid.UUID(claims["sid"]))
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
    if claims.get("kind") not in TOKEN_KINDS or not isinstance(claims.get("sub"), str):
        return None
    return claims


def client_address_signature(address: str) -> str:
    """What the web frontend sends beside the browser's address so the API may trust it."""
    key = get_settings().secret_key.encode()
    return hmac.new(key, f"client-address:{address}".encode(), hashlib.sha256).hexdigest()


def trusted_client_address(address: str | None, signature: str | None) -> str | None:
    """The forwarded address when its signature is right, else None."""
    if not address or not signature or len(address) > 100:
        return None
    return address if hmac.compare_digest(client_address_signature(address), signature) else None


def _sealer() -> Fernet:
    digest = hashlib.sha256(b"samordna-sealed-secret:" + get_settings().secret_key.encode())
    return Fernet(base64.urlsafe_b64encode(digest.digest()))


def seal_secret(plain: str) -> str:
    """A secret we must send on later (an OpenID client secret), encrypted with SECRET_KEY."""
    return _sealer().encrypt(plain.encode()).decode()


def open_secret(sealed: str) -> str | None:
    """The sealed secret, or None when SECRET_KEY has changed since it was sealed."""
    try:
        return _sealer().decrypt(sealed.encode()).decode()
    except InvalidToken:
        return None
