"""Generate a synthetic kamdocs workspace for scale measurements.

    python bench/make_workspace.py OUT_DIR [--accounts 50] [--actions K] [--seed 1]

Each synthetic account is a copy of one of the demo accounts (round robin) under a new slug,
with its name numbered and its amounts scaled by a per-account factor, so the portfolio has
varied figures. With --actions K, each account gets K generated actions in place of its own.
The files are edited as text, line by line, so the YAML keeps its layout and comments.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
AMOUNT_RE = re.compile(r"\b(amount|total_spend): (\d+)\b")
STATUSES = ("planned", "on_track", "at_risk", "late", "done")


def _scale_amounts(text: str, factor: float) -> str:
    return AMOUNT_RE.sub(lambda m: f"{m.group(1)}: {round(int(m.group(2)) * factor)}", text)


def _actions_yaml(count: int, owner: str, rng: random.Random) -> str:
    lines = ["actions:"]
    for index in range(count):
        month = 1 + index % 12
        day = 1 + rng.randrange(28)
        year = 2026 + (index // 12) % 2
        lines += [
            f"  - id: G{index + 1}",
            f"    action: Action générée numéro {index + 1} pour la mesure de performance",
            f"    owner: {owner}",
            f"    due: {year}-{month:02d}-{day:02d}",
            f"    expected_result: Résultat attendu {index + 1}",
            f"    status: {rng.choice(STATUSES)}",
        ]
    return "\n".join(lines) + "\n"


def _replace_actions(text: str, block: str) -> str:
    """Return `text` with its top-level `actions:` list replaced by `block` (or appended)."""
    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if line.startswith("actions:")), None)
    if start is None:
        return text.rstrip("\n") + "\n" + block
    end = start + 1
    while end < len(lines) and (lines[end].startswith((" ", "\t", "\n")) or not lines[end]):
        end += 1
    return "".join(lines[:start]) + block + "".join(lines[end:])


def make_workspace(
    out: Path, accounts: int = 50, actions: int | None = None, seed: int = 1
) -> list[str]:
    """Write a workspace of `accounts` synthetic accounts into `out`; return their slugs."""
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    shutil.copy(REPO / "kamdocs.yaml", out / "kamdocs.yaml")
    shutil.copytree(REPO / "content", out / "content", ignore=shutil.ignore_patterns("accounts"))
    demos = sorted(p for p in (REPO / "content" / "accounts").iterdir() if p.is_dir())
    slugs = []
    for number in range(1, accounts + 1):
        demo = demos[(number - 1) % len(demos)]
        slug = f"{demo.name}-{number:04d}"
        target = out / "content" / "accounts" / slug
        shutil.copytree(demo, target)
        for path in target.rglob("*.yaml"):  # includes name files of the demo's own folder
            path.write_text(
                path.read_text(encoding="utf-8").replace(
                    f"accounts/{demo.name}/", f"accounts/{slug}/"
                ),
                encoding="utf-8",
            )
        account = target / "account.yaml"
        text = account.read_text(encoding="utf-8")
        text = re.sub(r"^(name: .*)$", rf"\g<1> {number:04d}", text, count=1, flags=re.M)
        text = _scale_amounts(text, round(rng.uniform(0.5, 2.0), 2))
        if actions is not None:
            owner = re.search(r"^owner: \{name: ([^,}]+)", text, re.M)
            text = _replace_actions(
                text, _actions_yaml(actions, owner.group(1).strip() if owner else "KAM", rng)
            )
        account.write_text(text, encoding="utf-8")
        slugs.append(slug)
    return slugs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder to write (replaced if it exists)")
    parser.add_argument("--accounts", type=int, default=50)
    parser.add_argument(
        "--actions", type=int, default=None, help="give each account this many generated actions"
    )
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    slugs = make_workspace(args.out, args.accounts, args.actions, args.seed)
    print(f"wrote {len(slugs)} accounts into {args.out}")


if __name__ == "__main__":
    main()
