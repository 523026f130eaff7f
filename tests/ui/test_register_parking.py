"""Park a sale at the register, stop the app, and take it up again whole."""

from __future__ import annotations

from pos_app.ui.admin_register import RegisterPage
from pos_app.ui.qt import Qt
from tests.ui.test_admin import open_admin, settle, sign_in
from tests.ui.test_admin_till import open_register, till_shop  # noqa: F401


def test_a_parked_sale_survives_the_register_closing(qtbot, till_shop) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    load, _ = till_shop
    window, register = open_register(qtbot, load)
    for name, price in (("Kaffe", "89,90"), ("Krus", "125")):
        register.item_name.setText(name)
        register.price.setText(price)
        qtbot.mouseClick(register.add_line, Qt.MouseButton.LeftButton)
    assert register.total.text() == "NOK 214.90" and register.park.isEnabled()
    qtbot.mouseClick(register.park, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert register.message.text() == "Sale of NOK 214.90 parked. Take it up under Parked sales."
    assert register.lines.rowCount() == 0 and not register.park.isEnabled()
    window.close()

    again = open_admin(qtbot, load)
    sign_in(qtbot, again, "kari")
    register = again.show_page(RegisterPage)
    settle(qtbot, again)
    assert register.lines.rowCount() == 0  # not in the draft: in the database
    offered: list[list[str]] = []

    def choose(_parent, waiting):  # type: ignore[no-untyped-def]
        offered.append([f"{p.register} {p.total_minor} {p.lines} {p.parked_by}" for p in waiting])
        return waiting[0].id

    register.choose_parked = choose
    qtbot.mouseClick(register.resume, Qt.MouseButton.LeftButton)
    settle(qtbot, again)
    assert offered == [["register-1 21490 2 mona"]]
    assert register.message.text() == "Parked sale taken up."
    assert [register.lines.item(r, 0).text() for r in range(register.lines.rowCount())] == ["Kaffe", "Krus"]
    assert register.total.text() == "NOK 214.90"
    qtbot.mouseClick(register.resume, Qt.MouseButton.LeftButton)  # a basket in hand: finish it first
    settle(qtbot, again)
    assert register.message.text() == "Finish or park this sale before taking up another."
