"""One file of the archive package, named by its path inside the package's root folder."""

import hashlib
from dataclasses import dataclass
from functools import cached_property


@dataclass(frozen=True)
class PackageFile:
    path: str
    content: bytes
    mime: str

    @cached_property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]
