"""Patent dossiers: the filing, its claims, inventors and applicants, and their checks."""

import re

import pghistory
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from carres.models import Dossier
from carres.validators import LINE, length_constraint, paragraphs
from ip_filings.enums import ABSTRACT_WORD_LIMIT, PRIORITY_MONTHS, ApplicantProfile


def word_count(text):
    return len((text or "").split())


def months_before(day, months):
    """The same day `months` earlier (clamped to the month's last day)."""
    import calendar

    month = day.month - months
    year = day.year
    while month <= 0:
        month += 12
        year -= 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


class PatentKind(models.Model):
    """Reference data: patent of invention, utility certificate (translated names)."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("intitulé"), max_length=120, validators=LINE)  # name_fr / _ar / _en
    description = models.TextField(
        _("description"), blank=True, max_length=2_000, validators=paragraphs(2_000)
    )
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)
    is_active = models.BooleanField(_("actif"), default=True)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("type de titre")
        verbose_name_plural = _("types de titre")

    def __str__(self):
        return self.name


# Every change recorded by database triggers ("history"; `events` stays the workflow timeline).
@pghistory.track(
    obj_field=pghistory.ObjForeignKey(related_name="history"),
    model_name="PatentFilingHistory",
)
class PatentFiling(Dossier):
    """A patent (or utility certificate) pre-filing built step by step by its owner."""

    reference_prefix = "PT"
    # Searched by the examiners' queue (?q=), besides reference and applicant.
    queue_search_fields = ("invention_title",)

    kind = models.ForeignKey(
        PatentKind, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("type de titre")
    )
    invention_title = models.CharField(
        _("titre de l'invention"), max_length=250, blank=True, validators=LINE
    )
    technical_field = models.CharField(
        _("domaine technique"), max_length=250, blank=True, validators=LINE
    )
    abstract = models.TextField(
        _("abrégé"), blank=True, max_length=3_000, validators=paragraphs(3_000)
    )
    description = models.TextField(
        _("description"), blank=True, max_length=100_000, validators=paragraphs(100_000)
    )
    priority_country = models.CharField(
        _("pays de la priorité"), max_length=80, blank=True, validators=LINE
    )
    priority_number = models.CharField(
        _("numéro de la demande antérieure"), max_length=40, blank=True, validators=LINE
    )
    priority_date = models.DateField(_("date de la demande antérieure"), null=True, blank=True)
    programme = models.CharField(
        _("programme"),
        max_length=40,
        blank=True,
        help_text=_("Code du programme d'accompagnement, s'il y en a un (sert au routage)."),
        validators=LINE,
    )

    class Meta(Dossier.Meta):
        verbose_name = _("demande de brevet")
        verbose_name_plural = _("demandes de brevet")
        constraints = [
            *Dossier.Meta.constraints,
            length_constraint("ip_filings_patentfiling_abstract_max_length", "abstract", 3_000),
            length_constraint(
                "ip_filings_patentfiling_description_max_length", "description", 100_000
            ),
        ]

    @property
    def title(self):
        return self.invention_title or _("Nouvelle invention (sans titre)")

    def get_absolute_url(self):
        return reverse("patents:patent_detail", kwargs={"pk": self.pk})

    @property
    def applicant_profile(self):
        """For routing: a university or start-up among the applicants wins, then a company."""
        kinds = {applicant.profile for applicant in self.applicants.all()}
        for profile in (
            ApplicantProfile.UNIVERSITY,
            ApplicantProfile.STARTUP,
            ApplicantProfile.COMPANY,
        ):
            if profile in kinds:
                return profile
        return ApplicantProfile.INDIVIDUAL

    def submission_errors(self):
        required = _("Ce champ est obligatoire pour soumettre le dossier.")
        errors = {}
        if self.kind_id is None:
            errors["kind"] = [required]
        for name in ("invention_title", "technical_field", "abstract", "description"):
            if not getattr(self, name).strip():
                errors[name] = [required]
        errors.update(abstract_errors(self.abstract))
        claims = list(self.claims.all())
        if not claims:
            errors["claims"] = [_("Rédigez au moins une revendication.")]
        else:
            messages = claim_errors([(c.number, c.refers_to, c.text) for c in claims])
            if messages:
                errors["claims"] = messages
        inventors = list(self.inventors.all())
        if not inventors:
            errors["inventors"] = [_("Indiquez au moins un inventeur.")]
        applicants = list(self.applicants.all())
        if not applicants:
            errors["applicants"] = [_("Indiquez au moins un déposant.")]
        else:
            message = shares_error([a.share for a in applicants])
            if message:
                errors["applicants"] = [message]
        errors.update(
            priority_errors(self.priority_date, self.priority_country, self.priority_number)
        )
        return errors

    def pdf_sections(self):
        claim_lines = []
        for claim in self.claims.all():
            line = f"{claim.number}. {claim.text}"
            if claim.refers_to:
                reference = _("selon la revendication %(n)s") % {"n": claim.refers_to}
                line = f"{line} ({reference})"
            claim_lines.append(line)
        claims = "\n".join(claim_lines)
        not_named = _("ne souhaite pas être mentionné")
        inventors = "\n".join(
            i.name if i.mention else f"{i.name} ({not_named})" for i in self.inventors.all()
        )
        applicants = "\n".join(
            f"{a.name} — {a.get_profile_display()}" + (f" — {a.share} %" if a.share else "")
            for a in self.applicants.all()
        )
        priority = "—"
        if self.priority_date:
            priority = (
                f"{self.priority_country} {self.priority_number} ({self.priority_date:%d/%m/%Y})"
            )
        from carres.selectors import current_attachments

        drawings = "\n".join(a.original_name for a in current_attachments(self)) or "—"
        return [
            {"label": _("Requête — type de titre"), "value": str(self.kind or "—")},
            {"label": _("Titre de l'invention"), "value": self.invention_title},
            {"label": _("Domaine technique"), "value": self.technical_field},
            {"label": _("Déposants"), "value": applicants},
            {"label": _("Inventeurs"), "value": inventors},
            {"label": _("Priorité revendiquée"), "value": priority},
            {"label": _("Abrégé"), "value": self.abstract},
            {"label": _("Description"), "value": self.description},
            {"label": _("Revendications"), "value": claims},
            {"label": _("Dessins"), "value": drawings},
        ]


def abstract_errors(text):
    count = word_count(text)
    if count > ABSTRACT_WORD_LIMIT:
        return {
            "abstract": [
                _("L'abrégé compte %(count)d mots : la limite est de %(limit)d.")
                % {"count": count, "limit": ABSTRACT_WORD_LIMIT}
            ]
        }
    return {}


# "revendication 7", "revendications 1 à 3", "claim 2", "المطالبة 2": the claims a claim's
# text cites, whether or not its "according to claim n°" field says so.
_NUMBERS = r"(\d{1,4}(?:\s*(?:,|،|;|-|–|à|a|et|ou|to|and|or|إلى|الى|و|أو)\s*\d{1,4})*)"
_CITATION = re.compile(
    r"(?:revendications?|claims?|(?:ال|لل|بال)?(?:مطلب|مطالب(?:ة|ه|ات)?))\s*"
    r"(?:n°|no\.?|nos?\.?|numéros?|numbers?|رقم|رقمي)?\s*" + _NUMBERS,
    re.IGNORECASE,
)
_ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def cited_claims(text):
    """The claim numbers a claim's text cites, in order, each once."""
    cited = []
    for match in _CITATION.finditer((text or "").translate(_ARABIC_DIGITS)):
        for number in re.findall(r"\d+", match.group(1)):
            if int(number) not in cited:
                cited.append(int(number))
    return cited


