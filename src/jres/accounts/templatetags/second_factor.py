from django import template

register = template.Library()


@register.filter
def in_groups_of_four(secret: str) -> str:
    """A TOTP secret as it is easiest to copy by hand: ABCD EFGH … (apps ignore spaces)."""
    return " ".join(secret[start : start + 4] for start in range(0, len(secret), 4))


@register.filter
def must_use_second_factor(user) -> bool:
    from jres.accounts.second_factor import requires_second_factor

    return requires_second_factor(user)
