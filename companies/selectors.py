"""Reads: the owner's dossiers, the register, and the name-availability verdict."""

import hashlib
from contextlib import suppress
from dataclasses import dataclass, field

from django.contrib.postgres.search import TrigramSimilarity
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from redis.exceptions import RedisError

from carres.formatting import format_date
from carres.kinds import Requirement
from carres.prepared import PreparedQuery
from companies.enums import CompanyStatus, Verdict
from companies.models import (
    PENDING_STATUSES,
    CompanyDossier,
    NameReservation,
    RegisteredCompany,
)
from companies.names import (
    distinctive_name,
    non_distinctive_reason,
    normalize_name,
    phonetic_key,
    spelled_name,
)

# pg_trgm similarity from which a registered name is shown as close.
SIMILARITY_THRESHOLD = 0.45
# The close names of a key are kept this long in the cache; any change to the register
# (see `register_changed`) makes every kept list stale at once.
SIMILAR_CACHE_SECONDS = 600
REGISTER_VERSION_KEY = "companies:register-version"


_OWN_DOSSIER = PreparedQuery(
    lambda *, pk, owner_id: CompanyDossier.objects.select_related(
        "owner", "legal_form", "head_office_city", "head_office_region"
    ).filter(pk=pk, owner_id=owner_id),
    pk=int,
    owner_id=int,
)


def get_company_dossier_for_owner(user, pk):
    """The user's own dossier; 404 for missing and for someone else's alike."""
    dossier = _OWN_DOSSIER.first(pk=pk, owner_id=user.pk)
    if dossier is None:
        raise Http404
    return dossier


def companies_owned_by(user):
    """Registered companies of `user`, usable as the applicant of a trademark or patent."""
    return RegisteredCompany.objects.filter(owner=user, status=CompanyStatus.REGISTERED).order_by(
        "name"
    )


@dataclass
class NameCheck:
    name: str
    key: str
    verdict: str
    explanation: str
    similar: list = field(default_factory=list)

    @property
    def verdict_label(self):
        return Verdict(self.verdict).label


def pending_dossiers_naming(keys, exclude_dossier=None):
    """Filed, undecided dossiers proposing `keys` (one key or several: any of them), by the
    partial index on their name keys."""
    keys = [keys] if isinstance(keys, str) else list(keys)
    pending = CompanyDossier.objects.filter(name_keys__overlap=keys, status__in=PENDING_STATUSES)
    if exclude_dossier is not None and exclude_dossier.pk:
        pending = pending.exclude(pk=exclude_dossier.pk)
    return pending


def _register_reason(company, name):
    """Why `name` is taken by `company`, a registered company with the same key."""
    if spelled_name(company.name) != spelled_name(name):
        return _(
            "Indisponible : « %(name)s » figure déjà au registre des entreprises ; "
            "« %(proposed)s » n'en diffère que par des terminaisons (pluriel, féminin), "
            "qui ne distinguent pas deux dénominations."
        ) % {"name": company.name, "proposed": name.strip()}
    return _(
        "Indisponible : « %(name)s » figure déjà au registre des entreprises ; "
        "les majuscules, accents, signes et mots comme SARL ou SA ne distinguent pas "
        "deux dénominations."
    ) % {"name": company.name}


