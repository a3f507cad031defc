"""/organisations/{id}/invitations (the admin) and /me/invitations (the invited person)."""

import uuid

from fastapi import APIRouter, Response

from backend.auth.deps import CurrentPrincipal
from backend.auth.policies import require_role, require_visible
from backend.core.deps import SessionDep
from backend.core.schemas import Page
from backend.models import Invitation
from backend.models.base import utcnow
from backend.models.enums import Role
from backend.notifications.smtp import MailerDep
from backend.organisations import invitation_repository as repository
from backend.organisations import invitations
from backend.organisations.endpoints import errors
from backend.organisations.repository import unit as load_unit
from backend.organisations.schemas import (
    InvitationCreate,
    InvitationPublic,
    MyInvitationPublic,
    RolePublic,
)
from backend.organisations.user_endpoints import role_public

router = APIRouter(tags=["invitations"])

MAIL_ERROR = {503: {"description": "The e-mail could not be sent; nothing was saved"}}
ANSWER_ERRORS = {**errors("invitation"),
                 410: {"description": "Already answered, withdrawn or expired"}}


def invitation_public(invitation: Invitation, unit_name: str | None) -> InvitationPublic:
    return InvitationPublic(
        id=invitation.id, organisation_id=invitation.organisation_id, email=invitation.email,
        role=invitation.role, unit_id=invitation.unit_id, unit_name=unit_name,
        status=invitations.status_of(invitation, utcnow()),  # type: ignore[arg-type]
        created_at=invitation.created_at, expires_at=invitation.expires_at)


@router.post("/organisations/{organisation_id}/invitations", response_model=InvitationPublic,
             status_code=201, responses={**errors("organisation"), **MAIL_ERROR},
             summary="Invite a person")
def invite(organisation_id: uuid.UUID, body: InvitationCreate, principal: CurrentPrincipal,
           session: SessionDep, mailer: MailerDep) -> InvitationPublic:
    """Admin: offer a role in your organisation to an e-mail address — also to a person who
    already works in another organisation of the region. The person accepts it under
    `/me/invitations`. An address new to Samordna gets an account and a link to choose a
    password; a known one an e-mail to sign in. The answer is the same in both cases and
    says nothing about other organisations. A new invitation to the same role replaces an
    unanswered one. Invitations expire after `INVITATION_DAYS` (14)."""
    invitation = invitations.invite(session=session, principal=principal,
                                    organisation_id=organisation_id, data=body, mailer=mailer)
    unit = load_unit(session, invitation.unit_id) if invitation.unit_id else None
    return invitation_public(invitation, unit.name if unit else None)


@router.get("/organisations/{organisation_id}/invitations",
            response_model=Page[InvitationPublic], responses=errors("organisation"),
            summary="The organisation's invitations")
def list_invitations(organisation_id: uuid.UUID, principal: CurrentPrincipal,
                     session: SessionDep) -> Page[InvitationPublic]:
    """Admin: the 200 latest invitations, newest first, each with its status."""
    require_visible(organisation_id in principal.organisation_ids(), "The organisation")
    require_role(principal, Role.ADMIN, organisation_id)
    rows = repository.of_organisation(session, organisation_id, limit=200)
    return Page[InvitationPublic](items=[invitation_public(i, u) for i, u in rows])


@router.delete("/organisations/{organisation_id}/invitations/{invitation_id}",
               status_code=204, responses=errors("invitation"), summary="Withdraw an invitation")
def revoke_invitation(organisation_id: uuid.UUID, invitation_id: uuid.UUID,
                      principal: CurrentPrincipal, session: SessionDep) -> Response:
    """Admin: an unanswered invitation stops working at once (409 once answered)."""
    invitations.revoke(session=session, principal=principal, organisation_id=organisation_id,
                       invitation_id=invitation_id)
    return Response(status_code=204)


@router.get("/me/invitations", response_model=Page[MyInvitationPublic],
            responses={401: {"description": "No or invalid token"}},
            summary="Invitations to me")
def my_invitations(principal: CurrentPrincipal, session: SessionDep) -> Page[MyInvitationPublic]:
    """The invitations to your e-mail address that you can still accept or decline."""
    user_id = principal.user_id
    rows = repository.pending_for(session, user_id, utcnow()) if user_id else []
    return Page[MyInvitationPublic](items=[
        MyInvitationPublic(id=i.id, organisation_id=i.organisation_id, organisation_name=o,
                           role=i.role, unit_id=i.unit_id, unit_name=u, expires_at=i.expires_at)
        for i, o, u in rows])


@router.post("/me/invitations/{invitation_id}/accept", response_model=RolePublic,
             responses=ANSWER_ERRORS, summary="Accept an invitation")
def accept_invitation(invitation_id: uuid.UUID, principal: CurrentPrincipal,
                      session: SessionDep) -> RolePublic:
    """You take the offered role; it applies from your next request."""
    return role_public(invitations.accept(session=session, principal=principal,
                                          invitation_id=invitation_id))


@router.post("/me/invitations/{invitation_id}/decline", status_code=204,
             responses=ANSWER_ERRORS, summary="Decline an invitation")
def decline_invitation(invitation_id: uuid.UUID, principal: CurrentPrincipal,
                       session: SessionDep) -> Response:
    """The invited person says no to the role offered; the admin sees it declined."""
    invitations.decline(session=session, principal=principal, invitation_id=invitation_id)
    return Response(status_code=204)
