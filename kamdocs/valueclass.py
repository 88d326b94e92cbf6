"""Value classes: the classes `dataclasses.dataclass` makes, for a fraction of its cost.

On Python 3.11 the standard decorator compiles each method it adds with an `exec` of its own:
up to six for a frozen class (`__init__`, `__repr__`, `__eq__`, `__hash__`, `__setattr__`,
`__delattr__`). Over kamdocs' 119 classes that took a large share of every command's start
(measured on 3 December: 19 ms for ir/nodes.py alone, 4 ms once made by `valueclass`).
`valueclass` lets `dataclasses` collect the fields (so `dataclasses.fields`, `replace`,
`asdict` and `is_dataclass` work as before) and compiles `__init__` alone, the one method whose
speed counts (a plan makes tens of thousands of IR nodes). The other methods are closures over
the field names that behave as the standard ones: equality on the compared fields between
objects of the same class, a hash of the same tuple (so sets keep their order), the same repr,
assignment refused on a frozen class.

Not supported, as kamdocs has none, and refused by name: `InitVar` and keyword-only fields.
Not supported either: ordering methods, a dataclass deriving from a value class
(`__dataclass_params__` describes the fields' pass only).
"""

from __future__ import annotations

import dataclasses
import reprlib
from collections.abc import Callable, Iterable
from operator import attrgetter
from typing import Any, TypeVar, dataclass_transform, overload

_C = TypeVar("_C", bound=type)


class _Factory:
    """The default of a parameter whose field has a default factory: left so, it is built."""

    def __repr__(self) -> str:
        return "<factory>"  # as dataclasses shows its own sentinel in a signature


_FACTORY = _Factory()


@overload
def valueclass(cls: _C, /) -> _C: ...


@overload
def valueclass(*, frozen: bool = False, eq: bool = True) -> Callable[[_C], _C]: ...


@dataclass_transform(field_specifiers=(dataclasses.field, dataclasses.Field))
def valueclass(cls: Any = None, /, *, frozen: bool = False, eq: bool = True) -> Any:
    """Return the class made a dataclass (`@valueclass` or `@valueclass(frozen=True)`), as
    `dataclasses.dataclass` with the same arguments would make it."""

    def make(klass: type) -> type:
        return _make(klass, frozen=frozen, eq=eq)

    return make if cls is None else make(cls)


def _make(cls: type, *, frozen: bool, eq: bool) -> type:
    own = cls.__dict__
    if frozen and ("__setattr__" in own or "__delattr__" in own):
        raise TypeError(
            f"{cls.__name__}: a frozen valueclass cannot define __setattr__ or __delattr__"
        )
    undocumented = not cls.__doc__
    if undocumented:
        cls.__doc__ = cls.__name__  # spares dataclasses a signature it would compute for it
    _check_bases(cls, frozen)
    dataclasses.dataclass(cls, init=False, repr=False, eq=False)
    fields = dataclasses.fields(cls)
    _check_fields(cls, fields)
    cls.__valueclass_frozen__ = frozen  # type: ignore[attr-defined]
    names = tuple(f.name for f in fields)
    if "__init__" not in own:
        init = _init_function(cls, fields, frozen)
        cls.__init__ = init  # type: ignore[misc]
        if undocumented:
            cls.__doc__ = f"{cls.__name__}({', '.join(f.name for f in fields if f.init)})"
    _add(cls, "__repr__", _repr_function(tuple(f.name for f in fields if f.repr)))
    if eq:
        _add(cls, "__eq__", _eq_function(tuple(f.name for f in fields if f.compare)))
        _set_hash(cls, fields, frozen)
    if frozen:
        _freeze(cls, frozenset(names))
    return cls


def _check_bases(cls: type, frozen: bool) -> None:
    """Refuse, as dataclasses does, a frozen class deriving from a mutable one or the reverse."""
    for base in cls.__mro__[1:]:
        if base.__dict__.get("__valueclass_frozen__", frozen) != frozen:
            raise TypeError(
                f"{cls.__name__}: cannot inherit frozen dataclass from a non-frozen one"
                if frozen
                else f"{cls.__name__}: cannot inherit non-frozen dataclass from a frozen one"
            )


def _check_fields(cls: type, fields: tuple[dataclasses.Field[Any], ...]) -> None:
    """Refuse by name what the compiled `__init__` does not support, where dataclasses' own
    `__init__` would have refused it or handled it."""
    # dataclasses.fields leaves InitVar pseudo-fields out; its own table keeps them.
    initvars = [
        f.name
        for f in cls.__dataclass_fields__.values()  # type: ignore[attr-defined]
        if f._field_type is dataclasses._FIELD_INITVAR  # type: ignore[attr-defined]
    ]
    if initvars:
        raise TypeError(f"{cls.__name__}: value classes have no InitVar fields ({initvars})")
    if any(f.kw_only is True for f in fields):
        raise TypeError(f"{cls.__name__}: value classes have no keyword-only fields")
    defaulted = False
    for f in (f for f in fields if f.init):
        has_default = not (
            f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        )
        if defaulted and not has_default:
            raise TypeError(
                f"{cls.__name__}: non-default argument {f.name!r} follows default argument"
            )
        defaulted = defaulted or has_default


