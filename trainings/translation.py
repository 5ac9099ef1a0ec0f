from modeltranslation.translator import TranslationOptions, register

from trainings.models import Caravan, Training


@register(Training)
class TrainingTranslationOptions(TranslationOptions):
    fields = ("title", "description")


@register(Caravan)
class CaravanTranslationOptions(TranslationOptions):
    fields = ("name", "description")
