"""Removing one person's name and addresses from texts that stay (jres.accounts.deletion)."""

import html
import json
import re

from django.db import models
from django.db.models import Q, TextField
from django.db.models.functions import Cast

# What replaces the person's name or address inside a text that stays.
REDACTED = "[…]"


class Scrubber:
    """Removes one person's name and addresses from the texts that stay."""

    def __init__(self, *, name: str, addresses: set[str]):
        needles = sorted({a for a in addresses if a}, key=len, reverse=True)
        if name.strip():
            needles.append(name.strip())
        self.needles = needles
        # Not inside a longer word: "Léa" is not erased from "Léandre".
        alternatives = "|".join(re.escape(needle) for needle in needles)
        self.pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)
        # The forms a text may hold them in: as typed, in HTML, in JSON (SQLite's JSON).
        self.variants = sorted(
            {
                form
                for needle in needles
                for form in (needle, html.escape(needle), json.dumps(needle)[1:-1])
            }
        )

    def text(self, value: str) -> str:
        if not self.needles or not value:
            return value
        if value.strip().lower() in {needle.lower() for needle in self.needles}:
            return ""
        value = self.pattern.sub(REDACTED, value)
        for escaped in self.variants:  # an HTML body: "O&#x27;Brien"
            if escaped not in self.needles:
                value = re.sub(re.escape(escaped), REDACTED, value, flags=re.IGNORECASE)
        return value

    def data(self, value):
        """A JSON value with the texts inside it scrubbed."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, list):
            return [self.data(item) for item in value]
        if isinstance(value, dict):
            return {key: self.data(item) for key, item in value.items()}
        return value

    def matching(self, queryset, fields: list[str]):
        """The rows of `queryset` whose `fields` may hold a needle (then checked in Python)."""
        condition = Q()
        annotations = {}
        for field_name in fields:
            field = queryset.model._meta.get_field(field_name)
            lookup = field_name
            if isinstance(field, models.JSONField):
                lookup = f"_scrub_{field_name}"
                annotations[lookup] = Cast(field_name, TextField())
            for variant in self.variants:
                condition |= Q(**{f"{lookup}__icontains": variant})
        if not self.variants:
            return queryset.none()
        return queryset.annotate(**annotations).filter(condition)

    def row(self, instance) -> list[str]:
        """Scrub every text of `instance` in place; the names of the fields changed."""
        changed = []
        for field in instance._meta.concrete_fields:
            if field.primary_key or field.is_relation or isinstance(field, models.SlugField):
                continue
            value = getattr(instance, field.attname)
            if isinstance(field, models.JSONField):
                cleaned = self.data(value)
            elif isinstance(value, str) and not isinstance(field, models.FileField):
                cleaned = self.text(value)
            else:
                continue
            if cleaned != value:
                setattr(instance, field.attname, cleaned)
                changed.append(field.name)
        return changed

    def rows(self, queryset) -> int:
        """Scrub and save every row of `queryset` (signals fire: caches, posters)."""
        count = 0
        for instance in queryset:
            changed = self.row(instance)
            if changed:
                instance.save(update_fields=changed)
                count += 1
        return count
