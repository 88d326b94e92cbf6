"""The settings a command reads before it loads anything: the `output_dir` setting (the folder
outputs go to, inside the workspace and apart from its inputs) and the messages' `language`.
Read here without the models, so that a build with nothing to do stays a few digests (it
needs the folder to find its manifest, and the language to word its problems)."""

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


def explicit_language(root: Path) -> str | None:
    """Return the `language` written in `root`/kamdocs.yaml (None when it is not written there,
    or the file cannot be read): the language of kamdocs' messages, when set."""
    # The loader's YAML 1.2 reading, without pydantic; from the parse cache when this text
    # was read before (a run that finds every model cached then never imports PyYAML).
    from kamdocs.workspace.parsecache import parse_cached

    try:
        text = (root / "kamdocs.yaml").read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    parsed, _ = parse_cached(text, "kamdocs.yaml", min_chars=0)
    data = parsed.data if parsed is not None else None
    language = data.get("language") if isinstance(data, dict) else None
    return language if isinstance(language, str) else None
