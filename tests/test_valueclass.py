"""`valueclass` makes the classes `dataclasses.dataclass` makes: every kamdocs value class is
compared with its twin built by the standard decorator from the same source, then the cases
kamdocs relies on (defaults, factories, pickling, hashing, frozen fields) one by one."""

from __future__ import annotations

import copy
import dataclasses
import functools
import importlib
import inspect
import pickle
import pkgutil
import re
from dataclasses import field
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import kamdocs
from kamdocs.valueclass import valueclass

IMPORT_LINE = "from kamdocs.valueclass import valueclass"


def _kamdocs_modules() -> list[ModuleType]:
    names = [m.name for m in pkgutil.walk_packages(kamdocs.__path__, "kamdocs.")]
    return [importlib.import_module(name) for name in sorted(names) if "__main__" not in name]


def _source(module: ModuleType) -> str:
    return Path(module.__file__ or "").read_text(encoding="utf-8")


def _value_classes(module: ModuleType) -> list[type]:
    return [
        obj
        for obj in vars(module).values()
        if isinstance(obj, type)
        and obj.__module__ == module.__name__
        and "__dataclass_fields__" in obj.__dict__
    ]


def _twins(module: ModuleType) -> dict[str, Any]:
    """Return the module's names as they are when its source runs with the standard decorator."""
    source = _source(module)
    assert IMPORT_LINE in source, module.__name__
    source = source.replace(IMPORT_LINE, "from dataclasses import dataclass as valueclass")
    scope: dict[str, Any] = {"__name__": module.__name__}
    exec(compile(source, module.__file__ or module.__name__, "exec"), scope)
    return scope


def _sample_args(cls: type) -> list[Any]:
    """Return a value for each required parameter: distinct numbers, hashable and printable."""
    params = inspect.signature(cls).parameters.values()
    return [i for i, p in enumerate(params, start=7) if p.default is inspect.Parameter.empty]


def _signature(cls: type) -> list[tuple[str, Any, str]]:
    """Return each parameter's name, kind and default (a function without its address: the
    twin's default functions are the same functions, defined again)."""
    params = inspect.signature(cls).parameters.values()
    return [(p.name, p.kind, re.sub(" at 0x[0-9a-f]+", "", repr(p.default))) for p in params]


def _outcome(action: Any) -> Any:
    """Return what calling `action` gives, or the type of the exception it raises."""
    try:
        return action()
    except Exception as error:  # the same failure is expected of both classes
        return type(error)


def _refuses_assignment(obj: Any) -> bool:
    names = [f.name for f in dataclasses.fields(obj)]
    try:
        setattr(obj, names[0] if names else "extra", 1)
    except dataclasses.FrozenInstanceError:
        return True
    return False


def _compare(ours: type, twin: type) -> bool:
    """Assert that the two classes behave alike; return whether objects could be built."""
    name = ours.__qualname__
    assert _signature(ours) == _signature(twin), name
    assert [f.name for f in dataclasses.fields(ours)] == [f.name for f in dataclasses.fields(twin)]
    args = _sample_args(ours)
    a, b = _outcome(lambda: ours(*args)), _outcome(lambda: twin(*args))
    if isinstance(a, type) or isinstance(b, type):
        assert a is b, name  # both refuse these values, with the same exception
        return False
    # The twin made again from the very values of `a`, whose default functions are others.
    values = {f.name: getattr(a, f.name) for f in dataclasses.fields(ours) if f.init}
    b = twin(**values)
    assert repr(a) == repr(b), name
    assert (a == ours(**values)) is (b == twin(**values)), name
    assert (a == b) is (b == a) is False, name  # objects of two classes are never equal
    for f in dataclasses.fields(ours):  # one field changed: equal only where it is not compared
        if f.init:
            other = {**values, f.name: object()}
            c, d = (
                _outcome(functools.partial(ours, **other)),
                _outcome(functools.partial(twin, **other)),
            )
            if isinstance(c, type) or isinstance(d, type):
                assert c is d, (name, f.name)
            else:
                assert (a == c) is (b == d) is (not f.compare), (name, f.name)
    assert (ours.__hash__ is None) is (twin.__hash__ is None), name
    assert _outcome(lambda: hash(a)) == _outcome(lambda: hash(b)), name
    assert _refuses_assignment(a) is _refuses_assignment(b), name
    return True


def test_every_value_class_behaves_as_the_standard_dataclass() -> None:
    compared = classes = 0
    for module in _kamdocs_modules():
        ours = _value_classes(module)
        if not ours:
            continue
        twins = _twins(module)
        for cls in ours:
            classes += 1
            compared += _compare(cls, twins[cls.__name__])
    assert classes > 100  # kamdocs' value classes were all found
    assert compared > 110  # and nearly all could be built with sample values