def _taken(names_by_key, exclude_dossier):
    """{key: why it is taken} for the keys of `names_by_key` ({key: proposed name}) that are:
    the register first, then an active reservation, then a pending dossier.

    One query per source whatever the number of names: a dossier's three choices are
    checked together on each of its pages."""
    keys = list(names_by_key)
    companies = {}
    # In the register's order (by name), as `.first()` took them one key at a time.
    for company in (
        RegisteredCompany.objects.filter(normalized_name__in=keys)
        .exclude(status=CompanyStatus.STRUCK_OFF)
        .only("name", "normalized_name")
    ):
        companies.setdefault(company.normalized_name, company)
    reservations = NameReservation.objects.filter(
        normalized_name__in=keys, released_at__isnull=True, expires_at__gt=timezone.now()
    )
    if exclude_dossier is not None:
        reservations = reservations.exclude(dossier=exclude_dossier)
    reserved = {}
    for reservation in reservations.only("name", "expires_at", "normalized_name").order_by("pk"):
        reserved.setdefault(reservation.normalized_name, reservation)
    pending = pending_dossiers_naming(keys, exclude_dossier).values_list("name_keys", flat=True)
    pending_keys = {key for row in pending for key in row}
    reasons = {}
    for key, name in names_by_key.items():
        if key in companies:
            reasons[key] = _register_reason(companies[key], name)
        elif key in reserved:
            reasons[key] = _("Indisponible : « %(name)s » est réservée jusqu'au %(date)s.") % {
                "name": reserved[key].name,
                "date": format_date(reserved[key].expires_at),
            }
        elif key in pending_keys:
            reasons[key] = _(
                "Indisponible : un dossier déposé avant le vôtre propose déjà cette dénomination."
            )
    return reasons


def register_changed(**_signal):
    """Forget every cached list of close names (a company was added, changed or removed).

    Connected to RegisteredCompany's saves and deletions; bulk loads call it themselves.
    With Redis down, lists cached before are at most SIMILAR_CACHE_SECONDS old anyway."""
    with suppress(RedisError):
        try:
            cache.incr(REGISTER_VERSION_KEY)
        except ValueError:  # no version yet: nothing is cached under one either
            cache.set(REGISTER_VERSION_KEY, 1, None)


def similar_companies(name, limit=5):
    """Registered names close to `name` (trigram similarity or the same phonetic key), both
    measured on the distinctive part of the name: sharing "distribution" is not closeness.

    The `%` operator uses the GIN trigram index with pg_trgm's threshold (0.3 by default):
    it is raised to ours for this transaction only, so the index hands back only the
    candidates we would keep. Common words match thousands of the 500,000 registered
    names (30–60 ms), and a wizard checks the same three names on every step and on the
    review, so the answer is cached per (key, sound) and register version. Without Redis
    the check still answers, from the database."""
    key = distinctive_name(name)
    sound = phonetic_key(name)
    digest = hashlib.sha256(f"{key}\0{sound}\0{limit}".encode()).hexdigest()[:32]
    try:
        version = cache.get_or_set(REGISTER_VERSION_KEY, 1, None)
        cache_key = f"companies:similar:{version}:{digest}"
        rows = cache.get(cache_key)
    except RedisError:
        return _similar_companies(key, sound, limit)
    if rows is None:
        rows = _similar_companies(key, sound, limit)
        with suppress(RedisError):
            cache.set(cache_key, rows, SIMILAR_CACHE_SECONDS)
    return rows


def _similar_companies(key, sound, limit):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('pg_trgm.similarity_threshold', %s, true)",
            [str(SIMILARITY_THRESHOLD)],
        )
        rows = list(
            RegisteredCompany.objects.exclude(status=CompanyStatus.STRUCK_OFF)
            .filter(Q(distinctive_name__trigram_similar=key) | Q(phonetic_key=sound))
            .annotate(similarity=TrigramSimilarity("distinctive_name", key))
            .order_by("-similarity", "name")
            .values_list("name", flat=True)[:limit]
        )
    return rows


def _first_reason(name, key):
    """Why `name` is unavailable before any look-up (empty, not distinctive), or None."""
    if not key:
        return _("Indisponible : la dénomination est vide.")
    return non_distinctive_reason(name)


def _verdict(name, key, reason):
    """The NameCheck of a name: unavailable for `reason`, else risky or available after the
    close names in the register."""
    if reason:
        return NameCheck(name, key, Verdict.UNAVAILABLE, reason)
    similar = similar_companies(name)
    if similar:
        return NameCheck(
            name,
            key,
            Verdict.RISKY,
            _(
                "Risquée : aucune dénomination identique, mais des noms proches existent "
                "(orthographe ou prononciation) ; l'examinateur pourra la refuser s'ils "
                "prêtent à confusion."
            ),
            similar,
        )
    return NameCheck(
        name,
        key,
        Verdict.AVAILABLE,
        _("Disponible : aucune dénomination identique ou proche au registre ni en cours."),
    )


