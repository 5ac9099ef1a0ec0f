"""The models of trademarks, patents and the IP self-diagnostic, one module per subject.

Imported in the order they were declared in when they lived in one module: Django registers
models in import order, and that order shows (apps.get_models(), carres.models.dossier_models:
trademark before patent)."""

# isort: skip_file

from ip_filings.models.nice import (
    NICE_CLASS_RANGE,
    parse_class_number,
    NiceClass,
    NiceTerm,
)
from ip_filings.models.register import (
    RegisteredMark,
    MarkWord,
    MarkVocabulary,
    GenericWord,
)
from ip_filings.models.trademark import (
    Tariff,
    TariffReduction,
    logo_path,
    TrademarkFiling,
    FilingClass,
)
from ip_filings.models.watch import (
    MarkWatch,
    WatchHit,
    RenewalReminder,
)
from ip_filings.models.patent import (
    word_count,
    months_before,
    PatentKind,
    PatentFiling,
    abstract_errors,
    claim_errors,
    shares_error,
    priority_errors,
    PatentClaim,
    PatentInventor,
    PatentApplicant,
)
from ip_filings.models.diagnostic import (
    DiagnosticQuestion,
    DiagnosticChoice,
    Recommendation,
)

__all__ = [
    "NICE_CLASS_RANGE",
    "DiagnosticChoice",
    "DiagnosticQuestion",
    "FilingClass",
    "GenericWord",
    "MarkVocabulary",
    "MarkWatch",
    "MarkWord",
    "NiceClass",
    "NiceTerm",
    "PatentApplicant",
    "PatentClaim",
    "PatentFiling",
    "PatentInventor",
    "PatentKind",
    "Recommendation",
    "RegisteredMark",
    "RenewalReminder",
    "Tariff",
    "TariffReduction",
    "TrademarkFiling",
    "WatchHit",
    "abstract_errors",
    "claim_errors",
    "logo_path",
    "months_before",
    "parse_class_number",
    "priority_errors",
    "shares_error",
    "word_count",
]
