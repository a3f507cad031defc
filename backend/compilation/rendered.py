"""Finished PDFs kept in memory, so that a document is laid out once, not per download."""

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable


class RenderedDocuments:
    """Documents by what they were made of, the least recently used dropped first.

    The same data and edition always give the same PDF, and a compiled version is fetched
    again and again (the coordinator, the council, the archive package), each time a layout
    of many seconds for a large organisation. Requests for a document being made wait for
    it instead of making it a second time."""

    def __init__(self, budget_bytes: int) -> None:
        self.budget_bytes = budget_bytes
        self._documents: OrderedDict[Hashable, bytes] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()
        self._in_progress: dict[Hashable, threading.Lock] = {}

    def get(self, key: Hashable, make: Callable[[], bytes]) -> bytes:
        with self._lock:
            found = self._take(key)
            if found is not None:
                return found
            being_made = self._in_progress.setdefault(key, threading.Lock())
        with being_made:
            with self._lock:
                found = self._take(key)
            if found is not None:
                return found
            try:
                document = make()
                with self._lock:
                    self._keep(key, document)
            finally:
                with self._lock:
                    self._in_progress.pop(key, None)
            return document

    def _take(self, key: Hashable) -> bytes | None:
        document = self._documents.get(key)
        if document is not None:
            self._documents.move_to_end(key)
        return document

    def _keep(self, key: Hashable, document: bytes) -> None:
        self._documents[key] = document
        self._size += len(document)
        while self._size > self.budget_bytes and len(self._documents) > 1:
            _, dropped = self._documents.popitem(last=False)
            self._size -= len(dropped)
