"""What infcheck knows about the INF format itself, as data: one place for every table.

* :mod:`~infcheck.knowledge.sections`: section roles (what each kind of section is for), the sections
  Windows finds by name, the data sections, the suffixes of a DDInstall section's family;
* :mod:`~infcheck.knowledge.directives`: each directive, what it does, the roles of the
  sections it goes in, and which of its fields name sections of which role;
* :mod:`~infcheck.knowledge.dirids`: the system directory IDs;
* :mod:`~infcheck.knowledge.registry`: the registry roots an INF may write to;
* :mod:`~infcheck.knowledge.setup_classes`: the system-defined device setup classes.

The index, the rules and the language server read these tables; none of them keeps its own.
Facts from Microsoft's INF reference (learn.microsoft.com/windows-hardware/drivers/install/);
the wording is ours.
"""
