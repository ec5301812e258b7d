"""References: the expressions behind ``ids.name`` in hints, evaluated against the VM state.

cairo-compile records each reference as text such as ``[cast(fp + (-3), felt*)]`` or
``cast([ap + (-1)] + 1, felt)``, with the ap-tracking data of the point where it was defined. This
module parses that small expression language once per reference and evaluates it for a hint.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from cairovm.errors import HintError
from cairovm.felt import PRIME
from cairovm.relocatable import MaybeRel, Rel, add

_TOKEN = re.compile(r"\s*(0x[0-9a-fA-F]+|\d+|[A-Za-z_][A-Za-z0-9_.]*|\*\*|[\[\]()+\-*,])")


@dataclass(frozen=True, slots=True)
class Node:
    """A parsed reference expression: an operator and its operands."""

    op: str  # "int", "reg", "deref", "add", "sub", "mul", "neg", "cast"
    args: tuple


@dataclass(frozen=True, slots=True)
class Reference:
    """One entry of the program's reference manager."""

    expr: Node
    ap_group: int
    ap_offset: int
    text: str

    @property
    def is_deref(self) -> bool:
        """True when the reference names a memory cell (so a hint may assign to it)."""
        return self.expr.op == "deref"

    @property
    def pointee_type(self) -> str | None:
        """For ``[cast(addr, T*)]``, the type T; otherwise None."""
        inner = self.expr.args[0] if self.is_deref else None
        if inner is not None and inner.op == "cast" and inner.args[1].endswith("*"):
            return inner.args[1][:-1].strip()
        return None


def _tokenize(text: str) -> list[str]:
    tokens, pos = [], 0
    text = text.rstrip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m:
            raise HintError(f"cannot parse reference expression {text!r} at {pos}")
        tokens.append(m.group(1))
        pos = m.end()
    return tokens


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = _tokenize(text)
        self.i = 0

    def peek(self) -> str | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self, expected: str | None = None) -> str:
        tok = self.peek()
        if tok is None or (expected is not None and tok != expected):
            raise HintError(f"cannot parse reference expression {self.text!r}: expected {expected}")
        self.i += 1
        return tok

    def expr(self) -> Node:
        node = self.term()
        while self.peek() in ("+", "-"):
            op = "add" if self.take() == "+" else "sub"
            node = Node(op, (node, self.term()))
        return node

    def term(self) -> Node:
        node = self.unary()
        while self.peek() == "*":
            self.take()
            node = Node("mul", (node, self.unary()))
        return node

    def unary(self) -> Node:
        if self.peek() == "-":
            self.take()
            return Node("neg", (self.unary(),))
        return self.atom()

    def atom(self) -> Node:
        tok = self.take()
        if tok == "[":
            inner = self.expr()
            self.take("]")
            return Node("deref", (inner,))
        if tok == "(":
            inner = self.expr()
            self.take(")")
            return inner
        if tok == "cast":
            self.take("(")
            inner = self.expr()
            self.take(",")
            depth, parts = 0, []
            while True:
                t = self.take()
                if t == "(":
                    depth += 1
                elif t == ")":
                    if depth == 0:
                        break
                    depth -= 1
                parts.append(t)
            return Node("cast", (inner, "".join(parts)))
        if tok in ("ap", "fp"):
            return Node("reg", (tok,))
        if tok[0].isdigit():
            return Node("int", (int(tok, 0),))
        raise HintError(f"unsupported token {tok!r} in reference expression {self.text!r}")


def parse_reference(text: str, ap_group: int, ap_offset: int) -> Reference:
    """Parse one reference's value text."""
    parser = _Parser(text)
    node = parser.expr()
    if parser.peek() is not None:
        raise HintError(f"trailing tokens in reference expression {text!r}")
    return Reference(node, ap_group, ap_offset, text)


def evaluate(node: Node, ap: Rel | None, fp: Rel, read: Callable[[Rel], MaybeRel]) -> MaybeRel:
    """Evaluate an expression; ``ap`` must already be corrected for ap tracking."""
    op = node.op
    if op == "int":
        return node.args[0] % PRIME
    if op == "reg":
        if node.args[0] == "fp":
            return fp
        if ap is None:
            raise HintError(
                "the reference uses ap, whose value is unknown here (revoked reference)"
            )
        return ap
    if op == "cast":
        return evaluate(node.args[0], ap, fp, read)
    if op == "deref":
        addr = evaluate(node.args[0], ap, fp, read)
        if type(addr) is not Rel:
            raise HintError(f"dereference of a non-pointer value {addr}")
        return read(addr)
    if op == "neg":
        value = evaluate(node.args[0], ap, fp, read)
        if type(value) is not int:
            raise HintError("cannot negate a pointer")
        return (-value) % PRIME
    a = evaluate(node.args[0], ap, fp, read)
    b = evaluate(node.args[1], ap, fp, read)
    if op == "add":
        return add(a, b)
    if op == "sub":
        if type(b) is int:
            return add(a, (-b) % PRIME)
        return a - b  # type: ignore[operator]
    if type(a) is not int or type(b) is not int:
        raise HintError("cannot multiply pointers")
    return a * b % PRIME


def address_of(ref: Reference, ap: Rel | None, fp: Rel, read: Callable[[Rel], MaybeRel]) -> Rel:
    """The address of a dereference reference ``[expr]``."""
    addr = evaluate(ref.expr.args[0], ap, fp, read)
    if type(addr) is not Rel:
        raise HintError(f"reference {ref.text!r} does not point to memory")
    return addr
