"""The one wizard engine every dossier kind uses: steps as data, one set of views.

A kind declares its wizard once (a `Wizard` in its views module, named by its
`carres.kinds.DossierKind`): its steps in order, each a `Step` (slug, title, form class,
template, the fields of the submission errors it answers for), the last one a
`ReviewStep`. The engine does the rest, the same way for every kind:

- finds the dossier for its owner (the kind's 404-for-others helper);
- refuses a dossier that is no longer editable (a message, back to the dossier page);
- shows a step with the steps indicator (carres/wizard/_progress.html);
- validates the posted form, then saves it through the kind's service inside one
  transaction that first locks the row for the edit (`carres.workflow.lock_for_edit`)
  as of the version the page was read at (a stale page is told so, nothing is saved);
- goes on: to the previous step ("previous"), back to the dossier ("quit", save and come
  back later), or to the next step;
- on the review step, lists what the kind's validation before submit refuses, each error
  with a link to its step, and submits through `carres.owner_actions.submit_response`.

Model: pretalx's CfP flow (`src/pretalx/cfp/flow.py`): a step knows its form and its template, the
flow knows the order. A step that is not one plain form (an upload list, a search) subclasses
`Step` and overrides `get` / `post`, still using the engine's rendering, saving and routing.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import lazy
from django.utils.translation import gettext as _

from carres.enums import DossierAction
from carres.formatting import format_amount
from carres.owner_actions import (
    attach_response,
    message_response,
    submit_response,
    withdraw_response,
)
from carres.prepared import prefetch
from carres.selectors import dossier_page_context
from carres.services import mark_notifications_read
from carres.workflow import TransitionError, lock_for_edit, posted_version


def progress(steps, current, *, url_for, reached=None):
    """The indicator's context: {"steps": [...], "number": n, "count": total}.

    steps: [(slug, label)] in order; current: the slug shown; url_for(slug): the step's
    address, or "" while there is no dossier yet; reached: the index of the furthest step
    the owner has reached (the steps after it are not links yet), None when every step
    may be opened. Each step: number, label, url ("" when not a link), current, done (before
    the furthest step reached, or before the current one when the wizard does not keep it)."""
    slugs = [slug for slug, _label in steps]
    last = len(steps) - 1 if reached is None else reached
    done_before = slugs.index(current) if reached is None else reached
    items = [
        {
            "number": index + 1,
            "label": label,
            "url": url_for(slug) if index <= last else "",
            "current": slug == current,
            "done": index < done_before and slug != current,
        }
        for index, (slug, label) in enumerate(steps)
    ]
    return {"steps": items, "number": slugs.index(current) + 1, "count": len(steps)}


class Step:
    """One page of a wizard: a form of the dossier, saved through the kind's service.

    form_class(data, files, instance=dossier, **form_kwargs) builds the form (a formset
    or a plain form: override `get_form`); `save(page, form)` stores it; `fields` are the
    names of the kind's submission errors this step answers for (its review links)."""

    def __init__(self, slug, title, form_class=None, *, fields=(), template=None, save=None):
        self.slug = slug
        self.title = title
        self.form_class = form_class
        self.fields = tuple(fields)
        self.template = template
        self._save = save

    def __repr__(self):
        return f"<{type(self).__name__} {self.slug}>"

    # --- the form ----------------------------------------------------------------------
    def form_kwargs(self, page):
        return {"instance": page.dossier}

    def get_form(self, page, data=None, files=None, initial=None):
        kwargs = self.form_kwargs(page)
        if initial is not None:
            kwargs["initial"] = initial
        return self.form_class(data, files, **kwargs)

    def is_valid(self, form):
        return form.is_valid()

    def save(self, page, form):
        """Store the valid `form` through the kind's service; return the dossier."""
        return self._save(page, form)

    def context(self, page, form):
        """More context for the step's template."""
        return {}

    # --- the request -------------------------------------------------------------------
    def get(self, page):
        return page.render(form=self.get_form(page))

    def post(self, page):
        request = page.request
        form = self.get_form(page, request.POST, request.FILES)
        if not self.is_valid(form):
            return page.invalid(form)
        try:
            dossier = page.save(lambda: self.save(page, form))
        except TransitionError as error:
            return page.refused(form, error)
        except ValidationError as error:
            form.add_error(None, error)
            return page.invalid(form)
        return self.saved(page, form, dossier)

    def saved(self, page, form, dossier):
        """The answer once `form` is stored: on to the step the owner asked for."""
        return page.go_on(dossier)


