"""Building driver packages and git histories for the package and repository rules' tests.

``tests/fixtures/rules/<CODE>/{fail,pass}_<name>/`` folders are packages: their INF files state
their expected findings in ``; expect:`` comments, as single-file fixtures do. A package cannot
hold a binary in the repository, so an ``IMAGES`` file lists the PE images to write before the
check, one ``path machine [subsystem]`` a line (``amd64/contoso.sys amd64 native``). A
``before/`` folder, when there is one, is the package as committed at the revision given to
``--since``; the rest is the package as it is now.
"""

from __future__ import annotations

import shutil
import struct
import subprocess
from pathlib import Path

from infcheck.pe import MACHINE_TYPES

SUBSYSTEMS = {"native": 1, "gui": 2, "console": 3}


def pe_image(machine: str, subsystem: str = "native") -> bytes:
    """A minimal PE image with ``machine``'s machine type: DOS header, PE header and an optional
    header (PE32+ for 64-bit machines), no sections. pefile reads it as Windows would."""
    machine_type = MACHINE_TYPES[machine]
    wide = machine in ("amd64", "arm64", "ia64")
    optional_size = 0xF0 if wide else 0xE0
    dos = b"MZ" + bytes(0x3A) + struct.pack("<I", 0x40)
    file_header = struct.pack("<HHIIIHH", machine_type, 0, 0, 0, 0, optional_size, 0x0022)
    optional = bytearray(optional_size)
    struct.pack_into("<H", optional, 0, 0x20B if wide else 0x10B)
    struct.pack_into("<II", optional, 32, 0x1000, 0x200)  # section and file alignment
    struct.pack_into("<II", optional, 56, 0x1000, 0x200)  # size of image and of headers
    struct.pack_into("<H", optional, 68, SUBSYSTEMS[subsystem])
    struct.pack_into("<I", optional, optional_size - 0x84, 16)  # NumberOfRvaAndSizes
    image = dos + b"PE\0\0" + file_header + bytes(optional)
    return image + bytes(0x200 - len(image))


def write_images(package: Path) -> None:
    """Write the images the package's ``IMAGES`` file lists (see the module documentation)."""
    listing = package / "IMAGES"
    if not listing.is_file():
        return
    for line in listing.read_text(encoding="utf-8").splitlines():
        fields = line.split()
        if fields and not line.startswith("#"):
            target = package / fields[0]
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(pe_image(fields[1], fields[2] if len(fields) > 2 else "native"))
    listing.unlink()


def git(repository: Path, *arguments: str) -> str:
    completed = subprocess.run(
        ["git", "-c", "user.name=infcheck", "-c", "user.email=infcheck@example.invalid", *arguments],
        cwd=repository,
        capture_output=True,
        text=True,
        check=True,
    )
    return completed.stdout


def build_package(fixture: Path, destination: Path) -> str | None:
    """Lay the package ``fixture`` out at ``destination``; when it has a ``before/`` folder, make
    ``destination`` a git repository whose one commit, tagged ``v1.0``, holds that folder, and
    return ``v1.0``."""
    shutil.copytree(fixture, destination, ignore=shutil.ignore_patterns("before"))
    write_images(destination)
    before = fixture / "before"
    if not before.is_dir():
        return None
    now = destination.with_name(destination.name + ".now")
    destination.rename(now)
    shutil.copytree(before, destination)
    write_images(destination)
    git(destination, "init", "-q")
    git(destination, "add", "-A")
    git(destination, "commit", "-q", "-m", "before")
    git(destination, "tag", "v1.0")
    for path in destination.iterdir():
        if path.name != ".git":
            shutil.rmtree(path) if path.is_dir() else path.unlink()
    for path in now.iterdir():
        shutil.move(str(path), destination / path.name)
    now.rmdir()
    return "v1.0"