def check_name(name, *, exclude_dossier=None):
    """The verdict on one proposed name, with the reason in the active language."""
    key = normalize_name(name)
    reason = _first_reason(name, key)
    if reason is None:
        reason = _taken({key: name}, exclude_dossier).get(key)
    return _verdict(name, key, reason)


def _repeat_reason(names, index, key):
    """Why `names[index]` is unavailable as a repetition of an earlier choice (once
    normalised), naming the choice it repeats; or None."""
    earlier = [normalize_name(other) if other.strip() else "" for other in names[:index]]
    if key and key in earlier:
        return _(
            "Indisponible : c'est la même dénomination que votre choix n° %(number)d "
            "(une fois majuscules, accents, signes et terminaisons mis à part) ; "
            "proposez-en une autre."
        ) % {"number": earlier.index(key) + 1}
    return None


def check_choice(names, index, *, exclude_dossier=None):
    """The verdict on `names[index]` among the dossier's choices: a name repeating an earlier
    choice (once normalised) is unavailable, naming the choice it repeats."""
    name = names[index]
    key = normalize_name(name)
    reason = _repeat_reason(names, index, key)
    if reason:
        return NameCheck(name, key, Verdict.UNAVAILABLE, reason)
    return check_name(name, exclude_dossier=exclude_dossier)


def _choice_reasons(names, exclude_dossier):
    """[(name, key, why it is unavailable or None)] for the non-blank names, in order (see
    `check_choice`), the identity look-ups of all of them made together (`_taken`)."""
    rows = []
    for index, name in enumerate(names):
        if name.strip():
            key = normalize_name(name)
            rows.append((name, key, _repeat_reason(names, index, key) or _first_reason(name, key)))
    to_look_up = {key: name for name, key, reason in rows if reason is None}
    taken = _taken(to_look_up, exclude_dossier) if to_look_up else {}
    return [(name, key, reason or taken.get(key)) for name, key, reason in rows]


def check_names(names, *, exclude_dossier=None):
    """The verdicts on the non-blank names, in order (see `check_choice`): one each."""
    return [
        _verdict(name, key, reason) for name, key, reason in _choice_reasons(names, exclude_dossier)
    ]


NAME_FIELDS = ("name_1", "name_2", "name_3")


def dossier_name_checks(dossier):
    """{field: verdict} for the dossier's non-blank name fields (choice n° = field number)."""
    names = [getattr(dossier, name) for name in NAME_FIELDS]
    fields = [field for field, name in zip(NAME_FIELDS, names, strict=True) if name.strip()]
    return dict(zip(fields, check_names(names, exclude_dossier=dossier), strict=True))


def dossier_unavailable_names(dossier):
    """{field: why} for the dossier's names that keep it from being submitted: the verdicts'
    unavailable reasons without looking up the close names (they warn, never block)."""
    names = [getattr(dossier, name) for name in NAME_FIELDS]
    fields = [field for field, name in zip(NAME_FIELDS, names, strict=True) if name.strip()]
    rows = _choice_reasons(names, dossier)
    return {
        field: reason for field, (_name, _key, reason) in zip(fields, rows, strict=True) if reason
    }


def checklist_key(requirement, associate=None):
    """The key a file answering one checklist line carries (`Attachment.requirement`)."""
    return f"{requirement.code}:{associate.pk}" if associate is not None else requirement.code


def checklist_lines(dossier):
    """[(requirement, associate or None)] of the dossier's legal form, in checklist order."""
    if dossier.legal_form is None:
        return []
    associates = list(dossier.associates.all())
    return [
        (requirement, associate)
        for requirement in dossier.legal_form.required_documents.all()
        for associate in (associates if requirement.per_associate else [None])
    ]


def checklist_requirements(dossier):
    """The dossier kind's requirements (carres.kinds.Requirement): one per checklist line,
    named after the associate it is asked of."""
    return [
        Requirement(
            key=checklist_key(requirement, associate),
            label=f"{requirement.label} — {associate.full_name}"
            if associate
            else requirement.label,
        )
        for requirement, associate in checklist_lines(dossier)
    ]
