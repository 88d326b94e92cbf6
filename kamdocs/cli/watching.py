"""`kamdocs watch`: the command and what it prints after each rebuild."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import click

from kamdocs.cli.commands import common, resolve_as_of

if TYPE_CHECKING:
    from kamdocs.building.watch import Outcome


def built(name: str, ms: float) -> None:
    """Print that one document is on disk, as soon as it is."""
    from kamdocs.errors import word

    click.echo(word("watch_rebuilt", {"path": name, "ms": f"{ms:.0f}"}), err=False)


def show(outcome: Outcome) -> None:
    """Print what one rebuild did once it is over (each document built was printed as it
    landed): located problems on stderr, the PDFs, a closing count."""
    from kamdocs.errors import word

    for line in outcome.warnings:
        click.echo(line, err=True)
    for task, errors in outcome.failed:
        click.echo(word("watch_failed", {"what": task.label}), err=True)
        for line in errors:
            click.echo(line, err=True)
    for name in outcome.pdfs:
        click.echo(word("wrote", {"path": name}))
    for line in outcome.errors:
        click.echo(f"Error: {line}", err=True)
    if outcome.built or outcome.failed:
        counts = {"built": len(outcome.built), "failed": len(outcome.failed)}
        click.echo(word("watch_done", counts))


@click.command("watch")
@click.option("--only", "only", multiple=True, metavar="SLUG", help="Watch only these accounts.")
@click.option("--lang", type=click.Choice(["fr", "en"]), help="Language of every document.")
@click.option("--pdf", is_flag=True, help="Also refresh the PDFs through LibreOffice.")
@click.option("--as-of", "as_of", metavar="DATE", help="The run's 'today' (ISO date).")
@common
def watch_cmd(
    workspace: Path, only: tuple[str, ...], lang: str | None, pdf: bool, as_of: str | None
) -> None:
    """Rebuild on each save what `kamdocs build` would rebuild, until Ctrl-C."""
    import gc

    from kamdocs.building import manifest
    from kamdocs.building.watch import Watcher, watch_loop
    from kamdocs.errors import KamdocsError, word
    from kamdocs.workspace.loader import load_file
    from kamdocs.workspace.model import Settings

    gc.enable()  # a long-lived process: collect each rebuild's cycles
    root = workspace.resolve()
    if not root.is_dir():
        raise KamdocsError.of("no_workspace_folder", path=workspace)
    known = [f.name for f in manifest.account_folders(root)]
    unknown = [s for s in only if s not in known]
    if unknown:
        raise KamdocsError.of("unknown_account", slug=unknown[0], known=", ".join(known))
    soffice = "soffice"
    if (root / "kamdocs.yaml").is_file():
        settings = load_file(root / "kamdocs.yaml", root, Settings).model
        soffice = settings.soffice if settings else soffice
    with tempfile.TemporaryDirectory(prefix="kamdocs-watch-") as scratch:
        watcher = Watcher(
            root,
            today=resolve_as_of(as_of),
            only=only,
            lang=lang,
            pdf=pdf,
            soffice=soffice,
            pdf_profile=Path(scratch) / "libreoffice-profile",
        )
        shown = ", ".join(os.path.relpath(p, root) for p in watcher.watched())

        def ready() -> None:
            click.echo(word("watch_watching", {"paths": shown}), err=False)

        watch_loop(watcher, show, ready=ready, on_built=built)
    click.echo(word("watch_stopped", {}))
