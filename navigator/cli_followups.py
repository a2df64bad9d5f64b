"""The `navigator` commands that close the loop: the callback list, a patient's referrals, the
outcome report and the audit trail. Registered by `navigator.cli`, whose helpers they use."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import Any

from navigator.care.outcomes import outcome_report, utc_bounds
from navigator.care.referrals import DUE_CHOICES, DUE_LABELS, FollowUp, Referral
from navigator.errors import BadInput, UsageError
from navigator.vault import audit


def register(sub: Any) -> None:
    from navigator.cli import _iso_date, _user_option, _whole_number

    p = sub.add_parser(
        "followups",
        help="the callback list: referrals whose follow-up call is overdue, today or this week",
    )
    p.add_argument("--due", choices=DUE_CHOICES, help="only this part of the list")
    _user_option(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_followups)

    p = sub.add_parser("referrals", help="a patient's referrals, their status and history")
    p.add_argument("patient_id", type=_whole_number, metavar="PATIENT_ID")
    _user_option(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_referrals)

    p = sub.add_parser(
        "report",
        help="outcomes for a date range: screenings, needs, referrals, share met (counts only)",
    )
    p.add_argument("--from", dest="start", required=True, type=_iso_date, metavar="YYYY-MM-DD")
    p.add_argument("--to", dest="end", required=True, type=_iso_date, metavar="YYYY-MM-DD")
    out = p.add_mutually_exclusive_group()
    out.add_argument("--csv", action="store_true", help="CSV with counts under 11 suppressed")
    out.add_argument("--json", action="store_true")
    _user_option(p)
    p.set_defaults(handler=cmd_report)

    p = sub.add_parser(
        "audit",
        help="list the audit trail, or `audit verify` its hash chain (admins only)",
        description="Who read, changed, printed or exported which record, and when. "
        "`navigator audit verify` checks the hash chain and names the first row that breaks it.",
    )
    p.add_argument("check", nargs="?", choices=["verify"], help="check the chain instead")
    p.add_argument(
        "--patient", type=_whole_number, metavar="ID", help="only rows about this patient"
    )
    # Here --user filters the rows, as an auditor expects; who signs in comes from --as.
    p.add_argument("--user", dest="by", metavar="NAME", help="only this user's rows")
    p.add_argument("--from", dest="start", type=_iso_date, metavar="YYYY-MM-DD")
    p.add_argument("--to", dest="end", type=_iso_date, metavar="YYYY-MM-DD")
    p.add_argument("--limit", type=_whole_number, default=None, help="only the latest N rows")
    p.add_argument(
        "--as", dest="user", default=None, metavar="NAME", help="who signs in (an admin)"
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_audit)


def cmd_followups(args: argparse.Namespace) -> int:
    from navigator.cli import open_session, print_json

    which = [args.due] if args.due else list(DUE_CHOICES)
    session = open_session(args)
    try:
        rows = session.referrals.due(which)
    finally:
        session.lock()
    if args.json:
        print_json({"followups": [row.to_dict() for row in rows]})
        return 0
    for due in which:
        part = [row for row in rows if row.due == due]
        print(f"{DUE_LABELS[due]} ({len(part)})")
        for row in part:
            print("  " + followup_line(row))
        print()
    return 0


def followup_line(row: FollowUp) -> str:
    ref = row.referral
    contact = ", ".join(row.contact) or "no contact preference"
    parts = [
        f"{ref.follow_up}  {row.patient_name} [{ref.patient_id}]",
        row.phone or "no phone",
        contact,
        f"{ref.service_name}: {ref.status_label}",
    ]
    if ref.attempts:
        parts.append(f"{ref.attempts} call(s) unanswered")
    if ref.last_note:
        parts.append(f"last note: {ref.last_note}")
    return " · ".join(parts)


def cmd_referrals(args: argparse.Namespace) -> int:
    from navigator.cli import open_session, print_json

    session = open_session(args)
    try:
        if session.patients.get(args.patient_id) is None:
            raise BadInput(f"There is no patient {args.patient_id}.")
        found = session.referrals.for_patient(args.patient_id)
        changes = {ref.id: session.referrals.changes(ref.id) for ref in found}
    finally:
        session.lock()
    if args.json:
        print_json(
            {
                "referrals": [
                    {**ref.to_dict(), "changes": [c.to_dict() for c in changes[ref.id]]}
                    for ref in found
                ]
            }
        )
        return 0
    if not found:
        print("No referrals yet.")
    for ref in found:
        print(referral_line(ref))
        for change in changes[ref.id]:
            what = change.kind if change.kind != "status" else change.to_status
            note = f" · {change.note}" if change.note else ""
            print(f"    {change.at} {change.user}: {what}{note}")
    return 0


def referral_line(ref: Referral) -> str:
    due = f" · next call {ref.follow_up}" if ref.follow_up else ""
    return f"[{ref.id}] {ref.service_name} ({ref.service_id}): {ref.status_label}{due}"


def cmd_report(args: argparse.Namespace) -> int:
    from navigator.cli import open_session, print_json

    if args.end < args.start:
        raise UsageError("--to is before --from.")
    session = open_session(args)
    try:
        report = outcome_report(session.vault, args.start, args.end, export=args.csv)
    finally:
        session.lock()
    if args.csv:
        sys.stdout.write(report.to_csv())
    elif args.json:
        print_json(report.to_dict())
    else:
        print(f"Outcomes from {report.start} to {report.end}")
        print(f"Screenings done: {report.screenings}")
        for need, count in report.needs_found.items():
            print(f"  need found: {need}: {count}")
        for row in [report.total, *report.by_need]:
            share = f"{row.share_met:.0%}" if row.share_met is not None else "-"
            median = f"{row.median_days:g}" if row.median_days is not None else "-"
            print(
                f"{row.label}: {row.referrals} referrals, {row.closed_met} need met, "
                f"{row.closed_not_met} not met, {row.open} open; {share} met; "
                f"median {median} days to close"
            )
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    from navigator.cli import open_vault, print_json

    with open_vault(args) as vault:
        vault.require_admin("read the audit trail")
        if args.check == "verify":
            check = vault.run(audit.verify)
            if check.ok:
                print(f"The audit trail is intact: {check.rows} rows.")
                return 0
            print(
                f"navigator: the audit trail was altered at row {check.first_broken}: that row or "
                "one before it was changed or removed after it was written.",
                file=sys.stderr,
            )
            return 1
        since = until = None
        if args.start or args.end:
            since, until = utc_bounds(
                args.start or date(1970, 1, 1), args.end or date(9998, 12, 31)
            )
        if args.patient is not None:
            patient = args.patient
            found = vault.run(
                lambda c: audit.rows_about_patient(
                    c, patient, user=args.by, since=since, until=until, limit=args.limit
                )
            )
        else:
            found = vault.run(
                lambda c: audit.rows(c, user=args.by, since=since, until=until, limit=args.limit)
            )
    if args.json:
        print_json({"audit": [row.to_dict() for row in found]})
        return 0
    for row in found:
        record = f"{row.record_type} {row.record_id}".strip()
        print(f"{row.id}\t{row.at}\t{row.user}\t{row.action}\t{record}")
    return 0
