"""Settings from the environment or `.env`; see `.env.example` for every one."""

from functools import lru_cache
from typing import Literal

from pydantic import model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PLACEHOLDER_SECRETS = {"", "change-me", "changethis", "secret"}


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    environment: Literal["development", "test", "production"] = "development"
    database_url: str = "sqlite:///var/samordna.db"
    secret_key: str = "change-me"
    base_url: str = "http://127.0.0.1:8000"
    backend_url: str | None = None

    smtp_host: str = "localhost"
    smtp_port: int = 1025
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = False
    mail_from: str = "Samordna <samordna@example.se>"

    # Long enough for a working day in the web app; every token is revocable server-side.
    access_token_minutes: int = 600
    # How long a set-password link (invitation, import, reset by an admin) can be used.
    password_link_hours: int = 72
    # How long an invitation to an organisation can be accepted.
    invitation_days: int = 14
    reminders_in_process: bool = True
    reminder_interval_seconds: int = 900
    demo_mode: bool = False

    @model_validator(mode="after")
    def _refuse_placeholder_secrets(self) -> "Settings":
        if self.environment != "development" and self.secret_key in PLACEHOLDER_SECRETS:
            raise ValueError(
                "SECRET_KEY must be set to a real secret outside development "
                "(for example: python -c 'import secrets; print(secrets.token_urlsafe(48))')"
            )
        if self.environment == "production" and len(self.secret_key) < 32:
            raise ValueError("SECRET_KEY must be at least 32 characters in production")
        return self

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


@lru_cache
def get_settings() -> Settings:
    return Settings()
