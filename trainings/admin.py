"""The trainings back office: advisors see and run only their own chamber's sessions."""

import csv

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from modeltranslation.admin import TranslationAdmin

from carres.admin_permissions import (
    AdministratorsChange,
    AdministratorsOnly,
    is_active_administrator,
)
from carres.formatting import format_date, format_number
from carres.pdf import render_pdf
from trainings import certificates, checkin, rules, selectors, services
from trainings.enums import SEAT_HOLDING, Theme
from trainings.forms import AttendanceByEmailForm
from trainings.models import Caravan, Feedback, Registration, Training, TrainingSession


@admin.register(Training)
class TrainingAdmin(AdministratorsChange, TranslationAdmin):
    list_display = ["title", "theme", "audience", "language", "duration_hours"]
    list_filter = ["theme", "audience", "language"]
    search_fields = ["title_fr", "title_ar", "title_en"]

    def has_module_permission(self, request):
        return rules.can_manage_sessions(request.user)

    def has_view_permission(self, request, obj=None):
        # Advisors read the catalogue of trainings to schedule sessions of them.
        return rules.can_manage_sessions(request.user)


@admin.register(Caravan)
class CaravanAdmin(AdministratorsOnly, TranslationAdmin):
    list_display = ["name"]


class SessionForm(forms.ModelForm):
    online_url = forms.URLField(
        label=gettext_lazy("lien de la session en ligne"), required=False, assume_scheme="https"
    )

    class Meta:
        model = TrainingSession
        fields = [
            "training",
            "caravan",
            "chamber",
            "starts_at",
            "ends_at",
            "signup_deadline",
            "venue",
            "online_url",
            "city",
            "region",
            "capacity",
        ]

    def clean_capacity(self):
        capacity = self.cleaned_data["capacity"]
        if self.instance.pk:
            taken = self.instance.registrations.filter(status__in=SEAT_HOLDING).count()
            if capacity < taken:
                raise ValidationError(
                    _(
                        "Impossible de descendre sous les %(taken)s places déjà confirmées : "
                        "annulez d'abord des inscriptions."
                    )
                    % {"taken": taken}
                )
        return capacity


