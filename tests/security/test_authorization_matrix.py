"""The authorization matrix: every URL of the project that names an object, tried by everybody.

`test_every_object_url_is_in_the_matrix` walks `django.urls.get_resolver()` (the language-prefixed
patterns, allauth, the back office and every ModelAdmin of the admin site) and fails for any
pattern that takes an argument but has no line here. Each line says whose object the URL is
built with and who may reach it; everybody else must be refused:

- refused means: a redirect to a login page (anonymous visitors; signed-in non-staff in the
  admin), else 404 — the same answer, byte for byte in status and target, as for an id that
  does not exist, so nobody learns which ids exist. 405 counts as refused only when it is
  also the answer for a missing id (a GET on a POST-only view). No 403: the admin answers 404
  for any object outside one's reach too (carres.admin_site), because Django's 403 for an
  existing object next to its redirect for a missing one tells staff which ids exist;
- the body never contains the victim's personal markers (tests/security/world.PERSONAL:
  names, e-mail, dossier titles, message text) nor a dossier reference;
- a refused POST changes nothing (the victim's rows are fingerprinted before and after).

The people tried, relative to the object (world.py builds them):
`anonymous`, `owner` (the victim, an entrepreneur), `intruder` (another entrepreneur),
`home_advisor` / `other_advisor` (an advisor of the object's chamber — the CCIS Souss-Massa when
the object has none — and one of another chamber), `home_examiner` / `other_examiner` (an
examiner of the dossier's office — OMPIC when the object has none — and one of the other
office), `superuser` (an administrator). Staff have TOTP, so the real gates are exercised.

Positive controls: each person in `allowed` must get the `ok` status (200 for a GET unless
said otherwise), so a matrix whose URLs point at nothing cannot pass.

How to add a line (one line per URL name; a list when several objects are worth trying):

    "app:name": Private("world_object"),                       # the owner only, GET 200
    "app:name": Private("company", allowed=("owner", "home_examiner"), step="names"),
    "app:name": Private("watch", ok={"POST": 302}),            # POST-only view
    "app:name": Public("session"),                             # anybody: no personal data shown
    "app:name": Token(right=lambda w: {...}, wrong=lambda w: {...}),  # a secret in the URL
    "app:name": NotAnObject("why the argument names no object"),

`Private`'s first argument names an object built in tests/security/world.py (add it there if
needed); its pk fills the pattern's `pk` / `object_id` / `id` argument, other keyword arguments
fill the others (a value, or a function of the world). A model registered in the admin needs
one line in ADMIN: its change, history, delete and redirect URLs are derived from it.

The kinds of line and the machinery that tries them live in tests/security/matrix.py.
"""

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.test import Client, override_settings

from tests.security.matrix import (
    MISSING_ID,
    Admin,
    NotAnObject,
    Private,
    Public,
    Token,
    check_private_line,
    check_public,
    check_token,
    patterns_with_arguments,
)
from tests.security.world import build_world


def _token(registration):
    from trainings.checkin import token_for

    return token_for(registration)


def _reset_kwargs(user, key):
    from allauth.account.utils import user_pk_to_url_str

    return {"uidb36": user_pk_to_url_str(user), "key": key}


def _confirmation_key(w):
    from allauth.account.models import EmailConfirmationHMAC

    return EmailConfirmationHMAC(w.email_address).key


POSTED = {"GET": 200, "POST": (200, 302, 400)}  # the owner's POST is handled, whatever it says
POST_ONLY = {"POST": (200, 302, 400)}

