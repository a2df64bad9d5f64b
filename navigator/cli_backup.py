"""The `navigator` commands that keep the clinic's data safe: `backup` and `restore`.
Registered by `navigator.cli`, whose helpers they use."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from navigator.errors import UsageError, UserError
from navigator.paths import window_open
from navigator.settings import backup_folder
from navigator.vault.backup import (
    BackupInfo,
    list_backups,
    make_backup,
    restore,
)


def register(sub: Any) -> None:
    from navigator.cli import _user_option

    p = sub.add_parser(
        "backup",
        help="make an encrypted, checked backup of the vault (admins only)",
        description="Copies the vault, still encrypted, with its keys, into the backups folder "
        "(or --to a folder such as a USB drive), then opens the copy and checks every page. "
        "The backup opens with the passwords and recovery key of the day it was made.",
    )
    p.add_argument("--to", type=Path, metavar="FOLDER", help="where to put it (kept, not rotated)")
    p.add_argument("--list", action="store_true", help="list the backups instead")
    _user_option(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_backup)

    p = sub.add_parser(
        "restore",
        help="replace the vault with a backup (an admin of the backup, or its recovery key)",
        description="Checks the backup, asks before replacing anything, keeps the replaced "
        "files in replaced-<time>/, and signs in with the backup's users and passwords.",
    )
    p.add_argument("path", type=Path, metavar="BACKUP", help="the backup's folder")
    p.add_argument(
        "--recovery",
        action="store_true",
        help="sign in with the backup's recovery key (NAVIGATOR_RECOVERY_KEY or asked)",
    )
    p.add_argument("--yes", action="store_true", help="do not ask before replacing the vault")
    _user_option(p)
    p.set_defaults(handler=cmd_restore)


def cmd_backup(args: argparse.Namespace) -> int:
    from navigator.cli import data_dir_of, open_vault, print_json

    if args.list:
        backups = list_backups(args.to or backup_folder(data_dir_of(args)))
        if args.json:
            print_json([_as_json(b) for b in backups])
        else:
            for backup in backups:
                print(f"{backup.path}    {backup.describe()}")
        return 0
    with open_vault(args) as vault:
        vault.require_admin("make a backup")
        # Into the backups folder, among the rotated generations; --to: a copy kept as it is.
        info = make_backup(vault, args.to or backup_folder(vault.data_dir), rotating=not args.to)
    if args.json:
        print_json(_as_json(info))
    else:
        print(f"Backed up and checked: {info.path}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from navigator.cli import ask_password, ask_secret, data_dir_of, signed_in_user

    if args.recovery:
        user = None
        secret = os.environ.get("NAVIGATOR_RECOVERY_KEY") or ask_secret(
            "The backup's recovery key: ", "NAVIGATOR_RECOVERY_KEY"
        )
    else:
        user = signed_in_user(args)
        secret = ask_password(f"Password for {user} (as it was in the backup): ")
    data_dir = data_dir_of(args)
    if window_open(data_dir):
        raise UserError(
            "Navigator is open for this data folder. Close its window first (File > Quit), "
            "then run the restore again; nothing was changed."
        )

    def confirm(backup: BackupInfo) -> bool:
        if args.yes:
            return True
        if not sys.stdin.isatty():
            raise UsageError("Add --yes to restore without a question; nothing was changed.")
        answer = input(
            f"Replace the vault in {data_dir} with the backup of {backup.describe()}? "
            "The current files are kept aside. Type yes to go on: "
        )
        return answer.strip().lower() == "yes"

    vault = restore(data_dir, args.path, user, secret, confirm)
    if vault is None:
        print("Nothing was changed.")
        return 1
    users = ", ".join(vault.users())
    vault.lock()
    print(f"Restored {args.path.name}. Its users can sign in now: {users}.")
    return 0


def _as_json(backup: BackupInfo) -> dict[str, object]:
    return {
        "path": str(backup.path),
        "made_at": backup.made_at.isoformat(timespec="seconds"),
        "made_by": backup.made_by,
        "kind": backup.kind,
        "size": backup.size,
        "users": list(backup.users),
    }
