"""The outline's devices: one listed for two platforms in lines written alike gets a symbol at each place."""

from __future__ import annotations

import json

from lsp_server import outline
from lsp_server.checking import InfChecker
from lsp_server.documents import OpenDocument
from lsp_server.settings import ClientSettings, WorkspaceRules

TEXT = (
    "[Version]\r\n"
    'Signature = "$Windows NT$"\r\n'
    "[Manufacturer]\r\n"
    "%Maker% = Models, NTamd64, NTarm64\r\n"
    "[Models.NTamd64]\r\n"
    "%Dev% = Install, PCI\\VEN_1234&DEV_0001\r\n"
    "[Models.NTarm64] ; \u00e9t\u00e9\r\n"
    "\r\n"
    "  %Dev% = Install, PCI\\VEN_1234&DEV_0001\r\n"
    "%Dev% = Install, \\\r\n"
    "    PCI\\VEN_1234&DEV_0002\r\n"
    "[Strings]\r\n"
    'Maker = "Contoso"\r\n'
    'Dev = "Contoso \U0001f600 Device"\r\n'
)


def symbols(text: str, encoding: str) -> list[dict]:
    document = OpenDocument("file:///tmp/outline.inf", text, 1, "inf")
    assert document.path is not None
    rules = WorkspaceRules().rules_for(document.path, ClientSettings()).rules
    analysis = InfChecker(document).check(document.state(), rules)
    built = outline.symbols_json(analysis.document, analysis.index, analysis.text, analysis.line_starts, encoding)
    return json.loads(built)


def where(symbol: dict) -> tuple[tuple[int, int, int, int], tuple[int, int, int, int]]:
    def four(place: dict) -> tuple[int, int, int, int]:
        start, end = place["start"], place["end"]
        return start["line"], start["character"], end["line"], end["character"]

    return four(symbol["range"]), four(symbol["selectionRange"])


def test_each_listing_of_a_device_has_its_own_place():
    found = symbols(TEXT, "utf-16")
    amd64, arm64 = (section["children"] for section in found if section["name"].startswith("Models."))
    assert [(device["name"], device["detail"]) for device in amd64 + arm64] == [
        ("Contoso \U0001f600 Device", "Install: PCI\\VEN_1234&DEV_0001"),
        ("Contoso \U0001f600 Device", "Install: PCI\\VEN_1234&DEV_0001"),
        ("Contoso \U0001f600 Device", "Install: PCI\\VEN_1234&DEV_0002"),
    ]
    assert [where(device) for device in amd64 + arm64] == [
        ((5, 0, 5, 38), (5, 0, 5, 5)),
        ((8, 2, 8, 40), (8, 2, 8, 7)),
        ((9, 0, 10, 25), (9, 0, 9, 5)),  # continued over two lines
    ]


def test_positions_count_code_units_of_the_agreed_encoding():
    text = TEXT.replace("  %Dev% = Install, PCI\\VEN_1234&DEV_0001", "  \u00dcnit = Install, PCI\\VEN_1234&DEV_0003")
    for encoding, width in (("utf-8", 2), ("utf-16", 1), ("utf-32", 1)):
        arm64 = next(section for section in symbols(text, encoding) if section["name"] == "Models.NTarm64")
        device = arm64["children"][0]
        assert device["name"] == "\u00dcnit"
        assert where(device) == ((8, 2, 8, 38 + width), (8, 2, 8, 5 + width)), encoding


def test_the_server_builds_an_outline_with_fewer_collections(monkeypatch):
    """Right after a check of a big file, a collection of the young generations walks all the check
    made; the outline that follows is built, as the check is, with them collected less often."""
    import gc

    from infcheck.collection import YOUNG_THRESHOLD
    from lsp_server import server

    document = OpenDocument("file:///tmp/outline.inf", TEXT, 1, "inf")
    assert document.path is not None
    rules = WorkspaceRules().rules_for(document.path, ClientSettings()).rules
    analysis = InfChecker(document).check(document.state(), rules)
    thresholds = []
    build = outline.symbols_json

    def recording(*args, **kwargs):
        thresholds.append(gc.get_threshold()[0])
        return build(*args, **kwargs)

    monkeypatch.setattr(outline, "symbols_json", recording)
    before = gc.get_threshold()
    assert before[0] != 0  # the collector is on, as in the server
    built = server._outline_json(analysis, "utf-16", lambda: False)
    assert thresholds == [max(before[0], YOUNG_THRESHOLD)]
    assert gc.get_threshold() == before
    assert built == build(analysis.document, analysis.index, analysis.text, analysis.line_starts, "utf-16")
