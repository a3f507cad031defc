"""/auth/sso: the login page's providers, starting a sign-in and finishing it."""

import uuid
from typing import Annotated, Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from backend.auth import repository, single_sign_on
from backend.core.deps import SessionDep
from backend.core.errors import DomainError, Invalid
from backend.core.schemas import SINGLE_LINE

router = APIRouter(prefix="/auth/sso", tags=["single sign-on"])


class ProviderChoice(BaseModel):
    organisation_id: uuid.UUID
    name: str = Field(description='For the button "Logga in med {name}"')
    organisation_name: str


class StartRequest(BaseModel):
    organisation_id: uuid.UUID | None = None
    email: Annotated[str, Field(max_length=254), SINGLE_LINE] | None = Field(
        default=None, description="Or route by the domain of this e-mail address")


class StartAnswer(BaseModel):
    authorization_url: str = Field(description="Send the browser here")


class FinishRequest(BaseModel):
    state: Annotated[str, Field(min_length=1, max_length=200), SINGLE_LINE]
    code: Annotated[str, Field(min_length=1, max_length=4000), SINGLE_LINE]


class FinishAnswer(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int
    organisation_id: uuid.UUID
    end_session_url: str | None = Field(
        description="Where to end the session at the provider too, after logging out here")


FINISH_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "The sign-in could not be proved; `errors[sign_in]` says why: "
          "`state` (unknown, used or expired), `code`, `signature`, `issuer`, `audience`, "
          "`expired`, `nonce`, `tenant`, `claims`"},
    403: {"description": "`errors[sign_in] = no_assignment`: signed in at the provider but "
          "no role here; `organisation`, `email` and `admins` (whom to ask) are given"},
    503: {"description": "The identity provider did not answer"}}


@router.get("/providers", response_model=list[ProviderChoice], summary="Providers to offer")
def providers(session: SessionDep) -> list[ProviderChoice]:
    """Public: the organisations with single sign-on, for the login page's buttons."""
    return [ProviderChoice(organisation_id=p.organisation_id, name=p.name,
                           organisation_name=organisation)
            for p, organisation in repository.identity_providers(session)]


@router.post("/start", response_model=StartAnswer, responses={
    404: {"description": "No provider for that organisation or e-mail domain"},
    503: {"description": "The identity provider did not answer"}}, summary="Start signing in")
def start(body: StartRequest, session: SessionDep) -> StartAnswer:
    """Public: the provider's authorization URL (code flow with PKCE, state and nonce; valid
    10 minutes). Keep the `state` in it to compare with what comes back."""
    if body.organisation_id is None and not body.email:
        raise Invalid("organisation_id or email is required",
                      fields={"organisation_id": "or email"})
    provider = single_sign_on.provider_for(session, organisation_id=body.organisation_id,
                                           email=body.email)
    return StartAnswer(authorization_url=single_sign_on.start(session=session,
                                                              provider=provider))


@router.post("/finish", response_model=FinishAnswer, responses=FINISH_ERRORS,
             summary="Finish signing in")
def finish(body: FinishRequest, session: SessionDep) -> FinishAnswer:
    """Public: hand over the `code` and `state` the provider sent back; the answer is our
    own access token, as from `POST /auth/token`. Each `state` works once."""
    try:
        signed_in = single_sign_on.finish(session=session, state=body.state, code=body.code)
    except DomainError:
        session.commit()  # the attempt is used up even though the sign-in failed
        raise
    return FinishAnswer(access_token=signed_in.access_token, expires_in=signed_in.expires_in,
                        organisation_id=signed_in.organisation_id,
                        end_session_url=signed_in.end_session_url)
