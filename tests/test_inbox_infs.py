"""The table of inbox INF sections: every entry has a source, and the sample-sourced ones are there."""

from __future__ import annotations

import re

import pytest
from conftest import CORPUS, CORPUS_MISSING

from infcheck.knowledge.inbox_infs import INBOX_INF_SECTIONS, inbox_files_defining, is_inbox_inf
from infcheck.rules._needs import inbox_file_for

_SAMPLES = "microsoft/Windows-driver-samples "


def test_every_section_names_its_source():
    for file, sections in INBOX_INF_SECTIONS.items():
        assert file == file.lower() and file.endswith(".inf")
        assert sections, file
        for section in sections:
            assert section.source.startswith(("learn.microsoft.com/", _SAMPLES)), (file, section)


def test_lookups_ignore_letter_case():
    assert inbox_files_defining(" wudfrd.nt.SERVICES ") == ("wudfrd.inf",)
    assert inbox_files_defining("Contoso.NT") == ()
    assert is_inbox_inf("KS.INF") and not is_inbox_inf("contoso.inf")


def test_the_needs_rules_name_the_same_file_for_a_known_section():
    for file, sections in INBOX_INF_SECTIONS.items():
        for section in sections:
            assert inbox_file_for(section.name) in (None, file), section


def test_each_sample_source_includes_the_file_and_needs_the_section():
    if not CORPUS.is_dir():
        pytest.skip(CORPUS_MISSING)
    for file, sections in INBOX_INF_SECTIONS.items():
        for section in sections:
            if not section.source.startswith(_SAMPLES):
                continue
            text = (CORPUS / section.source[len(_SAMPLES) :]).read_text(encoding="utf-8", errors="replace").lower()
            needed = {
                name.strip()
                for line in re.findall(r"^\s*needs\s*=([^;\r\n]*)", text, re.MULTILINE)
                for name in line.split(",")
            }
            included = {
                name.strip().strip('"')
                for line in re.findall(r"^\s*include\s*=([^;\r\n]*)", text, re.MULTILINE)
                for name in line.split(",")
            }
            assert section.name.lower() in needed, (section.source, section.name)
            assert file in included, (section.source, file)
