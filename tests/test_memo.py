"""The process memos' bound: a memo forgets everything once its limit would be passed."""

from __future__ import annotations

from kamdocs.memo import Memo, kept_for


def test_a_memo_keeps_up_to_its_count_then_starts_over() -> None:
    memo: Memo[str, int] = Memo(3)
    for n, key in enumerate("abc"):
        assert memo.keep(key, n) == n
    assert memo == {"a": 0, "b": 1, "c": 2}
    assert memo.keep("d", 3) == 3  # the fourth: everything before is forgotten
    assert memo == {"d": 3}
    assert memo.weight == 1


def test_a_weighed_memo_counts_the_weight_of_what_it_holds() -> None:
    memo: Memo[str, bytes] = Memo(10, weigh=lambda _key, value: len(value))
    memo.keep("a", b"1234")
    memo.keep("b", b"12345")
    assert memo.weight == 9
    memo.keep("a", b"12")  # kept again under the same key: its old weight goes
    assert memo == {"a": b"12", "b": b"12345"}
    assert memo.weight == 7
    memo.keep("c", b"1234")  # 11 > 10: starts over
    assert memo == {"c": b"1234"}
    assert memo.weight == 4


def test_a_value_heavier_than_the_limit_is_returned_and_not_kept() -> None:
    memo: Memo[str, bytes] = Memo(3, weigh=lambda _key, value: len(value))
    memo.keep("a", b"12")
    assert memo.keep("b", b"1234") == b"1234"
    assert memo == {"a": b"12"}
    assert memo.keep("a", b"12345") == b"12345"  # nor does it leave the old value served
    assert (memo, memo.weight) == ({}, 0)
    memo.keep("a", b"12")
    memo.clear()
    assert (memo, memo.weight) == ({}, 0)


def test_a_value_kept_for_objects_is_served_for_those_very_objects() -> None:
    store: dict[object, object] = {}
    runs: list[int] = []

    def compute() -> int:
        runs.append(1)
        return len(runs)

    first, second = [1, 2], [1, 2]  # equal, not the same
    assert kept_for(store, "k", (first,), compute) == 1
    assert kept_for(store, "k", (first,), compute) == 1  # the same object: served
    assert kept_for(store, "k", (second,), compute) == 2  # an equal one: computed again
    assert kept_for(store, "k", (second, first), compute) == 3  # one more object held
    assert kept_for(store, "other", (second, first), compute) == 4  # another key
    assert kept_for(store, "k", (second, first), compute) == 3
