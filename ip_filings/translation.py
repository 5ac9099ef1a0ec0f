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
