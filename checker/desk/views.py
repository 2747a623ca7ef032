"""The desk's pages: units, a unit's history with what each submission changed, a submission's findings,
its report and file (served only from the store), upload, login."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from checker.desk import intake
from checker.desk.models import SUPERVISOR, Account, StoredFinding, Submission, Unit
from checker.desk.settings import MAX_FILE_BYTES, MAX_UPLOAD_BYTES, MAX_ZIP_MEMBERS, MAX_ZIP_RATIO, MAX_ZIP_TOTAL_BYTES
from checker.desk.store import Incoming, Limits, RejectedUpload, unpack

OVERDUE_RULE = "dates/overdue"
LIMITS = Limits(MAX_FILE_BYTES, MAX_ZIP_MEMBERS, MAX_ZIP_TOTAL_BYTES, MAX_ZIP_RATIO)
SEVERITY_CHINESE = {"error": "错误", "warning": "警告", "info": "提示"}
KIND_CHINESE = {"ledger": "台账", "notice": "通报", "other": "其他", "": "无法读取"}
# the stored report is our own page: its inline style and filter script may run, nothing else may load
REPORT_POLICY = ("default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
                 "img-src data:; form-action 'none'; frame-ancestors 'self'")


def account_of(request: HttpRequest) -> Account:
    """The desk role of the logged-in user; an account without one may not use the desk."""
    try:
        return Account.objects.select_related("unit").get(user=request.user)
    except Account.DoesNotExist:
        raise PermissionDenied("该账号没有工作台权限") from None


def visible(account: Account) -> QuerySet[Submission]:
    """The submissions an account may see: all for a supervisor, its unit's for a unit account."""
    submissions = Submission.objects.select_related("unit", "uploaded_by")
    if account.role == SUPERVISOR:
        return submissions
    return submissions.filter(unit=account.unit)


def previous_of(submission: Submission) -> Submission | None:
    """The submission this one answers: the unit's latest earlier one of the same kind (ledger after ledger,
    notice after notice), else its latest earlier one."""
    earlier = Submission.objects.filter(unit=submission.unit, id__lt=submission.id).order_by("-id")
    return earlier.filter(kind=submission.kind).first() or earlier.first()


@dataclass
class Comparison:
    """Findings of a submission against the one before it, by fingerprint."""

    previous: Submission | None
    new: list[StoredFinding] = field(default_factory=list)
    open: list[StoredFinding] = field(default_factory=list)
    fixed: list[StoredFinding] = field(default_factory=list)


def compare(submission: Submission) -> Comparison:
    """New (not in the previous submission), still open (in both) and fixed (only in the previous); counted
    as multisets, so two equal findings where one was fixed give one fixed and one open."""
    previous = previous_of(submission)
    current = list(submission.findings.all())
    if previous is None:
        return Comparison(None, new=current)
    before = list(previous.findings.all())
    left = Counter(f.fingerprint for f in before)
    out = Comparison(previous)
    for finding in current:
        if left[finding.fingerprint] > 0:
            left[finding.fingerprint] -= 1
            out.open.append(finding)
        else:
            out.new.append(finding)
    for finding in reversed(before):
        if left[finding.fingerprint] > 0:
            left[finding.fingerprint] -= 1
            out.fixed.append(finding)
    out.fixed.reverse()
    return out


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """All units with their latest submission and open overdue items; a unit account goes to its own unit."""
    account = account_of(request)
    if account.role != SUPERVISOR:
        if account.unit is None:
            raise PermissionDenied("该账号未指定单位")
        return redirect("desk:unit", unit_id=account.unit.id)
    rows = []
    for unit in Unit.objects.all():
        latest = unit.submissions.first()
        if latest is None:
            continue
        overdue = latest.findings.filter(rule=OVERDUE_RULE).count()
        rows.append({"unit": unit, "latest": latest, "count": unit.submissions.count(),
                     "overdue": overdue})
    rows.sort(key=lambda r: (-r["overdue"], -r["latest"].errors, str(r["unit"].name)))
    return render(request, "desk/index.html", {"rows": rows, "account": account})


