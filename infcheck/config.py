"""Finding, reading and validating configuration.

Settings live in ``[tool.infcheck]`` of a ``pyproject.toml``, or at the top of
an ``infcheck.toml`` or ``.infcheck.toml``. For each checked file the nearest
such file, searching upwards from the file's folder but not above the
repository's top folder (the one holding ``.git``), applies; in one folder
``.infcheck.toml`` wins over ``infcheck.toml``, which wins over
``pyproject.toml`` (and a ``pyproject.toml`` without ``[tool.infcheck]`` does
not count). Unknown keys, unknown rule codes, wrong types and a ``select``
that names no rule are errors.

```toml
[tool.infcheck]
profile = "windows-driver"              # an InfVerif mode to mirror: default, declarative, universal, windows-driver, whql or /k /u /w /h
select = ["INF", "PUB", "TGT"]          # codes, prefixes, rule names or "ALL"
ignore = ["INF105"]
exclude = ["build/**", "third_party/"]
per-file-ignores = { "legacy/*.inf" = ["INF003"] }

[tool.infcheck.rules.PUB004]             # by code or by name
severity = "warning"
```
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from infcheck.diagnostics import SEVERITIES
from infcheck.files import MAX_TOML_BYTES, FileTooLarge, is_repository_top, read_message, read_regular_file
from infcheck.pathglob import PathGlob

if TYPE_CHECKING:
    from infcheck.engine import Rule, RuleSettings

CONFIG_FILES = (".infcheck.toml", "infcheck.toml", "pyproject.toml")
_TOP_LEVEL_KEYS = (
    "profile",
    "select",
    "ignore",
    "extend-select",
    "exclude",
    "per-file-ignores",
    "rules",
    "cache-dir",
)


class ConfigError(Exception):
    """A configuration file or setting that cannot be used; the message says where and why."""


def resolve_selectors(selectors: Iterable[str], where: str) -> set[str]:
    """Turn codes, prefixes (``PUB``, ``INF1``), rule names, ``ALL`` or ``infverif:NNNN`` into rule codes."""
    # The rules load only when something names or runs them (a run answered from the result cache does neither).
    from infcheck.rules import RULES, find_rule

    codes: set[str] = set()
    for selector in selectors:
        written = selector.strip()
        if not written:
            continue
        if written.lower().startswith(_INFVERIF_SELECTOR):
            codes |= _rules_mirroring(written[len(_INFVERIF_SELECTOR) :].strip(), written, where)
            continue
        if written.upper() == "ALL":
            codes.update(rule.code for rule in RULES)
            continue
        by_name = find_rule(written)
        if by_name is not None:
            codes.add(by_name.code)
            continue
        matched = {rule.code for rule in RULES if rule.code.startswith(written.upper())}
        if not matched:
            raise ConfigError(f"{where}: {written!r} matches no rule code, prefix or name")
        codes |= matched
    return codes


_INFVERIF_SELECTOR = "infverif:"


def _rules_mirroring(number: str, written: str, where: str) -> set[str]:
    """The rules that mirror InfVerif code ``number`` (InfVerif's ``/swNNNN`` habit, written ``infverif:NNNN``)."""
    from infcheck.infverif_table import CODES
    from infcheck.rules import RULES

    code = int(number) if number.isdigit() else None
    if code is None or code not in CODES:
        raise ConfigError(
            f"{where}: {written!r} is not a documented InfVerif code (infverif:NNNN, see docs/infverif.md)"
        )
    mirroring = {rule.code for rule in RULES if code in rule.infverif}
    if not mirroring:
        raise ConfigError(
            f"{where}: InfVerif code {code} has no infcheck rule yet, so {written!r} selects nothing "
            "(docs/infverif.md says why)"
        )
    return mirroring


class Config:
    """Settings read from one configuration file (or the defaults, with no file)."""

    def __init__(self, source: Path | None = None, root: Path | None = None):
        self.source = source
        self.root = root if root is not None else Path.cwd()
        self.profile: str | None = None
        self.select: set[str] | None = None
        self.extend_select: set[str] = set()
        self.ignore: set[str] = set()
        self.exclude: list[PathGlob] = []
        self.per_file_ignores: list[tuple[PathGlob, set[str]]] = []
        self.rule_settings: dict[str, dict[str, Any]] = {}
        self.cache_dir: Path | None = None  # where the result cache is kept; None: the default place
        # What the result cache keys this configuration on: its file and that file's content (see load_config).
        self.fingerprint = "" if source is None else str(source)
        self._settings_cache: dict[tuple[frozenset[str], str | None], list[RuleSettings]] = {}

    def relative(self, path: Path) -> str | None:
        """``path`` relative to the configuration's folder, with ``/``; ``None`` if outside it."""
        relative = os.path.relpath(os.path.abspath(path), os.path.abspath(self.root))
        if relative == os.pardir or relative.startswith(os.pardir + os.sep):
            return None
        return relative.replace(os.sep, "/")

    def is_excluded(self, path: Path) -> bool:
        if not self.exclude:
            return False
        relative = self.relative(path)
        return relative is not None and any(glob.matches(relative) for glob in self.exclude)

    def rules_for(
        self,
        path: Path | None,
        select: set[str] | None = None,
        ignore: Iterable[str] = (),
        profile: str | None = None,
    ) -> list[RuleSettings]:
        """The rules that apply to ``path``; command-line ``select`` replaces the file's, ``ignore`` adds to it.

        A profile (``profile``, else the file's) mirrors one of InfVerif's modes: it adds the
        IV rules to the default selection and gives every rule that mirrors InfVerif codes the
        level InfVerif reports them at in that mode, leaving out what the mode does not report.
        A severity set in the configuration file still wins.
        """
        from infcheck.engine import RuleSettings
        from infcheck.rules import RULES

        profile = profile or self.profile
        if select is not None:
            chosen = set(select)
        elif self.select is not None:
            chosen = set(self.select)
        else:
            chosen = {
                rule.code
                for rule in RULES
                if rule.by_default and (profile is not None or not rule.code.startswith("IV"))
            }
        if select is None:
            chosen |= self.extend_select
        chosen -= self.ignore
        chosen -= set(ignore)
        relative = self.relative(path) if path is not None and self.per_file_ignores else None
        if relative is not None:
            for glob, codes in self.per_file_ignores:
                if glob.matches(relative):
                    chosen -= codes
        key = (frozenset(chosen), profile)
        cached = self._settings_cache.get(key)
        if cached is not None:
            return cached
        settings = []
        for rule in RULES:
            if rule.code not in chosen:
                continue
            configured = self.rule_settings.get(rule.code, {})
            severity = configured.get("severity") or profile_severity(rule, profile)
            if severity is None:
                continue  # InfVerif does not report this check in the profile's mode
            options = {name: configured.get(name, option.default) for name, option in rule.options.items()}
            settings.append(RuleSettings(rule, severity, options, profile))
        self._settings_cache[key] = settings
        return settings


def profile_severity(rule: Rule, profile: str | None) -> str | None:
    """The level ``rule`` runs at under ``profile``: its own without a profile or InfVerif codes,
    otherwise the most severe level InfVerif gives any of its codes in that mode (``None``: none)."""
    if profile is None or not rule.infverif:
        return rule.severity
    from infcheck.infverif_table import CODES, level_for

    levels = {level_for(code, profile) for code in rule.infverif if code in CODES}
    if not levels:
        return rule.severity
    return min((level for level in levels if level is not None), key=SEVERITIES.index, default=None)


def check_profile(value: Any, where: str) -> str:
    """The profile ``value`` names (by name or InfVerif switch); a :class:`ConfigError` otherwise."""
    from infcheck.profiles import profile_choices, profile_named

    profile = profile_named(value) if isinstance(value, str) else None
    if profile is None:
        raise ConfigError(f"{where} must be one of {profile_choices()}")
    return profile


def _string_list(value: Any, where: str) -> list[str]:
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError(f"{where} must be a list of strings")
    return value


def _read_rule_table(code_or_name: str, table: Any, where: str) -> tuple[Rule, dict[str, Any]]:
    from infcheck.rules import find_rule

    rule = find_rule(code_or_name)
    if rule is None:
        raise ConfigError(f"{where}: unknown rule {code_or_name!r}")
    if not isinstance(table, dict):
        raise ConfigError(f"{where}.{code_or_name} must be a table")
    settings: dict[str, Any] = {}
    for key, value in table.items():
        if key == "severity":
            if value not in SEVERITIES:
                raise ConfigError(f"{where}.{code_or_name}.severity must be one of {', '.join(SEVERITIES)}")
            settings[key] = value
            continue
        option = rule.options.get(key)
        if option is None:
            known = ", ".join(["severity", *rule.options]) or "severity"
            raise ConfigError(f"{where}.{code_or_name}: unknown option {key!r} (known: {known})")
        if option.kind is list:
            value = _string_list(value, f"{where}.{code_or_name}.{key}")
        elif not isinstance(value, option.kind) or (option.kind is int and isinstance(value, bool)):
            raise ConfigError(f"{where}.{code_or_name}.{key} must be of type {option.kind.__name__}")
        settings[key] = value
    return rule, settings


def _join(where: str, key: str) -> str:
    """A key's path after where it was read: ``infcheck.toml: select``, ``pyproject.toml [tool.infcheck].select``."""
    return f"{where} {key}" if where.endswith(":") else f"{where}.{key}"


def parse_config(data: dict[str, Any], source: Path | None, where: str) -> Config:
    """Validate a settings table and build a :class:`Config` from it."""
    unknown = sorted(set(data) - set(_TOP_LEVEL_KEYS))
    if unknown:
        raise ConfigError(f"{where.rstrip(':')}: unknown key {unknown[0]!r} (known: {', '.join(_TOP_LEVEL_KEYS)})")
    root = source.parent if source is not None else Path.cwd()
    config = Config(source=source, root=root)
    if "profile" in data:
        config.profile = check_profile(data["profile"], _join(where, "profile"))
    if "select" in data:
        config.select = resolve_selectors(_string_list(data["select"], _join(where, "select")), _join(where, "select"))
        if not config.select:
            raise ConfigError(
                f"{_join(where, 'select')} names no rule, so nothing would be checked; leave it out to run every rule"
            )
    if "extend-select" in data:
        config.extend_select = resolve_selectors(
            _string_list(data["extend-select"], _join(where, "extend-select")), _join(where, "extend-select")
        )
    if "ignore" in data:
        config.ignore = resolve_selectors(_string_list(data["ignore"], _join(where, "ignore")), _join(where, "ignore"))
    if "exclude" in data:
        config.exclude = [PathGlob(pattern) for pattern in _string_list(data["exclude"], _join(where, "exclude"))]
    if "per-file-ignores" in data:
        table = data["per-file-ignores"]
        if not isinstance(table, dict):
            raise ConfigError(f"{_join(where, 'per-file-ignores')} must be a table of pattern = [codes]")
        for pattern, selectors in table.items():
            label = f"{_join(where, 'per-file-ignores')}.{pattern!r}"
            config.per_file_ignores.append(
                (PathGlob(pattern), resolve_selectors(_string_list(selectors, label), label))
            )
    if "cache-dir" in data:
        folder = data["cache-dir"]
        if not isinstance(folder, str) or not folder:
            raise ConfigError(f"{where}.cache-dir must be a folder name")
        config.cache_dir = Path(os.path.abspath(root / folder))
    if "rules" in data:
        rules = data["rules"]
        if not isinstance(rules, dict):
            raise ConfigError(f"{_join(where, 'rules')} must be a table of rule tables")
        for code_or_name, table in rules.items():
            rule, settings = _read_rule_table(code_or_name, table, _join(where, "rules"))
            config.rule_settings[rule.code] = settings
    return config


def _load_toml(path: Path) -> dict[str, Any]:
    return _parse_toml(_read_toml(path), path)


def _read_toml(path: Path) -> bytes:
    try:
        return read_regular_file(path, MAX_TOML_BYTES)
    except OSError as error:
        raise ConfigError(f"cannot read {path}: {read_message(error)}") from None


def _parse_toml(data: bytes, path: Path) -> dict[str, Any]:
    # Most checks find no configuration file: the TOML reader and its guard load only for one.
    from infcheck.tomlguard import TomlRefused, loads

    try:
        return loads(data.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise ConfigError(f"{path} is not valid TOML: it is not UTF-8 text (byte {error.start + 1})") from None
    except TomlRefused as error:
        raise ConfigError(f"{path}:{error.line}: {error.reason}") from None
    except ValueError as error:  # not TOML, or an integer too long to convert
        raise ConfigError(f"{path} is not valid TOML: {error}") from None


def _infcheck_table(data: dict[str, Any], path: Path) -> Any:
    """``[tool.infcheck]`` of a pyproject.toml, or ``None`` when it has none."""
    tool = data.get("tool")
    if tool is None:
        return None
    if not isinstance(tool, dict):
        raise ConfigError(f"{path}: 'tool' must be a table")
    return tool.get("infcheck")


def load_config(path: Path) -> Config:
    """Read one configuration file; a ``pyproject.toml`` contributes its ``[tool.infcheck]`` table."""
    from infcheck.digest import digest

    content = _read_toml(path)
    data = _parse_toml(content, path)
    # A file that holds [tool.infcheck] (a pyproject.toml under another name, given with
    # --config) is read as a pyproject.toml is.
    if path.name == "pyproject.toml" or "tool" in data:
        table = _infcheck_table(data, path)
        if table is None:
            raise ConfigError(f"{path} has no [tool.infcheck] table")
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: [tool.infcheck] must be a table")
        config = parse_config(table, path, f"{path} [tool.infcheck]")
    else:
        config = parse_config(data, path, f"{path}:")
    config.fingerprint = f"{os.path.abspath(path)}:{digest(content)}"
    return config


def _declares_infcheck(pyproject: Path) -> bool:
    try:
        data = read_regular_file(pyproject, MAX_TOML_BYTES)
    except FileTooLarge as error:  # it might declare settings, so it cannot be passed over
        raise ConfigError(f"cannot read {pyproject}: {read_message(error)}") from None
    except OSError:
        return False
    return b"tool.infcheck" in data and _infcheck_table(_load_toml(pyproject), pyproject) is not None


def _config_in_folder(folder: str) -> Path | None:
    for name in CONFIG_FILES:
        candidate = Path(folder, name)
        if os.path.isfile(candidate) and (name != "pyproject.toml" or _declares_infcheck(candidate)):
            return candidate
    return None


class ConfigResolver:
    """Hands out the :class:`Config` for each file, reading every configuration file once.

    What it finds is remembered for its own lifetime only, so a long-lived
    caller makes a new resolver to see configuration files added or edited.
    """

    def __init__(self, explicit: Path | None = None):
        self._explicit = load_config(explicit) if explicit is not None else None
        self._loaded: dict[Path | None, Config] = {}
        self._nearest: dict[str, Path | None] = {}

    def nearest_config_file(self, folder: str) -> Path | None:
        """The configuration file for files in ``folder`` (an absolute path), searching upwards
        as far as the repository's top folder (the one holding ``.git``)."""
        if folder not in self._nearest:
            found = _config_in_folder(folder)
            parent = os.path.dirname(folder)
            if found is None and parent != folder and not is_repository_top(folder):
                found = self.nearest_config_file(parent)
            self._nearest[folder] = found
        return self._nearest[folder]

    def for_path(self, path: Path) -> Config:
        if self._explicit is not None:
            return self._explicit
        source = self.nearest_config_file(os.path.dirname(os.path.abspath(path)))
        if source not in self._loaded:
            self._loaded[source] = load_config(source) if source is not None else Config()
        return self._loaded[source]
