"""Text people type: no bidirectional controls, no control characters, a maximum length.

The validators (carres/validators.py), then two walks over the whole project: every model
text field and every form text field must carry them, like the authorization matrix fails on
an URL nobody listed. A field that legitimately holds other text goes into EXEMPT, with why.
"""

import importlib
import pkgutil

import pghistory.models
import pytest
from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from modeltranslation.fields import TranslationField
from modeltranslation.translator import translator

from carres.validators import (
    reject_bidi_controls,
    reject_control_characters,
    reject_control_characters_in_text,
)
from ip_filings.forms.tools import NiceClassesField

PROJECT_APPS = ("carres", "accounts", "companies", "ip_filings", "chambers", "trainings")

# (app, model, field): why nobody types bidi controls or control characters into it.
EXEMPT = {
    ("carres", "Heartbeat", "name"): "written by the health check",
    ("carres", "ReferenceCounter", "prefix"): "a dossier kind's fixed prefix",
    ("carres", "GeneratedDocument", "language"): "a language code set by the PDF task",
    ("carres", "GeneratedDocument", "sha256"): "a digest",
    ("carres", "Attachment", "original_name"): "the uploaded file's name, cleaned by uploads",
    ("carres", "Attachment", "mime_type"): "sniffed from the content",
    ("carres", "Notification", "key"): "an idempotency key",
    ("carres", "OutboxMessage", "key"): "an idempotency key",
    ("carres", "OutboxMessage", "last_error"): "an exception's text",
    ("carres", "RoutingRule", "dossier_kind"): "a reference prefix, checked by the rule's form",
    ("carres", "RoutingRule", "applicant_profile"): "a profile code, checked by the rule's form",
    ("carres", "RoutingRule", "programme"): "a programme code, checked by the rule's form",
    ("accounts", "User", "password"): "a hash",
    ("accounts", "ConsentRecord", "notice_version"): "the settings' notice version",
    ("accounts", "IdentityDocumentDownload", "file_name"): "copied from the attachment",
    ("accounts", "IdentityDocumentDownload", "dossier_label"): "copied from the dossier",
    ("accounts", "PersonalDataExport", "language"): "a language code",
    ("companies", "NameReservation", "normalized_name"): "normalize_name() of the name",
    ("ip_filings", "RegisteredMark", "number"): "imported from OMPIC's register",
    ("ip_filings", "RegisteredMark", "mark_text"): "imported from OMPIC's register",
    ("ip_filings", "RegisteredMark", "owner_name"): "imported from OMPIC's register",
    ("ip_filings", "MarkWord", "word"): "derived from the register",
    ("ip_filings", "MarkVocabulary", "word"): "derived from the register",
    ("ip_filings", "WatchHit", "matched_text"): "copied from the register",
    ("ip_filings", "WatchHit", "kind"): "a match kind",
    ("ip_filings", "WatchHit", "reason"): "written by the search",
    ("ip_filings", "Tariff", "currency"): "a currency code",
    ("trainings", "Registration", "certificate_code"): "generated",
}
# Their own validators accept no control or bidi character.
SELF_VALIDATING = (models.EmailField, models.URLField, models.SlugField)


@pytest.mark.parametrize(
    "char", ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2069"]
)
def test_bidi_controls_are_refused(char):
    with pytest.raises(ValidationError) as caught:
        reject_bidi_controls(f"{char}nimda")
    assert caught.value.code == "bidi_control"


def test_bidi_marks_of_arabic_text_are_kept():
    reject_bidi_controls("شركة \u200fأطلس\u200e SARL")  # RLM, LRM: no error


def test_control_characters_are_refused_on_one_line_and_line_breaks_in_text():
    for value in ("a\tb", "a\nb", "a\x1bb", "a\x85b", "a\x7fb"):
        with pytest.raises(ValidationError):
            reject_control_characters(value)
    reject_control_characters_in_text("ligne 1\r\nligne 2\tfin")
    with pytest.raises(ValidationError) as caught:
        reject_control_characters_in_text("a\x07b")
    assert caught.value.messages == [
        "Ce texte contient un caractère de contrôle invisible (U+0007) : retirez-le."
    ]


# --- every model field ---------------------------------------------------------------------
def typed_model_fields():
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS or issubclass(model, pghistory.models.Event):
            continue  # pghistory's copies are written by triggers, not typed
        for field in model._meta.concrete_fields:
            if (
                isinstance(field, models.CharField | models.TextField)
                and not isinstance(field, SELF_VALIDATING)
                and field.editable
                and not field.choices
            ):
                yield model, field


def _key(model, field):
    name = field.translated_field.name if isinstance(field, TranslationField) else field.name
    return (model._meta.app_label, model.__name__, name)


