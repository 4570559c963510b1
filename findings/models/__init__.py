"""The findings app's models, one module per sub-domain."""

from .catalogue import ActionKind, ActionOption, Category, Indicator
from .evidence import MAX_EVIDENCE_BYTES, Evidence, EvidenceKind
from .finding import MAX_QUANTITY, OPEN_STATUSES, Finding, FindingStatus, StatusChange
from .ledger import MAX_AMOUNT, MIN_AMOUNT, EntryStatus, PaymentEntry, PaymentKind, SupportKind
from .referral import Referral, ReferralStatus
from .release import FindingGroupObjectPermission, FindingRelease
from .retention import RetentionRun

__all__ = [
    "MAX_AMOUNT",
    "MAX_EVIDENCE_BYTES",
    "MAX_QUANTITY",
    "MIN_AMOUNT",
    "OPEN_STATUSES",
    "ActionKind",
    "ActionOption",
    "Category",
    "EntryStatus",
    "Evidence",
    "EvidenceKind",
    "Finding",
    "FindingGroupObjectPermission",
    "FindingRelease",
    "FindingStatus",
    "Indicator",
    "PaymentEntry",
    "PaymentKind",
    "Referral",
    "ReferralStatus",
    "RetentionRun",
    "StatusChange",
    "SupportKind",
]
