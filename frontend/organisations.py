"""Which organisation a page is about, for a person who serves several of a region."""

from fastapi import Request


def chosen_organisation(request: Request, candidates: dict[str, str]) -> str | None:
    """`?organisation=` (a link sent by e-mail opens in the right one), else the one chosen
    earlier in this session, else the first by name; always one of `candidates`."""
    if not candidates:
        return None
    browser = request.state.browser_session
    wanted = request.query_params.get("organisation")
    if wanted in candidates:
        browser.organisation_id = wanted
        return str(wanted)
    if browser.organisation_id in candidates:
        return str(browser.organisation_id)
    return min(candidates, key=lambda o: candidates[o])
