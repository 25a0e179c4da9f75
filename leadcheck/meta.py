"""What every rule declares about itself, structure rules and theme rules alike."""

from __future__ import annotations

from collections.abc import Mapping

from leadcheck.errors import ConfigError
from leadcheck.findings import Severity
from leadcheck.records import field, record
from leadcheck.suggest import did_you_mean


class Words(tuple[str, ...]):
    """A parameter's list of words (such as accepted methods); shown comma-separated."""

    __slots__ = ()

    def __str__(self) -> str:
        return ", ".join(self) if self else "(none)"


ParamValue = int | float | Words


@record
class Param:
    """A rule parameter: its default, and the range a setting must fall in.

    The default's type is the parameter's type: an int default takes whole
    numbers only; a float default takes any number; a `Words` default takes a
    list of words, each one of `choices`.
    """

    default: ParamValue
    minimum: int | float = 0
    maximum: int | float | None = None
    choices: tuple[str, ...] = ()
    """The words a `Words` parameter may list."""

    def check(self, value: object) -> ParamValue:
        """`value` if it fits, else ConfigError (without the rule's name: callers add it)."""
        if isinstance(self.default, Words):
            return self._check_words(value)
        whole = isinstance(self.default, int)
        kind = "a whole number" if whole else "a number"
        if isinstance(value, bool) or not isinstance(value, int if whole else int | float):
            raise ConfigError(f"must be {kind}, not {value!r}")
        if value < self.minimum or (self.maximum is not None and value > self.maximum):
            top = "" if self.maximum is None else f" and at most {self.maximum:g}"
            raise ConfigError(f"must be at least {self.minimum:g}{top}, not {value!r}")
        return value

    def _check_words(self, value: object) -> Words:
        allowed = ", ".join(self.choices)
        if isinstance(value, str) or not isinstance(value, list | tuple):
            raise ConfigError(f"must be a list of words from {allowed}, not {value!r}")
        for word in value:
            if not isinstance(word, str) or word not in self.choices:
                hint = did_you_mean(word, self.choices) if isinstance(word, str) else ""
                raise ConfigError(f"lists {word!r}, which is not one of {allowed}{hint}")
        if not value:
            raise ConfigError(f"must list at least one of {allowed}")
        return Words(dict.fromkeys(value))


@record
class RuleMeta:
    """A rule's identity and documentation; `leadcheck explain` prints all of it."""

    id: str
    slug: str
    severity: Severity
    title: str
    """One line: what the rule checks."""
    rationale: str
    """Why it matters, in plain words."""
    fix: str
    """One line: how to close the gap."""
    theme: str | None = None
    """None for structure rules, which are not scored and cannot be waived."""
    tips: tuple[str, ...] = ()
    """Keys of the tips (leadcheck.tips) the rule checks."""
    param_specs: Mapping[str, Param] = field(default_factory=dict)
    """The parameters settings may change, with their types and ranges."""
    package: str = "leadcheck"
    """The distribution that provides the rule (plugins name their own)."""

    @property
    def params(self) -> dict[str, ParamValue]:
        """Default parameters by name."""
        return {name: spec.default for name, spec in self.param_specs.items()}

    def check_params(self, given: Mapping[str, object]) -> dict[str, ParamValue]:
        """The defaults with `given` applied; ConfigError names the rule and parameter."""
        out = self.params
        for name, value in given.items():
            spec = self.param_specs.get(name)
            if spec is None:
                known = ", ".join(self.param_specs) or "none"
                raise ConfigError(
                    f"rule {self.id} ({self.slug}) has no parameter {name!r}"
                    f"{did_you_mean(name, self.param_specs)}; its parameters: {known}"
                )
            try:
                out[name] = spec.check(value)
            except ConfigError as exc:
                raise ConfigError(
                    f"rule {self.id} ({self.slug}) parameter {name!r} {exc}"
                ) from None
        return out