@login_required
def unit_page(request: HttpRequest, unit_id: int) -> HttpResponse:
    """A unit's submissions, newest first, each with what it changed against the one before."""
    account = account_of(request)
    unit = get_object_or_404(Unit, pk=unit_id)
    if account.role != SUPERVISOR and account.unit_id != unit.id:
        raise Http404
    history = []
    for submission in visible(account).filter(unit=unit):
        diff = compare(submission)
        history.append({"s": submission, "new": len(diff.new), "open": len(diff.open), "fixed": len(diff.fixed),
                        "previous": diff.previous,
                        "overdue": submission.findings.filter(rule=OVERDUE_RULE).count()})
    latest = history[0]["s"] if history else None
    context: dict[str, Any] = {"unit": unit, "history": history, "account": account}
    if latest is not None:
        context.update(_findings_context(latest))
    return render(request, "desk/unit.html", context)


def _findings_context(submission: Submission) -> dict[str, Any]:
    diff = compare(submission)
    return {"submission": submission, "diff": diff, "groups": [
        ("new", "新发现", diff.new), ("open", "仍未整改", diff.open), ("fixed", "已整改", diff.fixed)]}


@login_required
def submission_page(request: HttpRequest, submission_id: int) -> HttpResponse:
    """One submission: its facts and findings, new / still open / fixed against the one before."""
    account = account_of(request)
    submission = get_object_or_404(visible(account), pk=submission_id)
    context = {"account": account, "unit": submission.unit, **_findings_context(submission)}
    return render(request, "desk/submission.html", context)


@login_required
def report(request: HttpRequest, submission_id: int) -> HttpResponse:
    """The stored HTML report of a submission (the page `ledgerlint lint --format html` gives)."""
    submission = get_object_or_404(visible(account_of(request)), pk=submission_id)
    response = _stored(submission.report, "text/html; charset=utf-8")
    response["Content-Security-Policy"] = REPORT_POLICY
    return response


@login_required
def original(request: HttpRequest, submission_id: int) -> HttpResponse:
    """The file as it was uploaded, as a download."""
    submission = get_object_or_404(visible(account_of(request)), pk=submission_id)
    response = _stored(submission.stored, "application/octet-stream")
    response["Content-Disposition"] = _attachment(str(submission.name))
    return response


def _stored(name: str, content_type: str) -> FileResponse:
    """A file from the store, by the name the database holds; nothing outside the store is ever served."""
    try:
        path = intake.store().path(name)
    except KeyError:
        raise Http404 from None
    response = FileResponse(path.open("rb"), content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _attachment(name: str) -> str:
    from urllib.parse import quote

    return f"attachment; filename*=UTF-8''{quote(name)}"


@login_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    """Upload files or zips; each document is linted and stored as a submission of its unit."""
    account = account_of(request)
    context: dict[str, Any] = {"account": account, "units": Unit.objects.all(), "limits": limits_text()}
    if request.method == "GET":
        return render(request, "desk/upload.html", context)
    if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_UPLOAD_BYTES:
        context["error"] = f"上传内容超过 {MAX_UPLOAD_BYTES >> 20} MB 的上限,请分批上传"
        return render(request, "desk/upload.html", context, status=413)
    given = str(account.unit.name) if account.role != SUPERVISOR and account.unit else (
        request.POST.get("unit", "").strip() or None)
    try:
        documents: list[Incoming] = []
        for uploaded in request.FILES.getlist("files"):
            documents.extend(unpack(uploaded.name or "未命名", uploaded, LIMITS))
        if not documents:
            raise RejectedUpload("请选择要上传的文件")
    except RejectedUpload as exc:
        context["error"] = str(exc)
        return render(request, "desk/upload.html", context, status=400)
    rules = intake.ruleset()
    saved = intake.save([intake.lint_one(d, rules) for d in documents], request.user, given)
    if len(saved) == 1:
        return redirect("desk:submission", submission_id=saved[0].id)
    return redirect("desk:unit", unit_id=saved[0].unit_id)


def limits_text() -> str:
    """The upload limits, for the upload page."""
    return (f"单次上传不超过 {MAX_UPLOAD_BYTES >> 20} MB;单个文件不超过 {MAX_FILE_BYTES >> 20} MB;"
            f"zip 内不超过 {MAX_ZIP_MEMBERS} 个文件")