def _add(cls: type, name: str, function: Callable[..., Any]) -> None:
    # As dataclasses does: a method the class defines itself stays.
    if name not in cls.__dict__:
        function.__qualname__ = f"{cls.__qualname__}.{name}"
        function.__module__ = cls.__module__
        setattr(cls, name, function)


def _init_function(cls: type, fields: Iterable[dataclasses.Field[Any]], frozen: bool) -> Any:
    """Return the `__init__` dataclasses would write, compiled with a single `exec`."""
    me = "__vc_self__" if any(f.name == "self" for f in fields) else "self"
    scope: dict[str, Any] = {
        "__vc_set__": object.__setattr__,
        "__vc_factory__": _FACTORY,
    }
    params, body = [me], []
    for i, f in enumerate(fields):
        if f.init:
            params.append(_parameter(f, i, scope))
            value = f.name
            if f.default_factory is not dataclasses.MISSING:
                value = f"__vc_make_{i}__() if {f.name} is __vc_factory__ else {f.name}"
        elif f.default_factory is not dataclasses.MISSING:
            scope[f"__vc_make_{i}__"] = f.default_factory
            value = f"__vc_make_{i}__()"
        else:
            continue  # as in dataclasses: a plain default stays a class attribute
        if frozen:
            body.append(f"__vc_set__({me}, {f.name!r}, {value})")
        else:
            body.append(f"{me}.{f.name} = {value}")
    if hasattr(cls, "__post_init__"):
        body.append(f"{me}.__post_init__()")
    source = f"def __init__({', '.join(params)}):\n    " + ("\n    ".join(body) or "pass")
    exec(source, scope)  # noqa: S102 - the source is built above from field names only
    init = scope["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    return init


def _parameter(f: dataclasses.Field[Any], i: int, scope: dict[str, Any]) -> str:
    """Return the parameter of field `f` (number `i`), its default placed in `scope`."""
    if f.default is not dataclasses.MISSING:
        scope[f"__vc_default_{i}__"] = f.default
        return f"{f.name}=__vc_default_{i}__"
    if f.default_factory is not dataclasses.MISSING:
        scope[f"__vc_make_{i}__"] = f.default_factory
        return f"{f.name}=__vc_factory__"
    return f.name


def _values(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """Return a function giving the tuple of these attributes of an object (as dataclasses
    compares and hashes them: a tuple even of one field, or of none)."""
    if not names:
        return lambda obj: ()
    if len(names) == 1:
        one = attrgetter(names[0])
        return lambda obj: (one(obj),)
    return attrgetter(*names)


def _repr_function(names: tuple[str, ...]) -> Callable[[Any], str]:
    @reprlib.recursive_repr()
    def __repr__(self: Any) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in names)
        return f"{self.__class__.__qualname__}({shown})"

    return __repr__


def _eq_function(names: tuple[str, ...]) -> Callable[[Any, Any], Any]:
    values = _values(names)

    def __eq__(self: Any, other: Any) -> Any:
        if other.__class__ is self.__class__:
            return values(self) == values(other)
        return NotImplemented

    return __eq__


def _set_hash(cls: type, fields: tuple[dataclasses.Field[Any], ...], frozen: bool) -> None:
    # dataclasses' rule without unsafe_hash: a hash the class defines stays; else a frozen
    # valueclass hashes its fields and a mutable one is unhashable.
    own_hash = cls.__dict__.get("__hash__", dataclasses.MISSING)
    if not (own_hash is dataclasses.MISSING or (own_hash is None and "__eq__" in cls.__dict__)):
        return
    if own_hash is None:
        del cls.__hash__  # the None Python sets beside a class's own __eq__, replaced below
    if not frozen:
        cls.__hash__ = None  # type: ignore[assignment]
        return
    values = _values(tuple(f.name for f in fields if (f.compare if f.hash is None else f.hash)))

    def __hash__(self: Any) -> int:
        return hash(values(self))

    _add(cls, "__hash__", __hash__)


def _freeze(cls: type, names: frozenset[str]) -> None:
    def __setattr__(self: Any, name: str, value: Any) -> None:
        if type(self) is cls or name in names:
            raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")
        super(cls, self).__setattr__(name, value)  # type: ignore[arg-type]

    def __delattr__(self: Any, name: str) -> None:
        if type(self) is cls or name in names:
            raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")
        super(cls, self).__delattr__(name)  # type: ignore[arg-type]

    _add(cls, "__setattr__", __setattr__)
    _add(cls, "__delattr__", __delattr__)
