"""Who may act on a dossier. Plain functions: the object is already loaded."""


def is_owner(user, dossier):
    return user.is_authenticated and dossier.owner_id == user.pk


def is_office_examiner(user, dossier):
    """An examiner of the office the dossier is routed to (OMPIC or INPI)."""
    return user.is_authenticated and user.is_examiner and user.office == dossier.office


def can_view_dossier(user, dossier):
    """The owner always; examiners of its office once it was submitted (drafts stay private)."""
    return is_owner(user, dossier) or (
        is_office_examiner(user, dossier) and dossier.reference is not None
    )


def is_examiner_in_charge(user, dossier):
    return is_office_examiner(user, dossier) and dossier.assigned_examiner_id == user.pk
