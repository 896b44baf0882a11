"""Why infcheck does not check some of InfVerif's documented codes, code by code.

Every code of :data:`infcheck.infverif_table.CODES` is either mirrored by a rule (its
``INFVERIF`` tuple names it) or has its reason here; ``tests/test_infverif_docs.py``
keeps that true, and ``docs/infverif.md`` is written from this data and the rules.

:data:`UNCHECKED` gives each code no rule mirrors the reason in one sentence;
:data:`PARTLY` says, for a code a rule mirrors, what the rule leaves to InfVerif.
"""

from __future__ import annotations

# Reasons shared by many codes.
_INBOX_SECTIONS = (
    "needs every section of the included inbox INF files, with their decorations, for the target Windows build; "
    "infcheck's table of inbox INF sections (infcheck/knowledge/inbox_infs.py) lists only the documented ones, so "
    "it can tell that a section exists but never that it does not"
)
_UNDOCUMENTED = "Microsoft does not document which entries raise it, and a guess would report files InfVerif passes"
_SHIM = (
    "reports InfVerif's own rewriting of a legacy pattern through its shim catalog, which is not "
    "published, rather than a property of the INF"
)
_NETWORK = "belongs to the declarative network driver INF format, whose sections and keys Microsoft has not documented"
_DISPLAY = "belongs to the display driver rules, whose required paths and values Microsoft has not documented"
_NOT_YET = "can be decided from the package, but no rule mirrors it yet"

UNCHECKED: dict[int, str] = {
    1000: "infcheck reports a file it cannot find or read as a one-line error with exit status 2, not as a finding",
    1015: (
        "which paths the message judges, and what makes one invalid, are not documented; the path rules "
        "Microsoft documents have codes of their own (1141, 1306, 2085)"
    ),
    1016: "needs the files the INF names on disk, resolved the way the signing tools resolve them",
    1017: (
        "Windows' list of service names kept for internal use is not published; IV1293 reports the names "
        "of Microsoft's driver samples"
    ),
    1020: (
        "the filter level names Windows reserves are not published; a base driver package names its own "
        "levels (device filter driver ordering)"
    ),
    1021: (
        "the length limit for a service name the unique-name flag (0x00010000) rewrites, and how it is "
        "rewritten, are not documented"
    ),
    1078: (
        "Microsoft does not document which entries InfVerif skips, and the message names no rule a file could"
        " be checked against"
    ),
    1080: (
        "the message names neither the directive nor the field, and Microsoft does not document which ones it"
        " checks; documented required fields are checked under 1005, 1013, 1229 and 1289"
    ),
    1081: (
        "the directives and values it judges are not documented, and 1081, 1082 and 1083 cannot be told apart"
        " from their messages alone"
    ),
    1082: (
        "the directives and values it judges are not documented, and 1081, 1082 and 1083 cannot be told apart"
        " from their messages alone"
    ),
    1083: (
        "the directives and values it judges are not documented, and 1081, 1082 and 1083 cannot be told apart"
        " from their messages alone"
    ),
    1085: (
        "what makes a directive incomplete is not documented; documented required fields are checked under "
        "1005, 1013, 1142, 1229 and 1289"
    ),
    1103: (
        "the CopyFiles flags refused with DIRID 13 are not documented: the CopyFiles page lists the flags "
        "with no DIRID 13 restriction"
    ),
    1150: "the directives whose values may not hold '\\' or ',' are not documented",
    1207: "applies only to Microsoft's own inbox INF files",
    1208: (
        "the directives InfVerif refuses outright are not listed; the legacy directives Microsoft documents "
        "are reported under 1300-1309"
    ),
    1210: "needs the organisation the package is submitted for, which the INF does not say",
    1223: "the single keys it protects are not documented; IV1222 covers the HKLM\\SYSTEM keys the 1222 message names",
    1225: (
        "the registry values with a required type are not published; IV1431 checks the special values "
        "Microsoft documents with a type"
    ),
    1226: "the keys under which a value may not carry a security descriptor are not documented",
    1242: "needs the DIRIDs the target Windows build resolves, which are not all documented",
    1260: (
        "the message names neither the directive nor the value, and Microsoft does not document which entries raise it"
    ),
    1261: "which device names InfVerif resolves, and in which sections, are not documented",
    1263: (
        "how InfVerif tells custom from known AddReg value types beyond the documented masks is not "
        "documented; IV1264 covers a custom type without the binary flag"
    ),
    1292: (
        "which directives need a %strkey% token is not documented: Microsoft's pages say strings are usually,"
        " not always, written as tokens"
    ),
    1299: "InfVerif's note that it stopped after a parsing error; infcheck never stops early",
    1314: (
        "needs every section of the included inbox INF files to tell a section another section's Include brings "
        "in from one that is missing; IV1319 and IV2651 report the Needs values whose INF is not included"
    ),
    1316: _INBOX_SECTIONS,
    1317: _INBOX_SECTIONS,
    1318: (
        "needs the inbox INF files of each Windows build; Microsoft's own samples include wudfrd.inf, documented "
        "as Windows 11 only, from Models sections for build 17134, so the documented availability does not tell "
        "when InfVerif reports it"
    ),
    1326: "the registry values or directives that must hold a bare file name are not documented",
    1328: _SHIM,
    1382: "Microsoft's extension INF page forbids only the associated-service flag (IV1383), not any directive",
    1430: "the registry values Windows refuses under a key are not documented",
    1450: (
        "the legacy directives Windows may ignore under driver package isolation are not listed; the "
        "documented legacy directives are reported under 1300-1309"
    ),
    2004: (
        "the directives InfVerif discourages are not listed: Microsoft's pages only call some (Reboot, "
        "DelService, BitReg) rarely needed, which does not say which ones InfVerif names"
    ),
    2090: _SHIM,
    2091: _SHIM,
    2092: _SHIM,
    2093: _SHIM,
    2413: _NETWORK,
    2417: _NETWORK,
    2419: (
        "which bind tokens starting with 'ms_' or 'ndis' count as standard is not published, and the message "
        "reports only the others"
    ),
    2500: "the legacy bind tokens Windows no longer supports are not published",
    2600: _DISPLAY,
    2601: _DISPLAY,
    2652: (
        "the sections InfVerif wants taken with Needs are not documented; Microsoft's pages say only that an "
        "Include usually comes with a Needs"
    ),
    2662: "needs the list of audio effects wdmaudio.inf registers, an inbox INF file of the Windows build",
    2663: (
        "needs the sections of wdmaudio.inf that register the effects a section refers to, which are not documented"
    ),
}

