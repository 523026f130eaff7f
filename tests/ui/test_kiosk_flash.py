"""The capture page during the screen-light check (liveness.flash): the page itself is the light."""

from __future__ import annotations

from pos_app.core.money import Money
from pos_app.flows.checkout import Screen, Stage
from pos_app.ui.kiosk_capture import CaptureScreen
from tests.ui.conftest import scripted_camera
from tests.ui.scripted import ScriptedLiveness
from tests.ui.test_kiosk import open_kiosk, pay_with_face, shopper  # noqa: F401 - the shopper fixture


def test_the_capture_page_shows_each_colour_asked_for_then_its_own_again(qtbot) -> None:  # type: ignore[no-untyped-def]
    page = CaptureScreen()
    qtbot.addWidget(page)
    page.resize(800, 600)
    page.show()
    amount = Money("NOK", 12_550)
    corner = (5, 300)  # left edge, beside the camera view: page background
    centre = (400, 300)  # where the camera's picture is: the colour replaces it
    before = page.grab().toImage().pixelColor(*corner)
    for colour, rgb in (("red", (255, 0, 0)), ("green", (0, 255, 0)), ("blue", (0, 0, 255))):
        page.show_screen(Screen(Stage.CAPTURE, amount, prompt="flash", detail={"done": 2, "total": 2, "flash": colour}), "en")
        image = page.grab().toImage()
        for at in (corner, centre):
            pixel = image.pixelColor(*at)
            assert (pixel.red(), pixel.green(), pixel.blue()) == rgb, at
        assert page.instruction.text() == "Keep looking at the screen"
    page.show_verifying()
    assert page.grab().toImage().pixelColor(*corner) == before
    assert page.camera.fill is None


def test_frames_lit_by_the_screen_light_check_are_never_the_face_verified(qtbot, store, shopper, test_data) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """The kiosk verifies its best frames; those the display's colours lit are left out. Here the
    camera shows another man exactly while the display flashes: had those frames been fused, the
    payment would fail the same-face rule; left out, the owner pays."""
    class Flashing(ScriptedLiveness):
        def feed(self, frame_bgr, t):  # type: ignore[no-untyped-def]
            status = super().feed(frame_bgr, t)
            self.flash_colour = "green" if 4 <= self.frames <= 10 else None  # lights frames 5 to 11
            return status

    _, card, account, face = shopper
    biden = store.person(test_data, "biden")[0]
    window = open_kiosk(qtbot, store, scripted_camera(store, [card] + [face] * 4 + [biden] * 7 + [face]),
                        services=lambda: store.services(liveness=lambda s, e: Flashing(e, frames_needed=12)))
    pay_with_face(qtbot, window)
    assert window.result.headline.accessibleName() == "Payment approved", window.result.message.text()
    assert store.bank.balance(account) == 100_000 - 12_550
