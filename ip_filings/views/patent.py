"""The patent pre-filing wizard: one step per page, drafts, resume, review, submit."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from carres import wizard
from carres.selectors import current_attachments
from carres.services import attach_file
from carres.workflow import TransitionError
from companies.selectors import companies_owned_by
from ip_filings.enums import ApplicantProfile
from ip_filings.forms import patent as pf
from ip_filings.models import PatentFiling
from ip_filings.selectors.documents import DRAWINGS
from ip_filings.selectors.patent import filing_routing, get_patent_filing_for_owner
from ip_filings.services import patent as services


class PlainStep(wizard.Step):
    """Plain fields of the filing."""

    def get_form(self, page, data=None, files=None, initial=None):
        return self.form_class(data, instance=page.dossier, initial=initial)

    def save(self, page, form):
        return services.update_patent_filing(
            page.dossier, actor=page.request.user, data=form.cleaned_data
        )


def _rows(filing, slug):
    """The formset's rows as stored: claims, inventors or applicants."""
    if slug == "claims":
        return [{"text": c.text, "refers_to": c.refers_to} for c in filing.claims.all()]
    if slug == "inventors":
        return [
            {"name": i.name, "address": i.address, "mention": i.mention}
            for i in filing.inventors.all()
        ]
    return [
        {"name": a.name, "profile": a.profile, "share": a.share} for a in filing.applicants.all()
    ]


class RowsStep(wizard.Step):
    """A list of rows (claims, inventors, applicants) replaced as a whole by `replace`
    (the service, whose keyword for the rows is the step's slug)."""

    def __init__(self, slug, title, form_class, *, fields, replace):
        super().__init__(slug, title, form_class, fields=fields)
        self.replace = replace

    def get_form(self, page, data=None, files=None, initial=None):
        return self.form_class(data, prefix=self.slug, initial=_rows(page.dossier, self.slug))

    def save(self, page, form):
        return self.replace(page.dossier, actor=page.request.user, **{self.slug: form.rows()})

    def context(self, page, form):
        return {"is_formset": True}


class ApplicantsStep(RowsStep):
    def get_form(self, page, data=None, files=None, initial=None):
        request = page.request
        if data is None and request.GET.get("company"):
            # One of the user's registered companies, ready to save; another id is ignored.
            rows = _rows(page.dossier, "applicants")
            company = companies_owned_by(request.user).filter(pk=request.GET["company"]).first()
            if company is not None and company.name not in {row["name"] for row in rows}:
                rows.append(
                    {"name": company.name, "profile": ApplicantProfile.COMPANY, "share": None}
                )
            return pf.ApplicantFormSet(prefix="applicants", initial=rows)
        return super().get_form(page, data, files, initial)

    def context(self, page, form):
        return {"is_formset": True, "companies": list(companies_owned_by(page.request.user))}


class DrawingsStep(wizard.Step):
    """Drawings, optional: each one is added (and checked as a drawing) on its own."""

    def get_form(self, page, data=None, files=None, initial=None):
        return pf.DrawingForm(data, files)

    def save(self, page, form):
        attach_file(
            page.dossier,
            actor=page.request.user,
            upload=form.cleaned_data["file"],
            requirement=DRAWINGS,
        )
        return page.dossier

    def saved(self, page, form, dossier):
        messages.success(page.request, _("Dessin ajouté."))
        return redirect(page.url)

    def context(self, page, form):
        return {"drawings": current_attachments(page.dossier)}


class PatentReview(wizard.ReviewStep):
    """The review says which office will examine the application, and why, before submit
    (once submitted, the dossier page names the office it went to)."""

    def context(self, page, form):
        return {"routing": filing_routing(page.dossier) if page.dossier.is_editable else None}


class PatentWizard(wizard.Wizard):
    model = PatentFiling
    steps = (
        PlainStep(
            "request",
            gettext_lazy("Requête"),
            pf.RequestForm,
            fields=["kind", "invention_title", "technical_field"],
        ),
        PlainStep("abstract", gettext_lazy("Abrégé"), pf.AbstractForm, fields=["abstract"]),
        PlainStep(
            "description", gettext_lazy("Description"), pf.DescriptionForm, fields=["description"]
        ),
        RowsStep(
            "claims",
            gettext_lazy("Revendications"),
            pf.ClaimFormSet,
            fields=["claims"],
            replace=services.replace_claims,
        ),
        DrawingsStep("drawings", gettext_lazy("Dessins")),
        RowsStep(
            "inventors",
            gettext_lazy("Inventeurs"),
            pf.InventorFormSet,
            fields=["inventors"],
            replace=services.replace_inventors,
        ),
        ApplicantsStep(
            "applicants",
            gettext_lazy("Déposants"),
            pf.ApplicantFormSet,
            fields=["applicants"],
            replace=services.replace_applicants,
        ),
        PlainStep(
            "priority",
            gettext_lazy("Priorité"),
            pf.PriorityForm,
            fields=["priority_date", "priority_country"],
        ),
        PatentReview("review", gettext_lazy("Vérification")),
    )
    context_name = "filing"
    # Drawings are added in their step (each one checked as a drawing): no attach address.
    urls = {
        "create": "patents:patent_create",
        "step": "patents:patent_step",
        "review": "patents:patent_review",
        "transition": "patents:patent_transition",
        "message": "patents:patent_message",
    }
    template = "ip_filings/patent/wizard.html"
    review_template = "ip_filings/patent/review.html"
    detail_template = "ip_filings/patent/detail.html"
    page_prefetch = ("claims", "inventors", "applicants")
    invalid_status = 400
    invalid_message = gettext_lazy("Corrigez les champs signalés : rien n'a été perdu.")
    refused_on_form = False
    review_when_locked = True

    def get_for_owner(self, user, pk):
        return get_patent_filing_for_owner(user, pk)

    def error_row(self, row):
        return (row["slug"], row["message"])

    def create_initial(self, request):
        """A link may name the invention: ?title=&field= (and programme, profile)."""
        return {
            "invention_title": request.GET.get("title", "")[:250],
            "technical_field": request.GET.get("field", "")[:250],
        }

    def create(self, request, form):
        data = dict(form.cleaned_data)
        programme = request.POST.get("programme", "")[:40]
        # A hidden field copied from the link: anything unprintable (NUL) is not a code.
        data["programme"] = programme if programme.isprintable() else ""
        profile = request.POST.get("applicant_profile", "")
        data["applicant_profile"] = profile if profile in ApplicantProfile.values else ""
        return services.create_patent_filing(owner=request.user, data=data)


WIZARD = PatentWizard()
patent_create = login_required(WIZARD.create_view)
patent_step = login_required(WIZARD.step_view)
patent_review = login_required(WIZARD.review_view)


patent_detail = login_required(WIZARD.detail_view)
patent_transition = login_required(require_POST(WIZARD.transition_view))
patent_message = login_required(require_POST(WIZARD.message_view))


@login_required
@require_POST
def patent_drawing_remove(request, pk, attachment_id):
    filing = get_patent_filing_for_owner(request.user, pk)
    try:
        removed = services.remove_drawing(filing, actor=request.user, attachment_id=attachment_id)
    except TransitionError as error:
        messages.error(request, str(error))
        return redirect(filing)
    if not removed:
        raise Http404
    messages.success(request, _("Dessin retiré."))
    return redirect("patents:patent_step", filing.pk, "drawings")
