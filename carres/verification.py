"""The public verification page's checks: each kind of document that carries a verification
code registers, in its app's ready(), a function that finds it
(`verifiers.register(label, function)`, a carres.registry.Registry).

A verifier takes the reference and the code typed on `/<lang>/verify/` (or read from a QR
code) and answers None when they name nothing of its kind, else a `Verified`: the template
that shows the result and its context. The page asks each verifier in turn; it knows none of
them, so the shared part imports no feature app.
"""

from dataclasses import dataclass, field

from carres.registry import Registry

# Each app's verifier, one per app (carres: dossiers; trainings: certificates).
verifiers = Registry("verifier")


@dataclass(frozen=True)
class Verified:
    template: str
    context: dict = field(default_factory=dict)


def verify(reference, code):
    """The first verifier's answer for `reference` and `code`, or None."""
    if "\x00" in reference or "\x00" in code:  # PostgreSQL refuses NUL in text: no such code
        return None
    for verifier in verifiers:
        found = verifier(reference, code)
        if found is not None:
            return found
    return None


def masked_name(first_name, last_name):
    """A holder's name as a verification page may show it: "Salma Bennani" → "S. B***".

    Enough to tell a document shown by its holder from someone else's, not enough to
    learn who holds a document found by guessing."""
    first, last = (first_name or "").strip(), (last_name or "").strip()
    initials = [part[0].upper() + "." for part in [first] if part]
    if last:
        initials.append(last[0].upper() + "***")
    return " ".join(initials)


def verify_dossier(reference, code):
    """Dossiers (every kind): their reference and verification code both match."""
    from carres.selectors import find_dossier_for_verification

    dossier = find_dossier_for_verification(reference, code)
    if dossier is None:
        return None
    return Verified("carres/verify/_dossier.html", {"dossier": dossier})