def reference_errors(number, refers_to, text, numbers):
    """[(field, message)] for claim `number`'s references (its field, then its text) to a
    claim that is not among `numbers`, to itself or to a later one."""
    errors = []
    if refers_to is not None:
        if refers_to not in numbers:
            message = _(
                "La revendication %(n)d renvoie à la revendication %(ref)d, qui n'existe pas."
            )
            errors.append(("refers_to", message % {"n": number, "ref": refers_to}))
        elif refers_to >= number:
            message = _(
                "La revendication %(n)d ne peut renvoyer qu'à une revendication précédente."
            )
            errors.append(("refers_to", message % {"n": number}))
    for cited in cited_claims(text):
        if cited == refers_to:
            continue  # said already, if wrong
        if cited not in numbers:
            message = _(
                "La revendication %(n)d cite dans son texte la revendication %(ref)d, qui "
                "n'existe pas."
            )
        elif cited >= number:
            message = _(
                "La revendication %(n)d cite dans son texte la revendication %(ref)d : une "
                "revendication ne peut renvoyer qu'à une revendication précédente."
            )
        else:
            continue
        errors.append(("text", message % {"n": number, "ref": cited}))
    return errors


def claim_errors(claims):
    """[(number, refers_to) or (number, refers_to, text)] → translated messages for
    references (in the field or in the text) to a later, the same or a missing claim."""
    numbers = {claim[0] for claim in claims}
    messages = []
    for number, refers_to, *text in claims:
        errors = reference_errors(number, refers_to, text[0] if text else "", numbers)
        messages += [message for _field, message in errors]
    return messages


