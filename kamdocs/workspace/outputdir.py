"""The `output_dir` setting: the folder outputs go to, inside the workspace and apart from
its inputs. Read here without the models, so that a build with nothing to do stays a few
digests (it needs the folder to find its manifest)."""

from __future__ import annotations

import re
from pathlib import Path

from kamdocs.errors import InvalidValue

DEFAULT = "build"
INPUTS = ("content", "templates")


def output_folder(text: str) -> str:
    """Return `text` as the outputs' folder (a relative POSIX path), or raise InvalidValue:
    it must stay inside the workspace and be none of its input folders nor the workspace
    itself."""
    text = text.strip().replace("\\", "/")
    parts = tuple(p for p in text.split("/") if p not in ("", "."))
    if text.startswith("/") or re.match(r"^[A-Za-z]:", text) or ".." in parts:
        raise InvalidValue("output_dir_outside", value=repr(text))
    if not parts or parts[0] in INPUTS:
        raise InvalidValue("output_dir_inputs", value=repr(text))
    return "/".join(parts)


def configured_output_dir(root: Path) -> str:
    """Return the `output_dir` written in `root`/kamdocs.yaml; the default when the file, the
    key or its value is missing or wrong (then the settings' own error stops every
    document, and `check` names it)."""
    import yaml

    try:
        text = (root / "kamdocs.yaml").read_text(encoding="utf-8-sig")
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        value = data.get("output_dir") if isinstance(data, dict) else None
        return output_folder(value) if isinstance(value, str) else DEFAULT
    except (OSError, UnicodeDecodeError, yaml.YAMLError, InvalidValue):
        return DEFAULT
