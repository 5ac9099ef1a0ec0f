from modeltranslation.translator import TranslationOptions, register

from companies.models import ActivityCode, LegalForm, OutsideStep, RequiredDocument


@register(LegalForm)
class LegalFormTranslation(TranslationOptions):
    fields = ("name", "description")


@register(RequiredDocument)
class RequiredDocumentTranslation(TranslationOptions):
    fields = ("label",)


@register(OutsideStep)
class OutsideStepTranslation(TranslationOptions):
    fields = ("title", "description", "fee")


@register(ActivityCode)
class ActivityCodeTranslation(TranslationOptions):
    fields = ("label",)
