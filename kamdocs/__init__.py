"""kamdocs: key account management documents from YAML data.

The public API is loaded lazily (module `__getattr__`), so that importing kamdocs, and
`kamdocs --help`, never pays for python-docx, python-pptx or pydantic.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"
__all__ = [
    "Built",
    "DocumentKey",
    "KamdocsError",
    "Options",
    "build_document",
    "check_proposal",
    "load_workspace",
]

_LAZY = {
    "Built": "kamdocs.building.driver",
    "DocumentKey": "kamdocs.building.request",
    "KamdocsError": "kamdocs.errors",
    "Options": "kamdocs.building.request",
    "build_document": "kamdocs.building.driver",
    "check_proposal": "kamdocs.building.driver",
    "load_workspace": "kamdocs.workspace.loader",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'kamdocs' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
