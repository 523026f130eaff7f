"""Terminals: the kiosks, desks and registers of a store, known by name."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from pos_app.core import audit
from pos_app.core.db import Database
from pos_app.core.errors import InvalidInput
from pos_app.core.models import Terminal

KINDS = ("kiosk", "desk", "register")


def terminal_id_of(db: Database, name: str) -> str | None:
    with db.session() as s:
        return s.scalar(select(Terminal.id).where(Terminal.name == name))


def ensure_terminal(db: Database, name: str, kind: str, *, actor: str = "system") -> str:
    """Return the id of the named terminal, registering it (audited) the first time it is seen."""
    if kind not in KINDS:
        raise InvalidInput(f"unknown terminal kind {kind!r}; choose {', '.join(KINDS)}")
    for _ in range(2):  # a second pass covers another process registering the same name at once
        try:
            with db.session() as s:
                found = s.scalar(select(Terminal).where(Terminal.name == name))
                if found is not None:
                    if found.kind != kind:
                        raise InvalidInput(f"terminal {name!r} is a {found.kind}, not a {kind}")
                    return found.id
                term = Terminal(name=name, kind=kind)
                s.add(term)
                s.flush()
                audit.record(s, actor=actor, action="terminal.register", terminal=name,
                             subject_type="terminal", subject_id=term.id, after={"name": name, "kind": kind})
                return term.id
        except IntegrityError:
            continue
    raise InvalidInput(f"terminal {name!r} could not be registered")
