"""Records: classes of named fields, declared as dataclasses are (`@record`).

Not dataclasses because of start-up time: importing `dataclasses` (and `inspect`,
which it imports) and building the frozen classes a run loads cost about 35 ms,
as Python 3.11 compiles each class's six generated methods from source. Here
only `__init__` is compiled per class; comparison, hashing, `repr` and
frozenness are the shared functions below, which read the class's field names.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from operator import attrgetter
from reprlib import recursive_repr
from typing import Any, TypeVar, dataclass_transform, overload

T = TypeVar("T")
R = TypeVar("R")

_MISSING: Any = object()


class Field:
    """A field's options, as `field()` gives them."""

    __slots__ = ("compare", "default", "default_factory", "init", "repr")

    def __init__(
        self, default: Any, default_factory: Any, init: bool, repr: bool, compare: bool
    ) -> None:
        self.default = default
        self.default_factory = default_factory
        self.init = init
        self.repr = repr
        self.compare = compare


@overload
def field(*, default: T, init: bool = True, repr: bool = True, compare: bool = True) -> T: ...
@overload
def field(
    *, default_factory: Callable[[], T], init: bool = True, repr: bool = True, compare: bool = True
) -> T: ...
@overload
def field(*, init: bool = True, repr: bool = True, compare: bool = True) -> Any: ...
def field(
    *,
    default: Any = _MISSING,
    default_factory: Any = _MISSING,
    init: bool = True,
    repr: bool = True,
    compare: bool = True,
) -> Any:
    """A field with a default made by `default_factory`, or left out of `__init__`,
    `repr` or comparisons; as `dataclasses.field`."""
    return Field(default, default_factory, init, repr, compare)


class FrozenInstanceError(AttributeError):
    """A field of a frozen record was assigned to or deleted."""


def _frozen_setattr(self: object, name: str, value: object) -> None:
    raise FrozenInstanceError(f"cannot assign to field {name!r}")


def _frozen_delattr(self: object, name: str) -> None:
    raise FrozenInstanceError(f"cannot delete field {name!r}")


@recursive_repr()
def _repr(self: Any) -> str:
    shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__record_repr__)
    return f"{self.__class__.__qualname__}({shown})"


# Equal when of the same class with equal compared fields, as dataclasses compare.
# The key (the tuple of those fields) is read from the class: a function read from
# the instance would be bound to it.
def _eq(self: Any, other: Any) -> Any:
    cls = self.__class__
    if other.__class__ is cls:
        key = cls.__record_key__
        return key(self) == key(other)
    return NotImplemented


def _hash(self: Any) -> int:
    return hash(self.__class__.__record_key__(self))


def _ordering(compare: Callable[[Any, Any], bool]) -> Callable[[Any, Any], Any]:
    """`<` and the like (`compare`), on the compared fields in order."""

    def method(self: Any, other: Any) -> Any:
        cls = self.__class__
        if other.__class__ is cls:
            key = cls.__record_key__
            return compare(key(self), key(other))
        return NotImplemented

    return method


_ORDER = {name: _ordering(getattr(operator, name)) for name in ("lt", "le", "gt", "ge")}


# Slots and no __dict__: pickle and copy would restore the fields with setattr,
# which a frozen record refuses.
def _getstate(self: Any) -> list[Any]:
    return [getattr(self, name) for name in self.__record_fields__]


def _setstate(self: Any, state: list[Any]) -> None:
    for name, value in zip(self.__record_fields__, state, strict=True):
        object.__setattr__(self, name, value)