def test_every_typed_model_text_field_refuses_bidi_and_control_characters():
    missing = []
    for model, field in typed_model_fields():
        if _key(model, field) in EXEMPT:
            continue
        control = (
            reject_control_characters_in_text
            if isinstance(field, models.TextField)
            else reject_control_characters
        )
        if reject_bidi_controls not in field.validators or control not in field.validators:
            missing.append(".".join(_key(model, field)) + f" ({field.name})")
    assert missing == []


def test_exemptions_name_real_fields():
    walked = {_key(model, field) for model, field in typed_model_fields()}
    assert set(EXEMPT) - walked == set()


def test_every_model_text_field_has_a_maximum_length_in_form_model_and_database():
    missing = []
    for model, field in typed_model_fields():
        if not isinstance(field, models.TextField) or _key(model, field) in EXEMPT:
            continue
        limits = [v.limit_value for v in field.validators if isinstance(v, MaxLengthValidator)]
        if field.max_length is None or limits != [field.max_length]:
            missing.append(f"{'.'.join(_key(model, field))}: max_length and validator")
        if model in translator.get_registered_models() or isinstance(field, TranslationField):
            continue  # reference content, typed by administrators: the validators suffice
        name = f"{model._meta.db_table}_{field.name}_max_length"
        if name not in {constraint.name for constraint in model._meta.constraints}:
            missing.append(f"{'.'.join(_key(model, field))}: CheckConstraint {name}")
    assert missing == []


# --- every form field ----------------------------------------------------------------------
def project_forms():
    for app in PROJECT_APPS:
        package = importlib.import_module(app)
        for module in pkgutil.walk_packages(package.__path__, f"{app}."):
            if ".migrations" in module.name or module.name.endswith(("devservers", "celery")):
                continue
            importlib.import_module(module.name)
    seen, stack = set(), [forms.BaseForm]
    while stack:
        for subclass in stack.pop().__subclasses__():
            if subclass not in seen:
                seen.add(subclass)
                stack.append(subclass)
    return sorted(
        (form for form in seen if form.__module__.split(".")[0] in PROJECT_APPS),
        key=lambda form: f"{form.__module__}.{form.__qualname__}",
    )


TYPED_FORM_FIELDS = (forms.CharField,)
# Read into something else than text: addresses, slugs, Nice class numbers.
NOT_TYPED = (forms.EmailField, forms.URLField, forms.SlugField, forms.RegexField, NiceClassesField)
# Form fields whose text is never stored nor shown to anybody else.
FORM_EXEMPT = {
    "accounts.forms.SignupForm.username": "allauth drops it: people sign in by e-mail",
    "chambers.forms.DirectorySearchForm.q": "a search",
    "ip_filings.forms.tools.ClassPickerForm.q": "a search",
    "ip_filings.forms.tools.ClassPickerForm.description": "a search (classes for an activity)",
    "ip_filings.forms.tools.PriorMarkSearchForm.mark": "a search",
}


def test_every_typed_form_field_refuses_bidi_controls():
    """A ModelForm's fields run the model field's validators (full_clean); any other text
    field of a form must carry them itself."""
    missing, walked = [], 0
    for form in project_forms():
        model = getattr(getattr(form, "_meta", None), "model", None)
        for name, field in getattr(form, "base_fields", {}).items():
            if not isinstance(field, TYPED_FORM_FIELDS) or isinstance(field, NOT_TYPED):
                continue
            if isinstance(field.widget, forms.HiddenInput | forms.PasswordInput):
                continue
            walked += 1
            if model is not None and name in {f.name for f in model._meta.concrete_fields}:
                continue
            path = f"{form.__module__}.{form.__qualname__}.{name}"
            if path not in FORM_EXEMPT and reject_bidi_controls not in field.validators:
                missing.append(path)
    assert walked > 50
    assert missing == []


# --- on real pages: the error shows in the page's language, what was typed stays ----------
BIDI_ERROR = {
    "fr": "Ce texte contient un caractère invisible qui inverse le sens de lecture",
    "ar": "يحتوي هذا النص على محرف غير مرئي يقلب اتجاه القراءة",
}
SPOOFED = "\u202enimda"  # shows as "admin"


