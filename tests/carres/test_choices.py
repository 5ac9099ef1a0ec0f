"""carres.choices.ChoiceDisplay: the same label as Django's get_<field>_display, in every
language, for every choice of every field of the models that use it."""

import pytest
from django.apps import apps
from django.db import models
from django.utils import translation

from carres.choices import ChoiceDisplay
from carres.enums import DossierAction

FAST_MODELS = [model for model in apps.get_models() if issubclass(model, ChoiceDisplay)]


def test_the_busy_pages_models_use_it():
    names = {model._meta.label for model in FAST_MODELS}
    assert {
        "carres.DossierEvent",
        "carres.Notification",
        "accounts.User",
        "companies.CompanyDossier",
        "ip_filings.TrademarkFiling",
        "ip_filings.PatentFiling",
        "ip_filings.RegisteredMark",
    } <= names


@pytest.mark.parametrize("language", ["fr", "ar", "en"])
def test_each_choice_reads_as_django_reads_it(language):
    checked = 0
    with translation.override(language):
        for model in FAST_MODELS:
            for field in model._meta.get_fields():
                if not getattr(field, "choices", None) or not hasattr(field, "attname"):
                    continue
                display = getattr(model, f"get_{field.name}_display")
                for value, _label in [*field.flatchoices, ("not-a-choice", None)]:
                    instance = model(**{field.attname: value})
                    ours = display(instance)
                    django = models.Model._get_FIELD_display(instance, field)
                    assert ours == django, (model, field.name, value)
                    assert type(ours) is type(django)
                    checked += 1
    assert checked > 50


def test_the_label_follows_the_active_language():
    from carres.models import DossierEvent

    event = DossierEvent(action=DossierAction.SUBMIT)
    with translation.override("fr"):
        french = event.get_action_display()
    with translation.override("ar"):
        arabic = event.get_action_display()
    assert french != arabic
