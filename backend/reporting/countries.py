"""ISO 3166-1 alpha-2 country codes with Swedish names (from pycountry's translations)."""

import gettext
from functools import lru_cache

import pycountry


@lru_cache
def swedish_country_names() -> dict[str, str]:
    translation = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["sv"],
                                      fallback=True)
    names = {c.alpha_2: translation.gettext(c.name) for c in pycountry.countries}
    return dict(sorted(names.items(), key=lambda item: item[1]))


def is_country_code(code: str) -> bool:
    return code in swedish_country_names()
