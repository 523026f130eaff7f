from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from pos_app.core.config import Settings, load_settings, prepare_data_dir
from pos_app.core.errors import ConfigError, InvalidInput


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_give_an_embedded_sqlite_file_in_the_data_dir(tmp_path: Path) -> None:
    s = load_settings(env={"FACEPAY_DATA_DIR": str(tmp_path)})
    assert s.engine == "sface"
    assert s.currency == "NOK"
    assert s.database_url == f"sqlite:///{tmp_path / 'facepay.db'}"


def test_file_then_environment_then_flags_each_override_the_last(tmp_path: Path) -> None:
    cfg = write(tmp_path / "c.toml", 'engine = "insightface"\nlanguage = "en"\ncamera = "2"\n')
    s = load_settings(cfg, env={"FACEPAY_LANGUAGE": "nb", "FACEPAY_CAMERA": "3"}, flags={"camera": "4"})
    assert (s.engine, s.language, s.camera) == ("insightface", "nb", "4")


def test_environment_names_the_config_file(tmp_path: Path) -> None:
    cfg = write(tmp_path / "c.toml", "match_threshold_dlib = 0.7\n")
    assert load_settings(env={"FACEPAY_CONFIG": str(cfg)}).match_threshold_dlib == 0.7


def test_unknown_engine_is_refused_in_plain_words() -> None:
    with pytest.raises(ConfigError, match=r"^unknown engine 'foo'; choose sface, dlib, insightface$"):
        load_settings(env={"FACEPAY_ENGINE": "foo"})


@pytest.mark.parametrize("value", ["0", "1", "1.5", "-0.2"])
def test_threshold_outside_zero_one_is_refused(value: str) -> None:
    with pytest.raises(ConfigError, match="match_threshold_dlib is .* must be a similarity between 0 and 1"):
        load_settings(env={"FACEPAY_MATCH_THRESHOLD_DLIB": value})


@pytest.mark.parametrize("value", ["0.5", "6", "0"])
def test_a_time_factor_that_would_shorten_or_stall_the_screens_is_refused(value: str) -> None:
    with pytest.raises(ConfigError, match=r"^time_factor is .*; it must be 1 to 5 \(1 = standard times\)$"):
        load_settings(env={"FACEPAY_TIME_FACTOR": value})
    assert load_settings(env={"FACEPAY_TIME_FACTOR": "2.5"}).time_factor == 2.5


@pytest.mark.parametrize(("env", "why"), [
    ({"FACEPAY_LIVENESS_CHALLENGES": "blink,turn_left"}, "with one, a recording knows the side"),
    ({"FACEPAY_LIVENESS_CHALLENGE_COUNT": "1"}, "can leave out both turns: draw at least 2"),
    ({"FACEPAY_LIVENESS_CHALLENGES": "blink,nod"}, "names 'nod'; choose from blink, turn_left, turn_right"),
    ({"FACEPAY_LIVENESS_ONSET_MAX_SECONDS": "0"}, "liveness_onset_max_seconds is 0.0; it must be 0.5 to 5"),
])
def test_a_challenge_set_a_recording_could_answer_is_refused(env: dict[str, str], why: str) -> None:
    with pytest.raises(ConfigError, match=why):
        load_settings(env=env)


@pytest.mark.parametrize(("value", "why"), [
    ("moire=high", "moire must be a number, got 'high'"),
    ("colour=0.2", "names 'colour'; choose from moire, flat_range, border, glare"),
    ("glare=0", "glare is 0.0; it must be above 0 and at most 10"),
])
def test_screen_thresholds_are_checked_and_cannot_be_switched_off(value: str, why: str) -> None:
    with pytest.raises(ConfigError, match=why):
        load_settings(env={"FACEPAY_LIVENESS_SCREEN_THRESHOLDS": value})
    assert load_settings(env={"FACEPAY_LIVENESS_SCREEN_THRESHOLDS": "glare=0.05"}).screen_thresholds == {"glare": 0.05}


def test_two_turns_alone_are_a_valid_set() -> None:
    settings = load_settings(env={"FACEPAY_LIVENESS_CHALLENGES": "turn_left,turn_right",
                                  "FACEPAY_LIVENESS_CHALLENGE_COUNT": "1"})
    assert settings.challenge_pool == ("turn_left", "turn_right")


def test_threshold_that_is_not_a_number_is_refused() -> None:
    with pytest.raises(ConfigError, match="match_threshold_dlib in the environment .* must be a number, got .high."):
        load_settings(env={"FACEPAY_MATCH_THRESHOLD_DLIB": "high"})


