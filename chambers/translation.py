from modeltranslation.translator import TranslationOptions, register

from chambers.models import Chamber, City, Partner, Province, Region, Venue


@register(Region)
class RegionTranslation(TranslationOptions):
    fields = ("name",)


@register(Province)
class ProvinceTranslation(TranslationOptions):
    fields = ("name",)


@register(City)
class CityTranslation(TranslationOptions):
    fields = ("name",)


@register(Chamber)
class ChamberTranslation(TranslationOptions):
    fields = ("name", "short_name", "address")


@register(Venue)
class VenueTranslation(TranslationOptions):
    fields = ("name", "address")


@register(Partner)
class PartnerTranslation(TranslationOptions):
    fields = ("name", "address")