MATRIX = {
    # --- carres: downloads, public verification, the examiners' workspace ---------------
    "document_download": Private("document", allowed=("owner", "home_examiner")),
    "attachment_download": [
        Private("attachment", allowed=("owner", "home_examiner")),
        # A draft's files stay private even to its office's examiners.
        Private("draft_attachment"),
    ],
    "attachment_delete": [
        Private("draft_attachment", ok=POST_ONLY),
        # A submitted dossier's file: nobody deletes it, its owner neither.
        Private("attachment", allowed=()),
    ],
    "verify_dossier": Token(
        right=lambda w: {"reference": w.company.reference, "code": w.company.verification_code},
        wrong=lambda w: {"reference": w.company.reference, "code": "not-the-code"},
    ),
    "backoffice:dossier": [
        Private("company", allowed=("home_examiner", "superuser"), prefix="CO"),
        Private("trademark", allowed=("home_examiner", "superuser"), prefix="TM"),
        Private("patent", allowed=("home_examiner", "superuser"), prefix="PT"),
        # Drafts are nobody's business but the owner's, who does not use the back office.
        Private("company_draft", allowed=(), prefix="CO"),
    ],
    "backoffice:dossier_post": [
        Private("company", ("home_examiner", "superuser"), POST_ONLY, prefix="CO", what="note"),
        Private("patent", ("home_examiner", "superuser"), POST_ONLY, prefix="PT", what="claim"),
        Private("patent", ("home_examiner", "superuser"), POST_ONLY, prefix="PT", what="take"),
        Private("company", ("home_examiner", "superuser"), POST_ONLY, prefix="CO", what="assign"),
        Private(
            "trademark", ("home_examiner", "superuser"), POST_ONLY, prefix="TM", what="message"
        ),
    ],
    # Only the colleague asked answers (not the asker, not an administrator).
    "backoffice:opinion_answer": Private("opinion_request", ("home_examiner",), {"POST": 302}),
    # --- companies ------------------------------------------------------------------------
    "companies:detail": Private("company"),
    "companies:edit": Private("company_draft", ok={"GET": 302}),
    "companies:step": [
        Private("company_draft", ok=POSTED, step="names"),
        Private("company_draft", ok=POSTED, step="associates"),
        Private("company_draft", ok=POSTED, step="documents"),
        Private("company_draft", ok=POSTED, step="review"),
    ],
    "companies:check_name": Private("company_draft", field="name_1", name_1="Zorglub"),
    "companies:certificate": Private("company"),
    "companies:transition": Private("company_draft", ok=POST_ONLY),
    "companies:attach": Private("company_draft", ok=POST_ONLY),
    "companies:message": Private("company", ok=POST_ONLY),
    # --- trademarks -----------------------------------------------------------------------
    "ip_filings:trademark_detail": Private("trademark"),
    "ip_filings:trademark_step": [
        Private("trademark_draft", ok=POSTED, step="mark"),
        Private("trademark_draft", ok=POSTED, step="classes"),
        Private("trademark_draft", ok=POSTED, step="search"),
        Private("trademark_draft", ok=POSTED, step="applicant"),
    ],
    "ip_filings:trademark_review": Private("trademark_draft", ok=POSTED),
    "ip_filings:trademark_withdraw": Private("trademark_draft", ok=POST_ONLY),
    "ip_filings:trademark_attach": Private("trademark", ok=POST_ONLY),
    "ip_filings:trademark_message": Private("trademark", ok=POST_ONLY),
    "ip_filings:trademark_logo": Private("trademark", allowed=("owner", "home_examiner")),
    "ip_filings:trademark_watch_delete": Private("watch", ok=POST_ONLY),
    # --- patents --------------------------------------------------------------------------
    "patents:patent_detail": Private("patent"),
    "patents:patent_step": [
        Private("patent_draft", ok=POSTED, slug="request"),
        Private("patent_draft", ok=POSTED, slug="claims"),
        Private("patent_draft", ok=POSTED, slug="applicants"),
    ],
    "patents:patent_review": Private("patent_draft", ok=POSTED),
    "patents:patent_transition": Private("patent_draft", ok=POST_ONLY),
    "patents:patent_message": Private("patent", ok=POST_ONLY),
    "patents:patent_drawing_remove": [
        Private("patent_draft", ok=POST_ONLY, attachment_id=lambda w: w.patent_drawing.pk),
        # The intruder's own draft with the victim's drawing: the drawing is not theirs.
        Private(
            "patent_draft",
            allowed=(),
            pk=lambda w: w.intruder_patent_draft.pk,
            attachment_id=lambda w: w.patent_drawing.pk,
        ),
    ],
    # --- chambers -------------------------------------------------------------------------
    "chambers:region": Public("region"),
    "chambers:request_detail": Private("support_request"),
    "chambers:request_message": Private("support_request", ok=POST_ONLY),
    "chambers:request_feedback": Private("support_request", ok=POST_ONLY),
    # --- trainings ------------------------------------------------------------------------
    "trainings:session": Public("session"),
    "trainings:session_ics": Public("session"),
    "trainings:sign_up": Public("upcoming_session", ok={"POST": 302}, login=True),
    "trainings:region_ics": Public("region"),
    "trainings:caravan": Public("caravan"),
    "trainings:cancel": Private("registration", ok=POST_ONLY),
    # The holder, and the staff who run the session (issue 19: the version in their language).
    "trainings:certificate": Private("registration", ("owner", "home_advisor", "superuser")),
    "trainings:feedback": Private("registration", ok=POSTED),
    "trainings:verify": Token(
        right=lambda w: {"code": w.registration.certificate_code},
        wrong=lambda w: {"code": "not-a-certificate"},
    ),
    # --- allauth: secrets sent by e-mail ------------------------------------------------
    # The right key shows the address it confirms to whoever holds it (it came by e-mail).
    "account_confirm_email": Token(
        wrong=lambda w: {"key": _confirmation_key(w)[:-4] + "AAAA"}, wrong_status=200
    ),
    # The victim's user id with a made-up key: "bad token", nothing about the account.
    "account_reset_password_from_key": Token(
        wrong=lambda w: _reset_kwargs(w.user, "set-password-bad-key"), wrong_status=200
    ),
    # --- the admin's own object URLs (the per-model ones come from ADMIN) -----------------
    "admin:chambers_supportrequest_act": Private(
        "support_request", ("home_advisor", "superuser"), {"POST": (200, 302)}, action="note"
    ),
    "admin:trainings_trainingsession_attendance": Private(
        "session", allowed=("home_advisor", "superuser")
    ),
    "admin:trainings_trainingsession_sign_in_sheet": Private(
        "session", allowed=("home_advisor", "superuser")
    ),
    "admin:trainings_registration_check_in": Private(
        "registration",
        allowed=("home_advisor", "superuser"),
        missing=lambda w: {"token": _token(type(w.registration)(pk=MISSING_ID))},
        token=lambda w: _token(w.registration),
    ),
    "admin:auth_user_password_change": Private("user", allowed=("superuser",)),
    "admin:view_on_site": [
        Private(
            "company",
            allowed=("home_examiner", "superuser"),
            ok={"GET": 302},
            content_type_id=lambda w: ContentType.objects.get_for_model(w.company).pk,
        ),
        Private(
            "support_request",
            allowed=("home_advisor", "superuser"),
            ok={"GET": 302},
            content_type_id=lambda w: ContentType.objects.get_for_model(w.support_request).pk,
        ),
    ],
    "admin:app_list": NotAnObject("an app label, not an object"),
    # --- open data: the same public files for everybody, by data set code and year ------
    "open_data_csv": NotAnObject("a public data set's code: the same file for everybody"),
    "open_data_json": NotAnObject("a public data set's code: the same file for everybody"),
    "open_data_csv_year": NotAnObject("a public data set's code and a year"),
    "open_data_json_year": NotAnObject("a public data set's code and a year"),
    "admin/(?P<url>.*)$": NotAnObject("the admin's catch-all: 404 or login for any path"),
}

