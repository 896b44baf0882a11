"""Garbage collection around checks: a check makes many small objects and frees nearly all of
them by reference counting, so the cycle collector's frequent passes over them (and over
everything start-up made) find next to nothing.

Two measures, for batch runs and the language server: what start-up made (modules, the
parser, the rules) is frozen, so no collection walks it again; and during a check the young
generation is collected less often. Both are undone afterwards, so a program that calls
infcheck as a library keeps the collector it had.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager

# Allocations (less deallocations) between two collections of the youngest generation during a
# check; Python's default is 700 (2000 from 3.13). A check of the sample corpus makes a few
# hundred thousand objects, nearly all freed by reference counting.
YOUNG_THRESHOLD = 20_000


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Collect the youngest generation less often while the block runs, as before afterwards."""
    young, middle, old = gc.get_threshold()
    if young == 0:  # the collector is off: leave it so
        yield
        return
    gc.set_threshold(max(young, YOUNG_THRESHOLD), middle, old)
    try:
        yield
    finally:
        gc.set_threshold(young, middle, old)


@contextmanager
def batch_collections() -> Iterator[Callable[[], None]]:
    """For a run over many files: the young generation is collected less often, and the block
    gets a function to call when start-up is over (after the first file, when the parser and the
    rules are loaded) that freezes what exists then. Both are undone when the block ends."""
    try:
        with fewer_collections():
            yield gc.freeze
    finally:
        gc.unfreeze()


_start_up_frozen = False


def freeze_start_up() -> None:
    """Freeze, once per process, what a long-running program made at start-up (the language
    server calls it after its first check, when the parser and the rules are loaded)."""
    global _start_up_frozen
    if not _start_up_frozen:
        _start_up_frozen = True
        gc.freeze()
