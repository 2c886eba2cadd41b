from .mediation import DisputeKind, Mediation, MediationScope, MediationSession, MediationStatus
from .providers import (
    ComplaintStatus,
    Provider,
    ProviderComplaint,
    ProviderOrder,
    ProviderStatus,
    ServiceOffer,
)
from .volunteers import Volunteer, VolunteerTask

__all__ = [
    "ComplaintStatus", "DisputeKind", "Mediation", "MediationScope", "MediationSession", "MediationStatus",
    "Provider", "ProviderComplaint", "ProviderOrder", "ProviderStatus", "ServiceOffer", "Volunteer",
    "VolunteerTask",
]
