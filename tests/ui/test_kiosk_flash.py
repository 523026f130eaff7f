"""The capture page during the screen-light check (liveness.flash): the page itself is the light."""

from __future__ import annotations

from pos_app.core.money import Money
from pos_app.flows.checkout import Screen, Stage
from pos_app.ui.kiosk_capture import CaptureScreen


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
