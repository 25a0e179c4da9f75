"""Records (`leadcheck.records`) behave as the frozen dataclasses they replace."""

from __future__ import annotations

import copy
import pickle
from typing import Generic, TypeVar

import pytest

import leadcheck
from leadcheck.findings import FindingKey, Location, Severity
from leadcheck.records import FrozenInstanceError, field, maker, record, replace

T = TypeVar("T")


@record
class Point:
    """A point on a page."""

    x: int
    y: int = 0
    """Lines down."""
    tags: list[str] = field(default_factory=list)


@record
class Other:
    x: int
    y: int = 0
    tags: list[str] = field(default_factory=list)


@record(order=True)
class Key:
    rule: str
    path: str
    target: str = ""


@record(frozen=False)
class Tally:
    counts: dict[str, int] = field(default_factory=dict)
    total: int = 0


@record
class Derived:
    text: str
    length: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "length", len(self.text))


class Base:
    __slots__ = ()


@record
class Boxed(Base, Generic[T]):
    value: T


def test_construction_with_defaults_and_factories() -> None:
    p = Point(1)
    assert (p.x, p.y, p.tags) == (1, 0, [])
    assert Point(1).tags is not Point(1).tags  # a new list each time
    assert Point(1, 2, ["a"]) == Point(x=1, tags=["a"], y=2)
    assert Tally().counts == {}


def test_missing_and_unexpected_arguments_are_type_errors() -> None:
    with pytest.raises(TypeError, match=r"missing 1 required positional argument: 'x'"):
        Point()  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="unexpected keyword argument 'z'"):
        Point(1, z=2)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="positional arguments"):
        Point(1, 2, [], 4)  # type: ignore[call-arg]


def test_frozen_records_refuse_assignment_and_deletion() -> None:
    p = Point(1)
    with pytest.raises(FrozenInstanceError, match=r"^cannot assign to field 'x'$"):
        p.x = 2  # type: ignore[misc]
    with pytest.raises(AttributeError, match=r"^cannot delete field 'y'$"):
        del p.y  # type: ignore[misc]
    with pytest.raises(AttributeError):
        p.z = 1  # type: ignore[attr-defined]
    assert issubclass(FrozenInstanceError, AttributeError)
    assert p.x == 1


def test_mutable_records_can_change_and_do_not_hash() -> None:
    t = Tally()
    t.total += 1
    t.counts["a"] = 1
    assert t == Tally({"a": 1}, 1)
    with pytest.raises(TypeError, match="unhashable"):
        hash(t)


def test_equal_values_are_equal_and_hash_equal() -> None:
    assert Point(1, 2) == Point(1, 2)
    assert Point(1, 2) != Point(1, 3)
    a = Location("plan.yaml", 3, 4, ("partners", 0))
    b = Location("plan.yaml", 3, 4, ("partners", 0))
    assert a == b
    assert hash(a) == hash(b)
    assert len({a, b, Location("plan.yaml", 3, 5)}) == 2
    assert hash(Key("LC1", "p")) == hash(("LC1", "p", ""))  # as a dataclass hashes


def test_another_class_is_never_equal() -> None:
    assert Point(1) != Other(1)
    assert Point(1) != (1, 0, [])
    assert Point(1).__eq__(Other(1)) is NotImplemented


def test_fields_left_out_of_init_and_comparison() -> None:
    d = Derived("abc")
    assert d.length == 3
    assert d == Derived("abc")
    assert repr(d) == "Derived(text='abc')"
    assert replace(d, text="abcd").length == 4


def test_order_compares_fields_in_turn() -> None:
    keys = [Key("LC2", "a"), Key("LC1", "b", "t"), Key("LC1", "b"), Key("LC1", "a")]
    assert sorted(keys) == [Key("LC1", "a"), Key("LC1", "b"), Key("LC1", "b", "t"), Key("LC2", "a")]
    assert Key("LC1", "a") < Key("LC1", "b") <= Key("LC1", "b")
    assert Key("LC2", "a") > Key("LC1", "z") >= Key("LC1", "z")
    with pytest.raises(TypeError):
        _ = Key("LC1", "a") < ("LC1", "a", "")  # type: ignore[operator]
    with pytest.raises(TypeError):
        _ = Point(1) < Point(2)  # type: ignore[operator]
    assert sorted([FindingKey("b", "f", "p"), FindingKey("a", "g", "p")])[0].rule == "a"


def test_repr_is_the_dataclass_format() -> None:
    assert repr(Point(1, 2, ["a"])) == "Point(x=1, y=2, tags=['a'])"
    assert repr(Boxed("x")) == "Boxed(value='x')"
    loc = Location("plan.yaml", 3, 4)
    assert repr(loc) == "Location(file='plan.yaml', line=3, column=4, path=())"
    assert str(loc) == "plan.yaml:3:4"  # a record's own __str__ is kept
    t = Tally()
    t.counts["self"] = t  # type: ignore[assignment]
    assert repr(t) == "Tally(counts={'self': ...}, total=0)"


def test_replace_makes_a_changed_copy() -> None:
    p = Point(1, 2, ["a"])
    q = replace(p, y=5)
    assert q == Point(1, 5, ["a"])
    assert p == Point(1, 2, ["a"])
    assert q.tags is p.tags
    assert leadcheck.replace is replace
    assert "replace" in leadcheck.__all__


def test_replace_refuses_unknown_fields_and_other_objects() -> None:
    with pytest.raises(TypeError, match="unexpected keyword argument 'z'"):
        replace(Point(1), z=3)
    with pytest.raises(TypeError, match="replace"):
        replace(object())


def test_records_have_slots_and_no_instance_dict() -> None:
    p = Point(1)
    assert not hasattr(p, "__dict__")
    assert Point.__slots__ == ("x", "y", "tags")
    assert Point.__doc__ == "A point on a page."


def test_generic_records_subscript() -> None:
    box: Boxed[int] = Boxed[int](3)
    assert box.value == 3
    assert isinstance(box, Base)


def test_records_cannot_inherit_records() -> None:
    with pytest.raises(TypeError, match="cannot inherit"):

        @record
        class More(Point):  # type: ignore[misc]
            z: int = 0


def test_frozen_records_pickle_and_copy() -> None:
    loc = Location("plan.yaml", 3, 4, ("partners", 0))
    finding = leadcheck.Finding("LC101", "x", Severity.ERROR, "m", loc, waived=True)
    assert pickle.loads(pickle.dumps(finding)) == finding
    assert copy.copy(finding) == finding
    assert copy.deepcopy(finding) == finding
    assert pickle.loads(pickle.dumps(Derived("ab"))).length == 2


def test_maker_makes_the_same_frozen_record() -> None:
    make = maker(Point)
    made = make(1, tags=["a"])
    assert type(made) is Point
    assert made == Point(1, tags=["a"])
    loc = maker(Location)("plan.yaml", 3, 4)
    assert loc == Location("plan.yaml", 3, 4)
    assert hash(loc) == hash(Location("plan.yaml", 3, 4))
    assert repr(made) == "Point(x=1, y=0, tags=['a'])"
    assert make(1).tags is not make(1).tags  # factories run each time
    assert pickle.loads(pickle.dumps(made)) == made
    with pytest.raises(FrozenInstanceError):
        made.x = 2  # type: ignore[misc]
    with pytest.raises(TypeError):
        make()  # x is required, as for Point()
    assert maker(Derived)("abc").length == 3  # __post_init__ runs
    assert maker(Point) is make  # compiled once


def test_maker_of_a_mutable_record_is_the_class() -> None:
    assert maker(Tally) is Tally
