"""Writing the audit log: who did what to which object, in the same transaction."""

import uuid
from typing import Any

from sqlmodel import Session

from backend.auth.principal import Principal
from backend.models import AuditEvent


def record(*, session: Session, principal: Principal | None, action: str, object_type: str,
           object_id: uuid.UUID | None, organisation_id: uuid.UUID | None,
           detail: dict[str, Any] | None = None) -> None:
    session.add(AuditEvent(
        organisation_id=organisation_id,
        actor_user_id=principal.user_id if principal else None,
        actor_service_account_id=principal.service_account_id if principal else None,
        action=action, object_type=object_type, object_id=object_id, detail=detail or {},
    ))
