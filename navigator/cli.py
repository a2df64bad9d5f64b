"""The `navigator` command: the desktop app by default, and every job headless for scripts and tests.

Exit codes: 0 success, 1 the user's or the environment's error (one line on stderr), 2 usage.
Passwords come from NAVIGATOR_PASSWORD / NAVIGATOR_NEW_PASSWORD when set (meant for scripts),
otherwise from a prompt without echo.
"""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from navigator import __version__
from navigator.errors import NavigatorError, PasswordRejected, UsageError
from navigator.paths import default_data_dir
from navigator.vault import RECOVERY_USER, Vault
from navigator.vault.passwords import check_new_password

log = logging.getLogger("navigator")

Handler = Callable[[argparse.Namespace], int]


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    handler: Handler = getattr(args, "handler", cmd_gui)
    try:
        return handler(args)
    except NavigatorError as exc:
        print(f"navigator: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("navigator: interrupted; nothing more was changed.", file=sys.stderr)
        return 1


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="navigator",
        description="Find community help during a call, match patients to it, hand them a plan.",
        epilog="Scripts may set NAVIGATOR_USER, NAVIGATOR_PASSWORD and NAVIGATOR_NEW_PASSWORD "
        "instead of answering prompts.",
    )
    parser.add_argument("--version", action="version", version=f"navigator {__version__}")
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        help="the data folder (default: NAVIGATOR_DATA_DIR or the user data folder)",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("init", help="create a new vault and its first user")
    p.add_argument("--user", required=True, help="the first user's name")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(handler=cmd_init)

    users = sub.add_parser("users", help="add, remove or list users; change a password")
    users_sub = users.add_subparsers(dest="users_command", metavar="ACTION", required=True)
    p = users_sub.add_parser("add", help="add a user (needs an unlocked vault)")
    p.add_argument("name")
    _user_option(p)
    p.set_defaults(handler=cmd_users_add)
    p = users_sub.add_parser("passwd", help="change your password (or any, with --recovery)")
    _user_option(p)
    p.add_argument(
        "--recovery",
        action="store_true",
        help="open with the recovery key (NAVIGATOR_RECOVERY_KEY or a prompt) to reset "
        "the password of --user",
    )
    p.set_defaults(handler=cmd_users_passwd)
    p = users_sub.add_parser("remove", help="remove a user's keyslot")
    p.add_argument("name")
    p.add_argument("--rekey", action="store_true", help="re-encrypt the database with a new key")
    _user_option(p)
    p.set_defaults(handler=cmd_users_remove)
    p = users_sub.add_parser("list", help="list the users")
    _user_option(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_users_list)

    p = sub.add_parser("gui", help="the desktop app (the default)")
    p.add_argument("--user", default=None, help="user name to pre-fill on the unlock screen")
    p.set_defaults(handler=cmd_gui)

    for register in EXTRA_COMMANDS:
        register(sub)
    return parser


def _user_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--user", default=None, help="who signs in (default: NAVIGATOR_USER)")


# Later subsystems add their subcommands here (import, search, match, handout, ...).
EXTRA_COMMANDS: list[Callable[[Any], None]] = []


# -- prompts ---------------------------------------------------------------------------------


def data_dir_of(args: argparse.Namespace) -> Path:
    return Path(args.data_dir) if args.data_dir else default_data_dir()


def signed_in_user(args: argparse.Namespace) -> str:
    user = getattr(args, "user", None) or os.environ.get("NAVIGATOR_USER")
    if not user:
        raise UsageError("Say who signs in: --user NAME or NAVIGATOR_USER.")
    return str(user)


def ask_password(prompt: str = "Password: ") -> str:
    env = os.environ.get("NAVIGATOR_PASSWORD")
    if env is not None:
        return env
    return getpass.getpass(prompt)


def ask_new_password(user: str, env_names: Sequence[str]) -> str:
    """A new password from the first set variable, or asked twice; checked against the rules."""
    for name in env_names:
        value = os.environ.get(name)
        if value is not None:
            return check_new_password(value, user)
    for _attempt in range(3):
        first = getpass.getpass(f"New password for {user} (at least 15 characters): ")
        try:
            check_new_password(first, user)
        except PasswordRejected as exc:
            print(exc, file=sys.stderr)
            continue
        if getpass.getpass("Type it again: ") != first:
            print("The two passwords differ; try again.", file=sys.stderr)
            continue
        return first
    raise PasswordRejected("No acceptable password was given; nothing was changed.")


def open_vault(args: argparse.Namespace) -> Vault:
    """Unlock the vault for a command, from --user/NAVIGATOR_USER and the password."""
    user = signed_in_user(args)
    return Vault.unlock(data_dir_of(args), user, ask_password(f"Password for {user}: "))


def print_json(data: object) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


# -- commands --------------------------------------------------------------------------------


def cmd_init(args: argparse.Namespace) -> int:
    password = ask_new_password(args.user, ["NAVIGATOR_PASSWORD"])
    vault, recovery = Vault.create(data_dir_of(args), args.user, password)
    vault.lock()
    if args.json:
        print_json({"data_dir": str(vault.data_dir), "user": args.user, "recovery_key": recovery})
        return 0
    print(f"Created a vault in {vault.data_dir} with the user {args.user}.")
    print()
    print("RECOVERY KEY - write it down now and keep it locked away. It is shown only this once.")
    print("It opens the vault if every password is forgotten.")
    print()
    print("    " + recovery)
    print()
    return 0


def cmd_users_add(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        password = ask_new_password(args.name, ["NAVIGATOR_NEW_PASSWORD", "NAVIGATOR_PASSWORD"])
        name = vault.add_user(args.name, password)
    print(f"Added the user {name}.")
    return 0


def cmd_users_passwd(args: argparse.Namespace) -> int:
    if args.recovery:
        user = signed_in_user(args)
        key = os.environ.get("NAVIGATOR_RECOVERY_KEY") or getpass.getpass("Recovery key: ")
        vault = Vault.unlock_with_recovery_key(data_dir_of(args), key)
    else:
        vault = open_vault(args)
        user = vault.user
    with vault:
        vault.change_password(user, ask_new_password(user, ["NAVIGATOR_NEW_PASSWORD"]))
    print(f"Changed the password of {user}.")
    return 0


def cmd_users_remove(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        vault.remove_user(args.name, rekey=args.rekey)
    print(
        f"Removed the user {args.name}" + (" and re-encrypted the database." if args.rekey else ".")
    )
    return 0


def cmd_users_list(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        users = vault.users()
    if args.json:
        print_json({"users": users})
    else:
        print("\n".join(users))
    return 0


def cmd_gui(args: argparse.Namespace) -> int:
    # Imported here so every other command runs without Qt installed or a display.
    from navigator.ui.app import run_app

    return run_app(data_dir_of(args), user=getattr(args, "user", None))


__all__ = ["RECOVERY_USER", "main"]