class RegistrationInline(admin.TabularInline):
    model = Registration
    fields = ["user", "status", "queued_at", "attended_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return rules.can_manage_sessions(request.user)


@admin.register(TrainingSession)
class TrainingSessionAdmin(admin.ModelAdmin):
    form = SessionForm
    list_display = [
        "training",
        "starts_at",
        "city",
        "region",
        "chamber",
        "capacity",
        "seats_taken_display",
        "waitlist_display",
        "status",
    ]
    list_filter = ["status", "region", "training__theme"]
    list_select_related = ["training", "city", "region", "chamber"]
    date_hierarchy = "starts_at"
    # Picked from the lists of the advisor's chamber (chambers.admin.ChamberScopedLookup).
    autocomplete_fields = ["venue", "city"]
    inlines = [RegistrationInline]
    actions = ["cancel_sessions"]
    change_form_template = "admin/trainings/trainingsession/change_form.html"
    change_list_template = "admin/trainings/trainingsession/change_list.html"

    def get_queryset(self, request):
        return selectors.sessions_with_counts(
            selectors.sessions_managed_by(request.user).select_related(
                "training", "city", "region", "chamber"
            )
        )

    @admin.display(description=gettext_lazy("places prises"), ordering="seats_taken")
    def seats_taken_display(self, obj):
        return f"{obj.seats_taken} / {obj.capacity}"

    @admin.display(description=gettext_lazy("liste d'attente"), ordering="waitlisted")
    def waitlist_display(self, obj):
        return obj.waitlisted

    def has_module_permission(self, request):
        return rules.can_manage_sessions(request.user)

    def has_view_permission(self, request, obj=None):
        if obj is None:
            return rules.can_manage_sessions(request.user)
        return rules.can_manage_session(request.user, obj)

    has_change_permission = has_view_permission

    def has_add_permission(self, request):
        return rules.can_manage_sessions(request.user)

    def has_delete_permission(self, request, obj=None):
        return is_active_administrator(request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "chamber" and not request.user.is_administrator:
            from chambers.models import Chamber

            kwargs["queryset"] = Chamber.objects.filter(
                pk__in=rules.advisor_chamber_ids(request.user)
            )
        if db_field.name in ("venue", "city"):
            # What the form accepts is what the autocomplete offers: the same scoped list.
            related_admin = self.admin_site._registry[db_field.related_model]
            kwargs["queryset"] = related_admin.get_queryset(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if change and "capacity" in form.changed_data:
            capacity = obj.capacity
            obj.capacity = form.initial["capacity"]
            obj.save()
            # The service re-counts under the session lock: a sign-up that arrived
            # since the form was checked cannot be pushed out.
            services.change_session_capacity(obj, capacity=capacity, actor=request.user)
            obj.refresh_from_db()
        else:
            obj.save()

    @admin.action(
        description=gettext_lazy("Annuler les sessions sélectionnées (les inscrits sont prévenus)")
    )
    def cancel_sessions(self, request, queryset):
        for session in queryset:
            services.cancel_session(session, actor=request.user)
        self.message_user(request, _("%(n)s session(s) annulée(s).") % {"n": queryset.count()})

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "report/",
                self.admin_site.admin_view(self.report_view),
                name="{}_{}_report".format(*info),
            ),
            path(
                "<int:pk>/sign-in-sheet/",
                self.admin_site.admin_view(self.sign_in_sheet_view),
                name="{}_{}_sign_in_sheet".format(*info),
            ),
            path(
                "<int:pk>/attendance/",
                self.admin_site.admin_view(self.attendance_view),
                name="{}_{}_attendance".format(*info),
            ),
            *super().get_urls(),
        ]

    def sign_in_sheet_view(self, request, pk):
        """The printable sign-in sheet: the people holding a seat, a column to sign; in the
        language of the page (the advisor's), Arabic right to left."""
        session = get_object_or_404(self.get_queryset(request), pk=pk)
        language = translation.get_language()
        pdf = render_pdf(
            "trainings/sign_in_sheet.html",
            {
                "session": session,
                "registrations": session.registrations.filter(status__in=SEAT_HOLDING)
                .select_related("user")
                .order_by("user__last_name", "user__first_name", "pk"),
                "printed_at": timezone.now(),
            },
            language=language,
        )
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = (
            f'inline; filename="sign-in-sheet-{session.pk}-{language}.pdf"'
        )
        return response

    def attendance_view(self, request, pk):
        """Mark a participant present by e-mail (e.g. read from their confirmation)."""
        session = get_object_or_404(self.get_queryset(request), pk=pk)
        form = AttendanceByEmailForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                registration = services.mark_attendance_by_email(
                    session, email=form.cleaned_data["email"], actor=request.user
                )
            except ValidationError as error:
                form.add_error("email", error)
            else:
                self.message_user(
                    request, _("Présence notée pour %(person)s.") % {"person": registration.user}
                )
                return redirect(request.path)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "session": session,
            "form": form,
            "registrations": session.registrations.select_related("user").order_by(
                "status", "queued_at"
            ),
            "title": _("Présences — %(session)s") % {"session": session},
        }
        return TemplateResponse(request, "admin/trainings/attendance.html", context)

    def report_view(self, request):
        if not rules.can_manage_sessions(request.user):
            raise PermissionDenied
        by = request.GET.get("by", "region")
        if by not in ("region", "theme", "month"):
            by = "region"
        rows = list(selectors.report_rows(request.user, by=by))
        themes = dict(Theme.choices)
        for row in rows:
            if by == "theme":
                row["label"] = themes.get(row["key"], row["key"])
            elif by == "month":
                row["label"] = format_date(row["key"], "YEAR_MONTH_FORMAT")
            else:
                row["label"] = row["key"] or ""
        if request.GET.get("format") == "csv":
            response = HttpResponse(content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="trainings-{by}.csv"'
            writer = csv.writer(response)
            # Read by people in a spreadsheet: headers and numbers in their language
            # (docs/exports.md).
            writer.writerow(
                [
                    {"region": _("Région"), "theme": _("Thème"), "month": _("Mois")}[by],
                    _("Inscriptions"),
                    _("Liste d'attente"),
                    _("Places (sessions passées)"),
                    _("Présents"),
                    _("Taux de présence (%)"),
                    _("Satisfaction moyenne"),
                ]
            )
            for row in rows:
                writer.writerow(
                    [
                        row["label"],
                        row["signups"],
                        row["waitlisted"],
                        row["held"],
                        row["attended"],
                        "" if row["attendance_rate"] is None else row["attendance_rate"],
                        format_number(row["rating"], 2),
                    ]
                )
            return response
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "rows": rows,
            "by": by,
            "by_training": selectors.average_ratings(request.user, by="training"),
            "by_venue": selectors.average_ratings(request.user, by="venue"),
            "title": _("Rapport des formations"),
        }
        return TemplateResponse(request, "admin/trainings/report.html", context)


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["user", "session", "status", "queued_at", "attended_at", "reminder_sent_at"]
    list_filter = ["status", "session__region"]
    list_select_related = ["user", "session__training"]
    search_fields = ["user__email", "user__last_name"]
    readonly_fields = [
        "session",
        "user",
        "status",
        "queued_at",
        "cancelled_at",
        "attended_at",
        "attendance_marked_by",
        "reminder_sent_at",
        "certificate_code",
        "certificate_links",
    ]
    actions = ["mark_present", "mark_absent"]

    @admin.display(description=gettext_lazy("Attestation de présence"))
    def certificate_links(self, obj):
        return certificates.certificate_links(obj)

    def get_queryset(self, request):
        return selectors.registrations_managed_by(request.user).select_related(
            "user", "session__training"
        )

    def has_module_permission(self, request):
        return rules.can_manage_sessions(request.user)

    def has_view_permission(self, request, obj=None):
        if obj is None:
            return rules.can_manage_sessions(request.user)
        return rules.can_manage_session(request.user, obj.session)

    def has_add_permission(self, request):
        return False  # people sign themselves up; the back office never invents a registration

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def _mark(self, request, queryset, present):
        done = 0
        for registration in queryset:
            try:
                services.mark_attendance(registration, present=present, actor=request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(request, _("%(n)s présence(s) mise(s) à jour.") % {"n": done})

    def get_urls(self):
        return [
            path(
                "check-in/<str:token>/",
                self.admin_site.admin_view(self.check_in_view),
                name="trainings_registration_check_in",
            ),
            *super().get_urls(),
        ]

    def check_in_view(self, request, token):
        """Where the QR code of a participant's confirmation leads: confirm, then mark present."""
        pk = checkin.registration_id(token)
        if pk is None:
            raise Http404
        registration = get_object_or_404(self.get_queryset(request), pk=pk)
        if request.method == "POST":
            try:
                services.mark_attendance(registration, present=True, actor=request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                self.message_user(
                    request, _("Présence notée pour %(person)s.") % {"person": registration.user}
                )
            return redirect("admin:trainings_trainingsession_attendance", registration.session_id)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "registration": registration,
            "title": _("Accueil d'un participant"),
        }
        return TemplateResponse(request, "admin/trainings/check_in.html", context)

    @admin.action(description=gettext_lazy("Marquer présent"))
    def mark_present(self, request, queryset):
        self._mark(request, queryset, True)

    @admin.action(description=gettext_lazy("Marquer absent"))
    def mark_absent(self, request, queryset):
        self._mark(request, queryset, False)


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["registration", "rating", "created_at"]
    list_filter = ["rating"]
    readonly_fields = ["registration", "rating", "comment", "created_at"]

    def get_queryset(self, request):
        return Feedback.objects.filter(
            registration__in=selectors.registrations_managed_by(request.user)
        ).select_related("registration__user", "registration__session__training")

    def has_module_permission(self, request):
        return rules.can_manage_sessions(request.user)

    def has_view_permission(self, request, obj=None):
        if obj is None:
            return rules.can_manage_sessions(request.user)
        return rules.can_manage_session(request.user, obj.registration.session)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
