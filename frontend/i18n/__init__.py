"""Swedish labels for the API's English vocabularies (states, actions, kinds, roles …)."""

from frontend.i18n.sv import LABELS, label

__all__ = ["LABELS", "label"]
