"""Process memos: values computed once and kept by key while the process lives.

A batch worker or a `kamdocs watch` session writes document after document, mostly from
the same texts, references and parts; each memo keeps what one of them computed for the
next. A memo is bounded: once what it holds would pass its limit, it forgets everything
and starts over, so that the memory of a long batch stays flat. The limit counts entries,
or the weight a `weigh` function gives each one (bytes, for instance).

`Memo` is a dict, so that looking up stays the builtin `get` on hot paths (a word's width
is looked up thousands of times per deck); `keep` is the only way in that counts the
weight, and the only one kamdocs uses.

What is found of one load of an account (its checks, the leak scanner's hunt) is kept with
that load instead (`kept_for`), so that it goes when the load goes.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar, cast

K = TypeVar("K")
V = TypeVar("V")


class Memo(dict[K, V]):
    """Values by key, forgotten all at once when their weight would pass `limit`."""

    def __init__(self, limit: int, weigh: Callable[[K, V], int] | None = None) -> None:
        super().__init__()
        self.limit = limit
        self.weight = 0
        self._weigh = weigh

    def keep(self, key: K, value: V) -> V:
        """Keep `value` under `key` (after forgetting everything when the memo is full) and
        return it. A value heavier than the limit on its own is returned, not kept."""
        weight = 1 if self._weigh is None else self._weigh(key, value)
        if key in self:
            self.weight -= 1 if self._weigh is None else self._weigh(key, self.pop(key))
        if weight > self.limit:
            return value
        if self.weight + weight > self.limit:
            self.clear()
        self[key] = value
        self.weight += weight
        return value

    def clear(self) -> None:
        super().clear()
        self.weight = 0


def kept_for(
    store: dict[Any, Any], key: Hashable, held: tuple[Any, ...], compute: Callable[[], V]
) -> V:
    """Return `compute()` for the objects `held`, computed once while `store` keeps it under
    `key`. `store` belongs to the object whose life the value shares (an account's load), and
    the value is served again only for the very same objects, known by their identity:
    frozen models stand for their content this way without being hashed or compared."""
    entry = store.get(key)
    if entry is not None:
        kept, value = entry
        if len(kept) == len(held) and all(a is b for a, b in zip(kept, held, strict=True)):
            return cast(V, value)
    value = compute()
    store[key] = (held, value)
    return value
