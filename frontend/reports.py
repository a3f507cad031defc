"""Reading a report and what belongs with it, through the API."""

from typing import Any

from frontend.api import Api, ApiError


async def strategic_areas(api: Api, organisation_id: str) -> dict[str, str] | None:
    """The organisation's strategic areas (id → name), or None while the API has none."""
    try:
        items = await api.get_all("/strategic-areas", organisation_id=organisation_id)
        return {str(a["id"]): a["name"] for a in items} or None
    except ApiError as exc:
        if exc.status in (404, 405):
            return None
        raise


async def history(api: Api, report_id: str, *, with_content: bool = False) -> list[dict]:
    return await api.get_all(f"/reports/{report_id}/history",
                             include_content="true" if with_content else None)


def last_return(items: list[dict[str, Any]]) -> dict[str, Any] | None:
    returns = [h for h in items if h["action"] in ("return", "reopen")]
    return returns[-1] if returns else None
