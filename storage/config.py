"""The app's settings file: $FORECAST_JOURNAL_CONFIG, else config.toml in the platform's config directory.

The file is TOML, read with tomllib and written here by hand: the settings are a few plain values, TOML is
what a person edits comfortably (with comments), and no writer library is needed. A file the app could not
read cleanly is never overwritten: `ConfigRead.problem` says why, the defaults are used, and changes are not
saved until the user fixes or removes it. Saving rewrites the whole file (comments are not kept).
"""

from __future__ import annotations

import contextlib
import os
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path

from storage.atomic import DirectorySyncError, file_ops, replace_atomically
from storage.paths import APP_NAME

CONFIG_ENV_VAR = "FORECAST_JOURNAL_CONFIG"
CONFIG_FILE = "config.toml"
HEADER = "# forecast-journal settings, rewritten by the app when a setting changes.\n"


class ConfigError(Exception):
    """The settings file cannot be used; the message is one line for the user."""


@dataclass(frozen=True)
class Config:
    """The settings; None means the app's default, and a switch (true or false) is off unless set. Add a field
    here (and to `Config.from_table`) for a new setting."""

    theme: str | None = None
    """The Textual theme picked in the command palette."""
    sync_on_open: bool = False
    """Run `forecast-journal sync` in the background when the app opens."""
    sync_on_quit: bool = False
    """Run `forecast-journal sync` when the app quits, before it exits."""

    @classmethod
    def from_table(cls, table: dict[str, object]) -> Config:
        """The settings in a parsed TOML table; raises ConfigError for an unknown key or a wrong type."""
        known = {item.name for item in fields(cls)}
        unknown = sorted(set(table) - known)
        if unknown:
            raise ConfigError(f"unknown setting {unknown[0]!r}")
        theme = table.get("theme")
        if theme is not None and not isinstance(theme, str):
            raise ConfigError(f"'theme' should be a string in quotes, not {type(theme).__name__}")
        switches = {name: table.get(name, False) for name in ("sync_on_open", "sync_on_quit")}
        for name, value in switches.items():
            if not isinstance(value, bool):
                raise ConfigError(f"{name!r} should be true or false, not {type(value).__name__}")
        return cls(
            theme=theme, sync_on_open=switches["sync_on_open"] is True, sync_on_quit=switches["sync_on_quit"] is True
        )


@dataclass(frozen=True)
class ConfigRead:
    """What reading the settings file gave: the settings, and why the file was not used (None when it was
    read cleanly or does not exist; then saving is allowed)."""

    path: Path
    config: Config = field(default_factory=Config)
    problem: str | None = None


def config_path() -> Path:
    """$FORECAST_JOURNAL_CONFIG when set and not empty, else config.toml in the platform's config directory."""
    from_env = os.environ.get(CONFIG_ENV_VAR)
    if from_env:
        return Path(from_env).expanduser()
    from platformdirs import user_config_path  # imported here, as in storage.paths: it slows start-up

    return user_config_path(APP_NAME, appauthor=False) / CONFIG_FILE


def read_config(path: Path) -> ConfigRead:
    """The settings in `path`: the defaults when it does not exist, and the defaults with the reason when it
    cannot be read or parsed (a FIFO or a directory is refused without blocking)."""
    try:
        payload = file_ops.read(path)
    except FileNotFoundError:
        return ConfigRead(path)
    except OSError as error:
        return ConfigRead(path, problem=error.strerror or str(error))
    try:
        return ConfigRead(path, Config.from_table(tomllib.loads(payload.decode("utf-8"))))
    except UnicodeDecodeError:
        return ConfigRead(path, problem="it is not UTF-8 text")
    except tomllib.TOMLDecodeError as error:
        return ConfigRead(path, problem=f"it is not valid TOML ({error})")
    except ConfigError as error:
        return ConfigRead(path, problem=str(error))


def to_toml(config: Config) -> str:
    """The settings as TOML; settings left at their default are left out."""
    lines = [HEADER]
    for item in fields(config):
        value = getattr(config, item.name)
        if isinstance(value, bool):
            if value:
                lines.append(f"{item.name} = true\n")
        elif value is not None:
            lines.append(f"{item.name} = {toml_string(value)}\n")
    return "".join(lines)


def toml_string(text: str) -> str:
    """`text` as a TOML basic string: quotes, backslashes and control characters escaped."""
    escaped = []
    for char in text:
        if char in '"\\':
            escaped.append("\\" + char)
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            escaped.append(f"\\u{ord(char):04X}")
        else:
            escaped.append(char)
    return '"' + "".join(escaped) + '"'


def write_config(path: Path, config: Config) -> None:
    """Replace the settings file atomically with `config`, creating its directory; raises OSError."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # After a DirectorySyncError the new settings are in place; only the rename's durability is unknown.
    with contextlib.suppress(DirectorySyncError):
        replace_atomically(path, to_toml(config).encode("utf-8"))
