"""Who may open the staff pages: decorators that say it on each view."""

import functools

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied


def _role_required(test):
    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if not test(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        # Anonymous visitors are sent to log in; signed-in users without the role get a 403.
        return login_required(wrapper)

    return decorator


coordinator_required = _role_required(lambda user: user.is_coordinator)
"""Signed-in coordinators only."""

staff_required = _role_required(lambda user: user.is_moderator)
"""Signed-in moderators and coordinators (coordinators moderate too)."""
