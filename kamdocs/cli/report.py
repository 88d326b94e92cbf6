"""What `kamdocs build` prints as it goes: a line per document, or a progress bar on a
terminal; problems on stderr; the summary last."""

from __future__ import annotations

from typing import Any

import click

from kamdocs.building.batch import Report, Task


class TerminalReport(Report):
    """A `batch.Report` for the terminal.

    With `quiet`, only problems, failures (on stderr) and the summary are printed. On a
    terminal, a progress bar replaces the per-document lines.
    """

    def __init__(self, *, quiet: bool, tty: bool):
        self.quiet = quiet
        self.bar_wanted = tty and not quiet
        self.lines = not quiet and not tty
        self.bar: Any = None
        self.current = ""

    def start(self, total: int) -> None:
        if self.bar_wanted and total > 0:
            self.bar = click.progressbar(
                length=total,
                label="building",
                item_show_func=lambda _: self.current or None,
                show_pos=True,
            )
            self.bar.__enter__()

    def _advance(self, task: Task) -> None:
        if self.bar is not None:
            self.current = task.slug or "portfolio"
            self.bar.update(1, task)

    def up_to_date(self, name: str) -> None:
        if self.lines:
            click.echo(f"up to date {name}")

    def built(self, task: Task, name: str) -> None:
        self._advance(task)
        if self.lines:
            click.echo(f"built {name}")

    def documents_done(self) -> None:
        self._close_bar()

    def pdf_built(self, name: str) -> None:
        if not self.quiet:
            click.echo(f"built {name}")

    def failed(self, task: Task, errors: list[str]) -> None:
        self._advance(task)
        click.echo(f"FAILED {task.label}", err=self.quiet)
        for line in errors:
            click.echo(line, err=True)

    def problem(self, line: str) -> None:
        self._close_bar()
        click.echo(line, err=True)

    def finish(self, summary: str) -> None:
        self._close_bar()
        click.echo(summary)

    def _close_bar(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None
