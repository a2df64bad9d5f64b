"""The `navigator` commands for keeping listings true: `verification` (the queue) and `verify`.
Registered by `navigator.cli`, whose helpers they use."""

from __future__ import annotations

import argparse
from typing import Any

from navigator.directory.verification import (
    ALWAYS_CHECK,
    CLOSED,
    EDITABLE,
    UPDATED,
    VERIFIED,
    VerificationQueue,
    record_check,
)
from navigator.errors import UsageError


def register(sub: Any) -> None:
    from navigator.cli import _user_option, _whole_number

    p = sub.add_parser(
        "verification",
        help="services due for a check call (not verified in 12 months, or reported wrong)",
        description="Most-referred first. Each shows the phone to call and what to check; "
        "record the call with `navigator verify ID`.",
    )
    p.add_argument("--limit", type=_whole_number, default=50, help="at most this many (default 50)")
    _user_option(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_verification)

    p = sub.add_parser(
        "verify",
        help="record a check call: verified with no change, updated fields, or closed",
    )
    p.add_argument("service_id", metavar="SERVICE_ID")
    outcome = p.add_mutually_exclusive_group(required=True)
    outcome.add_argument("--ok", action="store_true", help="verified, no change")
    outcome.add_argument("--closed", action="store_true", help="closed for good")
    outcome.add_argument(
        "--set",
        action="append",
        metavar="FIELD=VALUE",
        help=f"updated: a field that changed ({', '.join(EDITABLE)}); repeat for several",
    )
    _user_option(p)
    p.set_defaults(handler=cmd_verify)


def cmd_verification(args: argparse.Namespace) -> int:
    from navigator.cli import open_session, print_json

    session = open_session(args)
    try:
        due = VerificationQueue(session.vault).due(limit=args.limit)
    finally:
        session.lock()
    if args.json:
        print_json({"total": due.total, "services": [s.to_dict() for s in due.services]})
        return 0
    if not due.services:
        print("Nothing is due for verification.")
        return 0
    print(f"{due.total} due for verification; most referred first.")
    print("On every call: " + " ".join(ALWAYS_CHECK))
    for item in due.services:
        used = f"{item.referrals} referral{'s' if item.referrals != 1 else ''}"
        print(f"\n{item.name}  [{item.service_id}]  {used}")
        print(f"  Call: {item.phone or 'no phone listed'}")
        last = f" (last verified {item.last_verified})" if item.last_verified else ""
        print(f"  Why: {item.reason}{last}")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from navigator.cli import open_session

    changes: dict[str, str] = {}
    for pair in args.set or []:
        name, sep, value = pair.partition("=")
        if not sep:
            raise UsageError(f"--set takes FIELD=VALUE, not {pair!r}.")
        changes[name.strip()] = value
    outcome = VERIFIED if args.ok else CLOSED if args.closed else UPDATED
    session = open_session(args)
    try:
        record_check(session, args.service_id, outcome, changes)
    finally:
        session.lock()
    print(
        f"Recorded: {args.service_id} {dict(ok='verified', closed='closed').get(outcome, 'updated')}."
    )
    return 0
