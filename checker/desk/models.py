"""What the desk remembers: units, accounts' roles, submissions (one stored file each) and their findings."""

from __future__ import annotations

from django.conf import settings
from django.db import models

SUPERVISOR, UNIT = "supervisor", "unit"
ROLES = [(SUPERVISOR, "巡察办(全部单位)"), (UNIT, "被巡察单位(仅本单位)")]


class Unit(models.Model):
    """An inspected unit (被巡察单位), by the name its documents give."""

    name = models.CharField("被巡察单位", max_length=200, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return str(self.name)


class Account(models.Model):
    """The role of a login: a supervisor sees every unit, a unit account only its own submissions."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="desk")
    role = models.CharField(max_length=20, choices=ROLES)
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT)

    def __str__(self) -> str:
        return f"{self.user} ({self.role})"


class Submission(models.Model):
    """One uploaded file as linted: where it is stored, its hash, its unit and facts, and the report."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="submissions")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    uploaded_at = models.DateTimeField(auto_now_add=True, db_index=True)
    batch = models.CharField(max_length=32, db_index=True)  # the upload it came in (a zip gives several)
    name = models.CharField("文件名", max_length=300)
    sha256 = models.CharField(max_length=64, db_index=True)
    size = models.PositiveBigIntegerField()
    stored = models.CharField(max_length=200)  # file name inside the store (hash + suffix)
    report = models.CharField(max_length=200)  # the HTML report's file name inside the store
    format = models.CharField(max_length=20)
    kind = models.CharField(max_length=20, blank=True)  # ledger | notice | other | "" (unreadable)
    failed = models.BooleanField(default=False)
    items = models.PositiveIntegerField(default=0)
    title = models.CharField(max_length=300, blank=True)
    body = models.CharField(max_length=200, blank=True)
    feedback = models.DateField(null=True)
    report_date = models.DateField(null=True)
    as_of = models.DateField(null=True)
    errors = models.PositiveIntegerField(default=0)
    warnings = models.PositiveIntegerField(default=0)
    infos = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return f"{self.unit} · {self.name}"


class StoredFinding(models.Model):
    """One finding of a submission, with its fingerprint (what stays the same when the text is edited
    elsewhere), so two submissions of a unit can be compared."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="findings")
    fingerprint = models.CharField(max_length=64, db_index=True)
    rule = models.CharField(max_length=100)
    severity = models.CharField(max_length=10)  # error | warning | info
    message = models.TextField()
    item = models.CharField(max_length=50, blank=True)
    item_title = models.CharField(max_length=500, blank=True)
    position = models.CharField(max_length=100, blank=True)  # in words: 第3段, 「整改台账」表第8行G列
    quote = models.TextField(blank=True)
    mark_start = models.PositiveIntegerField(default=0)
    mark_end = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["id"]

    def quote_parts(self) -> tuple[str, str, str]:
        """(before, marked, after) of the quote."""
        text = str(self.quote)
        return text[:self.mark_start], text[self.mark_start:self.mark_end], text[self.mark_end:]
