"""A download's Content-Disposition with its Swedish file name (RFC 6266, RFC 5987)."""

import re
import unicodedata
from urllib.parse import quote

# Characters no file system takes in a name, and control characters.
_FORBIDDEN = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')
_ASCII = {"–": "-", "—": "-", "§": "par"}
MAX_NAME = 150


def file_name(text: str) -> str:
    """A name a browser can save as it is: forbidden characters become spaces."""
    return re.sub(r"\s+", " ", _FORBIDDEN.sub(" ", text)).strip(" .")[:MAX_NAME] or "fil"


def _ascii_fallback(name: str) -> str:
    swapped = "".join(_ASCII.get(c, c) for c in name)
    plain = unicodedata.normalize("NFKD", swapped).encode("ascii", "ignore").decode()
    return file_name(plain)


def attachment(stem: str, extension: str) -> str:
    """`attachment` with the name as UTF-8 (`filename*`) and, for old clients, in ASCII."""
    name = f"{file_name(stem)}.{extension}"
    return (f'attachment; filename="{_ascii_fallback(name)}"; '
            f"filename*=UTF-8''{quote(name, safe='')}")
