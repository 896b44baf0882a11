"""The publishing model: CHIDs, PnP ranking and Windows Update offer simulation."""