class ReviewStep(Step):
    """The last step: everything at once, what keeps it from being submitted, the submit."""

    def errors(self, page):
        """{field: [messages]}: the kind's validation before submit, as things stand."""
        return page.wizard.kind.submission_errors(page.dossier)

    def get(self, page):
        errors = self.errors(page) if page.dossier.is_editable else {}
        return page.render_review(errors)

    def post(self, page):
        response, errors = submit_response(page.request, page.dossier)
        return response or page.render_review(errors, status=page.wizard.invalid_status)


class Wizard:
    """A kind's wizard: its steps in order (the last a ReviewStep) and how they are reached.

    Subclass per kind and set: model (the dossier model), steps, get_for_owner(user, pk)
    (404 for anyone else), url names, templates, context_name (the template's name for
    the dossier besides `dossier`), and `create(request, form)` (the draft made by the
    first step). The class attributes below say where the kinds' wizards differ."""

    model = None
    steps = ()
    context_name = "dossier"
    # URL names: create, step (args pk, slug), and where the kind has them: review (its own
    # address, else a step's), transition (the owner's withdraw / submit), attach, message
    urls = {}
    detail_template = ""
    template = ""
    review_template = ""
    # an invalid post: answered with this status (the form shown again) and message, if any
    invalid_status = 200
    invalid_message = None
    # "Brouillon enregistré." once a step is saved and the owner goes on
    message_on_save = True
    # a refused save (the dossier moved, or is no longer editable): shown on the form, or
    # told on the dossier's page
    refused_on_form = True
    # an unknown step: 404, or the first step
    unknown_step_to_first = False
    # the review of a dossier no longer editable: shown (without the submit), or refused
    review_when_locked = False
    page_prefetch = ()  # what the dossier's page reads several times (carres.prepared.prefetch)

    def __init__(self):
        self.slugs = [step.slug for step in self.steps]
        self.by_slug = {step.slug: step for step in self.steps}
        self.review = self.steps[-1]
        self.field_step = {name: step.slug for step in self.steps for name in step.fields}

    @property
    def kind(self):
        from carres.kinds import kind_for

        return kind_for(self.model)

    def get_for_owner(self, user, pk):
        raise NotImplementedError

    def create(self, request, form):
        raise NotImplementedError

    # --- addresses ---------------------------------------------------------------------
    def step_url(self, dossier, slug):
        if slug == self.review.slug and "review" in self.urls:
            return reverse(self.urls["review"], args=[dossier.pk])
        return reverse(self.urls["step"], args=[dossier.pk, slug])

    def url(self, name, dossier):
        """The address `name` (transition, attach, message) of `dossier`, "" if it has none."""
        return reverse(self.urls[name], args=[dossier.pk]) if name in self.urls else ""

    def neighbour(self, slug, offset):
        index = self.slugs.index(slug) + offset
        return self.slugs[index] if 0 <= index < len(self.slugs) else None

    def reached(self, dossier):
        """The index of the furthest step reached (later steps are not links), or None."""
        return None

    def progress(self, dossier, current):
        return progress(
            [(step.slug, step.title) for step in self.steps],
            current,
            url_for=lambda slug: self.step_url(dossier, slug) if dossier else "",
            reached=self.reached(dossier),
        )

    def error_row(self, row):
        """One line of the review's `errors` from `row` ({slug, label, url, message})."""
        return row

    def step_of(self, field):
        """The step that shows the submission error of `field` (the first by default)."""
        return self.field_step.get(field, self.slugs[0])

    def resume_url(self, dossier):
        """Where the owner resumes: the first step still incomplete, else the review."""
        incomplete = {self.step_of(name) for name in self.kind.submission_errors(dossier)}
        slug = next((slug for slug in self.slugs if slug in incomplete), self.review.slug)
        return self.step_url(dossier, slug)

    # --- the views (wrap them in login_required in the kind's views module) -----------
    def page(self, request, dossier, slug):
        return Page(self, request, dossier, self.by_slug[slug])

    def create_view(self, request):
        """The first step before the dossier exists: saving it creates the draft."""
        page = self.page(request, None, self.slugs[0])
        step = page.step
        if request.method == "POST":
            form = step.get_form(page, request.POST, request.FILES)
            if step.is_valid(form):
                dossier = self.create(request, form)
                messages.success(request, _("Brouillon enregistré."))
                return redirect(self.created_url(request, dossier))
            return page.invalid(form)
        return page.render(form=step.get_form(page, initial=self.create_initial(request)))

    def created_url(self, request, dossier):
        """Where a new draft goes: its second step (a kind may carry on what a link said)."""
        return self.step_url(dossier, self.slugs[1])

    def create_initial(self, request):
        """The first step's initial values before the draft exists (e.g. from a link)."""
        return None

    def step_view(self, request, pk, step=None, slug=None):
        """A step of the owner's dossier (the URL names it `step` or `slug`)."""
        dossier = self.get_for_owner(request.user, pk)
        slug = step or slug
        if slug not in self.by_slug or (slug == self.review.slug and "review" in self.urls):
            if self.unknown_step_to_first:
                return redirect(self.step_url(dossier, self.slugs[0]))
            raise Http404
        return self.dispatch(request, dossier, slug)

    def review_view(self, request, pk):
        """The review step, where it has an address of its own."""
        return self.dispatch(request, self.get_for_owner(request.user, pk), self.review.slug)

    def dispatch(self, request, dossier, slug):
        """Step `slug` of `dossier` (found for its owner), if it may still be edited."""
        if not dossier.is_editable and not (slug == self.review.slug and self.review_when_locked):
            messages.error(request, _("Ce dossier ne peut plus être modifié."))
            return redirect(dossier)
        return self.run(request, dossier, slug)

    def run(self, request, dossier, slug):
        page = self.page(request, dossier, slug)
        return page.step.post(page) if request.method == "POST" else page.step.get(page)

    # --- the dossier's own page and the owner's actions on it --------------------------
    def detail_context(self, request, dossier):
        """More context for the kind's dossier page (extends carres/dossier/detail.html)."""
        return {}

    def detail_view(self, request, pk, *, message_form=None):
        dossier = self.get_for_owner(request.user, pk)
        prefetch(dossier, *self.page_prefetch)
        mark_notifications_read(dossier, request)
        context = {
            **dossier_page_context(dossier, request.user),
            "message_form": message_form or {},
            self.context_name: dossier,
            "resume_url": lazy(self.resume_url, str)(dossier) if dossier.is_editable else "",
            "sections": self.kind.pdf_sections(dossier),
            "withdraw_url": self.url("transition", dossier),
            "attach_url": self.url("attach", dossier),
            "message_url": self.url("message", dossier),
            **self.detail_context(request, dossier),
        }
        return render(request, self.detail_template, context, status=400 if message_form else 200)

    def transition_view(self, request, pk):
        """The owner's buttons on the dossier page (POST action): withdraw, or submit (the
        review's answer); any other action is refused."""
        dossier = self.get_for_owner(request.user, pk)
        action = request.POST.get("action", "")
        if action == DossierAction.WITHDRAW:
            return withdraw_response(request, dossier)
        if action in (DossierAction.SUBMIT, DossierAction.RESUBMIT):
            return self.run(request, dossier, self.review.slug)
        messages.error(request, str(TransitionError()))
        return redirect(dossier)

    def attach_view(self, request, pk):
        return attach_response(request, self.get_for_owner(request.user, pk))

    def message_view(self, request, pk):
        """A refused message: the dossier page again, its text kept, each error at its field."""
        response, message_form = message_response(request, self.get_for_owner(request.user, pk))
        return response or self.detail_view(request, pk, message_form=message_form)