@pytest.fixture
def _french_afterwards():
    """LocaleMiddleware leaves the last request's language active in the thread."""
    from django.utils import translation

    yield
    translation.activate("fr")


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "ar"])
def test_profile_refuses_a_spoofed_name_and_keeps_what_was_typed(
    client, entrepreneur, language, _french_afterwards
):
    client.force_login(entrepreneur)
    response = client.post(
        f"/{language}/accounts/profile/",
        {
            "first_name": SPOOFED,
            "last_name": "Bennani Smires",
            "phone": "",
            "preferred_language": "ar",
        },
    )
    form = response.context["form"]
    assert response.status_code == 200
    assert BIDI_ERROR[language] in form.errors["first_name"][0]
    assert (form["first_name"].value(), form["last_name"].value()) == (SPOOFED, "Bennani Smires")
    entrepreneur.refresh_from_db()
    assert (entrepreneur.first_name, entrepreneur.last_name) == ("Salma", "Bennani")


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "ar"])
def test_company_names_refuse_bidi_controls_but_keep_arabic_marks(
    client, entrepreneur, language, _french_afterwards
):
    from tests.factories.companies import make_company_dossier

    dossier = make_company_dossier(entrepreneur, documents=False)
    client.force_login(entrepreneur)
    url = f"/{language}/companies/{dossier.pk}/step/names/"
    names = {"name_1": "Atlas\u2066 Tech", "name_2": "أطلس\u200f تك", "name_3": ""}
    response = client.post(url, names)
    form = response.context["form"]
    assert response.status_code == 200
    assert list(form.errors) == ["name_1"]  # the RLM of name_2 is ordinary Arabic text
    assert BIDI_ERROR[language] in form.errors["name_1"][0]
    assert form["name_2"].value() == "أطلس\u200f تك"


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "ar"])
def test_support_request_refuses_a_bidi_control_in_its_message(
    client, entrepreneur, language, _french_afterwards
):
    from chambers.models import SupportRequest
    from tests.factories import chambers as f

    f.chamber("ccis-souss-massa")
    client.force_login(entrepreneur)
    data = {
        "topic": "trademark",
        "region": f.region("09").pk,
        "language": "ar",
        "message": "Je veux déposer \u202bma marque\u202c demain.",
        "dossier_reference": "TM-2026-000123",
    }
    response = client.post(f"/{language}/chambers/requests/new/", data)
    form = response.context["form"]
    assert BIDI_ERROR[language] in form.errors["message"][0]
    assert (form["message"].value(), form["dossier_reference"].value()) == (
        data["message"],
        "TM-2026-000123",
    )
    assert SupportRequest.objects.count() == 0


@pytest.mark.django_db
def test_a_too_long_activity_is_a_form_error_and_the_codes_ticked_are_kept(client, entrepreneur):
    from companies.models import ActivityCode, CompanyDossier
    from tests.factories.companies import make_company_dossier

    dossier = make_company_dossier(entrepreneur, documents=False, activity="Logistique")
    code = ActivityCode.objects.create(code="4941", label="Transports routiers de fret")
    client.force_login(entrepreneur)
    url = f"/fr/companies/{dossier.pk}/step/activity/"
    assert 'maxlength="2000"' in client.get(url).content.decode()
    response = client.post(url, {"activity": "x" * 2_001, "activity_codes": [code.code]})
    form = response.context["form"]
    assert response.status_code == 200
    assert form.errors["activity"] == [
        "Assurez-vous que cette valeur comporte au plus 2000 caractères (actuellement 2001)."
    ]
    assert (len(form["activity"].value()), form["activity_codes"].value()) == (2_001, ["4941"])
    assert CompanyDossier.objects.get(pk=dossier.pk).activity == "Logistique"


@pytest.mark.django_db
def test_the_database_refuses_a_too_long_message_whatever_the_door(entrepreneur):
    from django.db import IntegrityError, transaction

    from chambers.models import SupportRequest
    from tests.factories import chambers as f

    request = f.make_request(entrepreneur, region_code="09")
    request.message = "x" * 5_001
    with pytest.raises(ValidationError) as caught:
        request.full_clean()
    assert list(caught.value.message_dict) == ["message"]
    refused = pytest.raises(IntegrityError, match="chambers_supportrequest_message_max_length")
    with refused, transaction.atomic():
        SupportRequest.objects.filter(pk=request.pk).update(message="x" * 5_001)


@pytest.mark.django_db
def test_back_office_note_with_a_bidi_control_is_refused_with_its_message(
    client, entrepreneur, examiner
):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from carres.enums import DossierAction
    from carres.models import DossierEvent
    from carres.workflow import transition
    from tests.factories.patents import make_patent_filing

    filing = make_patent_filing(entrepreneur)
    transition(filing, DossierAction.SUBMIT, actor=entrepreneur)
    TOTP.activate(examiner, generate_totp_secret())
    client.force_login(examiner)
    response = client.post(
        f"/fr/backoffice/PT/{filing.pk}/note/", {"comment": SPOOFED}, follow=True
    )
    assert BIDI_ERROR["fr"] in response.content.decode()
    assert not DossierEvent.objects.filter(action=DossierAction.NOTE).exists()
