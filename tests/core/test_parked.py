"""Parked sales: put aside whole at one register, taken up at another, journaled (13010/13011),
and taken up once when two registers reach for it at the same moment."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import select

from pos_app.core import parked
from pos_app.core.db import Database
from pos_app.core.errors import InvalidInput
from pos_app.core.models import AuditEvent
from tests.register_fixture import Till, groceries, open_till


@pytest.fixture
def till(db: Database, tmp_path: Path) -> Till:
    return open_till(db, tmp_path)


def test_a_parked_basket_comes_back_whole_on_another_register_and_is_journaled(till: Till, tmp_path: Path) -> None:
    basket = groceries()
    put = parked.park(till.db, till.kari, basket, register="register-1")
    assert [p.id for p in parked.waiting(till.db)] == [put.id] and put.total_minor == basket.total_minor
    again = Database(till.db.url)  # another register's connection: nothing lives in the first process
    back = parked.resume(again, till.mona, put.id, register="register-2")
    assert back.to_json() == basket.to_json()
    assert parked.waiting(till.db) == []
    with pytest.raises(InvalidInput, match="already taken up on register-2"):
        parked.resume(till.db, till.kari, put.id, register="register-1")
    with till.db.session() as s:
        events = s.execute(select(AuditEvent.action, AuditEvent.terminal).where(
            AuditEvent.subject_id == put.id).order_by(AuditEvent.seq)).all()
    assert [tuple(e) for e in events] == [("sale.suspend", "register-1"), ("sale.resume", "register-2")]
    again.dispose()


def test_an_empty_basket_is_not_parked(till: Till) -> None:
    from pos_app.core.basket import Basket

    with pytest.raises(InvalidInput, match="nothing to park"):
        parked.park(till.db, till.kari, Basket(), register="register-1")


def test_two_registers_taking_up_one_parked_sale_at_once_get_it_once(till: Till) -> None:
    put = parked.park(till.db, till.kari, groceries(), register="register-1")
    barrier, won, lost = threading.Barrier(4), [], []

    def reach(register: str) -> None:
        db = Database(till.db.url)
        barrier.wait()
        try:
            won.append(parked.resume(db, till.kari, put.id, register=register))
        except InvalidInput:
            lost.append(register)
        finally:
            db.dispose()

    threads = [threading.Thread(target=reach, args=(f"register-{n}",)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(won) == 1 and len(lost) == 3
    with till.db.session() as s:
        assert len(s.scalars(select(AuditEvent.seq).where(AuditEvent.action == "sale.resume")).all()) == 1
