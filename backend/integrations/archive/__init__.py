"""The archive package of an adopted cycle (E-ARK SIP / FGS Paketstruktur)."""

from backend.integrations.archive.endpoints import router
from backend.integrations.archive.package import slug

__all__ = ["router", "slug"]
