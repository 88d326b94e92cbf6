"""Write docs/reference.md from the content model and kamdocs/workspace/fielddocs.py.

Run from the repository root after changing a field or its description:
    python tools/write_reference.py
"""

from __future__ import annotations

from pathlib import Path

from kamdocs.workspace.reference import reference_markdown

TARGET = Path(__file__).resolve().parent.parent / "docs" / "reference.md"

if __name__ == "__main__":
    TARGET.write_text(reference_markdown(), encoding="utf-8")
    print(f"wrote {TARGET.name}")
