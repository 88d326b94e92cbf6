"""Fixed labels of every document, one module per document, each with FR and EN catalogues.

`labels(lang, "common", "plan")` merges catalogues into one `Labels` mapping; a key missing
in a language is a bug caught by tests (every module's FR and EN keys are the same).
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any

MODULES = ("common", "plan", "review", "proposal", "portfolio", "followup")


class Labels(dict[str, str]):
    """Labels of one language; attribute access for templates (`L.overview`)."""

    def __getattr__(self, key: str) -> str:
        try:
            return self[key]
        except KeyError:
            raise AttributeError(f"no label '{key}'") from None


def catalogue(module: str, lang: str) -> Mapping[str, str]:
    found: Any = importlib.import_module(f"{__name__}.{module}")
    return found.FR if lang == "fr" else found.EN


def labels(lang: str, *modules: str) -> Labels:
    """Return the labels of `modules` (default: all) in `lang` ("fr" or "en")."""
    merged = Labels()
    for module in modules or MODULES:
        merged.update(catalogue(module, lang))
    return merged
