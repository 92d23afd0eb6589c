from django.db import models


class Generation(models.Model):
    """A counter that goes up whenever the data behind some cached pages changes.

    Cached answers put the counter in their keys, so a change makes every copy obsolete at
    once, in every process and whatever the cache backend (local memory is per process).
    Reading it is one query on a primary key.
    """

    name = models.CharField(max_length=40, primary_key=True)
    value = models.PositiveBigIntegerField(default=0)

    def __str__(self):
        return f"{self.name}: {self.value}"
