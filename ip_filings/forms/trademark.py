"""The trademark wizard's forms, one per step. Saving goes through ip_filings.services.trademark."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from carres.formatting import DigitsNormalizingFormMixin
from carres.uploads import validate_upload
from carres.validators import TEXT
from ip_filings.enums import ApplicantKind, MarkType
from ip_filings.forms.tools import NiceClassesField
from ip_filings.models import NICE_CLASS_RANGE, MarkWatch, NiceTerm, TrademarkFiling
from ip_filings.services.trademark import LOGO_TYPES
from ip_filings.services.trademark_checks import priority_date_error

MARK_FIELDS = ["mark_type", "mark_text", "transliteration", "colours"]
APPLICANT_FIELDS = [
    "applicant_kind",
    "applicant_name",
    "applicant_address",
    "applicant_email",
    "representative_name",
    "representative_address",
]
PRIORITY_FIELDS = ["priority_country", "priority_date", "priority_number"]


class MarkForm(forms.ModelForm):
    logo = forms.FileField(
        label=_("Logo (PNG ou JPEG)"),
        required=False,
        help_text=_(
            "Pour une marque figurative ou semi-figurative. Les fichiers SVG sont refusés."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg"}),
    )

    class Meta:
        model = TrademarkFiling
        fields = MARK_FIELDS
        widgets = {
            "mark_type": forms.RadioSelect,
            "mark_text": forms.TextInput(attrs={"dir": "auto"}),
            "transliteration": forms.TextInput(attrs={"dir": "auto"}),
            "colours": forms.TextInput(attrs={"dir": "auto"}),
        }
        help_texts = {
            "mark_text": _("En lettres latines, en arabe ou en tifinagh, tel que vous le déposez."),
            "transliteration": _("La même marque dans l'autre écriture, si elle en a une."),
            "colours": _(
                "Par exemple : bleu marine et or. Vide : la marque est protégée en toutes couleurs."
            ),
        }

    def clean_logo(self):
        upload = self.cleaned_data.get("logo")
        if not upload:
            return None
        validate_upload(
            upload,
            allowed=LOGO_TYPES,
            type_message=_("Le logo doit être une image PNG ou JPEG (son contenu a été vérifié)."),
        )
        return upload

    def clean(self):
        cleaned = super().clean()
        mark_type = cleaned.get("mark_type")
        if (
            mark_type in (MarkType.WORD, MarkType.COMBINED)
            and not (cleaned.get("mark_text") or "").strip()
        ):
            self.add_error(
                "mark_text",
                ValidationError(
                    _("Une marque verbale ou semi-figurative doit avoir un texte."),
                    code="empty_mark",
                ),
            )
        if mark_type == MarkType.WORD and cleaned.get("logo"):
            self.add_error(
                "logo", _("Une marque verbale n'a pas de logo : choisissez un autre type.")
            )
        return cleaned


_LINE = re.compile(r"^\s*(\d{1,3})\s*[:.\-–]\s*(.*)$")


class ClassesForm(forms.Form):
    classes = NiceClassesField(
        label=_("Classes de Nice"),
        help_text=_("Numéros séparés par des virgules, par exemple 25, 30."),
        error_messages={"required": _("Choisissez au moins une classe.")},
    )
    terms = forms.CharField(
        label=_("Produits et services, une ligne par classe"),
        required=False,
        max_length=10_000,
        help_text=_(
            "Par exemple « 25 : vêtements ; chaussures ». Commencez chaque ligne par le numéro de la classe."
        ),
        widget=forms.Textarea(attrs={"rows": 5, "dir": "auto"}),
        validators=TEXT,
    )
    nice_terms = forms.ModelMultipleChoiceField(
        label=_("Termes de la liste de Nice"),
        queryset=NiceTerm.objects.select_related("nice_class"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def clean_terms(self):
        by_class = {}
        bad_lines = []
        for line in (self.cleaned_data.get("terms") or "").splitlines():
            if not line.strip():
                continue
            found = _LINE.match(line)
            if not found or not found.group(2).strip():
                bad_lines.append(line.strip()[:40])
                continue
            number = int(found.group(1))
            if number not in NICE_CLASS_RANGE:
                raise ValidationError(
                    ngettext(
                        "La classe %(classes)s n'existe pas : les classes vont de 1 à 45.",
                        "Les classes %(classes)s n'existent pas : les classes vont de 1 à 45.",
                        1,
                    )
                    % {"classes": number},
                    code="invalid_class",
                )
            text = found.group(2).strip()
            by_class[number] = f"{by_class[number]}; {text}" if number in by_class else text
        if bad_lines:
            raise ValidationError(
                _(
                    "Commencez chaque ligne par le numéro de sa classe, par exemple « 25 : vêtements » (ligne « %(line)s »)."
                )
                % {"line": bad_lines[0]},
                code="no_class",
            )
        return by_class

    def clean(self):
        cleaned = super().clean()
        chosen = set(cleaned.get("classes") or [])
        if "classes" not in cleaned:
            return cleaned
        stray = sorted(set(cleaned.get("terms") or {}) - chosen)
        if stray:
            self.add_error(
                "terms",
                ngettext(
                    "Des termes sont donnés pour la classe %(classes)s, qui n'est pas choisie.",
                    "Des termes sont donnés pour les classes %(classes)s, qui ne sont pas choisies.",
                    len(stray),
                )
                % {"classes": ", ".join(map(str, stray))},
            )
        stray_terms = [
            t for t in cleaned.get("nice_terms") or [] if t.nice_class.number not in chosen
        ]
        if stray_terms:
            self.add_error(
                "nice_terms",
                _("« %(term)s » appartient à la classe %(number)s, qui n'est pas choisie.")
                % {"term": stray_terms[0].term, "number": stray_terms[0].nice_class.number},
            )
        return cleaned

    def classes_with_terms(self):
        """{number: (free terms, [NiceTerm])} for set_filing_classes."""
        terms = self.cleaned_data.get("terms") or {}
        picked = list(self.cleaned_data.get("nice_terms") or [])
        return {
            number: (terms.get(number, ""), [t for t in picked if t.nice_class.number == number])
            for number in self.cleaned_data["classes"]
        }


class ApplicantForm(DigitsNormalizingFormMixin, forms.ModelForm):
    class Meta:
        model = TrademarkFiling
        fields = APPLICANT_FIELDS
        widgets = {
            "applicant_name": forms.TextInput(attrs={"dir": "auto"}),
            "applicant_address": forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
            "applicant_email": forms.EmailInput(attrs={"dir": "ltr"}),
            "representative_name": forms.TextInput(attrs={"dir": "auto"}),
            "representative_address": forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
        }
        help_texts = {
            "applicant_name": _("Votre nom, ou la dénomination de votre société."),
            "applicant_kind": _("Certains déposants ont droit à une réduction des taxes."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applicant_kind"].choices = ApplicantKind.choices


class PriorityForm(DigitsNormalizingFormMixin, forms.ModelForm):
    class Meta:
        model = TrademarkFiling
        fields = PRIORITY_FIELDS
        widgets = {
            "priority_country": forms.TextInput(attrs={"dir": "auto"}),
            "priority_date": forms.DateInput(
                attrs={"type": "date", "dir": "ltr"}, format="%Y-%m-%d"
            ),
            "priority_number": forms.TextInput(attrs={"dir": "ltr"}),
        }
        help_texts = {
            "priority_date": _("Le premier dépôt doit dater de six mois au plus."),
        }

    def clean_priority_date(self):
        value = self.cleaned_data.get("priority_date")
        problem = priority_date_error(value)
        if problem:
            raise ValidationError(problem, code="priority_date")
        return value

    def clean(self):
        cleaned = super().clean()
        given = [name for name in PRIORITY_FIELDS if cleaned.get(name)]
        if given and len(given) < len(PRIORITY_FIELDS) and not self.errors:
            for name in PRIORITY_FIELDS:
                if not cleaned.get(name):
                    self.add_error(
                        name,
                        _("Une revendication de priorité demande le pays, la date et le numéro."),
                    )
        return cleaned


class MarkWatchForm(DigitsNormalizingFormMixin, forms.ModelForm):
    classes = NiceClassesField(
        label=_("Classes de Nice"),
        required=False,
        help_text=_("Vide : toutes les classes."),
    )
    threshold = forms.IntegerField(
        label=_("Seuil de ressemblance (%)"),
        min_value=30,
        max_value=100,
        initial=70,
        widget=forms.NumberInput(attrs={"dir": "ltr"}),
    )

    class Meta:
        model = MarkWatch
        fields = ["text"]
        widgets = {"text": forms.TextInput(attrs={"dir": "auto"})}