# Codes a rule mirrors only in part: what the rule checks and what it leaves to InfVerif.
PARTLY: dict[int, str] = {
    1110: (
        "IV1110 reports CopyINF files that are not INF files named relative to the INF's folder, the ones "
        "Microsoft's CopyINF page rules out; InfVerif may refuse other files too"
    ),
    1180: (
        "IV1180 compares the Value numbers of a provider's channels; InfVerif may also compare other channel settings"
    ),
    1181: (
        "IV1181 reports LoggingAutoBackup on an Analytic or Debug channel, the one documented constraint "
        "that fits the message"
    ),
    1182: (
        "IV1182 reports LoggingAutoBackup without sequential LoggingRetention, the one documented pairing "
        "that fits the message"
    ),
    2420: (
        "IV2420 reports a NetDriver INF with no AddNetFilter or AddNetProtocol at all; InfVerif wants one in a "
        "particular section its message does not name"
    ),
    2400: "IV2400 checks AddNetFilter and AddNetProtocol, the directives InfVerif's messages name; others may take the two fields too",
    2402: (
        "IV2402 reports AddNetFilter and AddNetProtocol outside a .NetDrivers section; which other directives a "
        "section refuses is not documented"
    ),
    2403: (
        "IV2403 checks FilterClass, FilterType, NetCfgInstanceId and Service in the sections AddNetFilter and "
        "AddNetProtocol name; InfVerif may hold other directives to one field"
    ),
    2411: (
        "IV2411 checks NetCfgInstanceId in the sections AddNetFilter and AddNetProtocol name; InfVerif may check "
        "other GUIDs"
    ),
    2414: "IV2414 checks FilterClass in the sections AddNetFilter and AddNetProtocol name",
    2416: (
        "IV2416 checks UpperRange, LowerRange and FilterMediaTypes in the sections AddNetFilter and AddNetProtocol "
        "name; InfVerif may check other lists of bind tokens"
    ),
    2418: (
        "IV2418 reads FilterType written as 2 or 'modifying' in the sections AddNetFilter names; other spellings "
        "of a modifying filter are left to InfVerif"
    ),
    2501: (
        "IV2501 checks the Service setting of the sections AddNetFilter and AddNetProtocol name against the "
        "INF's AddService directives; services named elsewhere are left to InfVerif"
    ),
    2602: (
        "IV2602 reports a StartType other than 3 on the associated service of a Display INF, the value Microsoft's "
        "display pages require; other required service values are not documented"
    ),
    2603: (
        "IV2603 reports LayoutFile in a Display INF, the directive Microsoft's display pages rule out; other "
        "directives InfVerif refuses there are not documented"
    ),
    2412: "IV2412 checks the identifiers of AddNetFilter and AddNetProtocol; InfVerif may check identifiers elsewhere too",
    2415: "IV2415 checks the identifiers of AddNetFilter and AddNetProtocol; InfVerif may check identifiers elsewhere too",
    1306: (
        "IV1306 reports copies to the DIRIDs that certainly lie outside %SystemRoot% (absolute paths, disk "
        "roots, Program Files, profile and All Users folders); user-defined DIRIDs and DIRID 25 are left alone"
    ),
    1401: (
        "IV1401 checks the DDInstall.Wdf directives whose first UMDF version Microsoft documents against the "
        "UmdfLibraryVersion of the section's services; InfVerif may know other directives and values"
    ),
    1431: (
        "IV1431 checks the special AddReg value names Microsoft documents with a type (DeviceCharacteristics, "
        "DeviceType, Exclusive, UpperFilters, LowerFilters, Security) in DDInstall.HW and ClassInstall32; "
        "InfVerif may know other well-known values"
    ),
    1257: (
        "IV1257 reports %10% in the string data of AddReg lines, the form of the Windows folder the message "
        "names; InfVerif may also recognise the folder written out"
    ),
    1258: (
        "IV1258 reports the DIRIDs of folders under %SystemRoot% (11, 12, 17, 18, 20, 50, 16425) in the string "
        "data of AddReg lines; InfVerif may judge other DIRIDs and other registry writes too"
    ),
    2650: (
        "IV2650 reports services built on WUDFRd.sys and mshidkmdf.sys, the inbox binaries Microsoft's 2084 page "
        "names, when they can install on Windows 11; the full list of inbox binaries is not published"
    ),
    1201: (
        "IV1201 judges the entries whose syntax has a fixed number of fields (DestinationDirs, SourceDisksFiles, "
        "SourceDisksNames, CopyFiles file lists, AddService and the single-valued service-install keys); "
        "InfVerif may judge other entries too"
    ),
    1286: (
        "IV1286 checks the documented limits of UmdfService names (31 characters) and of service and display "
        "names (256); InfVerif may know limits for other values"
    ),
    1006: (
        "IV1006 reports directives of the sections AddFilter, AddPowerSetting, AddComponent, AddTrigger and "
        "FailureActions name written without their required first value; InfVerif may require the values of "
        "other directives too"
    ),
    1022: (
        "IV1022 reports AddService declarations of one INF that leave out the unique-name flag (0x00010000) "
        "another declaration of the same service sets; declarations in other INF files are not compared"
    ),
    1086: (
        "IV1086 reports two AddComponent directives of one install section with the same component name, which "
        "Microsoft's AddComponent page forbids; InfVerif may report other duplicates too"
    ),
    1087: (
        "IV1087 reports FilterLevel with FilterPosition in a filter-install section and Value with ValueRange in "
        "an add-power-setting section, the pairs Microsoft documents as a choice; InfVerif may know other pairs"
    ),
    1222: (
        "IV1222 reports AddReg and DelReg lines under HKLM\\SYSTEM outside CurrentControlSet, the one key the "
        "message allows; InfVerif may protect keys under other roots too"
    ),
    1289: (
        "IV1289 reports filter-install sections without FilterLevel or FilterPosition, add-power-setting sections "
        "without Setting or Default, component-install sections without ComponentIDs, service-trigger sections "
        "without TriggerType, Action or SubType and failure-actions sections without Action; InfVerif may "
        "require directives in other sections too"
    ),
    1290: (
        "IV1290 judges the directives of the filter-install, add-power-setting, service-trigger and "
        "failure-actions sections, whose full lists Microsoft documents; InfVerif may judge the directives of "
        "other sections too"
    ),
    1202: (
        "IV1202 reports Include values that cannot name an INF file of Windows: paths, files that are not INF "
        "files, the INF itself, oem<number>.inf names and INF files named after the package (its file name or "
        "its provider); whether any other INF name exists in the target Windows build is left to InfVerif"
    ),
    1220: (
        "IV1220 reports directives naming a section of an included inbox INF for the sections infcheck's table of "
        "inbox INF files lists (each with its source); sections of inbox INF files it does not know are left to "
        "InfVerif"
    ),
    2008: (
        "IV2008 reports sections named like a section of an included inbox INF for the sections infcheck's table of "
        "inbox INF files lists (each with its source); sections of inbox INF files it does not know are left to "
        "InfVerif"
    ),
    1088: (
        "IV1088 reports a second UmdfServiceOrder in a section, the one directive Microsoft documents as once "
        "per section, and TGT007 a second FeatureScore; InfVerif may refuse other duplicates too"
    ),
}


def is_undecidable(code: int) -> bool:
    """Whether ``code`` needs more than the package to decide (and so has no rule for good reason)."""
    return code in UNCHECKED and UNCHECKED[code] != _NOT_YET


def is_pending(code: int) -> bool:
    """Whether ``code`` can be decided from the package but no rule mirrors it yet."""
    return UNCHECKED.get(code) == _NOT_YET