def shares_error(shares):
    if len(shares) < 2:
        return None
    if any(share is None for share in shares) or sum(shares) != 100:
        return _("Les parts des déposants doivent totaliser 100 %.")
    return None


def priority_errors(day, country, number):
    if day is None:
        if country.strip() or number.strip():
            return {"priority_date": [_("Indiquez la date de la demande antérieure.")]}
        return {}
    today = timezone.localdate()
    if day > today:
        return {"priority_date": [_("La date de priorité ne peut pas être dans le futur.")]}
    if day < months_before(today, PRIORITY_MONTHS):
        return {
            "priority_date": [
                _(
                    "La priorité ne peut être revendiquée que dans les douze mois suivant la demande antérieure."
                )
            ]
        }
    errors = {}
    if not country.strip():
        errors["priority_country"] = [_("Indiquez le pays de la demande antérieure.")]
    return errors


class PatentClaim(models.Model):
    """A numbered claim; a dependent claim refers to a claim with a lower number."""

    filing = models.ForeignKey(
        PatentFiling, on_delete=models.CASCADE, related_name="claims", verbose_name=_("demande")
    )
    number = models.PositiveSmallIntegerField(_("numéro"))
    text = models.TextField(_("revendication"), max_length=10_000, validators=paragraphs(10_000))
    refers_to = models.PositiveSmallIntegerField(
        _("selon la revendication n°"), null=True, blank=True
    )

    class Meta:
        ordering = ["number"]
        verbose_name = _("revendication")
        verbose_name_plural = _("revendications")
        constraints = [
            length_constraint("ip_filings_patentclaim_text_max_length", "text", 10_000),
            models.UniqueConstraint(fields=["filing", "number"], name="patent_claim_number_once"),
            models.CheckConstraint(
                condition=models.Q(refers_to__isnull=True)
                | models.Q(refers_to__lt=models.F("number")),
                name="patent_claim_refers_to_earlier",
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.text[:60]}"


class PatentInventor(models.Model):
    filing = models.ForeignKey(
        PatentFiling, on_delete=models.CASCADE, related_name="inventors", verbose_name=_("demande")
    )
    name = models.CharField(_("nom et prénom"), max_length=160, validators=LINE)
    address = models.CharField(_("adresse"), max_length=250, blank=True, validators=LINE)
    mention = models.BooleanField(_("souhaite être mentionné comme inventeur"), default=True)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("inventeur")
        verbose_name_plural = _("inventeurs")

    def __str__(self):
        return self.name


class PatentApplicant(models.Model):
    filing = models.ForeignKey(
        PatentFiling, on_delete=models.CASCADE, related_name="applicants", verbose_name=_("demande")
    )
    name = models.CharField(_("nom ou raison sociale"), max_length=160, validators=LINE)
    profile = models.CharField(
        _("type de déposant"),
        max_length=20,
        choices=ApplicantProfile.choices,
        default=ApplicantProfile.INDIVIDUAL,
    )
    share = models.DecimalField(
        _("part (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("déposant")
        verbose_name_plural = _("déposants")

    def __str__(self):
        return self.name