def test_misspelt_setting_in_file_is_named(tmp_path: Path) -> None:
    cfg = write(tmp_path / "c.toml", 'engin = "dlib"\n')
    with pytest.raises(ConfigError, match=r"unknown setting 'engin' in .*c\.toml"):
        load_settings(cfg, env={})


def test_broken_toml_is_reported_with_the_file(tmp_path: Path) -> None:
    cfg = write(tmp_path / "c.toml", "engine = \n")
    with pytest.raises(ConfigError, match=r"c\.toml is not valid TOML"):
        load_settings(cfg, env={})


def test_explicit_config_file_that_does_not_exist_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        load_settings(tmp_path / "nope.toml", env={})


def test_unsupported_database_is_refused() -> None:
    with pytest.raises(ConfigError, match="database 'mysql' is not supported"):
        load_settings(env={"FACEPAY_DB_URL": "mysql://u:secret@h/db"})


def test_database_password_is_hidden_in_redacted_settings() -> None:
    s = load_settings(env={"FACEPAY_DB_URL": "postgresql://u:hunter2@db.example/pos"})
    assert "hunter2" not in str(s.redacted())


def test_unwritable_data_dir_is_reported_plainly(tmp_path: Path) -> None:
    blocker = write(tmp_path / "a-file", "")
    s = load_settings(env={"FACEPAY_DATA_DIR": str(blocker / "data")})
    with pytest.raises(ConfigError, match=r"data dir .*a-file/data is not writable"):
        prepare_data_dir(s)


def test_data_dir_is_created_private(tmp_path: Path) -> None:
    s = load_settings(env={"FACEPAY_DATA_DIR": str(tmp_path / "new")})
    path = prepare_data_dir(s)
    assert path.is_dir() and (path.stat().st_mode & 0o077) == 0


