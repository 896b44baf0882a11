"""Garbage collection around checks: changed while checking, as before afterwards."""

from __future__ import annotations

import gc
import weakref

from infcheck.collection import YOUNG_THRESHOLD, batch_collections, fewer_collections
from infcheck.runner import CheckOptions, check_paths


def test_fewer_collections_raises_the_young_threshold_and_restores_it():
    before = gc.get_threshold()
    with fewer_collections():
        assert gc.get_threshold() == (max(before[0], YOUNG_THRESHOLD), before[1], before[2])
    assert gc.get_threshold() == before


def test_a_collector_turned_off_by_threshold_stays_off():
    before = gc.get_threshold()
    gc.set_threshold(0)
    try:
        with fewer_collections():
            assert gc.get_threshold()[0] == 0
    finally:
        gc.set_threshold(*before)


def test_batch_collections_freeze_on_request_and_thaw_at_the_end():
    before = gc.get_threshold()
    with batch_collections() as start_up_over:
        assert gc.get_freeze_count() == 0
        start_up_over()
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0
    assert gc.get_threshold() == before


def test_a_batch_run_leaves_the_collector_as_it_found_it(tmp_path):
    for name in ("a.inf", "b.inf"):
        (tmp_path / name).write_text("[Version]\nSignature = $Windows NT$\n", encoding="utf-8")
    before = gc.get_threshold()
    result = check_paths([str(tmp_path)], CheckOptions())
    assert len(result.files) == 2
    assert gc.get_freeze_count() == 0
    assert gc.get_threshold() == before


def test_a_checked_document_is_freed_with_its_index_and_package_model():
    import weakref

    from infcheck.config import Config
    from infcheck.engine import check_document, document_index
    from infcheck.package_model import package_model
    from infcheck.parse import get_parser

    text = (
        b'[Version]\r\nSignature = "$Windows NT$"\r\nClass = System\r\n'
        b"[Manufacturer]\r\n%Mfg% = Models, NTamd64\r\n[Models.NTamd64]\r\n%Dev% = Install, PCI\\VEN_1234&DEV_5678\r\n"
        b"[Install.NTamd64]\r\nAddReg = Keys\r\n[Keys]\r\nHKR,,Value,0x00010001,1\r\n"
        b'[Strings]\r\nMfg = "Contoso"\r\nDev = "Device"\r\n'
    )
    document = get_parser().parse_bytes(text, "leak.inf")
    check_document(document, Config().rules_for(None, profile="windows-driver"))
    index = document_index(document)
    assert package_model(index) is package_model(index)  # built once
    gone = [weakref.ref(document), weakref.ref(index), weakref.ref(package_model(index))]
    del document, index
    gc.collect()
    assert [reference() for reference in gone] == [None, None, None]


_PACKAGE = (
    '[Version]\nSignature = "$Windows NT$"\nClass = Sample\nClassGuid = {78a1c341-4539-11d3-b88d-00c04fad5171}\n'
    "Provider = %Contoso%\nCatalogFile = contoso.cat\nDriverVer = 01/01/2026,1.0.0.0\nPnpLockdown = 1\n"
    "[Manufacturer]\n%Contoso% = Models, NTamd64\n[Models.NTamd64]\n%Device% = Install, PCI\\VEN_1234&DEV_5678\n"
    "[Install.NT]\nCopyFiles = Files\nAddReg = Registry\n[Install.NT.Services]\n"
    "AddService = contoso, 0x2, Service\n[Service]\nServiceType = 1\nStartType = 3\nErrorControl = 1\n"
    "ServiceBinary = %13%\\contoso.sys\n[Files]\ncontoso.sys\n[Registry]\nHKR,,Value,0x10001,1\n"
    "[DestinationDirs]\nDefaultDestDir = 13\n[SourceDisksNames]\n1 = %Disk%\n[SourceDisksFiles]\ncontoso.sys = 1\n"
    '[Strings]\nContoso = "Contoso"\nDevice = "Contoso device"\nDisk = "Disk"\n'
)


def _checked_document_and_what_it_made():
    from infcheck.config import Config
    from infcheck.engine import check_document, document_index
    from infcheck.package_model import package_model
    from infcheck.parse import parse_text

    document = parse_text(_PACKAGE, "contoso.inf")
    check_document(document, Config().rules_for(None, profile="windows-driver"))
    index = document_index(document)
    model = package_model(index)
    assert model.answers, "the rules asked the package model something"
    return document, [weakref.ref(document), weakref.ref(index), weakref.ref(model)]


def test_a_released_document_is_freed_by_reference_counting_alone():
    gc.collect()
    gc.disable()
    try:
        document, made = _checked_document_and_what_it_made()
        document.release()
        del document
        assert [ref() for ref in made] == [None, None, None]
    finally:
        gc.enable()


def test_a_document_not_released_waits_for_the_garbage_collector():
    # What the test above proves would not happen anyway: a checked document is a web of cycles.
    gc.collect()
    gc.disable()
    try:
        document, made = _checked_document_and_what_it_made()
        del document
        assert all(ref() is not None for ref in made)
    finally:
        gc.enable()
        gc.collect()
