"""The console entry points: each runs one command as a whole process, with the cyclic garbage
collector off from before the command's modules are imported.

One command is one short-lived process: the collector would spend a quarter of a plan's run
re-scanning imported modules and parsed data that live until exit. It is turned off here, before
`commands` and what it pulls in are imported, as their import alone triggered collections that
took a tenth of it (`build`, which runs many documents, and `watch` turn it back on; see
workspace/gcpause.py). `commands.main` itself leaves the collector alone, for callers that run
it in their own process. This module imports nothing else, so that its import costs nothing.
"""

from __future__ import annotations

import gc


def _run(command: str, prog_name: str | None = None) -> None:
    gc.disable()
    from kamdocs.cli import commands

    getattr(commands, command)(prog_name=prog_name)


def run() -> None:
    """`kamdocs`: every command."""
    _run("main")


def plan_main() -> None:
    """`kamdocs-plan`: the account plan alone."""
    _run("plan_cmd", "kamdocs-plan")


def review_main() -> None:
    """`kamdocs-review`: the QBR deck alone."""
    _run("review_cmd", "kamdocs-review")


def proposal_main() -> None:
    """`kamdocs-proposal`: the proposal alone."""
    _run("proposal_cmd", "kamdocs-proposal")


def status_main() -> None:
    """`kamdocs-status`: the follow-up e-mail alone."""
    _run("status_cmd", "kamdocs-status")
