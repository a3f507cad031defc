"""Choosing a password: from a link (no token needed, the link is the key) or your own."""

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Path, Response
from pydantic import BaseModel, ConfigDict, Field

from backend.auth import password_links, passwords
from backend.auth.deps import CurrentPrincipal
from backend.auth.schemas import TokenPublic
from backend.core.deps import SessionDep
from backend.core.schemas import SINGLE_LINE
from backend.organisations.schemas import Password

router = APIRouter(tags=["auth"])
LinkToken = Annotated[str, Path(max_length=100,
                                description="The token at the end of the e-mailed link"),
                      SINGLE_LINE]


class PasswordLinkPublic(BaseModel):
    email: str = Field(description="The address the person signs in with")
    name: str
    expires_at: datetime


class PasswordChoice(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"password": "ett långt och eget lösenord"}]})

    password: Password


class PasswordChange(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"current_password": "det gamla lösenordet", "new_password": "ett nytt långt lösenord"}]})

    current_password: Annotated[str, Field(min_length=1, max_length=1000), SINGLE_LINE]
    new_password: Password


LINK_ERRORS = {404: {"description": "No such link"},
               410: {"description": "The link has been used or has expired"}}


@router.get("/password-links/{token}", response_model=PasswordLinkPublic,
            responses=LINK_ERRORS, summary="Check a set-password link")
def read_link(session: SessionDep, token: LinkToken) -> PasswordLinkPublic:
    """Whether the link still works, and for whom. Needs no bearer token."""
    link, user = password_links.usable_link(session, token)
    return PasswordLinkPublic(email=user.email, name=user.name, expires_at=link.expires_at)


@router.post("/password-links/{token}", response_model=TokenPublic,
             responses={**LINK_ERRORS, 422: {"description": "The password is too short"}},
             summary="Choose a password with a link")
def use_link(body: PasswordChoice, session: SessionDep, token: LinkToken) -> TokenPublic:
    """Sets the password (at least 12 characters), uses the link up and signs the person
    in: the answer is an access token. Every other session of the person ends."""
    access, expires_in = password_links.redeem(session=session, token=token,
                                               password=body.password)
    return TokenPublic(access_token=access, expires_in=expires_in)


@router.put("/me/password", status_code=204,
            responses={403: {"description": "Service accounts have no password"},
                       422: {"description": "Wrong current password, or too short a new one"}},
            summary="Change your own password")
def change_password(body: PasswordChange, principal: CurrentPrincipal,
                    session: SessionDep) -> Response:
    """Needs the current password. Your other sessions end; this one goes on."""
    passwords.change_own_password(session=session, principal=principal,
                                  current=body.current_password, new=body.new_password)
    return Response(status_code=204)
