"""Bad and strange input never crashes a check: every rule runs over generated INF-like text."""

from __future__ import annotations

import random

from conftest import corpus_files, diagnostics_for
from hypothesis import given, settings
from hypothesis import strategies as st

SECTION_NAMES = [
    "Version",
    "Manufacturer",
    "Strings",
    "Strings.0407",
    "TargetComputers",
    "TargetComputers.NTamd64",
    "Models",
    "Models.NTamd64",
    "Models.NTamd64.10.0...19041",
    "Install",
    "Install.NT",
    "Install.NTamd64",
    "Install.NT.HW",
    "Install.NT.Services",
    "DefaultInstall",
    "SourceDisksFiles",
    "DestinationDirs",
    "",
]
KEYS = [
    "Signature",
    "Class",
    "ClassGuid",
    "DriverVer",
    "CatalogFile",
    "CatalogFile.NTia64",
    "Provider",
    "%Mfg%",
    "%Dev%",
    "FeatureScore",
    "CopyFiles",
    "AddReg",
    "AddService",
    "Needs",
    "Include",
    "Contoso",
    "Mfg",
    "Dev",
    "",
]
VALUES = [
    '"$Windows NT$"',
    "$Chicago$",
    "Sensor",
    "Firmware",
    "{5175d334-c371-4806-b3ba-71fd53c9258d}",
    "{bad",
    "06/01/2026",
    "1.0.0.0",
    "0.0.0.0",
    "13/45/2026",
    "Models",
    "NTamd64.10.0...19041",
    "NTx64",
    "NTia64",
    "NT$ARCH$",
    "Install",
    "PCI\\VEN_8086&DEV_1234",
    "PCI\\CC_0300",
    "USB\\VID_045E",
    "*PNP0C14",
    "BTHENUM\\{00001124-0000-1000-8000-00805f9b34fb}",
    "UEFI\\RES_{4a9c5b2e-7f31-4d5a-9c61-2b8e0f3d1a77}",
    "%Mfg%",
    "%Undefined%",
    "%%",
    "%",
    '"quoted, value"',
    "xF6",
    "0x20",
    "c4159f74-3d2c-526f-b6d1-fe24a2fbc881",
    "{c4159f74-3d2c-526f-b6d1-fe24a2fbc881}",
    "@file.sys",
    "",
    "\\",
    '"',
    "é",
    "\x00",
]


@st.composite
def inf_like(draw) -> str:
    lines = []
    for _ in range(draw(st.integers(0, 12))):
        lines.append(f"[{draw(st.sampled_from(SECTION_NAMES))}]")
        for _ in range(draw(st.integers(0, 6))):
            values = ", ".join(draw(st.lists(st.sampled_from(VALUES), max_size=5)))
            key = draw(st.sampled_from(KEYS))
            lines.append(f"{key} = {values}" if key and draw(st.booleans()) else values)
            if draw(st.integers(0, 9)) == 0:
                lines[-1] += draw(st.sampled_from([" ; noqa", " ; noqa: PUB", " \\", " ; infcheck: disable-file"]))
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    return newline.join(lines)


@settings(max_examples=200, deadline=None)
@given(inf_like())
def test_every_rule_survives_generated_documents(text):
    for diagnostic in diagnostics_for(text):
        span = diagnostic.span
        assert span.line >= 1 and span.column >= 1
        assert (span.end_line, span.end_column) >= (span.line, span.column)


def test_every_rule_survives_mangled_corpus_files():
    chance = random.Random(20261122)
    for path in corpus_files()[::7]:
        data = bytearray(path.read_bytes())
        for _ in range(40):
            position = chance.randrange(len(data))
            data[position : position + chance.randint(0, 3)] = chance.choice(
                [b'"', b"[", b"%", b"\\\n", b",", b"=", b"\x00", b""]
            )
        diagnostics_for(bytes(data), path=path.name)
