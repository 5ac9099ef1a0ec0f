"""One form per wizard step. Drafts accept incomplete input; completeness is checked by
companies.rules at the review step and at submission, with each error on its field."""

from django import forms
from django.utils.translation import gettext_lazy as _

from carres.formatting import DigitsNormalizingFormMixin
from carres.validators import LINE
from carres.widgets import DependentSelect
from chambers.models import City, Region
from companies.enums import PersonKind
from companies.models import ActivityCode, Associate, CompanyDossier, LegalForm, Manager
from companies.validators import validate_ice, validate_if


class StepForm(DigitsNormalizingFormMixin, forms.ModelForm):
    """A step's fields plus the version of the draft the page was built from."""

    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lock_version"].initial = self.instance.lock_version if self.instance.pk else 0

    def add_submission_errors(self, errors):
        for name, messages in errors.items():
            if name in self.fields:
                for message in messages:
                    self.add_error(name, message)


class LegalFormStepForm(StepForm):
    class Meta:
        model = CompanyDossier
        fields = ["legal_form"]
        widgets = {"legal_form": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["legal_form"]
        field.queryset = LegalForm.objects.filter(is_active=True)
        field.required = True
        field.empty_label = None
        field.help_text = _("Les règles de la forme choisie guident les étapes suivantes.")


NAME_HELP = _("Dans l'ordre de préférence ; la première disponible sera réservée.")


class NamesStepForm(StepForm):
    class Meta:
        model = CompanyDossier
        fields = ["name_1", "name_2", "name_3"]

    def __init__(self, *args, check_url="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name_1"].help_text = NAME_HELP
        for name in ("name_1", "name_2", "name_3"):
            # Live availability check as the user types (htmx); the "Check" button does the
            # same without JavaScript.
            self.fields[name].widget.attrs.update(
                {
                    "dir": "auto",
                    "autocomplete": "off",
                    "hx-get": check_url,
                    "hx-trigger": "input changed delay:400ms",
                    "hx-target": f"#{name}-verdict",
                    "hx-vals": f'{{"field": "{name}"}}',
                    "hx-include": "#id_name_1, #id_name_2, #id_name_3",
                    "aria-describedby": f"{name}-verdict",
                }
            )


class ActivityStepForm(StepForm):
    class Meta:
        model = CompanyDossier
        fields = ["activity", "activity_codes"]
        widgets = {
            "activity": forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
            "activity_codes": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "activity": _("L'objet social, tel qu'il figurera dans les statuts."),
            "activity_codes": _("Nomenclature marocaine des activités (NMAE)."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity_codes"].queryset = ActivityCode.objects.all()
        self.fields["activity_codes"].to_field_name = "code"


class CapitalStepForm(StepForm):
    class Meta:
        model = CompanyDossier
        fields = ["capital"]
        widgets = {"capital": forms.NumberInput(attrs={"dir": "ltr", "step": "0.01", "min": "0"})}
        help_texts = {"capital": _("En dirhams, par exemple 100000.")}


class PersonRowForm(DigitsNormalizingFormMixin, forms.ModelForm):
    """A row of a people table: a new row left without a name is an unused blank row."""

    def has_changed(self):
        if self.instance.pk:
            return super().has_changed()
        return bool((self.data.get(self.add_prefix("full_name")) or "").strip())


class AssociateForm(PersonRowForm):
    class Meta:
        model = Associate
        fields = ["kind", "full_name", "identifier", "contribution"]
        widgets = {
            "full_name": forms.TextInput(attrs={"dir": "auto"}),
            "identifier": forms.TextInput(attrs={"dir": "ltr"}),
            "contribution": forms.NumberInput(attrs={"dir": "ltr", "step": "0.01", "min": "0"}),
        }


class ManagerForm(PersonRowForm):
    class Meta:
        model = Manager
        fields = ["role", "full_name", "identifier"]
        widgets = {
            "full_name": forms.TextInput(attrs={"dir": "auto"}),
            "identifier": forms.TextInput(attrs={"dir": "ltr"}),
        }


class PeopleFormSet(forms.BaseModelFormSet):
    def rows(self):
        """The filled rows, as dicts for the service (blank extra rows are skipped)."""
        return [
            {k: v for k, v in form.cleaned_data.items() if k not in ("id", "DELETE")}
            for form in self.forms
            if form.has_changed() and form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]


def people_formset(model, form, dossier, data=None, extra=2):
    FormSet = forms.modelformset_factory(
        model, form=form, formset=PeopleFormSet, extra=extra, can_delete=True, max_num=60
    )
    queryset = model.objects.filter(dossier=dossier) if dossier.pk else model.objects.none()
    prefix = model._meta.model_name
    return FormSet(data=data, queryset=queryset, prefix=prefix)


def associates_formset(dossier, data=None):
    formset = people_formset(Associate, AssociateForm, dossier, data)
    form = dossier.legal_form
    if form is not None and form.associate_kinds in (PersonKind.NATURAL, PersonKind.LEGAL):
        for row in formset.forms:
            row.fields["kind"].initial = form.associate_kinds
    return formset


def managers_formset(dossier, data=None):
    return people_formset(Manager, ManagerForm, dossier, data)


class HeadOfficeStepForm(StepForm):
    class Meta:
        model = CompanyDossier
        fields = [
            "head_office_region",
            "head_office_city",
            "head_office_address",
            "domiciled",
            "domiciliation_company",
        ]
        widgets = {
            "head_office_address": forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
            "domiciliation_company": forms.TextInput(attrs={"dir": "auto"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["head_office_region"].queryset = Region.objects.all()
        # Every town, each tagged with its region: the page offers the chosen region's only.
        city = self.fields["head_office_city"]
        city.queryset = City.objects.order_by("name")
        city.widget = DependentSelect(parent="head_office_region", parent_attr="region_id")
        city.widget.choices = city.choices

    def clean(self):
        data = super().clean()
        region, city = data.get("head_office_region"), data.get("head_office_city")
        if region and city and city.region_id != region.pk:
            self.add_error("head_office_city", _("Cette ville n'est pas dans la région choisie."))
        return data


class DocumentUploadForm(forms.Form):
    line = forms.CharField(widget=forms.HiddenInput)
    file = forms.FileField(label=_("Fichier (PDF, PNG ou JPEG)"))


class CompanyIdentifiersForm(DigitsNormalizingFormMixin, forms.Form):
    """The examiner records the official identifiers once the company is registered."""

    rc_number = forms.CharField(label=_("numéro RC"), max_length=20, validators=LINE)
    rc_court = forms.CharField(label=_("tribunal du RC"), max_length=80, validators=LINE)
    ice = forms.CharField(label=_("ICE"), max_length=15, validators=[*LINE, validate_ice])
    if_number = forms.CharField(
        label=_("identifiant fiscal (IF)"), max_length=10, validators=[*LINE, validate_if]
    )
