"""Compiled Cairo programs: loading and checking the JSON that ``cairo-compile`` writes."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cairovm.errors import ProgramLoadError
from cairovm.felt import PRIME
from cairovm.references import Reference, parse_reference


@dataclass(frozen=True, slots=True)
class Hint:
    """A hint attached to a pc: its code text, scopes and ids it may use."""

    code: str
    accessible_scopes: tuple[str, ...]
    ap_group: int
    ap_offset: int
    reference_ids: dict[str, int] = field(hash=False)


@dataclass(frozen=True)
class Program:
    """A compiled Cairo 0 program."""

    data: tuple[int, ...]
    builtins: tuple[str, ...]
    hints: dict[int, tuple[Hint, ...]]
    references: tuple[Reference, ...]
    identifiers: dict[str, Any]
    main_scope: str
    name: str = "<program>"

    def label(self, name: str) -> int | None:
        """The pc of ``main_scope.name`` (a function or label), or None."""
        ident = self.identifiers.get(f"{self.main_scope}.{name}")
        if ident is None:
            return None
        if ident.get("type") == "alias":
            ident = self.identifiers.get(ident.get("destination", ""), {})
        pc = ident.get("pc")
        return pc if isinstance(pc, int) else None

    @property
    def main(self) -> int | None:
        return self.label("main")

    @property
    def start(self) -> int | None:
        return self.label("__start__")

    @property
    def end(self) -> int | None:
        return self.label("__end__")


def _fail(where: str, why: str) -> ProgramLoadError:
    return ProgramLoadError(f"invalid program {where}: {why}")


def _int(value: Any, what: str, where: str) -> int:
    try:
        if isinstance(value, bool):
            raise ValueError
        return int(value, 0) if isinstance(value, str) else int(value)
    except (TypeError, ValueError):
        raise _fail(where, f"{what} is not an integer: {value!r}") from None


def program_from_json(obj: Any, name: str = "<program>") -> Program:
    """Build a :class:`Program` from the parsed JSON object.

    Raises:
        ProgramLoadError: a field is missing or malformed.
    """
    if not isinstance(obj, dict):
        raise _fail(name, "the top level is not a JSON object")
    for key in ("data", "prime", "hints", "reference_manager", "identifiers", "main_scope"):
        if key not in obj:
            raise _fail(name, f"missing field {key!r}")
    prime = _int(obj["prime"], "prime", name)
    if prime != PRIME:
        raise _fail(name, f"prime {prime:#x} is not the Stark prime")
    if not isinstance(obj["data"], list) or not obj["data"]:
        raise _fail(name, "'data' is not a non-empty list")
    data = tuple(_int(w, "a data word", name) for w in obj["data"])
    if any(not 0 <= w < PRIME for w in data):
        raise _fail(name, "a data word is not a field element")
    builtins = obj.get("builtins", [])
    if not isinstance(builtins, list) or not all(isinstance(b, str) for b in builtins):
        raise _fail(name, "'builtins' is not a list of names")

    refs_obj = obj["reference_manager"]
    if not isinstance(refs_obj, dict) or not isinstance(refs_obj.get("references"), list):
        raise _fail(name, "'reference_manager.references' is not a list")
    try:
        references = tuple(
            parse_reference(
                r["value"], r["ap_tracking_data"]["group"], r["ap_tracking_data"]["offset"]
            )
            for r in refs_obj["references"]
        )
    except (KeyError, TypeError) as exc:
        raise _fail(name, f"malformed reference: {exc}") from None

    if not isinstance(obj["hints"], dict):
        raise _fail(name, "'hints' is not an object")
    hints: dict[int, tuple[Hint, ...]] = {}
    try:
        for pc_text, entries in obj["hints"].items():
            pc = _int(pc_text, "a hint pc", name)
            hints[pc] = tuple(
                Hint(
                    code=h["code"],
                    accessible_scopes=tuple(h["accessible_scopes"]),
                    ap_group=h["flow_tracking_data"]["ap_tracking"]["group"],
                    ap_offset=h["flow_tracking_data"]["ap_tracking"]["offset"],
                    reference_ids=dict(h["flow_tracking_data"]["reference_ids"]),
                )
                for h in entries
            )
    except (KeyError, TypeError) as exc:
        raise _fail(name, f"malformed hint: {exc}") from None
    if not isinstance(obj["identifiers"], dict):
        raise _fail(name, "'identifiers' is not an object")
    return Program(
        data=data,
        builtins=tuple(builtins),
        hints=hints,
        references=references,
        identifiers=obj["identifiers"],
        main_scope=str(obj["main_scope"]),
        name=name,
    )


def load_program(source: str | Path | dict) -> Program:
    """Load a program from a path to cairo-compile's JSON, or from the parsed JSON itself.

    Raises:
        ProgramLoadError: the file is missing, is not JSON, or is not a compiled program.
    """
    if isinstance(source, dict):
        return program_from_json(source)
    path = Path(source)
    try:
        text = path.read_text()
    except OSError as exc:
        raise ProgramLoadError(f"cannot read program {path}: {exc.strerror}") from None
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ProgramLoadError(f"program {path} is not valid JSON: {exc}") from None
    return program_from_json(obj, name=str(path))
