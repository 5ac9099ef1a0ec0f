"""The patent wizard's steps: each form checks its own page; the whole dossier is checked at submission."""

from django import forms
from django.utils.translation import gettext_lazy as _

from carres.formatting import DigitsNormalizingFormMixin
from carres.validators import LINE, TEXT
from ip_filings.enums import ABSTRACT_WORD_LIMIT, ApplicantProfile
from ip_filings.models import (
    PatentFiling,
    PatentKind,
    abstract_errors,
    priority_errors,
    shares_error,
)
from ip_filings.models.patent import cited_claims, reference_errors

EXTRA_ROWS = 2


class RequestForm(DigitsNormalizingFormMixin, forms.ModelForm):
    class Meta:
        model = PatentFiling
        fields = ["kind", "invention_title", "technical_field"]
        widgets = {
            "kind": forms.RadioSelect,
            "invention_title": forms.TextInput(attrs={"dir": "auto"}),
            "technical_field": forms.TextInput(attrs={"dir": "auto"}),
        }
        help_texts = {
            "invention_title": _("Court et technique, sans nom de marque ni terme de fantaisie."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = PatentKind.objects.filter(is_active=True)
        self.fields["kind"].empty_label = None


class AbstractForm(forms.ModelForm):
    class Meta:
        model = PatentFiling
        fields = ["abstract"]
        widgets = {
            "abstract": forms.Textarea(
                attrs={"rows": 8, "dir": "auto", "data-word-limit": ABSTRACT_WORD_LIMIT}
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["abstract"].help_text = _(
            "Résumé de l'invention en %(limit)d mots au plus : le problème et sa solution."
        ) % {"limit": ABSTRACT_WORD_LIMIT}

    def clean_abstract(self):
        text = self.cleaned_data["abstract"]
        errors = abstract_errors(text)
        if errors:
            raise forms.ValidationError(errors["abstract"])
        return text


class DescriptionForm(forms.ModelForm):
    class Meta:
        model = PatentFiling
        fields = ["description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 16, "dir": "auto"})}
        help_texts = {
            "description": _(
                "État de la technique, problème technique, exposé de l'invention, "
                "description des dessins, au moins un mode de réalisation."
            )
        }


class PriorityForm(DigitsNormalizingFormMixin, forms.ModelForm):
    class Meta:
        model = PatentFiling
        fields = ["priority_country", "priority_number", "priority_date"]
        widgets = {
            "priority_country": forms.TextInput(attrs={"dir": "auto"}),
            "priority_number": forms.TextInput(attrs={"dir": "ltr"}),
            "priority_date": forms.DateInput(
                attrs={"type": "date", "dir": "ltr"}, format="%Y-%m-%d"
            ),
        }
        help_texts = {
            "priority_date": _(
                "Facultatif : seulement si l'invention a déjà été déposée ailleurs "
                "depuis moins de douze mois."
            )
        }

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        errors = priority_errors(
            data.get("priority_date"),
            data.get("priority_country", ""),
            data.get("priority_number", ""),
        )
        for name, messages in errors.items():
            for message in messages:
                self.add_error(name, message)
        return data


class ClaimForm(DigitsNormalizingFormMixin, forms.Form):
    text = forms.CharField(
        label=_("Revendication"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        max_length=10_000,
        validators=TEXT,
    )
    refers_to = forms.IntegerField(
        label=_("Selon la revendication n°"),
        required=False,
        min_value=1,
        widget=forms.NumberInput(attrs={"dir": "ltr", "min": "1"}),
        help_text=_("Vide pour une revendication indépendante."),
    )


class BaseClaimFormSet(forms.BaseFormSet):
    """Claims numbered as the user sees them (row n is claim n); blank rows are dropped when
    saved, and references follow the claims they name."""

    def _filled(self):
        """Row numbers (1-based, as shown) of the rows that hold a claim."""
        return [
            row
            for row, form in enumerate(self.forms, start=1)
            if (form.cleaned_data.get("text") or "").strip()
        ]

    def rows(self):
        renumber = {row: number for number, row in enumerate(self._filled(), start=1)}
        return [
            (
                self.forms[row - 1].cleaned_data["text"].strip(),
                renumber.get(self.forms[row - 1].cleaned_data.get("refers_to")),
            )
            for row in renumber
        ]

    def clean(self):
        if any(self.errors):
            return
        filled = self._filled()
        numbers = set(filled)
        renumber = {row: number for number, row in enumerate(filled, start=1)}
        for row in filled:
            form = self.forms[row - 1]
            text, refers_to = form.cleaned_data["text"], form.cleaned_data.get("refers_to")
            errors = reference_errors(row, refers_to, text, numbers)
            for field, message in errors:
                form.add_error(field, message)
            if errors:
                continue
            # The text's numbers are not rewritten: a blank row before a cited claim would
            # make them name another claim once the blank rows are dropped.
            for cited in cited_claims(text):
                if renumber[cited] != cited:
                    form.add_error(
                        "text",
                        _(
                            "La revendication %(n)d cite la revendication %(ref)d, mais une case "
                            "vide la précède : sans les cases vides, elle deviendrait la "
                            "revendication %(new)d. Retirez la case vide ou corrigez le numéro."
                        )
                        % {"n": row, "ref": cited, "new": renumber[cited]},
                    )


ClaimFormSet = forms.formset_factory(ClaimForm, formset=BaseClaimFormSet, extra=EXTRA_ROWS)


class InventorForm(DigitsNormalizingFormMixin, forms.Form):
    name = forms.CharField(
        label=_("Nom et prénom"), required=False, max_length=160, validators=LINE
    )
    address = forms.CharField(label=_("Adresse"), required=False, max_length=250, validators=LINE)
    mention = forms.BooleanField(
        label=_("Souhaite être mentionné comme inventeur"), required=False, initial=True
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["dir"] = "auto"
        self.fields["address"].widget.attrs["dir"] = "auto"


class BaseInventorFormSet(forms.BaseFormSet):
    def rows(self):
        return [
            {
                "name": form.cleaned_data["name"].strip(),
                "address": form.cleaned_data.get("address", "").strip(),
                "mention": form.cleaned_data.get("mention", False),
            }
            for form in self.forms
            if form.cleaned_data.get("name", "").strip()
        ]

    def clean(self):
        if any(self.errors):
            return
        if not self.rows():
            raise forms.ValidationError(_("Indiquez au moins un inventeur."))


InventorFormSet = forms.formset_factory(InventorForm, formset=BaseInventorFormSet, extra=EXTRA_ROWS)


class ApplicantForm(DigitsNormalizingFormMixin, forms.Form):
    name = forms.CharField(
        label=_("Nom ou raison sociale"), required=False, max_length=160, validators=LINE
    )
    profile = forms.ChoiceField(
        label=_("Type de déposant"),
        choices=ApplicantProfile.choices,
        initial=ApplicantProfile.INDIVIDUAL,
    )
    share = forms.DecimalField(
        label=_("Part (%)"),
        required=False,
        min_value=0,
        max_value=100,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"dir": "ltr", "step": "0.01"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["dir"] = "auto"


class BaseApplicantFormSet(forms.BaseFormSet):
    def rows(self):
        return [
            {
                "name": form.cleaned_data["name"].strip(),
                "profile": form.cleaned_data["profile"],
                "share": form.cleaned_data.get("share"),
            }
            for form in self.forms
            if form.cleaned_data.get("name", "").strip()
        ]

    def clean(self):
        if any(self.errors):
            return
        rows = self.rows()
        if not rows:
            raise forms.ValidationError(_("Indiquez au moins un déposant."))
        message = shares_error([row["share"] for row in rows])
        if message:
            raise forms.ValidationError(message)


ApplicantFormSet = forms.formset_factory(
    ApplicantForm, formset=BaseApplicantFormSet, extra=EXTRA_ROWS
)


class DrawingForm(forms.Form):
    file = forms.FileField(
        label=_("Ajouter un dessin (PDF, PNG ou JPEG)"),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"}
        ),
    )
