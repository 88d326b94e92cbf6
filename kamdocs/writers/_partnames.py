"""New part names for a deck being written, without walking the whole package each time.

python-pptx names each new part (a slide, its notes page, a chart, a chart's workbook) by
walking every relationship of the package for the names already taken: two dozen walks of
a hundred parts for a twelve-slide deck (measured: 2 ms of its 120). `PartNames` takes the
names once and keeps them up to date as it hands out new ones, with python-pptx's own rule,
so that a deck gets the same names either way.
"""

from __future__ import annotations

from typing import Any

from pptx.opc.packuri import PackURI


class PartNames:
    """The part names of `package`, taken once; `next_partname` stands in for the
    package's own while parts are only added (none removed)."""

    def __init__(self, package: Any):
        self._taken = {str(part.partname) for part in package.iter_parts()}
        self._by_prefix: dict[str, set[str]] = {}

    def next_partname(self, tmpl: str) -> PackURI:
        """Return the name python-pptx would give a new part named after `tmpl` (a
        '%d' pattern such as '/ppt/slides/slide%d.xml'): of the numbers 1 to one more than
        the names sharing its prefix, the highest that is free."""
        prefix = tmpl[: (tmpl % 42).find("42")]
        names = self._by_prefix.get(prefix)
        if names is None:
            names = self._by_prefix[prefix] = {n for n in self._taken if n.startswith(prefix)}
        for n in range(len(names) + 1, 0, -1):
            candidate = tmpl % n
            if candidate not in names:
                self._take(candidate)
                return PackURI(candidate)
        raise AssertionError("one of len(names) + 1 numbers is always free")

    def _take(self, name: str) -> None:
        self._taken.add(name)
        for prefix, names in self._by_prefix.items():
            if name.startswith(prefix):
                names.add(name)


def name_parts_from_a_list(package: Any) -> None:
    """Have `package` name its new parts with a `PartNames` (an attribute of the instance
    hides the class's method); call it once the parts to remove are gone."""
    package.next_partname = PartNames(package).next_partname
