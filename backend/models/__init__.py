"""All tables, imported here so Alembic and the app see one metadata."""

from backend.models.audit import AuditEvent, FeedCounter, FeedEvent
from backend.models.auth import AuthSession, LoginFailure, PasswordLink, ServiceAccount
from backend.models.compilation import Compilation, CompilationPdf
from backend.models.cycle import Cycle, CycleTransition
from backend.models.identity import ExternalIdentity, IdentityProvider, SignInAttempt
from backend.models.notification import OutboxMessage, Webhook
from backend.models.organisation import (
    Invitation,
    Membership,
    Organisation,
    StrategicArea,
    Unit,
    User,
)
from backend.models.reminder import ReminderScan
from backend.models.report import (
    Activity,
    ActivityCountry,
    ActivityStrategicArea,
    Report,
    ReportTransition,
)

__all__ = [
    "Activity",
    "ActivityCountry",
    "ActivityStrategicArea",
    "AuditEvent",
    "AuthSession",
    "Compilation",
    "CompilationPdf",
    "Cycle",
    "CycleTransition",
    "ExternalIdentity",
    "FeedCounter",
    "FeedEvent",
    "Invitation",
    "IdentityProvider",
    "LoginFailure",
    "Membership",
    "Organisation",
    "PasswordLink",
    "OutboxMessage",
    "ReminderScan",
    "Report",
    "ReportTransition",
    "ServiceAccount",
    "SignInAttempt",
    "StrategicArea",
    "Unit",
    "User",
    "Webhook",
]
