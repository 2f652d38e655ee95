from django.db import models


class Generation(models.Model):
    """One row whose value changes with every change to a record the public can see.

    Public pages are cached under the current value (shandong/cache.py), so a change
    makes every cached page stale at once, on every server. On a read replica the row
    arrives with the change itself.
    """

    value = models.BigIntegerField(default=0)

    def __str__(self):
        return str(self.value)
