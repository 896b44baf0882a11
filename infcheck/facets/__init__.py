"""The facets of the index: one small builder per concern, run in this order.

Each facet is a module with ``build(index, kept)``: it reads the document (and
what earlier facets put on the index), builds what it can per section through
:class:`~infcheck.facets.parts.KeptParts` so that an incremental check reuses
the parts an edit left alone, and sets its attributes on the index. A full
check and an incremental one run the same builders; only the parts kept differ.

Adding a facet: a new module here, its name in ``FACETS`` (after the facets
it reads), and its attributes declared on :class:`infcheck.index.Index`.
"""

from __future__ import annotations

from infcheck.facets import directives, models, references, version

# The install facet is not among them: the index works it out on first use (see Index.install_sections).
FACETS = (version, models, directives, references)
