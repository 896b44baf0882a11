"""Which rules apply to an open file: the workspace's infcheck configuration and the client's settings.

Configuration files are found for each file exactly as ``infcheck check``
finds them (:class:`~infcheck.config.ConfigResolver`). The client's
``infcheck.select``, ``infcheck.ignore`` and ``infcheck.profile`` settings act
like the command line's ``--select``, ``--ignore`` and ``--profile``: a selection
replaces the configured one, ignored codes are added to the configured ones, a
profile replaces the configured one.

A resolver remembers what it read, so the configuration files that could
apply to a file are looked at (a ``stat`` each) before every check, and a
fresh resolver is made when one of them appeared, changed or went away.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any, NamedTuple

from infcheck.config import CONFIG_FILES, Config, ConfigError, ConfigResolver, check_profile, resolve_selectors
from infcheck.engine import RuleSettings


class ClientSettings(NamedTuple):
    """The ``infcheck`` settings the client sent: codes, prefixes or rule names."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    profile: str | None = None

    @classmethod
    def from_client(cls, value: Any) -> ClientSettings:
        """Read ``{"select": [...], "ignore": [...], "profile": "..."}``; anything malformed counts as not given."""
        if not isinstance(value, dict):
            return cls()
        profile = value.get("profile")
        return cls(
            _selector_list(value.get("select")),
            _selector_list(value.get("ignore")),
            profile if isinstance(profile, str) and profile else None,
        )


def settings_from(value: Any) -> ClientSettings | None:
    """The settings in what the client sent (``{"infcheck": {...}}`` or the inner object), if any."""
    if isinstance(value, dict) and isinstance(value.get("infcheck"), dict):
        value = value["infcheck"]
    if not isinstance(value, dict):
        return None
    return ClientSettings.from_client(value)


def _selector_list(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, (list, tuple)):
        return ()
    return tuple(item.strip() for item in value if isinstance(item, str) and item.strip())


class RuleChoice(NamedTuple):
    """The rules for one file, and what was wrong with the configuration, if anything."""

    rules: list[RuleSettings]
    problems: tuple[str, ...]


class WorkspaceRules:
    """Hands out the rules that apply to each open file, as the command line would choose them."""

    def __init__(self) -> None:
        self._resolver = ConfigResolver()
        self._seen_files: dict[str, tuple[int, int] | None] = {}

    def rules_for(self, path: Path, settings: ClientSettings) -> RuleChoice:
        """The rules for the file at ``path`` (which need not exist) under ``settings``.

        A configuration that cannot be used is reported in ``problems`` and the
        defaults are used instead, so the file is still checked.
        """
        problems: list[str] = []
        select = _resolve(settings.select, "the infcheck.select setting", problems) if settings.select else None
        ignore = _resolve(settings.ignore, "the infcheck.ignore setting", problems)
        if select is not None and not select:
            select = None  # nothing usable was selected: keep the configured selection
        profile = settings.profile
        if profile is not None:
            try:
                profile = check_profile(profile, "the infcheck.profile setting")
            except ConfigError as error:
                problems.append(f"{error}; using the configured profile")
                profile = None
        self._notice_changes(path)
        try:
            config = self._resolver.for_path(path)
        except ConfigError as error:
            problems.append(f"{error}; using the default settings")
            config = Config()
        return RuleChoice(config.rules_for(path, select, ignore, profile), tuple(problems))

    def forget(self) -> None:
        """Read every configuration file again on the next check."""
        self._resolver = ConfigResolver()
        self._seen_files.clear()

    def _notice_changes(self, path: Path) -> None:
        changed = False
        for candidate in _candidate_files(path):
            stamp = _stamp(candidate)
            if self._seen_files.get(candidate, stamp) != stamp:
                changed = True
            self._seen_files[candidate] = stamp
        if changed:
            self._resolver = ConfigResolver()


def _resolve(selectors: Iterable[str], where: str, problems: list[str]) -> set[str]:
    codes: set[str] = set()
    for selector in selectors:
        try:
            codes |= resolve_selectors([selector], where)
        except ConfigError as error:
            problems.append(str(error))
    return codes


def _candidate_files(path: Path) -> Iterable[str]:
    """Every configuration file that could apply to ``path``, nearest folder first."""
    folder = os.path.dirname(os.path.abspath(path))
    while True:
        for name in CONFIG_FILES:
            yield os.path.join(folder, name)
        parent = os.path.dirname(folder)
        if parent == folder:
            return
        folder = parent


def _stamp(path: str) -> tuple[int, int] | None:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_mtime_ns, status.st_size
