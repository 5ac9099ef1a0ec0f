from allauth.account.models import EmailAddress

from accounts.enums import Role
from accounts.models import User

PASSWORD = "Correct-Horse-42"


def make_user(email, *, role=Role.ENTREPRENEUR, office="", verified=True, **fields):
    user = User.objects.create_user(
        email=email, password=PASSWORD, role=role, office=office, **fields
    )
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    return user
