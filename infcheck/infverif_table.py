"""InfVerif's codes and the level each of its modes gives them, kept as data in one place.

The table mirrors the list Microsoft publishes for InfVerif (WDK 10.0.26200, Windows 11
version 25H2): learn.microsoft.com/windows-hardware/drivers/devtest/inf-validation-errors-and-warnings.
Each code keeps its documented message, shortened, and its level under ``/k``
(declarative), ``/u`` (universal) and ``/w`` (windows driver). Rules name the codes
they mirror; a profile picks the level each code is reported at through :func:`level_for`.

Profiles, named after the modes they copy:

* ``declarative`` (``/k``), ``universal`` (``/u``), ``windows-driver`` (``/w``): the documented level.
* ``whql`` (``/h``): the ``/w`` levels (driver package isolation) with the exceptions of
  :data:`WHQL_REGISTRY_ROOTS` and :data:`WHQL_DIRIDS`, which the isolation rules consult.
* ``default``: InfVerif run without a mode switch. It reports what ``/u`` does, except that the
  universal (13xx) checks ``/u`` makes errors come out as warnings (the older edition of
  Microsoft's page said so of running without ``/u``).
"""

from __future__ import annotations

from typing import NamedTuple

from infcheck.profiles import PROFILES

ERROR = "error"
WARNING = "warning"


class InfVerifCode(NamedTuple):
    """One documented InfVerif code: its message and its level in each mode (``None``: not reported)."""

    code: int
    message: str
    declarative: str | None
    universal: str | None
    windows_driver: str | None