def test_settings_saved_from_the_screens_are_validated_and_written_whole(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import stat

    from pos_app.core.config import save_settings

    path = tmp_path / "config.toml"
    path.write_text('camera = "0"\n')
    saved = save_settings(path, {"match_threshold_dlib": 0.75, "bank_url": "https://bank.example/api",
                                 "bank_terminal_key": 'tk_"quoted"'})
    assert saved.match_threshold_dlib == 0.75
    again = load_settings(path, env={})
    assert (again.camera, again.bank_url, again.bank_terminal_key) == ("0", "https://bank.example/api", 'tk_"quoted"')
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    before = path.read_text()
    with pytest.raises(ConfigError, match="match_threshold_dlib is 1.5"):
        save_settings(path, {"match_threshold_dlib": 1.5})
    with pytest.raises(ConfigError, match="unknown engine 'foo'"):
        save_settings(path, {"engine": "foo"})
    assert path.read_text() == before  # a refused change writes nothing


def test_plain_http_to_another_machine_is_refused(tmp_path: Path) -> None:
    from pos_app.core.config import Settings, validate

    for url in ("http://127.0.0.1:8765", "http://localhost:8765", "http://[::1]:8765", "https://bank.example/api"):
        assert validate(Settings(bank_url=url)).bank_url == url
    for url in ("http://bank.example/api", "http://10.0.0.5:8765"):
        with pytest.raises(ConfigError, match="plain HTTP to another machine; use https://"):
            validate(Settings(bank_url=url))


def test_the_installer_writes_values_that_cannot_inject_settings(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    """A quote and a line break in the bank key stay inside the key (install.sh used echo)."""
    import stat

    from pos_app.cli.main import main
    from pos_app.core.config import flatten
    from pos_app.core.config import read_toml as read_file

    def read_toml(path: Path) -> dict[str, object]:
        return flatten(read_file(path), str(path))

    config = tmp_path / "etc" / "config.toml"
    hostile = 'tk_x"\nbank_url = "https://evil.example"\nengine = "insightface'
    assert main(["config", "set", "--file", str(config), f"data_dir={tmp_path / 'data'}",
                 f"bank_terminal_key={hostile}"]) == 0
    values = read_toml(config)
    assert values["bank_terminal_key"] == hostile and "bank_url" not in values and "engine" not in values
    assert stat.S_IMODE(config.stat().st_mode) == 0o600
    assert main(["config", "set", "--file", str(config), "bank_url=http://bank.example"]) != 0
    assert "plain HTTP to another machine" in capsys.readouterr().err
    assert "bank_url" not in read_toml(config)  # a refused change leaves the file as it was


def test_the_screen_light_check_is_off_until_a_store_turns_it_on_for_its_kiosks(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from pos_app.cli.main import main
    from pos_app.assembly import session_services
    from pos_app.core.db import Database

    assert load_settings(env={}).liveness_screen_light == "off"
    with pytest.raises(ConfigError, match="liveness_screen_light is 'yes'; it must be off or on"):
        load_settings(env={"FACEPAY_LIVENESS_SCREEN_LIGHT": "yes"})
    monkeypatch.setenv("FACEPAY_DATA_DIR", str(tmp_path))
    assert main(["db", "upgrade"]) == 0 and main(["keys", "init"]) == 0
    on = load_settings(env={"FACEPAY_DATA_DIR": str(tmp_path), "FACEPAY_LIVENESS_SCREEN_LIGHT": "on"})
    db = Database(on.database_url)

    def flash(settings: Settings, kind: str, on_screen: bool):  # type: ignore[no-untyped-def]
        return session_services(settings, db, None, kind=kind, on_screen=on_screen).flash

    # Only a kiosk's own screen runs it, and the desk does not flash.
    assert flash(on, "kiosk", True) is not None
    # A path that cannot run it charges nobody while it is on (a headless `facepay checkout` with
    # a caller-chosen challenge approved a recording before), and says why.
    with pytest.raises(InvalidInput, match="only the kiosk's own screen can light the face"):
        flash(on, "kiosk", False)
    with pytest.raises(InvalidInput, match="a recording cannot answer the screen's light"):
        flash(dataclasses.replace(on, camera=str(tmp_path / "shopper.mp4")), "kiosk", True)
    assert flash(dataclasses.replace(on, terminal_name=on.desk_name), "desk", True) is None
    assert flash(load_settings(env={"FACEPAY_DATA_DIR": str(tmp_path)}), "kiosk", True) is None
    db.dispose()


def test_the_file_is_read_in_sections_and_an_older_flat_file_still_is(tmp_path: Path) -> None:
    cfg = write(tmp_path / "c.toml", '[bank]\nurl = "https://bank.example/api"\nterminal_id = "term_1"\n'
                '[liveness]\ntimeout_seconds = 8.0\n[register]\ncompany_name = "Nærbutikken AS"\n')
    s = load_settings(cfg, env={})
    assert (s.bank_url, s.bank_terminal_id, s.liveness_timeout_seconds) == ("https://bank.example/api", "term_1", 8.0)
    assert s.company_name == "Nærbutikken AS"
    old = write(tmp_path / "old.toml", 'bank_url = "https://bank.example/api"\nliveness_timeout_seconds = 8.0\n')
    assert load_settings(old, env={}).liveness_timeout_seconds == 8.0


def test_a_setting_in_the_wrong_section_or_set_twice_is_refused_by_name(tmp_path: Path) -> None:
    wrong = write(tmp_path / "w.toml", '[bank]\ntimeout_seconds = 8.0\n')
    with pytest.raises(ConfigError, match=r"unknown setting 'timeout_seconds' in \[bank\] .*holds: url, terminal_id"):
        load_settings(wrong, env={})
    twice = write(tmp_path / "t.toml", 'bank_url = "http://127.0.0.1:1"\n[bank]\nurl = "http://127.0.0.1:2"\n')
    with pytest.raises(ConfigError, match=r"bank_url is set twice .*\[bank\]"):
        load_settings(twice, env={})


def test_saving_writes_every_setting_in_its_section_and_keeps_an_older_files_values(tmp_path: Path) -> None:
    import tomllib

    from pos_app.core.config import SECTIONS, save_settings

    path = write(tmp_path / "config.toml", 'camera = "2"\nbank_terminal_id = "term_1"\npin_min_digits = 6\n')
    save_settings(path, {"liveness_timeout_seconds": 7.5})
    document = tomllib.loads(path.read_text(encoding="utf-8"))
    assert document == {"face": {"camera": "2"}, "liveness": {"timeout_seconds": 7.5},
                        "bank": {"terminal_id": "term_1"}, "staff": {"pin_min_digits": 6}}
    assert set(document) <= set(SECTIONS)
    s = load_settings(path, env={})
    assert (s.camera, s.bank_terminal_id, s.pin_min_digits, s.liveness_timeout_seconds) == ("2", "term_1", 6, 7.5)


def test_every_setting_has_one_section() -> None:
    from pos_app.core.config import SECTION_OF

    assert set(SECTION_OF) == {f.name for f in dataclasses.fields(Settings)}