def _key(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    if len(names) == 1:  # attrgetter of one name gives the value, not a 1-tuple
        one = attrgetter(names[0])
        return lambda obj: (one(obj),)
    if not names:
        return lambda obj: ()
    return attrgetter(*names)


@overload
def record(cls: type[T], /) -> type[T]: ...
@overload
def record(*, frozen: bool = True, order: bool = False) -> Callable[[type[T]], type[T]]: ...
@dataclass_transform(frozen_default=True, field_specifiers=(field,))
def record(
    cls: type[T] | None = None, /, *, frozen: bool = True, order: bool = False
) -> type[T] | Callable[[type[T]], type[T]]:
    """Make `cls` a record: slots, `__init__`, `repr`, comparison by value, and
    (unless `frozen=False`) immutable and hashable; `order=True` adds `<` and
    the like, comparing the fields in order."""

    def wrap(cls: type[T]) -> type[T]:
        return _build(cls, frozen, order)

    return wrap if cls is None else wrap(cls)


def _build(cls: type[T], frozen: bool, order: bool) -> type[T]:
    if any("__record_fields__" in vars(base) for base in cls.__mro__[1:]):
        raise TypeError(f"{cls.__name__}: a record cannot inherit another record's fields")
    ns = dict(cls.__dict__)
    specs: list[tuple[str, Field]] = []
    for name, annotation in ns.get("__annotations__", {}).items():
        # Strings, as every module declaring records has `from __future__ import annotations`.
        if isinstance(annotation, str) and annotation.startswith(("ClassVar", "typing.ClassVar")):
            continue
        value = ns.pop(name, _MISSING)
        if not isinstance(value, Field):
            value = Field(value, _MISSING, True, True, True)
        specs.append((name, value))
    names = tuple(name for name, _ in specs)
    ns.pop("__dict__", None)
    ns.pop("__weakref__", None)
    ns["__slots__"] = names
    ns["__record_fields__"] = names
    ns["__record_init__"] = ns["__match_args__"] = tuple(n for n, f in specs if f.init)
    ns["__record_repr__"] = tuple(n for n, f in specs if f.repr)
    ns["__record_key__"] = _key(tuple(n for n, f in specs if f.compare))
    ns.setdefault("__repr__", _repr)
    ns.setdefault("__eq__", _eq)
    if order:
        ns.update({f"__{name}__": method for name, method in _ORDER.items()})
    if frozen:
        ns.update(__hash__=_hash, __setattr__=_frozen_setattr, __delattr__=_frozen_delattr)
        ns.update(__getstate__=_getstate, __setstate__=_setstate)
    else:
        ns["__hash__"] = None  # mutable and compared by value, as a dataclass
    # A new class, as slots must be declared when a class is made (dataclasses do the same).
    meta: Any = type(cls)
    new: type[T] = meta(cls.__name__, cls.__bases__, ns)
    new.__qualname__ = cls.__qualname__
    if "__init__" not in ns:
        new.__init__ = _init(new, specs, frozen)  # type: ignore[method-assign]
    return new


def _init(cls: type, specs: list[tuple[str, Field]], frozen: bool) -> Callable[..., None]:
    """Compile `cls.__init__`, setting each field as a dataclass's would."""
    env: dict[str, Any] = {"_MISSING": _MISSING}
    params = ["self"]
    values: list[tuple[str, str]] = []
    for name, spec in specs:
        value = name
        if spec.default_factory is not _MISSING:
            env[f"_factory_{name}"] = spec.default_factory
            if spec.init:
                params.append(f"{name}=_MISSING")
                value = f"_factory_{name}() if {name} is _MISSING else {name}"
            else:
                value = f"_factory_{name}()"
        elif spec.default is not _MISSING:
            env[f"_default_{name}"] = spec.default
            if spec.init:
                params.append(f"{name}=_default_{name}")
            else:
                value = f"_default_{name}"
        elif spec.init:
            params.append(name)
        else:
            continue  # set by __post_init__
        values.append((name, value))
    if frozen:
        # The slot's own setter: a frozen record's __setattr__ refuses, and
        # this is quicker than object.__setattr__.
        env.update({f"_set_{name}": getattr(cls, name).__set__ for name, _ in values})
        body = [f" _set_{name}(self, {value})" for name, value in values]
        cls.__record_signature__ = (env, params[1:], values)  # type: ignore[attr-defined]
    else:
        body = [f" self.{name} = {value}" for name, value in values]
    if hasattr(cls, "__post_init__"):
        body.append(" self.__post_init__()")
    init: Callable[..., None] = _compiled("__init__", params, body, env)
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    return init


def _compiled(name: str, params: list[str], body: list[str], env: dict[str, Any]) -> Any:
    exec(f"def {name}({', '.join(params)}):\n" + ("\n".join(body) or " pass"), env)
    return env[name]


def maker(cls: type[R]) -> Callable[..., R]:
    """A quicker way to make records of the frozen class `cls`, for loops that make
    a million: the same arguments as `cls(...)`, and the same record.

    A frozen record's `__init__` must set each field through its slot's setter. This
    sets them on a mutable twin of the class (the same slots, so the same layout),
    then gives the object its class: about twice as quick for `Finding`.
    """
    made: Callable[..., R] | None = cls.__dict__.get("__record_maker__")
    if made is not None:
        return made
    signature = cls.__dict__.get("__record_signature__")
    if signature is None:  # not frozen: its own __init__ is as quick
        return cls
    env, params, values = signature
    twin = type(cls.__name__, cls.__bases__, {"__slots__": cls.__dict__["__record_fields__"]})
    body = [" self = _new(_twin)", *(f" self.{name} = {value}" for name, value in values)]
    body.append(" self.__class__ = _cls")
    if hasattr(cls, "__post_init__"):
        body.append(" self.__post_init__()")
    body.append(" return self")
    env = {**env, "_new": object.__new__, "_twin": twin, "_cls": cls}
    made = _compiled("make", params, body, env)
    type.__setattr__(cls, "__record_maker__", made)
    return made


def replace(obj: R, /, **changes: Any) -> R:
    """A copy of the record `obj` with the fields named in `changes` changed."""
    cls: Any = type(obj)
    names = getattr(cls, "__record_init__", None)
    if names is None:
        raise TypeError(f"replace() takes a record, not {cls.__name__}")
    for name in names:
        if name not in changes:
            changes[name] = getattr(obj, name)
    result: R = cls(**changes)
    return result
