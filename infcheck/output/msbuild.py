"""MSBuild's canonical error format, which Visual Studio's Error List and MSBuild logs parse.

``path(line,column,end_line,end_column): error CODE: message``. Of the origin forms
MSBuild documents (``(line)``, ``(line-line)``, ``(line,col)``, ``(line,col-col)`` and
``(line,col,line,col)``) the last one carries the whole span, so an editor selects
exactly the text a finding is about. The category is ``error`` or ``warning``, the only
two MSBuild recognises; an ``info`` finding is written with ``info`` in that place, so
that MSBuild logs it as a plain message instead of raising it to a warning.
"""

from __future__ import annotations

from collections.abc import Sequence

from infcheck.diagnostics import Diagnostic, escape_control_characters


def render(diagnostics: Sequence[Diagnostic]) -> str:
    lines = []
    for d in diagnostics:
        span = d.span
        origin = f"{d.path}({span.line},{span.column},{span.end_line},{span.end_column})"
        # One finding, one line: MSBuild reads its tool's output a line at a time.
        lines.append(escape_control_characters(f"{origin}: {d.severity} {d.code}: {d.message}") + "\n")
    return "".join(lines)