class Page:
    """One request to one step of one dossier (None while the first step creates it)."""

    def __init__(self, wizard, request, dossier, step):
        self.wizard = wizard
        self.request = request
        self.dossier = dossier
        self.step = step

    @property
    def url(self):
        if self.dossier is None:
            return reverse(self.wizard.urls["create"])
        return self.wizard.step_url(self.dossier, self.step.slug)

    def url_of(self, slug):
        return self.wizard.step_url(self.dossier, slug)

    def context(self, **extra):
        wizard, step, dossier = self.wizard, self.step, self.dossier
        previous = wizard.neighbour(step.slug, -1)
        context = {
            "dossier": dossier,
            wizard.context_name: dossier,
            "step": step.slug,
            "step_label": step.title,
            "progress": wizard.progress(dossier, step.slug),
            "action": self.url,
            "previous": previous,
            "previous_url": self.url_of(previous) if dossier and previous else None,
            **extra,
        }
        context.update(step.context(self, context.get("form")))
        fee = context.get("fee")
        if fee is not None:
            context["fee_total"] = format_amount(fee.total, fee.currency)
        return context

    def render(self, *, status=200, template=None, **extra):
        return render(
            self.request,
            template or self.step.template or self.wizard.template,
            self.context(**extra),
            status=status,
        )

    def render_review(self, errors, *, status=200):
        """The review with `errors` ({field: [messages]}): `errors` one row per message
        (Wizard.error_row of {slug, label, url, message} of the step that shows it) and
        `error_steps` the same by step, in the wizard's order (only the fields a step
        answers for)."""
        wizard = self.wizard
        rows, by_step = [], {}
        for field, field_messages in errors.items():
            slug = wizard.step_of(field)
            step = wizard.by_slug[slug]
            for message in field_messages:
                row = {"slug": slug, "label": step.title, "url": self.url_of(slug)}
                rows.append(wizard.error_row({**row, "message": message}))
                if field in wizard.field_step:
                    by_step.setdefault(slug, []).append(message)
        error_steps = [
            {
                "slug": s.slug,
                "label": s.title,
                "url": self.url_of(s.slug),
                "errors": by_step[s.slug],
            }
            for s in wizard.steps
            if s.slug in by_step
        ]
        kind = wizard.kind
        return self.render(
            status=status,
            template=self.step.template or wizard.review_template,
            errors=rows,
            error_steps=error_steps,
            sections=kind.pdf_sections(self.dossier),
            fee=kind.fee(self.dossier) if kind.fee else None,
        )

    def save(self, store):
        """Run `store()` (the step's service call) with the row locked for the edit as of
        the version the page was read at: a page read before the dossier moved (submitted,
        changes asked for, or an edit its kind counts in `lock_version`) saves nothing and
        is told so. Returns what `store` returns."""
        with transaction.atomic():
            lock_for_edit(
                self.dossier,
                actor=self.request.user,
                expected_version=posted_version(self.request.POST),
            )
            return store()

    def invalid(self, form):
        if self.wizard.invalid_message:
            messages.error(self.request, self.wizard.invalid_message)
        return self.render(form=form, status=self.wizard.invalid_status)

    def refused(self, form, error):
        if self.wizard.refused_on_form:
            form.add_error(None, str(error))
            return self.render(form=form)
        messages.error(self.request, str(error))
        return redirect(self.dossier)

    def go_on(self, dossier=None):
        """After a save: the previous step, the dossier's page ("quit"), or the next step."""
        dossier = dossier or self.dossier
        post = self.request.POST
        if "previous" in post:
            return redirect(
                self.wizard.step_url(dossier, self.wizard.neighbour(self.step.slug, -1))
            )
        if self.wizard.message_on_save:
            messages.success(self.request, _("Brouillon enregistré."))
        if "quit" in post:
            return redirect(dossier)
        return redirect(self.wizard.step_url(dossier, self.wizard.neighbour(self.step.slug, 1)))
