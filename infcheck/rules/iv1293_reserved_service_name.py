"""A service takes a name kept for Microsoft's driver samples.

## What it does
Reports `AddService` and `KmdfService` directives whose service name is one
of the names Microsoft's Windows-driver-samples use (`toaster`, `ECHO`,
`dynambus`, `osrusbfx2`...), compared without regard to case.

## Why is this bad?
Every service name used by a sample driver is reserved, so a driver built
from a sample keeps a name that clashes with the sample's on any machine
that has both. InfVerif rejects the package until the service is renamed.

## Example
```inf
[Echo_Install.NT.Services]
AddService = ECHO, 0x00000002, Echo_Service
```

## Use instead
```inf
[Echo_Install.NT.Services]
AddService = ContosoEcho, 0x00000002, Echo_Service
```

## Source
InfVerif 1293 (and 1017); learn.microsoft.com/windows-hardware/drivers/devtest/inf-validation-errors-and-warnings.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.package_model import package_model

CODE = "IV1293"
NAME = "reserved-service-name"
SEVERITY = "error"
INFVERIF = (1293,)
TRIGGERS = ("addservice", "kmdfservice")

# The service names the Windows-driver-samples INFs add (inbox services such as WUDFRd left out).
SAMPLE_SERVICE_NAMES = frozenset(
    name.lower()
    for name in [
        "AudioCodec",
        "AvsCamera",
        "avscan",
        "avshws",
        "avssamp",
        "BthEchoSampleCli",
        "BthEchoSampleSrv",
        "CancelSafe",
        "CDO",
        "change",
        "Ctx",
        "cxwmbclass",
        "DDProxy",
        "Defect_ToastMon",
        "delete",
        "dynambus",
        "ECHO",
        "ECHO_2",
        "fakemdm",
        "Firefly",
        "FMM",
        "GenPCI",
        "hidusbfx2",
        "Inspect",
        "kbfiltr",
        "KDODSamp",
        "kmdf_enumswitches",
        "LSI_U3",
        "Minispy",
        "moufiltr",
        "MSForwardExt",
        "MSNMntr",
        "MSPassthroughExt",
        "MUXMP",
        "MUXMP_NC",
        "MUXP",
        "MUXP_NC",
        "NameChanger",
        "NdisLwf",
        "Ndisprot60",
        "Ndisprot630",
        "netvadapter",
        "NetVMini60",
        "NetVMini620",
        "NetVMini630",
        "NetVMini680",
        "NullFilter",
        "osrfx2_DCHU_usersvc",
        "osrusbfx2",
        "PassThrough",
        "Pci9x5x",
        "plclient",
        "plpolicy",
        "PrmFuncSample",
        "RtlWlans",
        "sampleacpipep",
        "SampleDSM",
        "Scanner",
        "SCM488C",
        "SDCAVCodec",
        "SDCAVDsp",
        "SDCAVXu",
        "SerialBusWdk",
        "simbatt",
        "simdevice",
        "simgpio",
        "simgpio_i2c",
        "SimpleAudioSample",
        "SimRep",
        "simsensor",
        "simtc",
        "SingleComponentFStateSvc",
        "skeletoni2c",
        "SpbTestTool",
        "statbus",
        "SwapBuffers",
        "sysvad_componentizedaudiosample",
        "toaster",
        "ToasterFilter",
        "TrEEMiniportSample",
        "TREEOSServiceSample",
        "UcmCxUcsi",
        "UcmTcpciCxClientSample",
        "UcmUcsiAcpiSample",
        "ufxclientsample",
        "usbsamp",
        "vhidmini",
        "wdffeatured",
        "WdfMultiComp",
        "wdfsimple",
        "wdfToastMon",
        "wificxsampleclientkm",
        "WmiSamp",
    ]
)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    for service in package_model(ctx.index).add_services:
        if service.name.lower() in SAMPLE_SERVICE_NAMES:
            yield _report(ctx, service.entry, service.name)
    for entry in ctx.index.directive("kmdfservice"):
        value = entry.value(0)
        if value is not None and value.resolved.strip().lower() in SAMPLE_SERVICE_NAMES:
            yield _report(ctx, entry, value.resolved.strip())


def _report(ctx, entry, name):
    value = entry.value(0)
    span = value.span if value is not None and not value.is_empty else entry.span
    return ctx.report(
        span, f"service name '{name}' is reserved for Microsoft's driver samples; give it a name of your own"
    )
