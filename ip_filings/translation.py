from modeltranslation.translator import TranslationOptions, register

from ip_filings.models import NiceClass, NiceTerm, Tariff


@register(NiceClass)
class NiceClassTranslation(TranslationOptions):
    fields = ("heading",)


@register(NiceTerm)
class NiceTermTranslation(TranslationOptions):
    fields = ("term",)


@register(Tariff)
class TariffTranslation(TranslationOptions):
    fields = ("label",)


# --- Patent dossiers and the IP self-diagnostic ---
from ip_filings.models import (  # noqa: E402
    DiagnosticChoice,
    DiagnosticQuestion,
    PatentKind,
    Recommendation,
)


@register(PatentKind)
class PatentKindTranslation(TranslationOptions):
    fields = ("name", "description")


@register(DiagnosticQuestion)
class DiagnosticQuestionTranslation(TranslationOptions):
    fields = ("text", "help_text")


@register(DiagnosticChoice)
class DiagnosticChoiceTranslation(TranslationOptions):
    fields = ("label",)


@register(Recommendation)
class RecommendationTranslation(TranslationOptions):
    fields = ("title", "text")
