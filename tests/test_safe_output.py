"""`--out` never harms the user's files: no input, link or device is written over, and a
file-system error is one line naming the path."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from kamdocs.cli.commands import main

AS_OF = ["--as-of", "2026-11-23"]
ACCOUNT = Path("content", "accounts", "braise-textiles", "account.yaml")


def _plan(ws: Path, out: Path) -> tuple[int, str]:
    result = CliRunner().invoke(
        main, ["plan", "braise-textiles", "-C", str(ws), "--out", str(out)] + AS_OF
    )
    return result.exit_code, result.stderr


def test_out_never_replaces_an_input_of_the_workspace(ws_copy: Path) -> None:
    before = (ws_copy / ACCOUNT).read_bytes()
    code, stderr = _plan(ws_copy, ws_copy / ACCOUNT)
    assert code == 1
    assert "account.yaml: the file must end in .docx" in stderr
    code, stderr = _plan(ws_copy, ws_copy / "content" / "plan.docx")
    assert code == 1
    assert "is inside content/, which holds your inputs" in stderr
    assert not (ws_copy / "content" / "plan.docx").exists()
    assert (ws_copy / ACCOUNT).read_bytes() == before
    assert "Traceback" not in stderr


def test_out_never_writes_through_a_link(ws_copy: Path, tmp_path: Path) -> None:
    victim = tmp_path / "precious.docx"
    victim.write_bytes(b"my own file")
    link = tmp_path / "link.docx"
    link.symlink_to(victim)
    code, stderr = _plan(ws_copy, link)
    assert code == 1
    assert "link.docx: is a link; kamdocs never writes through one" in stderr
    assert victim.read_bytes() == b"my own file"
    assert link.is_symlink()


def test_out_never_writes_onto_a_device_or_a_pipe(ws_copy: Path, tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.docx"
    os.mkfifo(pipe)
    code, stderr = _plan(ws_copy, pipe)
    assert code == 1
    assert "pipe.docx: is not a regular file; choose another path" in stderr
    code, stderr = _plan(ws_copy, Path(os.devnull))
    assert code == 1
    assert "null: the file must end in .docx" in stderr


def test_a_name_too_long_is_one_line_naming_the_path(ws_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / ("x" * 300 + ".docx")
    code, stderr = _plan(ws_copy, out)
    assert code == 1
    assert stderr.count("\n") == 1
    assert ".docx: cannot be used (File name too long); choose another path" in stderr
    assert "Traceback" not in stderr


def test_a_folder_that_cannot_be_made_is_one_line_naming_the_path(
    ws_copy: Path, tmp_path: Path
) -> None:
    not_a_folder = tmp_path / "notes.txt"
    not_a_folder.write_bytes(b"mine")
    code, stderr = _plan(ws_copy, not_a_folder / "plan.docx")
    assert code == 1
    assert f"{not_a_folder / 'plan.docx'}: cannot be used (Not a directory)" in stderr
    assert "Traceback" not in stderr
    assert not_a_folder.read_bytes() == b"mine"


def test_a_full_disk_while_files_are_replaced_is_a_located_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    from kamdocs.building import output
    from kamdocs.errors import KamdocsError

    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    first.write_bytes(b"before a")
    second.write_bytes(b"before b")
    synced: list[int] = []

    def fsync(fd: int) -> None:
        synced.append(fd)
        if len(synced) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(output.os, "fsync", fsync)
    with pytest.raises(KamdocsError, match=r"b\.yaml: cannot be written \(No space left"):
        output.replace_files({first: b"after a", second: b"after b"}, backups={})
    assert (first.read_bytes(), second.read_bytes()) == (b"before a", b"before b")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml", "b.yaml"]  # no temp left
