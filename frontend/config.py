"""The frontend's own settings (environment or `.env`); it reads no backend module."""

from functools import lru_cache

from pydantic_settings import BaseSettings, SettingsConfigDict

PLACEHOLDER_SECRETS = {"", "change-me", "changethis", "secret"}


class FrontendSettings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    environment: str = "development"
    secret_key: str = "change-me"
    # Unset: the API runs in this process (ASGI transport). Set: e.g. http://api:8000
    backend_url: str | None = None
    session_idle_seconds: int = 30 * 60
    session_absolute_hours: int = 10
    backend_timeout_seconds: float = 30.0


@lru_cache
def get_frontend_settings() -> FrontendSettings:
    settings = FrontendSettings()
    if settings.environment != "development" and settings.secret_key in PLACEHOLDER_SECRETS:
        raise ValueError("SECRET_KEY must be set to a real secret outside development")
    return settings
