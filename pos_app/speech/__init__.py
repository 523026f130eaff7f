"""Speech for the kiosk: what each screen says (script), the offline voice that says it
(espeak-ng, engine), the tones that confirm and warn (tones), and the player that gives both to the
sound card off the UI thread (player). Nothing here imports Qt."""
