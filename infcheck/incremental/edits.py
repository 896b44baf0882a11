"""What an edit changed: the stretch of text where two versions differ."""

from __future__ import annotations


def changed_region(old: str, new: str) -> tuple[int, int, int]:
    """Where two texts differ: ``(low, old_high, new_high)`` such that ``old[:low] == new[:low]``
    and ``old[old_high:] == new[new_high:]``, with the unchanged ends as long as possible."""
    limit = min(len(old), len(new))
    low = _common_length(old, new, limit, from_end=False)
    same_end = _common_length(old, new, limit - low, from_end=True)
    return low, len(old) - same_end, len(new) - same_end


def _common_length(first: str, second: str, limit: int, from_end: bool) -> int:
    """How many characters the two texts share at their start (or end), up to ``limit``.

    Slices are compared in growing blocks and the first difference is then
    narrowed down by halving, so the cost is a few passes of C-speed comparison.
    """
    first_size, second_size = len(first), len(second)

    def same(low: int, high: int) -> bool:
        if from_end:
            return first[first_size - high : first_size - low] == second[second_size - high : second_size - low]
        return first[low:high] == second[low:high]

    low = 0
    step = 64
    while low < limit:
        high = min(low + step, limit)
        if same(low, high):
            low = high
            step *= 2
            continue
        while high - low > 1:
            middle = (low + high) // 2
            if same(low, middle):
                low = middle
            else:
                high = middle
        return low
    return low
