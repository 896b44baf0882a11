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
    1006: _UNDOCUMENTED,
    1015: _UNDOCUMENTED,
    1016: "needs the files the INF names on disk, resolved the way the signing tools resolve them",
    1017: (
        "Windows' list of service names kept for internal use is not published; IV1293 reports the names "
        "of Microsoft's driver samples"
    ),
    1020: "the filter level names Windows reserves are not published",
    1021: "the length limit for names made unique, and when a name is made unique, are not documented",
    1022: _UNDOCUMENTED,
    1078: _UNDOCUMENTED,
    1080: _UNDOCUMENTED,
    1081: _UNDOCUMENTED,
    1082: _UNDOCUMENTED,
    1083: _UNDOCUMENTED,
    1085: _UNDOCUMENTED,
    1086: _UNDOCUMENTED,
    1087: "the pairs of directives that exclude each other are not documented",
    1103: "the CopyFiles flags Windows refuses for DIRID 13 are not documented",
    1150: "the directives whose values may not hold '\\' or ',' are not documented",
    1207: "applies only to Microsoft's own inbox INF files",
    1208: "the directives InfVerif refuses outright are not documented",
    1210: "needs the organisation the package is submitted for, which the INF does not say",
    1222: "the registry keys Windows protects are not documented",
    1223: "the registry keys Windows protects are not documented",
    1225: "the registry values with a required type are not documented",
    1226: _UNDOCUMENTED,
    1242: "needs the DIRIDs the target Windows build resolves, which are not all documented",
    1260: _UNDOCUMENTED,
    1261: _UNDOCUMENTED,
    1263: _UNDOCUMENTED,
    1289: _UNDOCUMENTED,
    1290: _UNDOCUMENTED,
    1292: _UNDOCUMENTED,
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
    1326: _UNDOCUMENTED,
    1328: _SHIM,
    1382: "the directives an extension INF may not use are not documented",
    1430: "the registry values Windows refuses under a key are not documented",
    1450: "the legacy directives Windows may ignore under driver package isolation are not documented",
    2004: "the directives InfVerif discourages are not documented",
    2090: _SHIM,
    2091: _SHIM,
    2092: _SHIM,
    2093: _SHIM,
    2402: _NETWORK,
    2403: _NETWORK,
    2411: _NETWORK,
    2413: _NETWORK,
    2414: _NETWORK,
    2416: _NETWORK,
    2417: _NETWORK,
    2418: _NETWORK,
    2419: _NETWORK,
    2500: "the legacy bind tokens Windows no longer supports are not published",
    2501: _NETWORK,
    2600: _DISPLAY,
    2601: _DISPLAY,
    2602: _DISPLAY,
    2603: _DISPLAY,
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
    1180: "IV1180 compares the Value numbers of a provider's channels; InfVerif may also compare other channel settings",
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
