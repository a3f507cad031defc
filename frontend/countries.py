"""Country names in Swedish (pycountry's translations), for the activities' country field."""

import gettext
from functools import lru_cache

import pycountry


@lru_cache
def names() -> dict[str, str]:
    """ISO 3166-1 alpha-2 code → Swedish name, sorted by name."""
    translation = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["sv"],
                                      fallback=True)
    found = {c.alpha_2: translation.gettext(c.name) for c in pycountry.countries}
    return dict(sorted(found.items(), key=lambda item: item[1]))


@lru_cache
def _by_name() -> dict[str, str]:
    lookup = {name.casefold(): code for code, name in names().items()}
    lookup.update({code.casefold(): code for code in names()})
    return lookup


def to_text(codes: list[str]) -> str:
    return ", ".join(names().get(code, code) for code in codes)


def parse(text: str) -> tuple[list[str], list[str]]:
    """'Finland, Estland' → (['FI', 'EE'], unknown names)."""
    codes, unknown = [], []
    for part in (p.strip() for p in text.replace(";", ",").split(",")):
        if not part:
            continue
        code = _by_name().get(part.casefold())
        if code:
            codes.append(code)
        else:
            unknown.append(part)
    return list(dict.fromkeys(codes)), unknown
