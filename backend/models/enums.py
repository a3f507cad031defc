"""Vocabularies shared by the tables and the domains (stored as plain strings)."""

from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"
    COORDINATOR = "coordinator"
    CONTACT_PERSON = "contact_person"
    COMMITTEE = "committee"
    COUNCIL = "council"
    VIEWER = "viewer"


UNIT_ROLES = frozenset({Role.CONTACT_PERSON, Role.COMMITTEE})


class UnitKind(StrEnum):
    COMMITTEE = "committee"
    ADMINISTRATION = "administration"
    COMPANY = "company"


class CycleState(StrEnum):
    PLANNED = "planned"
    OPEN = "open"
    COMPILED = "compiled"
    ADOPTED = "adopted"


class ReportState(StrEnum):
    DRAFT = "draft"
    COMMITTEE_REVIEW = "committee_review"
    COMMITTEE_APPROVED = "committee_approved"
    SUBMITTED = "submitted"
    ACCEPTED = "accepted"
    RETURNED = "returned"
    EXEMPTED = "exempted"


class ActivityKind(StrEnum):
    EU_PROJECT = "eu_project"
    OTHER_PROJECT = "other_project"
    NETWORK = "network"
    TWIN_TOWN = "twin_town"
    STUDY_VISIT = "study_visit"
    EXCHANGE = "exchange"
    COMPETENCE_DEVELOPMENT = "competence_development"
    MONITORING = "monitoring"
    ADVOCACY = "advocacy"


class Programme(StrEnum):
    ERASMUS_PLUS = "erasmus_plus"
    INTERREG = "interreg"
    ESF_PLUS = "esf_plus"
    ERDF = "erdf"
    HORIZON_EUROPE = "horizon_europe"
    LIFE = "life"
    CREATIVE_EUROPE = "creative_europe"
    AMIF = "amif"
    OTHER = "other"
    NONE = "none"


class Benefit(StrEnum):
    KNOWLEDGE = "knowledge"
    NEW_METHODS = "new_methods"
    STRATEGIC_PARTNERSHIPS = "strategic_partnerships"
    INFLUENCE = "influence"
    ATTRACTIVENESS = "attractiveness"
    EXTERNAL_FUNDING = "external_funding"


class ActivityStatus(StrEnum):
    PLANNED = "planned"
    ONGOING = "ongoing"
    COMPLETED = "completed"


class OutboxStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"
