"""An organisation's OpenID Provider: its admin sets, reads and removes it."""

import re
import uuid
from typing import Annotated

from pydantic import BaseModel, Field, field_validator
from sqlmodel import Session

from backend.audit import service as audit
from backend.auth import oidc, repository
from backend.auth.policies import require_role, require_visible
from backend.auth.principal import Principal
from backend.core.config import get_settings
from backend.core.errors import Invalid, NotFound
from backend.core.schemas import SINGLE_LINE
from backend.core.security import seal_secret
from backend.core.versioning import check_version, require_if_match
from backend.models import IdentityProvider
from backend.models.enums import UNIT_ROLES, Role

CALLBACK_PATH = "/logga-in/sso"
DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
Short = Field(min_length=1, max_length=100)


class IdentityProviderSettings(BaseModel):
    """What an admin sends; `client_secret` may be left out to keep the stored one."""

    model_config = {"json_schema_extra": {"examples": [{
        "name": "Habo kommuns konto", "client_id": "samordna",
        "issuer": "https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0",
        "client_secret": "hemligt-från-entra"}]}}

    name: Annotated[str, SINGLE_LINE] = Field(
        min_length=1, max_length=200, description='Shown on the login page: "Logga in med {name}"')
    issuer: Annotated[str, SINGLE_LINE] = Field(min_length=8, max_length=500, description=(
        "The provider's issuer; `/.well-known/openid-configuration` is read from it. "
        "Entra ID: https://login.microsoftonline.com/{tenant-id}/v2.0"))
    client_id: Annotated[str, SINGLE_LINE] = Field(min_length=1, max_length=200)
    client_secret: Annotated[str, SINGLE_LINE] | None = Field(
        default=None, min_length=1, max_length=1000, description="Stored encrypted; never returned")
    link_by_email: bool = Field(default=False, description=(
        "On a first sign-in, link to an existing user of this organisation with the same "
        "e-mail claim. Only for providers whose e-mail addresses the organisation controls."))
    roles_claim: Annotated[str, SINGLE_LINE] | None = Field(
        default=None, min_length=1, max_length=100,
        description="The claim holding app roles, e.g. `roles`")
    role_map: dict[Annotated[str, SINGLE_LINE], Role] = Field(
        default_factory=dict, max_length=50, description=(
        "Claim value → organisation-level role, e.g. {\"Samordna.Coordinator\": "
        "\"coordinator\"}; the mapped roles follow the claim at every sign-in"))
    allowed_tenants: list[Annotated[str, SINGLE_LINE]] = Field(
        default_factory=list, max_length=50, description=(
        "Entra ID tenant ids (`tid`) that may sign in; required for a multi-tenant issuer"))
    email_domains: list[Annotated[str, SINGLE_LINE]] = Field(
        default_factory=list, max_length=50, description=(
        "E-mail domains whose people the login page sends to this provider"))

    @field_validator("allowed_tenants")
    @classmethod
    def _tenants(cls, values: list[str]) -> list[str]:
        if any(not 1 <= len(v) <= 100 for v in values):
            raise ValueError("each tenant id has 1 to 100 characters")
        return values

    @field_validator("email_domains")
    @classmethod
    def _domains(cls, values: list[str]) -> list[str]:
        cleaned = [v.strip().lower().lstrip("@") for v in values]
        if any(not DOMAIN.match(v) for v in cleaned):
            raise ValueError("each e-mail domain looks like exempelby.se")
        return cleaned

    @field_validator("role_map")
    @classmethod
    def _roles(cls, mapping: dict[str, Role]) -> dict[str, Role]:
        if any(role in UNIT_ROLES for role in mapping.values()):
            raise ValueError("only organisation-level roles can be mapped (not unit roles)")
        if any(not 1 <= len(k) <= 200 for k in mapping):
            raise ValueError("each claim value has 1 to 200 characters")
        return mapping


class IdentityProviderPublic(BaseModel):
    organisation_id: uuid.UUID
    name: str
    issuer: str
    client_id: str
    link_by_email: bool
    roles_claim: str | None
    role_map: dict[str, str]
    allowed_tenants: list[str]
    email_domains: list[str]
    redirect_uri: str = Field(description="Register this as the redirect URI at the provider")
    version: int


def redirect_uri() -> str:
    return get_settings().base_url.rstrip("/") + CALLBACK_PATH


def public_of(provider: IdentityProvider) -> IdentityProviderPublic:
    return IdentityProviderPublic.model_validate(
        {**provider.model_dump(), "redirect_uri": redirect_uri()})


def _administered(principal: Principal, organisation_id: uuid.UUID) -> None:
    require_visible(organisation_id in principal.organisation_ids(), "The organisation")
    require_role(principal, Role.ADMIN, organisation_id)


def read(*, session: Session, principal: Principal,
         organisation_id: uuid.UUID) -> IdentityProvider:
    _administered(principal, organisation_id)
    provider = repository.identity_provider_of(session, organisation_id)
    if provider is None:
        raise NotFound("The organisation has no identity provider")
    return provider


def put(*, session: Session, principal: Principal, organisation_id: uuid.UUID,
        data: IdentityProviderSettings, if_match: str | None) -> IdentityProvider:
    """Create or replace (If-Match once it exists); the issuer must answer discovery, so a
    typo shows at once."""
    _administered(principal, organisation_id)
    # A malformed If-Match is refused before the provider is asked anything.
    expected = require_if_match(if_match) if if_match is not None else None
    if not oidc.issuer_allowed(data.issuer):
        raise Invalid("The issuer must be an https address",
                      fields={"issuer": "must start with https://"})
    try:
        oidc.discover(data.issuer)
    except oidc.ProviderUnreachable as exc:
        raise Invalid(exc.detail, fields={"issuer": "no OpenID configuration there"}) from exc
    provider = repository.identity_provider_of(session, organisation_id, lock=True)
    if provider is None:
        if data.client_secret is None:
            raise Invalid("client_secret is required", fields={"client_secret": "required"})
        provider = IdentityProvider(organisation_id=organisation_id, client_secret_sealed="")
        session.add(provider)
    else:
        check_version(provider.version, expected if expected is not None
                      else require_if_match(if_match))
        provider.version += 1
    values = data.model_dump(exclude={"client_secret"})
    for name, value in values.items():
        setattr(provider, name, value)
    if data.client_secret is not None:
        provider.client_secret_sealed = seal_secret(data.client_secret)
    session.flush()
    audit.record(session=session, principal=principal, action="identity_provider.put",
                 object_type="identity_provider", object_id=provider.id,
                 organisation_id=organisation_id,
                 detail={"issuer": provider.issuer, "client_id": provider.client_id,
                         "secret_changed": data.client_secret is not None})
    return provider


def delete(*, session: Session, principal: Principal, organisation_id: uuid.UUID) -> None:
    """Remove the provider, its linked identities and its sign-ins under way."""
    provider = read(session=session, principal=principal, organisation_id=organisation_id)
    repository.delete_identity_provider(session, provider.id)
    audit.record(session=session, principal=principal, action="identity_provider.delete",
                 object_type="identity_provider", object_id=provider.id,
                 organisation_id=organisation_id)
