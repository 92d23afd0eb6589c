from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.db import transaction

from .models import COORDINATORS, User


@transaction.atomic
def create_account(
    *, email: str, password: str, display_name: str, groups: tuple[str, ...] = (), **fields
) -> User:
    """Create an account whose e-mail address is already verified, in the given groups.

    For accounts created by an administrator (coordinators, demo accounts), who do not go
    through the sign-up form and its verification e-mail.
    """
    # Coordinators edit pages and editions in the admin, which needs staff status.
    fields.setdefault("is_staff", COORDINATORS in groups)
    user = User.objects.create_user(
        email=email, password=password, display_name=display_name, **fields
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user