# code -> (message, levels under /k /u /w: E error, W warning, - not reported).
_TABLE: dict[int, tuple[str, str]] = {
    1000: ("INF '…' could not be found.", "EEE"),
    1001: ("Invalid INF '…', must contain [Version] section and have signature \"$Windows NT$\".", "EEE"),
    1002: ("Invalid INF '…', parsing error on line …. The parser returned error 0x….", "EEE"),
    1003: ("INF has invalid or unknown file encoding, must be ANSI or UTF-16 LE.", "EEE"),
    1005: ("Section name required for … directive.", "EEE"),
    1006: ("Missing value for ….", "EEE"),
    1008: ("Missing or invalid disk ID for '…' under […] section.", "EEE"),
    1010: ('Invalid ClassGuid "…", expecting {XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}.', "EEE"),
    1011: ("Missing models section name in [Manufacturer] section.", "EEE"),
    1013: ("Missing … … key in section ….", "EEE"),
    1014: ("Invalid … … key in section ….", "EEE"),
    1015: ('Invalid … path "…" in section ….', "EEE"),
    1016: ('Failed to get … path for … file "…".', "EEE"),
    1017: ("Service name … is reserved for internal use only.", "EEE"),
    1019: ('Invalid … … GUID "…", expecting {XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}.', "EEE"),
    1020: ('Filter level name "…" is reserved.', "EEE"),
    1021: ("Service '…' exceeds maximum name length (…) when made unique.", "EEE"),
    1022: ("Service name '…' must utilize the unique names feature across all declarations.", "EEE"),
    1078: ('Skipping … "…" specified under … directive.', "EEE"),
    1080: ("… directive missing ….", "EEE"),
    1081: ('… directive has invalid … "…".', "EEE"),
    1082: ("… directive has invalid ….", "EEE"),
    1083: ("… directive has invalid … on ….", "EEE"),
    1084: ("Missing '…' directive for '…' directive with … \"…\" in section […].", "EEE"),
    1085: ("… directive incomplete.", "EEE"),
    1086: ("Duplicate … '…' may be skipped.", "EEE"),
    1087: ("Cannot have both … and … directives, … will be ignored.", "EEE"),
    1088: ("Duplicate … directive not allowed.", "EEE"),
    1100: ("Source and destination … must match for file '…' when using CopyFiles with DIRID ….", "EEE"),
    1101: ("Security descriptors cannot be used with DIRID ….", "EEE"),
    1102: ("Invalid directive …, cannot be used with DIRID ….", "EEE"),
    1103: ("Invalid flag 0x…, cannot be used with DIRID ….", "EEE"),
    1110: ("Cannot specify file '…' in a CopyINF directive.", "EEE"),
    1141: ("Invalid device software binary '…', path must be relative to referencing driver package.", "EEE"),
    1142: ("Invalid device software in section […], SoftwareType is … but … is missing.", "EEE"),
    1144: ("Device software with SoftwareType … may not execute on all product types.", "WEW"),
    1150: ("Invalid directive … in section […], cannot contain characters '\\' or ','.", "EEE"),
    1160: (
        "Unknown threading model '…' specified for COM class '…', expecting 'Apartment', 'Free', 'Both', or 'Neutral'.",
        "EEE",
    ),
    1180: (
        "Invalid event channel in section […], cannot have duplicate value (…) across multiple channels under sectio…",
        "EEE",
    ),
    1181: ("Invalid event channel … value '…' in section […], cannot be used with … ….", "EEE"),
    1182: ("Event channel … and … mismatch in section […], expecting …=… for …=….", "EEE"),
    1199: (
        "The syntax '…' was introduced in OS version ….….…, but DDInstall sections utilizing the syntax will install…",
        "EEE",
    ),
    1201: ("… entry has an extra value '…' and will be ignored.", "WWW"),
    1202: ("Included INF '…' not found. Only system provided INFs may be included.", "EEE"),
    1203: ("Section […] not found.", "EEE"),
    1204: ('Provider cannot be "Microsoft", must be organization who authored INF.', "EEE"),
    1205: ("Section […] referenced from … and … directive.", "WWW"),
    1206: ("Invalid reference of non-… section […] from … directive.", "EEE"),
    1207: ("Directive '…' not allowed in MSFT INFs.", "EEE"),
    1208: ("Directive '…' not allowed.", "EEE"),
    1209: ("Section […] is defined multiple times.", "EEE"),
    1210: ('Provider cannot be "…", must be set to "…".', "EEE"),
    1211: (
        'Cannot have multiple associated services under […], "…" and "…". Only one service may use SPSVCINST_ASSOCSE…',
        "EEE",
    ),
    1212: ("Cannot have both […] and […] sections.", "EEE"),
    1213: ("Cannot list CAT files under [SourceDisksFiles].", "EEE"),
    1214: ("Invalid catalog file '…', expecting 'filename.cat'.", "EEE"),
    1217: ("Invalid version '…' in … directive, expecting w.x.y.z, where each segment is between 0-65536.", "EEE"),
    1218: ("Invalid driver date value … in …, expecting MM/DD/YYYY.", "EEE"),
    1220: ("Cannot directly reference a section defined in an included INF (…).", "EEE"),
    1222: ("Cannot modify …\\… registry keys, although HKLM\\SYSTEM\\CurrentControlSet is allowed.", "EEE"),
    1223: ("Cannot modify …\\… registry key.", "EEE"),
    1224: ('Invalid registry root "…".', "EEE"),
    1225: ("Registry value '…' must be type '…'.", "EEE"),
    1226: ("Security descriptor not allowed for registry value '…' directly under ….", "EEE"),
    1229: ("Missing … filename on … entry.", "EEE"),
    1230: ("Missing file '…' under [SourceDisksFiles] section.", "EEE"),
    1231: (
        "Invalid compressed filename '…' specified under [SourceDisksFiles] section, expecting uncompressed filename…",
        "WEE",
    ),
    1233: ("Missing directive … required for digital signature.", "EEE"),
    1234: ("Required directive … missing, empty, or invalid in […] section.", "EEE"),
    1235: (
        "String token '…' not defined in […] section - if intending to use a literal '…' in a string, use '…' instead.",
        "EEE",
    ),
    1241: ('Unresolvable user-defined DIRID (…) for source file "…" in section […].', "EEE"),
    1242: ('Unresolvable DIRID (…) for source file "…" in section […].', "EEE"),
    1243: ('Invalid DIRID value (…) for source file "…" in section […].', "EEE"),
    1245: ("Invalid feature score '…'.", "EEE"),
    1250: ("Invalid EventLogType '…', expecting 'System', 'Application', or 'Security'.", "EEE"),
    1251: ("Cannot add disabled (StartType=4) service '…' with SPSVCINST_ASSOCSERVICE flag.", "WWW"),
    1252: ("Cannot add service '…' with …=… and ServiceType=….", "WWW"),
    1253: ("Skipping directive '…' without a service name in section […].", "EEE"),
    1254: ("Invalid service image path for service '…' with ServiceBinary='…'.", "EEE"),
    1256: ("Invalid WMI interface flags '…'.", "EEE"),
    1257: ("Registry operation value may be incorrect in some contexts, use … instead of Windows directory.", "EEE"),
    1258: (
        'File path "…" in … may be incorrect in some device installation scenarios or contexts, use …\\<subdirectory…',
        "EEE",
    ),
    1260: ("Invalid … directive due to invalid ….", "EEE"),
    1261: ('Undefined device "…" with section […].', "EEE"),
    1262: ("Invalid … entry due to non-byte bitmask '0x….", "EEE"),
    1263: ("Invalid … entry due to conflicting custom and known value types.", "EEE"),
    1264: ("Invalid … entry due to missing value type flag on custom value type.", "EEE"),
    1265: ("Invalid … entry due to append flag on non multi-sz value.", "EEE"),
    1266: ("Invalid … entry due to no value on a multi-sz delete.", "EEE"),
    1267: ("Invalid binary data in … entry, expecting one or more bytes between 00-FF.", "EEE"),
    1268: ("Invalid numeric value in … entry, expecting …-bit decimal (0+) or hexadecimal (0x0+) value.", "EEE"),
    1270: ("INF does not install a driver for any hardware IDs created in [DeviceInstall32] section.", "EEE"),
    1271: ("Missing model install section name.", "EEE"),
    1272: ("Ignoring service section […] for unnamed service.", "EEE"),
    1273: ('Source file "…" uses disk id …, which is not listed under […].', "EEE"),
    1274: (
        "Unresolved $ARCH$ token for section […]. Must run stampinf tool to resolve case sensitive $ARCH$ tokens.",
        "EEE",
    ),
    1275: ("… '…' is not listed in [DestinationDirs].", "EEE"),
    1280: ('Class name and ClassGuid mismatch, expecting Class "…" for ClassGuid "…".', "EEE"),
    1281: ('Class name and ClassGuid mismatch, expecting ClassGuid "…" for Class "…".', "EEE"),
    1284: ('Class "…" is reserved for use by Microsoft.', "EEE"),
    1285: ("Cannot specify [ClassInstall32] section for Microsoft-defined class.", "EEE"),
    1286: ('Invalid … value "…" exceeds max length of ….', "EEE"),
    1287: ("Invalid target OS version decoration '…' for model section name '…' under […] section.", "EEE"),
    1288: ("Invalid target OS version '….….…', must be '….….…' or greater if specifying build number.", "EEE"),
    1289: ("Missing directive '…' under […] section.", "EEE"),
    1290: ("Invalid directive '…' for […] section.", "EEE"),
    1292: ("… directive requires an indirect string in [Strings] section and referenced as ….", "EEE"),
    1293: ("Service name '…' is reserved.", "EEE"),
    1294: ("Duplicate … '…' in section […].", "EEE"),
    1295: ("Section […] contains a different number of strings than section […].", "EEE"),
    1296: ("Hardware '…' does not have an associated service using install section '…'.", "EEE"),
    1297: ("Device driver does not install on any devices, use primitive driver if this is intended.", "EEE"),
    1299: ("Additional validation checks skipped due to parsing errors.", "EEE"),
    1300: ("Found legacy … ….", "EEE"),
    1301: ("Found legacy … operation….", "EEE"),
    1302: ("Found legacy … operation for '…'….", "EEE"),
    1303: ("Found legacy … operation defining … (…)….", "EEE"),
    1304: ("Found legacy … operation using non-relative key (…\\…)….", "WE-"),
    1305: ("Found legacy … operation using appendable multi-sz value (…\\…)….", "WEE"),
    1306: ("Found legacy … operation with non-system target path (…) for '…'….", "WE-"),
    1307: ("Found legacy … ….", "WEE"),
    1308: ("Found legacy … operation….", "WEE"),
    1309: ("Found legacy … operation for '…'….", "WEE"),
    1310: ("Needed section […] with suffix '.…' does not match suffix of first referencing section [….…].", "EEE"),
    1311: ("Needed section […] must have suffix '.…' to match the first referencing section [….…].", "EEE"),
    1312: ("Needed section […] with suffix '.…' does not match the suffix of the parent section […].", "EEE"),
    1313: ("Needed section […] must have suffix '.…' to match the suffix of the parent section […].", "EEE"),
    1314: ('Needed section […] found in included INF "…", not referenced from […].', "EEE"),
    1315: ("Needed section […] not found.", "EEE"),
    1316: ("Needed decorated section [….…] not found.", "EEE"),
    1317: ("Needed undecorated section […] is not part of the target OS platform.", "EEE"),
    1318: ('Included INF "…" is not part of the target OS platform.', "EEE"),
    1319: ('Section […] must include file "…" to use the Needs directive on […].', "EEE"),
    1320: ("Registry root '…\\…' is not isolated to HKR.", "--E"),
    1321: ("Registry root (…\\…) of value '…' is not isolated to HKR.", "--E"),
    1322: ("Destination file path '…' for file '…' is not isolated to DIRID ….", "--E"),
    1323: ("Service registry key '…' must be under the Parameters subkey.", "--E"),
    1324: (
        "[Version] section should specify PnpLockdown=1 to prevent external apps from modifying installed driver files.",
        "WWE",
    ),
    1325: ("Unsupported COM class registration '…', only InprocServer32 supported.", "WWE"),
    1326: ("Unisolated file path '…', expecting FileName under ….", "WWE"),
    1328: ("Unsupported file path '…' replaced with '…'.", "--W"),
    1329: ("Cannot add filters with registry or property, use [DDInstall.Filters] section.", "--E"),
    1330: ("Cannot copy multiple different sources files ('…' and '…') to destination file '…'.", "EEE"),
    1331: ("Cannot set registry value '…\\…\\…' differently between sections […] and […].", "WEE"),
    1332: ("Cannot set registry value '…\\…\\…' differently between sections […] and […] for service '…'.", "WEE"),
    1333: ("Cannot configure service '…' differently between sections […] and […].", "WEE"),
    1340: ("Specified DIRID '…' not allowed.", "--E"),
    1341: ("Specified DIRID '…' not allowed.", "--E"),
    1380: ('Invalid ExtensionId "…" specified in [Version] section.', "EEE"),
    1381: ("Missing ExtensionId directive in [Version] section.", "EEE"),
    1382: ("Cannot specify '…' directive in Extension INFs.", "EEE"),
    1383: ("Cannot specify '…' flag for services defined in extension INFs.", "EEE"),
    1384: (
        "Use of filters with registry or property in extension INFs not recommended, use [DDInstall.Filters] section.",
        "WWW",
    ),
    1400: ("Service '…' not specified in a UMDF service directive.", "EEE"),
    1401: ("Directive '…' not supported in … version ….….", "EEE"),
    1402: ("… version ….… has been deprecated, driver should be ported to use version … … driver model.", "--E"),
    1420: ("[DefaultInstall]-based INF cannot be processed as Primitive.", "EEE"),
    1421: ("Section […] missing an architecture decoration.", "EEE"),
    1422: (
        "[DefaultUninstall.NT*] section should set LegacyUninstall=1 to support both Primitive INF and downlevel ins…",
        "EEE",
    ),
    1423: ("Primitive drivers require an architecture-decorated […] section.", "EEE"),
    1430: ("Registry value '…' not allowed under '…\\…'.", "EEE"),
    1431: ("Well-known registry value '…' has incorrect type, expecting value type 0x….", "EEE"),
    1450: ("Legacy unisolated directive '…' may be ignored.", "--W"),
    2004: ("Use of … directive not recommended.", "WWW"),
    2006: ("Undefined service '…' under […] section.", "EEE"),
    2008: ("Section name […] is also used by an included INF.", "EEE"),
    2009: ("Legacy directive '…' will be ignored.", "WWW"),
    2010: ("Section […] should have '.…' decoration.", "WWW"),
    2083: ("Section […] not referenced or used.", "WWW"),
    2084: ("Service binary '…' should reference a CopyFiles destination file.", "WWE"),
    2085: ("Service binary '…' should be specified as a path under a DIRID.", "EEE"),
    2090: (
        "Replaced legacy pattern in section '…' using '…'. Updated syntax support begins in OS version '….….…'.",
        "EEE",
    ),
    2091: ("Unable to replace legacy pattern in section '…' using '…'.", "EEE"),
    2092: (
        "Replaced legacy pattern in section '…' using '…' to follow best practices. Updated syntax support begins in…",
        "--E",
    ),
    2093: ("Unable to apply shim '…'.", "EEE"),
    2400: ("… directive requires two fields: <component id>,<component section>", "EEE"),
    2402: ("Section […] does not permit … directive.", "EEE"),
    2403: ("… directive must have exactly 1 field. … were provided.", "EEE"),
    2405: ('Only INFs with Class name "NetDriver" can use [DefaultInstall.NetDrivers] section.', "EEE"),
    2411: (
        'Invalid … GUID "…", expecting {XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}. Run guidgen.exe to generate a new GUID.',
        "EEE",
    ),
    2412: ("Invalid Component Identifier value '…', expecting a valid identifier matching '[a-z0-9_]+'.", "EEE"),
    2413: ("Invalid … value '…', expecting case-sensitive values 'true' and 'false'.", "EEE"),
    2414: ("Invalid … value '…', expecting a valid filter class matching '[a-z0-9_]+'.", "EEE"),
    2415: ("Invalid value '…', only OS components may use identifiers starting with 'ms_' or 'vms_'.", "EEE"),
    2416: (
        "Invalid … value '…', expecting a comma-separated list of valid bind tokens matching '[a-z0-9_\\.]+'.",
        "EEE",
    ),
    2417: ("Invalid … value '…', expecting a valid bind name matching regex '[a-zA-Z0-9_]+'.", "EEE"),
    2418: ("Modifying Filter Drivers require a 'FilterClass'.", "EEE"),
    2419: ("Bind token '…' and all non-standard tokens beginning with 'ms_' or 'ndis' are reserved.", "EEE"),
    2420: ("NetDriver INFs require a […] section with at least one AddNetFilter or AddNetProtocol directive.", "EEE"),
    2500: ("Legacy bind token '…' is obsolete and no longer supported.", "EEE"),
    2501: ("Referenced service '…' is not present in this INF.", "EEE"),
    2600: ("… '…' must point to a path under DIRID ….", "EEE"),
    2601: ("… '…' must point to a path under DIRID ….", "EEE"),
    2602: ("Service '…' must have a … value of ….", "EEE"),
    2603: ("Directive '…' is invalid for display drivers.", "WEE"),
    2650: ("Direct use of '…' is not allowed, instead Include […].", "EEE"),
    2651: ("Needs indicates […], but '…' not included.", "EEE"),
    2652: ("Section […] must use Needs directive to reference […].", "EEE"),
    2660: ("Cannot modify HKCR\\… registry subkey. It must be under HKR.", "--E"),
    2661: ("Only a device with AudioProcessingObject class is allowed to write to … registry subkey.", "--E"),
    2662: ("Section […] must Include wdmaudio.inf to be able to correctly register referenced FX APOs.", "--E"),
    2663: ("Section […] must use the Needs directive to reference […] from wdmaudio.inf.", "--E"),
}

