"""Tables' column layouts kept in the cache folder: a plan built again measures none of its
tables and comes out with the same bytes; an edited table alone is measured again; a damaged
file of layouts costs only the measuring."""

from __future__ import annotations

import datetime as dt
import io
import pickle
import zipfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from kamdocs import ir
from kamdocs.building.driver import DocumentKey, Options, build_document
from kamdocs.workspace import layoutcache
from kamdocs.workspace.loader import load_workspace
from kamdocs.writers import _colwidths, _fonts

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
SLUG = "ondrelle-industrie"
AS_OF = dt.date(2026, 11, 23)


@pytest.fixture
def measured(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Count the tables measured; the process's layouts are read again, as a new run's."""
    calls: list[int] = []
    real = _colwidths.layout

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(_colwidths, "layout", counting)
    layoutcache._read.cache_clear()
    yield calls
    layoutcache._read.cache_clear()


def _plan(ws: Path, out: Path) -> bytes:
    layoutcache._read.cache_clear()  # each build as a process of its own
    workspace = load_workspace(ws, [SLUG])
    build_document(
        "plan", workspace, DocumentKey(SLUG, audience="internal"), Options(AS_OF, out=out)
    )
    return out.read_bytes()


def _tables_showing(docx: bytes, text: str) -> int:
    """Return how many of the Word document's tables show `text`."""
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        body = etree.fromstring(package.read("word/document.xml"))
    tables = body.iter(f"{{{W}}}tbl")
    found = sum(text in "".join(t.itertext()) for t in tables)
    assert found >= 1
    return found


def _layouts_file(cache_folder: Path) -> Path:
    (entry,) = (cache_folder / "layouts").iterdir()
    return entry


def test_a_plan_built_again_measures_no_table(
    ws: Path, cache_folder: Path, measured: list[int], tmp_path: Path
) -> None:
    first = _plan(ws, tmp_path / "first.docx")
    tables = len(measured)
    assert tables > 5
    assert len(pickle.loads(_layouts_file(cache_folder).read_bytes())) == tables
    again = _plan(ws, tmp_path / "again.docx")
    assert len(measured) == tables  # none measured again
    assert again == first


def test_an_edited_table_alone_is_measured_again(
    ws: Path, cache_folder: Path, measured: list[int], tmp_path: Path
) -> None:
    first = _plan(ws, tmp_path / "first.docx")
    tables = len(measured)
    account = ws / "content" / "accounts" / SLUG / "account.yaml"
    text = account.read_text(encoding="utf-8")
    assert "Rédiger le mémoire technique" in text
    account.write_text(
        text.replace("Rédiger le mémoire technique", "Écrire le mémoire technique", 1)
    )
    edited = _plan(ws, tmp_path / "edited.docx")
    assert len(measured) - tables == _tables_showing(edited, "Écrire le mémoire technique")
    assert edited != first


def test_a_damaged_file_of_layouts_is_measured_again(
    ws: Path, cache_folder: Path, measured: list[int], tmp_path: Path
) -> None:
    first = _plan(ws, tmp_path / "first.docx")
    tables = len(measured)
    entry = _layouts_file(cache_folder)
    kept = pickle.loads(entry.read_bytes())
    for damage in (b"not a pickle", pickle.dumps(dict.fromkeys(kept, "not a layout"))):
        entry.write_bytes(damage)
        assert _plan(ws, tmp_path / "again.docx") == first
    assert len(measured) == 3 * tables
    again = pickle.loads(entry.read_bytes())
    assert again.keys() == kept.keys()  # written whole again
    assert all(isinstance(layout, _colwidths.Layout) for layout in again.values())


def test_layouts_other_processes_kept_meanwhile_are_merged(cache_folder: Path) -> None:
    """Two workers of a batch, each with the layouts it read before the other saved."""
    first = layoutcache.KeptLayouts(cache_folder / "l.pickle", {})
    second = layoutcache.KeptLayouts(cache_folder / "l.pickle", {})
    first["a"] = "layout a"
    first.save()
    second["b"] = "layout b"
    second.save()
    assert pickle.loads((cache_folder / "l.pickle").read_bytes()) == {
        "a": "layout a",
        "b": "layout b",
    }
    assert dict(second) == {"a": "layout a", "b": "layout b"}


def test_a_process_alone_writing_the_layouts_never_reads_them_again(
    cache_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    entry = cache_folder / "l.pickle"
    alone = layoutcache.KeptLayouts(entry, {})
    reads: list[Path] = []
    real = layoutcache._load
    monkeypatch.setattr(layoutcache, "_load", lambda path: reads.append(path) or real(path))
    for key in ("a", "b", "c"):
        alone[key] = f"layout {key}"
        alone.save()
    assert reads == []
    assert pickle.loads(entry.read_bytes()) == {"a": "layout a", "b": "layout b", "c": "layout c"}
    state = layoutcache._state(entry)  # another process reads the file, as _read does
    other = layoutcache.KeptLayouts(entry, pickle.loads(entry.read_bytes()), state)
    other["d"] = "layout d"
    alone["e"] = "layout e"
    other.save()
    alone.save()  # the file changed since its last write: read and merged
    assert reads == [entry]
    assert set(pickle.loads(entry.read_bytes())) == {"a", "b", "c", "d", "e"}


def _face(digest: str) -> _fonts.Face:
    return _fonts.Face("Carlito", {ord("a"): 500}, 1000, 0.5, digest)


def _table(*rows: tuple[str, ...]) -> ir.Table:
    return ir.Table(tuple(tuple(ir.Cell((ir.Text(t),)) for t in row) for row in rows))


def test_the_key_holds_what_a_layout_reads() -> None:
    font = _colwidths.TableFont("Carlito", 10.0, 216, _face("r1"), _face("b1"))
    two_rows = _table(("Qui", "Quand"), ("Anne", "mars"))

    def key(table: ir.Table, font: _colwidths.TableFont = font, landscape: int | None = 13000,
            portrait: int = 9000) -> str | None:  # fmt: skip
        return _colwidths.layout_key(table, font, portrait, landscape)

    assert key(two_rows) == key(_table(("Qui", "Quand"), ("Anne", "mars")))
    bold_cell = ir.Cell((ir.Text("Anne"),), bold=True)
    bold_text = ir.Cell((ir.Text("Anne", bold=True),))
    broken = ir.Cell((ir.Text("An"), ir.LineBreak(), ir.Text("ne")))
    header = _table(("Qui", "Quand")).rows[0]
    mars = ir.Cell((ir.Text("mars"),))
    others = [
        key(_table(("Qui", "Quand"), ("Anne mars", ""))),
        key(_table(("Qui", "Quand", "Anne", "mars"))),
        key(ir.Table(two_rows.rows, header_rows=2)),
        key(ir.Table(two_rows.rows, widths=(Decimal(2), Decimal(1)))),
        *(key(ir.Table((header, (cell, mars)))) for cell in (bold_cell, bold_text, broken)),
        key(two_rows, landscape=None),
        key(two_rows, portrait=8000),
        key(two_rows, _colwidths.TableFont("Carlito", 10.0, 216, _face("r2"), _face("b1"))),
        key(two_rows, _colwidths.TableFont("Carlito", 10.0, 216, _face("r1"), _face("b2"))),
        key(two_rows, _colwidths.TableFont("Carlito", 10.0, 216, None, _face("b1"))),
        key(two_rows, _colwidths.TableFont("Carlito", 11.0, 216, _face("r1"), _face("b1"))),
        key(two_rows, _colwidths.TableFont("Carlito", 10.0, 200, _face("r1"), _face("b1"))),
        key(two_rows, _colwidths.TableFont("Caladea", 10.0, 216, _face("r1"), _face("b1"))),
    ]
    assert len({key(two_rows), *others}) == len(others) + 1
    unknown = _colwidths.TableFont("Carlito", 10.0, 216, _face(""), None)
    assert key(two_rows, unknown) is None  # a face read from no known file
