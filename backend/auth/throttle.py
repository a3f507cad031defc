"""Throttling wrong passwords without locking anyone out (ASVS 6.3, like Entra's smart lockout).

Failures are counted per (account, address) and per address, never per account alone: an
attacker's guesses slow down and then stop the attacker's address, while the real person
signing in from anywhere else is not affected. The delay is not a sleep on the server (that
would let the attacker tie up our workers); a guess that comes too early is answered 429 with
`Retry-After` before any password is hashed, and is not counted.
"""

import hashlib
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session

from backend.auth import repository
from backend.core.errors import TooManyRequests
from backend.models import LoginFailure
from backend.models.base import utcnow

WINDOW = timedelta(minutes=15)


@dataclass(frozen=True)
class Limit:
    """`free` failures cost nothing; then each waits twice as long; `refuse` stops the key."""

    free: int
    refuse: int
    max_delay: timedelta

    def wait(self, count: int, first: datetime, last: datetime, now: datetime) -> float:
        """Seconds until the next guess may be tried (0 when it may be tried now)."""
        if count >= self.refuse:
            # A sliding window: the oldest failure leaves it, one more guess is allowed.
            return (first + WINDOW - now).total_seconds()
        if count < self.free:
            return 0.0
        delay = min(timedelta(seconds=2 ** (count - self.free)), self.max_delay)
        return (last + delay - now).total_seconds()


# One account from one address: three tries, then 1, 2, 4 … 60 s apart; after ten, none
# until the oldest leaves the window.
PER_ACCOUNT_AND_ADDRESS = Limit(free=3, refuse=10, max_delay=timedelta(seconds=60))
# One address across accounts (password spraying): more room, for offices behind one NAT.
PER_ADDRESS = Limit(free=30, refuse=50, max_delay=timedelta(seconds=10))


def keys(account: str, address: str) -> tuple[str, str]:
    """The (account, address) key and the address key; `account` is e.g. `account:EMAIL`."""
    # Hashed: an e-mail address and an IPv6 address together may not fit the key column.
    pair = hashlib.sha256(f"{account}\n{address}".encode()).hexdigest()
    return f"pair:{pair}", f"address:{address}"


def check(session: Session, pair_key: str, address_key: str) -> None:
    """Raise 429 with Retry-After while either key has to wait."""
    now = utcnow()
    stats = repository.failure_stats(session, [pair_key, address_key], now - WINDOW)
    waits = [limit.wait(*stats[key], now)
             for key, limit in ((pair_key, PER_ACCOUNT_AND_ADDRESS),
                                (address_key, PER_ADDRESS)) if key in stats]
    wait = max(waits, default=0.0)
    if wait > 0:
        raise TooManyRequests("Too many failed attempts from this address; try again later",
                              retry_after=max(1, math.ceil(wait)))


def record_failure(session: Session, pair_key: str, address_key: str) -> None:
    repository.clear_failures(session, pair_key, address_key, before=utcnow() - WINDOW)
    session.add(LoginFailure(key=pair_key))
    session.add(LoginFailure(key=address_key))
    session.flush()


def record_success(session: Session, pair_key: str) -> None:
    """Only this account from this address starts afresh; the address's count stands."""
    repository.clear_failures(session, pair_key)
