from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.enums import Language
from carres.formatting import DigitsNormalizingFormMixin, format_datetime
from carres.selectors import referenced_dossiers_owned_by
from carres.validators import LINE, TEXT
from carres.widgets import QuickSelect
from chambers import services
from chambers.enums import AppointmentStatus, Outcome, Topic
from chambers.models import Chamber, Region


class ServiceFormMixin(DigitsNormalizingFormMixin):
    """Runs a service in save(); its ValidationError lands on the right field (and reads
    Arabic-Indic digits as Western ones, see carres.formatting)."""

    def run(self, service, *args, **kwargs):
        try:
            return service(*args, **kwargs)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    self.add_error(field if field in self.fields else None, errors)
            else:
                self.add_error(None, error)
            return None


class OwnDossierField(forms.ChoiceField):
    """One of the asker's own referenced dossiers, named by its reference (a request may not
    cite someone else's dossier, or one that does not exist)."""

    default_error_messages = {
        "invalid_choice": _(
            "Aucun de vos dossiers ne porte la référence « %(value)s ». "
            "Choisissez l'un de vos dossiers dans la liste, ou aucun."
        ),
    }

    def to_python(self, value):
        return super().to_python(value).strip().upper()


class SupportRequestForm(ServiceFormMixin, forms.Form):
    topic = forms.ChoiceField(
        label=_("Sujet"),
        choices=[("", _("Choisissez un sujet")), *Topic.choices],
        error_messages={"required": _("Choisissez le sujet de votre demande.")},
    )
    region = forms.ModelChoiceField(
        label=_("Région"),
        queryset=Region.objects.all(),
        empty_label=_("Choisissez votre région"),
        error_messages={"required": _("Choisissez votre région.")},
    )
    language = forms.ChoiceField(
        label=_("Langue souhaitée pour l'échange"), choices=Language.choices
    )
    chamber = forms.ModelChoiceField(
        label=_("Chambre"),
        queryset=Chamber.objects.filter(is_active=True),
        required=False,
        empty_label=_("Laisser la plateforme choisir la chambre de ma région"),
        help_text=_("Facultatif : la demande va sinon à la chambre qui sert votre région."),
    )
    message = forms.CharField(
        label=_("Votre message"),
        widget=forms.Textarea(attrs={"rows": 6, "dir": "auto"}),
        min_length=10,
        max_length=5000,
        error_messages={"required": _("Décrivez votre besoin en quelques lignes.")},
        validators=TEXT,
    )
    dossier_reference = OwnDossierField(
        label=_("Dossier lié"),
        required=False,
        help_text=_(
            "Facultatif : l'un de vos dossiers déjà déposés, si votre demande le concerne."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        kwargs.setdefault("initial", {}).setdefault("language", user.preferred_language)
        super().__init__(*args, **kwargs)
        self.fields["dossier_reference"].choices = [
            ("", _("Aucun dossier")),
            *(
                (dossier.reference, f"{dossier.reference} · {dossier.kind_label} · {dossier.title}")
                for dossier in referenced_dossiers_owned_by(user)
            ),
        ]

    def save(self):
        data = self.cleaned_data
        return self.run(
            services.create_support_request,
            self.user,
            topic=data["topic"],
            region=data["region"],
            language=data["language"],
            message=data["message"],
            dossier_reference=data["dossier_reference"].strip(),
            chamber=data["chamber"],
        )


class MessageForm(ServiceFormMixin, forms.Form):
    body = forms.CharField(
        label=_("Message"),
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
        max_length=5000,
        error_messages={"required": _("Écrivez votre message.")},
        validators=TEXT,
    )

    def save(self, request, *, actor):
        return self.run(services.post_message, request, actor=actor, body=self.cleaned_data["body"])


class NoteForm(ServiceFormMixin, forms.Form):
    body = forms.CharField(
        label=_("Note interne"),
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        max_length=5000,
        help_text=_("Visible seulement par la chambre."),
        validators=TEXT,
    )

    def save(self, request, *, actor):
        return self.run(
            services.add_internal_note, request, actor=actor, body=self.cleaned_data["body"]
        )


class AppointmentForm(ServiceFormMixin, forms.Form):
    starts_at = forms.DateTimeField(
        label=_("Date et heure"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    place = forms.CharField(label=_("Lieu"), required=False, max_length=300, validators=LINE)
    online_url = forms.URLField(
        label=_("Lien de visioconférence"),
        required=False,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"dir": "ltr"}),
    )

    def clean_starts_at(self):
        starts_at = self.cleaned_data["starts_at"]
        if starts_at <= timezone.now():
            raise ValidationError(_("Le rendez-vous doit être dans le futur."))
        return starts_at

    def save(self, request, *, actor):
        return self.run(services.propose_appointment, request, actor=actor, **self.cleaned_data)


def _slot_field(label, *, required):
    return forms.DateTimeField(
        label=label,
        required=required,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )


class SlotsForm(ServiceFormMixin, forms.Form):
    """The entrepreneur proposes one to three slots; the chamber's premises unless a place
    is named."""

    slot_1 = _slot_field(_("Créneau 1"), required=True)
    slot_2 = _slot_field(_("Créneau 2 (facultatif)"), required=False)
    slot_3 = _slot_field(_("Créneau 3 (facultatif)"), required=False)
    place = forms.CharField(
        label=_("Lieu souhaité (facultatif : à la chambre sinon)"),
        required=False,
        max_length=300,
        validators=LINE,
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )

    def clean(self):
        cleaned = super().clean()
        now = timezone.now()
        for name in ("slot_1", "slot_2", "slot_3"):
            value = cleaned.get(name)
            if value is not None and value <= now:
                self.add_error(name, _("Le rendez-vous doit être dans le futur."))
        return cleaned

    def save(self, request, *, actor):
        slots = [
            self.cleaned_data[name]
            for name in ("slot_1", "slot_2", "slot_3")
            if self.cleaned_data.get(name)
        ]
        return self.run(
            services.propose_slots,
            request,
            actor=actor,
            slots=slots,
            place=self.cleaned_data["place"],
        )


class AnswerSlotForm(ServiceFormMixin, forms.Form):
    """The advisor accepts or declines one of the entrepreneur's slots (in the admin)."""

    appointment = forms.ModelChoiceField(label=_("Créneau"), queryset=None)
    answer = forms.ChoiceField(
        label=_("Réponse"),
        choices=[("accept", _("Accepter ce créneau")), ("decline", _("Décliner ce créneau"))],
    )

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["appointment"].queryset = request.appointments.filter(
            status=AppointmentStatus.PROPOSED, proposed_by_id=request.entrepreneur_id
        ).order_by("starts_at")
        self.fields["appointment"].label_from_instance = lambda appointment: format_datetime(
            appointment.starts_at, "DATETIME_FORMAT"
        )

    def save(self, request, *, actor):
        service = (
            services.accept_appointment
            if self.cleaned_data["answer"] == "accept"
            else services.decline_appointment
        )
        return self.run(service, self.cleaned_data["appointment"], actor=actor)


class CloseForm(ServiceFormMixin, forms.Form):
    outcome = forms.ChoiceField(label=_("Issue"), choices=Outcome.choices)
    comment = forms.CharField(
        label=_("Mot de conclusion pour l'entrepreneur"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        max_length=5_000,
        validators=TEXT,
    )

    def save(self, request, *, actor):
        return self.run(services.close_request, request, actor=actor, **self.cleaned_data)


class AssignForm(ServiceFormMixin, forms.Form):
    assignee = forms.ModelChoiceField(label=_("Conseiller"), queryset=None)

    def __init__(self, *args, chamber, **kwargs):
        super().__init__(*args, **kwargs)
        from accounts.models import User

        self.fields["assignee"].queryset = User.objects.filter(
            advisor__chamber=chamber, advisor__is_active=True, is_active=True
        ).order_by("last_name", "email")

    def save(self, request, *, actor):
        return self.run(
            services.assign_request, request, actor=actor, assignee=self.cleaned_data["assignee"]
        )


class FeedbackForm(ServiceFormMixin, forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Votre note"),
        coerce=int,
        choices=[(n, str(n)) for n in range(5, 0, -1)],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez une note de 1 à 5.")},
    )
    comment = forms.CharField(
        label=_("Commentaire"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        validators=TEXT,
    )

    def save(self, request, *, actor):
        return self.run(services.rate_request, request, actor=actor, **self.cleaned_data)


class DirectorySearchForm(forms.Form):
    q = forms.CharField(label=_("Nom ou ville"), required=False, max_length=100)
    region = forms.ModelChoiceField(
        label=_("Région"),
        queryset=Region.objects.all(),
        required=False,
        empty_label=_("Toutes les régions"),
        widget=QuickSelect,
    )
    topic = forms.ChoiceField(
        label=_("Sujet"),
        required=False,
        choices=[("", _("Tous les sujets")), *Topic.choices],
        widget=QuickSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # One plain query, not ModelChoiceField's server-side cursor (trainings.forms).
        field = self.fields["region"]
        field.choices = [("", field.empty_label), *((r.pk, r.name) for r in field.queryset)]
