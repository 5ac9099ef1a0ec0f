"""Who may do what with trainings. Advisors act for the chambers they belong to."""


def advisor_chamber_ids(user):
    """The chambers whose sessions this user organises (empty for everybody but advisors)."""
    from chambers.models import Advisor

    if not (user.is_authenticated and user.is_advisor):
        return set()
    # Memoised on the user object, which lives for one request: the admin asks for
    # every model on every page (sidebar, app list) and must not pay a query each time.
    if not hasattr(user, "_training_chamber_ids"):
        user._training_chamber_ids = set(
            Advisor.objects.filter(user=user, is_active=True).values_list("chamber_id", flat=True)
        )
    return user._training_chamber_ids


def can_manage_sessions(user):
    """Reach the trainings back office at all."""
    return user.is_authenticated and (user.is_administrator or bool(advisor_chamber_ids(user)))


def can_manage_session(user, session):
    if not user.is_authenticated:
        return False
    if user.is_administrator:
        return True
    return session.chamber_id in advisor_chamber_ids(user)
