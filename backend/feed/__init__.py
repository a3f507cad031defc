"""The change feed: every transition, extension and registration in commit order, and the
webhook messages that carry each event out (queued in the same transaction)."""
