r"""Two INF files offer a hardware ID with the same rank, date, version and FeatureScore.

## What it does
Across every INF checked in one run, finds a hardware or compatible ID that
two INF files offer for the same architecture and the same TargetOSVersion,
at the same place in the Models entry (so with the same rank), with equal
DriverVer date and version and equal FeatureScore, and reports it in the
INF that comes later in path order.

## Why is this bad?
PnP picks the driver with the best rank, then the better FeatureScore, then
the newer date, then the higher version. When all of those are equal nothing
decides: Windows may install either driver, and which one can change from one
system to the next.

## Example
```inf
; contoso/contoso.inf and fabrikam/fabrikam.inf, both:
DriverVer = 03/01/2026,1.0.0.0
%Device% = Install, PCI\VEN_1234&DEV_5678
```

## Use instead
```inf
; raise one DriverVer (or set a FeatureScore) so one driver wins:
DriverVer = 03/02/2026,1.0.1.0
```

## Source
learn.microsoft.com/windows-hardware/drivers/install/how-windows-ranks-drivers--windows-vista-and-later-
and how-windows-selects-a-driver-for-a-device; inf-featurescore-directive.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import RepositoryContext
from infcheck.inf_facts import InfFacts, OfferedId

CODE = "REPO001"
NAME = "ranking-tie"
SEVERITY = "warning"
SCOPE = "repository"


def check(ctx: RepositoryContext) -> Iterator[Diagnostic]:
    first_offer: dict[tuple[object, ...], tuple[InfFacts, OfferedId]] = {}
    for inf in ctx.infs:
        if inf.driver_ver is None:
            continue
        for offered in inf.offered_ids:
            key = (
                offered.text.upper(),
                offered.compatible,
                offered.position,
                offered.architecture,
                offered.target,
                inf.driver_ver,
                offered.feature_score,
            )
            earlier = first_offer.setdefault(key, (inf, offered))
            if earlier[0].path == inf.path:
                continue
            target = f" ({offered.target_text})" if offered.target_text else ""
            yield ctx.report_in(
                inf,
                offered.span,
                f"{'compatible' if offered.compatible else 'hardware'} ID '{offered.text}' ties with {earlier[0].path} "
                f"for {offered.architecture}{target}: same rank, DriverVer {inf.driver_ver} and FeatureScore "
                f"0x{offered.feature_score:02X}, so Windows may pick either driver; raise one DriverVer or FeatureScore",
            )