def test_no_kamdocs_class_uses_the_standard_decorator() -> None:
    # The standard one is correct but costs four times as much at every command's start.
    for module in _kamdocs_modules():
        assert not re.search(r"^@(dataclasses\.)?dataclass\b", _source(module), re.M), module


@valueclass(frozen=True)
class _Line:
    text: str
    tags: tuple[str, ...] = field(default_factory=tuple)
    source: str = field(default="", compare=False)
    weight: int = field(default=1, hash=False)
    built: dict[str, int] = field(default_factory=dict, init=False, compare=False)


@valueclass
class _Tally:
    count: int = 0
    seen: set[str] = field(default_factory=set)


def test_defaults_and_factories_are_fresh_for_each_object() -> None:
    assert _Line("x").built == {}
    assert _Line("x").built is not _Line("x").built
    assert _Tally().seen is not _Tally().seen
    assert _Line("x", ("t",)).tags == ("t",)
    assert repr(inspect.signature(_Line).parameters["tags"].default) == "<factory>"
    with pytest.raises(TypeError):
        _Line("x", built={})  # type: ignore[call-arg]


def test_equality_and_hash_follow_the_field_options() -> None:
    assert _Line("x", source="a.md:3") == _Line("x", source="b.md:9")  # compare=False
    assert _Line("x", weight=1) != _Line("x", weight=2)
    assert hash(_Line("x", weight=1)) == hash(_Line("x", weight=2))  # hash=False
    assert hash(_Line("x", ("t",))) == hash(("x", ("t",)))  # the tuple of the hashed fields
    assert _Line("x") != "x"
    assert _Tally.__hash__ is None  # mutable with equality: unhashable, as a dataclass
    with pytest.raises(TypeError):
        hash(_Tally())


def test_frozen_fields_refuse_assignment_and_deletion() -> None:
    line = _Line("x")
    with pytest.raises(dataclasses.FrozenInstanceError):
        line.text = "y"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del line.text  # type: ignore[misc]
    tally = _Tally()
    tally.count += 1
    assert tally == _Tally(1)


def test_pickle_copy_and_replace_keep_the_values() -> None:
    line = _Line("x", ("t",), "a.md:3", 2)
    for twin in (pickle.loads(pickle.dumps(line)), copy.deepcopy(line), copy.copy(line)):
        assert twin == line
        assert (twin.source, twin.weight) == ("a.md:3", 2)
    assert dataclasses.replace(line, text="y") == _Line("y", ("t",), "", 2)
    assert dataclasses.asdict(line)["tags"] == ("t",)


def test_a_field_named_self_and_a_subclass_work() -> None:
    @valueclass(frozen=True)
    class Odd:
        self: int  # the parameter that holds the object is renamed, as dataclasses does

    @valueclass(frozen=True)
    class Longer(_Line):
        extra: int = 0

    assert Odd(3).self == 3
    longer = Longer("x", extra=4)
    assert (longer.text, longer.extra, longer.tags) == ("x", 4, ())
    shown = "Longer(text='x', tags=(), source='', weight=1, built={}, extra=4)"
    assert repr(longer).endswith(shown)


def test_own_methods_stay_and_post_init_runs() -> None:
    calls: list[str] = []

    @valueclass(frozen=True)
    class Own:
        value: int

        def __repr__(self) -> str:
            return "own"

        def __post_init__(self) -> None:
            calls.append("post")

    assert repr(Own(1)) == "own"
    assert calls == ["post"]
    assert hash(Own(1)) == hash((1,))


def test_a_frozen_class_may_not_define_assignment() -> None:
    with pytest.raises(TypeError, match="__setattr__"):

        @valueclass(frozen=True)
        class Bad:
            value: int

            def __setattr__(self, name: str, value: Any) -> None: ...


@pytest.mark.parametrize("frozen", [True, False])
def test_frozen_and_mutable_value_classes_do_not_derive_from_each_other(frozen: bool) -> None:
    @valueclass(frozen=frozen)
    class Base:
        value: int

    with pytest.raises(TypeError, match="cannot inherit"):

        @valueclass(frozen=not frozen)
        class Derived(Base):
            more: int = 0


def test_what_value_classes_do_not_support_is_refused_by_name() -> None:
    with pytest.raises(TypeError, match="InitVar"):

        @valueclass
        class WithInitVar:
            seed: dataclasses.InitVar[int]

    with pytest.raises(TypeError, match="non-default argument 'late' follows default argument"):

        @valueclass
        class LateRequired:
            early: int = 0
            late: int  # type: ignore[misc]


def test_methods_belong_to_the_class_s_module() -> None:
    @valueclass(frozen=True)
    class Placed:
        value: int

    assert {Placed.__init__.__module__, Placed.__repr__.__module__} == {__name__}
