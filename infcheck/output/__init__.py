"""Output formats. Each module renders a sorted list of diagnostics as one string."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from infcheck.diagnostics import Diagnostic

FORMATS = ("text", "json", "sarif", "github", "msbuild")


def renderer(name: str) -> Callable[[Sequence[Diagnostic]], str]:
    """The render function of an output format (imported on demand: most runs need one)."""
    if name == "text":
        from infcheck.output.text import render
    elif name == "json":
        from infcheck.output.json_array import render
    elif name == "sarif":
        from infcheck.output.sarif import render
    elif name == "github":
        from infcheck.output.github import render
    elif name == "msbuild":
        from infcheck.output.msbuild import render
    else:
        raise ValueError(f"unknown output format {name!r}")
    return render
