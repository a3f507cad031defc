"""A user changing their own password."""

from sqlmodel import Session, col, select

from backend.audit import service as audit
from backend.auth.principal import Principal
from backend.core.errors import Forbidden, Invalid
from backend.core.security import hash_secret, verify_secret
from backend.models import AuthSession, User
from backend.models.base import utcnow


def change_own_password(*, session: Session, principal: Principal, current: str,
                        new: str) -> None:
    """Set a new password when the current one is right; other sessions end at once."""
    if principal.is_service:
        raise Forbidden("A service account has a client secret, not a password")
    user = session.get(User, principal.id)
    assert user is not None  # the principal was resolved from this row in this request
    if not verify_secret(current, user.password_hash):
        raise Invalid("The current password is wrong",
                      fields={"current_password": "wrong password"})
    if current == new:
        raise Invalid("The new password is the same as the current one",
                      fields={"new_password": "same as the current password"})
    user.password_hash = hash_secret(new)
    user.version += 1
    now = utcnow()
    for other in session.exec(select(AuthSession).where(
            AuthSession.user_id == user.id, AuthSession.id != principal.session_id,
            col(AuthSession.revoked_at).is_(None))):
        other.revoked_at = now
    audit.record(session=session, principal=principal, action="user.password_changed",
                 object_type="user", object_id=user.id, organisation_id=None)
    session.flush()