_LEVELS = {"E": ERROR, "W": WARNING, "-": None}

CODES: dict[int, InfVerifCode] = {
    code: InfVerifCode(code, message, *(_LEVELS[letter] for letter in levels))
    for code, (message, levels) in _TABLE.items()
}

# Under /h, registry writes outside HKR are still allowed to these roots (HKLM subkeys and HKCR)...
WHQL_REGISTRY_ROOTS = ("HKLM", "HKCR")
# ...and files may still be copied to these DIRIDs (learn.microsoft.com/windows-hardware/drivers/devtest/infverif_h).
WHQL_DIRIDS = frozenset(
    {10, 11, 12, 23, 51, 52, 55, 16422, 16425, 16426, 16427, 16428, 66000, 66001, 66002, 66003, 66004}
)


def is_universal_code(code: int) -> bool:
    """The universal-INF checks, numbered 13xx."""
    return 1300 <= code <= 1399


def level_for(code: int, profile: str = "default") -> str | None:
    """The level InfVerif reports ``code`` at under ``profile``: ``"error"``, ``"warning"`` or ``None``.

    Raises :class:`KeyError` for a code InfVerif does not document and :class:`ValueError`
    for an unknown profile.
    """
    entry = CODES[code]
    if profile == "declarative":
        return entry.declarative
    if profile == "universal":
        return entry.universal
    if profile in ("windows-driver", "whql"):
        return entry.windows_driver
    if profile == "default":
        if entry.universal == ERROR and is_universal_code(code):
            return WARNING
        return entry.universal
    raise ValueError(f"unknown profile {profile!r}; expected one of {', '.join(PROFILES)}")