# Every model registered in the admin: (world object, who may open it besides administrators).
ADMIN = {
    "account.emailaddress": Admin("email_address"),
    "accounts.identitydocumentdownload": Admin("identity_download"),  # the log: administrators
    "accounts.user": Admin("user"),
    "auth.group": Admin("group"),
    "carres.officereviewtarget": Admin("office_review_target"),
    "carres.routingrule": Admin("routing_rule"),
    "chambers.advisor": Admin("advisor", ("superuser", "home_advisor")),  # its chamber's manager
    "chambers.chamber": Admin("souss", ("superuser", "home_advisor")),
    # An advisor reads the towns and venues of their chamber's regions (a session's place).
    "chambers.city": Admin("city", ("superuser", "home_advisor")),
    "chambers.partner": Admin("partner"),
    "chambers.province": Admin("province"),
    "chambers.region": Admin("region"),
    "chambers.routingrule": Admin("chamber_routing_rule"),
    "chambers.supportrequest": Admin("support_request", ("superuser", "home_advisor")),
    "chambers.venue": Admin("venue", ("superuser", "home_advisor")),
    "companies.activitycode": Admin("activity_code"),
    "companies.companydossier": Admin("company", ("superuser", "home_examiner")),
    "companies.legalform": Admin("legal_form"),
    "companies.registeredcompany": Admin("registered_company", ("superuser", "home_examiner")),
    "ip_filings.diagnosticchoice": Admin("diagnostic_choice"),
    "ip_filings.diagnosticquestion": Admin("diagnostic_question"),
    "ip_filings.genericword": Admin("generic_word"),
    "ip_filings.niceclass": Admin("nice_class"),
    "ip_filings.niceterm": Admin("nice_term"),
    "ip_filings.patentfiling": Admin("patent", ("superuser", "home_examiner")),
    "ip_filings.patentkind": Admin("patent_kind"),
    "ip_filings.recommendation": Admin("recommendation"),
    "ip_filings.registeredmark": Admin("registered_mark"),
    "ip_filings.tariff": Admin("tariff"),
    "ip_filings.trademarkfiling": Admin("trademark", ("superuser", "home_examiner")),
    "mfa.authenticator": Admin("authenticator"),
    "trainings.caravan": Admin("caravan"),
    "trainings.feedback": Admin("feedback", ("superuser", "home_advisor")),
    "trainings.registration": Admin("registration", ("superuser", "home_advisor")),
    # The trainings catalogue is public; every advisor reads it to schedule sessions.
    "trainings.training": Admin("training", ("superuser", "home_advisor", "other_advisor")),
    "trainings.trainingsession": Admin("session", ("superuser", "home_advisor")),
}


def admin_lines():
    """The matrix lines derived from ADMIN, keyed like the URL patterns; unknown models raise."""
    lines, unmapped = {}, []
    for model in admin.site._registry:
        label = model._meta.label_lower
        entry = ADMIN.get(label)
        if entry is None:
            unmapped.append(label)
            continue
        info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        route = f"admin/{model._meta.app_label}/{model._meta.model_name}/<path:object_id>/"
        lines[f"{info}_change"] = Private(entry.target, entry.allowed)
        # The history page answers any method alike.
        lines[f"{info}_history"] = Private(entry.target, entry.allowed, methods=("GET",))
        # Nobody deletes a dossier, even an administrator: the delete page answers 403 to
        # those who may see the object (not 404: they know it exists).
        lines[f"{info}_delete"] = Private(entry.target, entry.allowed, {"GET": (200, 403)})
        # Django's redirect from "<id>/" to "<id>/change/" looks nothing up: everybody gets it.
        lines[route] = Private(entry.target, entry.allowed, {"GET": 302}, methods=("GET",))
    return lines, unmapped


def all_lines():
    lines, unmapped = admin_lines()
    return {**lines, **MATRIX}, unmapped


def matrix_problems():
    """What is wrong with the matrix against the current URL configuration, in words."""
    lines, unmapped_models = all_lines()
    patterns = patterns_with_arguments()
    missing = sorted(set(patterns) - set(lines))
    stale = sorted(set(lines) - set(patterns))
    problems = []
    if unmapped_models:
        problems.append(
            "models registered in the admin without a line in ADMIN "
            f"(tests/security/test_authorization_matrix.py): {unmapped_models}"
        )
    if missing:
        problems.append(
            "URL patterns taking an argument without a line in MATRIX "
            "(tests/security/test_authorization_matrix.py: say whose object to build and who "
            "may see it, see the module docstring): "
            + ", ".join(f"{key} ({patterns[key].route})" for key in missing)
        )
    if stale:
        problems.append(f"lines in MATRIX for URL patterns that no longer exist: {stale}")
    return problems


def test_every_object_url_is_in_the_matrix():
    problems = matrix_problems()
    assert not problems, "\n".join(problems)


@override_settings(ROOT_URLCONF="tests.security.urls_with_a_new_object_url")
def test_a_new_object_url_without_a_line_fails_the_matrix():
    assert matrix_problems() == [
        "URL patterns taking an argument without a line in MATRIX "
        "(tests/security/test_authorization_matrix.py: say whose object to build and who "
        "may see it, see the module docstring): "
        "companies:brand_new (companies/<int:pk>/brand-new/)"
    ]


# --- the world and its people -----------------------------------------------------------------
@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built once for the module inside a transaction rolled back at the end; each test runs in
    a savepoint of its own (pytest-django's `db`), so a POST that got through is undone too."""
    media = tmp_path_factory.mktemp("media")
    storages = {
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": media},
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with (
        django_db_blocker.unblock(),
        override_settings(
            STORAGES=storages,
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        ),
    ):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            world = build_world()
            # One signed-in client per person for the whole module (a login per request would
            # also touch the users' rows, which the POST fingerprint watches).
            world.clients = {None: Client()}
            for user in world.people.values():
                world.clients[user.pk] = Client()
                world.clients[user.pk].force_login(user)
            yield world
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _line_ids():
    lines, _unmapped = all_lines()
    ids = []
    for key, value in sorted(lines.items()):
        for index, line in enumerate(value if isinstance(value, list) else [value]):
            if not isinstance(line, NotAnObject):
                ids.append(pytest.param(key, index, id=f"{key}[{index}]"))
    return ids


@pytest.mark.django_db
@pytest.mark.parametrize(("key", "index"), _line_ids())
def test_object_url_refuses_everybody_but_its_people(world, key, index):
    lines, _unmapped = all_lines()
    pattern = patterns_with_arguments().get(key)
    if pattern is None:
        pytest.fail(f"{key} is in the matrix but not in the URLs (see the mapping test)")
    value = lines[key]
    line = (value if isinstance(value, list) else [value])[index]
    failures = []
    if isinstance(line, Private):
        check_private_line(world, pattern, line, failures)
    elif isinstance(line, Public):
        check_public(world, pattern, line, failures)
    elif isinstance(line, Token):
        check_token(world, pattern, line, failures)
    assert not failures, "\n".join(failures)
