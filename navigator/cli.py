"""The `navigator` command: the desktop app by default, and every job headless for scripts and tests.

Exit codes: 0 success, 1 the user's or the environment's error (one line on stderr), 2 usage.
Passwords come from NAVIGATOR_PASSWORD / NAVIGATOR_NEW_PASSWORD when set (meant for scripts),
otherwise from a prompt without echo.
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import json
import logging
import os
import re
import signal
import sys
import threading
import warnings
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from navigator import __version__
from navigator.directory.demo import DEMO_PATH
from navigator.errors import BadInput, NavigatorError, PasswordRejected, UsageError
from navigator.paths import default_data_dir, usable_data_dir, write_private_file
from navigator.search.api import SearchQuery, SearchResults
from navigator.session import Session
from navigator.vault import RECOVERY_USER, Vault
from navigator.vault.passwords import check_new_password
from navigator.vault.roles import ROLE_LABELS

if TYPE_CHECKING:
    from navigator.care.profile import Profile
    from navigator.directory.store import ImportReport

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
        return _fail(str(exc))
    except KeyboardInterrupt:
        # Each step that writes commits whole or not at all; one cut short by Ctrl-C rolls back.
        return _fail("interrupted.", EXIT_INTERRUPTED)
    except BrokenPipeError:
        # `navigator ... | head` closed the pipe: the reader has what it wanted. Point stdout
        # at nothing so the interpreter's final flush cannot fail again, and leave quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except RecursionError:
        return _fail("the input is nested too deeply to read; nothing was changed.")
    except OSError as exc:
        # A folder or file the command was pointed at cannot be used (missing, not writable, a
        # file where a folder should be): which one and why, in one line.
        return _fail(os_problem(exc))
    except MemoryError:
        return _fail(
            "not enough memory to finish; nothing more was saved. Close other programs, "
            "or import a smaller package."
        )


def os_problem(exc: OSError) -> str:
    path = Path(exc.filename) if exc.filename else None
    if path is not None and path.name.startswith(".") and ".tmp-" in path.name:
        path = path.parent  # our temporary file beside the one asked for: name the folder
    where = f" {path}" if path is not None else ""
    reason = exc.strerror or str(exc)
    return f"could not use{where} ({reason}). Check the path and that you may write there."


EXIT_INTERRUPTED = 130  # what shells report for a program stopped by Ctrl-C


def _fail(message: str, code: int = 1) -> int:
    with contextlib.suppress(OSError):  # stderr itself is gone; the exit code still tells
        print(f"navigator: {message}", file=sys.stderr)
    return code


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
    p.add_argument(
        "--role",
        choices=["admin", "coordinator"],
        default="coordinator",
        help="default: coordinator",
    )
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
    p = users_sub.add_parser(
        "remove",
        help="remove a user; the database is re-encrypted with a key they never had",
        description="Removes the user's keyslot and re-encrypts the database with a new key, "
        "so a copy of their old key or of an old keyslots.json no longer opens it. If the "
        "command is interrupted, run it again: the user stays listed until it has finished.",
    )
    p.add_argument("name")
    rekey = p.add_mutually_exclusive_group()
    rekey.add_argument(
        "--rekey", dest="rekey", action="store_true", default=True, help="(the default)"
    )
    rekey.add_argument(
        "--no-rekey",
        dest="rekey",
        action="store_false",
        help="only delete the keyslot (quicker; a copy of the old key still opens the database)",
    )
    _user_option(p)
    p.set_defaults(handler=cmd_users_remove)
    p = users_sub.add_parser(
        "rekey",
        help="re-encrypt the database with a new key; every user keeps their password",
        description="Finishes or repeats a re-encryption, for example after `users remove "
        "--no-rekey` or an interrupted removal.",
    )
    _user_option(p)
    p.set_defaults(handler=cmd_users_rekey)
    p = users_sub.add_parser("list", help="list the users")
    _user_option(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_users_list)

    p = sub.add_parser("gui", help="the desktop app (the default)")
    p.add_argument("--user", default=None, help="user name to pre-fill on the unlock screen")
    p.add_argument(
        "--quit-after",
        type=_milliseconds,
        default=None,
        metavar="MS",
        help="print which screen was shown first, then close MS milliseconds later "
        "(to check a build; with QT_QPA_PLATFORM=offscreen it needs no display)",
    )
    p.set_defaults(handler=cmd_gui)

    p = sub.add_parser(
        "import", help="import HSDS packages (folder, .zip or .json) into the directory"
    )
    # A path, or the address of an HSDS API (https://.../services), kept as typed: a URL is no Path.
    p.add_argument("paths", nargs="+", type=_path_or_url, metavar="PATH|URL")
    _user_option(p)
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.add_argument(
        "--dry-run",
        action="store_true",
        help="show what the import would add, change and mark inactive; change nothing",
    )
    p.add_argument(
        "--source",
        default=None,
        help="the source these packages update (default: the package name without its date)",
    )
    p.set_defaults(handler=cmd_import)

    p = sub.add_parser(
        "export", help="write the directory (never patient data) as an HSDS 3.0 file to share"
    )
    p.add_argument("--out", type=Path, required=True, metavar="FILE")
    p.add_argument(
        "--format",
        choices=["hsds-json", "hsds-csv"],
        default="hsds-json",
        help="hsds-json: one JSON file; hsds-csv: the HSDS tables with a datapackage.json, "
        "as a zip when FILE ends in .zip, otherwise as a folder",
    )
    _user_option(p)
    p.set_defaults(handler=cmd_export)

    p = sub.add_parser(
        "duplicates",
        help="services two sources both list; --merge KEEP OTHER keeps one (both ids still work)",
    )
    p.add_argument("--merge", nargs=2, metavar=("KEEP", "OTHER"), default=None)
    p.add_argument("--json", action="store_true", help="print the pairs as JSON")
    _user_option(p)
    p.set_defaults(handler=cmd_duplicates)

    p = sub.add_parser(
        "search",
        help="search the directory as a coordinator would during a call",
        description="Search the directory. With --queries, run many searches in one go, with "
        "the same filters for each: --json then prints one JSON document per line, each the "
        "document a single search prints.",
    )
    what = p.add_mutually_exclusive_group()
    what.add_argument("query", nargs="?", default="", help="what the patient needs, as typed")
    what.add_argument(
        "--queries",
        type=Path,
        metavar="FILE",
        help="one query per line (blank lines and lines starting with # are skipped), or a "
        "JSON list of strings; - reads standard input",
    )
    p.add_argument("--zip", help="measure distance from this ZIP code")
    p.add_argument(
        "--within", type=float, metavar="MILES", help="only services this close to --zip"
    )
    p.add_argument("--category", metavar="SLUG", help="only this category and its subcategories")
    p.add_argument(
        "--language", metavar="CODE", help="only services in this language (es, en, ...)"
    )
    p.add_argument("--open-now", action="store_true", help="only services open now (or at --at)")
    p.add_argument(
        "--at", type=_local_time, metavar="YYYY-MM-DDTHH:MM", help="the moment for hours"
    )
    p.add_argument("--free", action="store_true", help="only services that cost nothing")
    p.add_argument("--limit", type=_whole_number, default=10, help="how many results (default 10)")
    _user_option(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_search)

    p = sub.add_parser(
        "reindex", help="rebuild the search index from the directory (after damage or doubt)"
    )
    _user_option(p)
    p.set_defaults(handler=cmd_reindex)

    p = sub.add_parser("match", help="services a patient is eligible for, by need, with reasons")
    p.add_argument(
        "profile", type=Path, metavar="PROFILE.json", help='a profile, or {"patient_id": N}'
    )
    p.add_argument(
        "--at", type=_local_time, metavar="YYYY-MM-DDTHH:MM", help="the moment for hours"
    )
    p.add_argument("--limit", type=_whole_number, default=5, help="matches per need (default 5)")
    _user_option(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_match)

    p = sub.add_parser("handout", help="make a care-plan handout PDF for a patient")
    p.add_argument(
        "profile", type=Path, metavar="PROFILE.json", help='a profile, or {"patient_id": N}'
    )
    p.add_argument(
        "--services",
        required=True,
        type=_id_list,
        metavar="ID[,ID...]",
        help="the chosen services, in order",
    )
    p.add_argument("--out", required=True, type=Path, metavar="FILE.pdf")
    p.add_argument(
        "--language", default=None, choices=["en", "es"], help="default: the patient's language"
    )
    p.add_argument("--large-print", action="store_true", help="body text at 16 pt or more")
    p.add_argument(
        "--follow-up", type=_iso_date, metavar="YYYY-MM-DD", help="when the clinic will call back"
    )
    p.add_argument(
        "--refer",
        choices=["planned", "referred", "none"],
        default="planned",
        help="for a stored patient, what the services become to follow up on (default planned)",
    )
    discreet = p.add_mutually_exclusive_group()
    discreet.add_argument(
        "--discreet",
        dest="discreet",
        action="store_const",
        const=True,
        default=None,
        help="hide safety screening words and list safety services by phone only",
    )
    discreet.add_argument(
        "--not-discreet",
        dest="discreet",
        action="store_const",
        const=False,
        help="print everything even for a safety plan (discreet is the default there)",
    )
    _user_option(p)
    p.set_defaults(handler=cmd_handout)

    p = sub.add_parser(
        "safe-name",
        help="show or set the name a discreet handout prints for a safety service",
        description="A discreet handout shows a safety service as “Support line” and its phone. "
        "A safe name (a first name, say) is printed instead; it is kept when the directory is "
        "re-imported. Without NAME, shows the current one; --clear goes back to “Support line”.",
    )
    p.add_argument("service", metavar="SERVICE_ID")
    p.add_argument("name", nargs="?", metavar="NAME")
    p.add_argument("--clear", action="store_true", help="remove the safe name")
    _user_option(p)
    p.set_defaults(handler=cmd_safe_name)

    patients = sub.add_parser("patients", help="add, show, find and screen patients (in the vault)")
    patients_sub = patients.add_subparsers(dest="patients_command", metavar="ACTION", required=True)
    p = patients_sub.add_parser("add", help="add a patient from a JSON file")
    p.add_argument("file", type=Path, metavar="PATIENT.json")
    p.add_argument("--force", action="store_true", help="add even when a likely duplicate exists")
    _user_option(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_patients_add)
    p = patients_sub.add_parser("show", help="show one patient")
    p.add_argument("patient_id", type=_whole_number)
    _user_option(p)
    p.set_defaults(handler=cmd_patients_show)
    p = patients_sub.add_parser(
        "find",
        help="find patients by name",
        description="Reads the name from standard input (or asks for it) when NAME is left out "
        "or is '-'. That is the safe way: a name typed on the command line can be seen by "
        "other users of this computer (for example in the process list).",
    )
    p.add_argument(
        "name",
        nargs="?",
        default=None,
        metavar="NAME",
        help="the name, or - to read it from standard input (the safe way; see above). "
        "An empty name lists the most recent patients.",
    )
    _user_option(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_patients_find)
    p = patients_sub.add_parser("screen", help="record a screening from a JSON file of answers")
    p.add_argument("patient_id", type=_whole_number)
    p.add_argument("answers", type=Path, metavar="ANSWERS.json")
    p.add_argument("--language", default="en", choices=["en", "es"])
    _user_option(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_patients_screen)

    p = sub.add_parser("settings", help="show or change settings (clinic name and phone, ...)")
    settings_sub = p.add_subparsers(dest="settings_command", metavar="ACTION")
    p.set_defaults(handler=cmd_settings_show)
    q = settings_sub.add_parser("show", help="show every setting")
    q.set_defaults(handler=cmd_settings_show)
    q = settings_sub.add_parser(
        "set",
        help="change one setting (signing in: the clinic phone is printed on handouts)",
    )
    q.add_argument("key", help="a key from `navigator settings show`, or coordinator_phone")
    q.add_argument("value")
    q.add_argument(
        "--user",
        default=None,
        help="who signs in (default: NAVIGATOR_USER); coordinator_phone "
        "sets that user's direct line",
    )
    q.set_defaults(handler=cmd_settings_set)

    p = sub.add_parser(
        "screenshot", help="render the main screens on the demo directory to PNG files"
    )
    p.add_argument("out_dir", type=Path, metavar="OUT_DIR")
    p.set_defaults(handler=cmd_screenshot)

    p = sub.add_parser("categories", help="list the category slugs for --category")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_categories)

    for register in EXTRA_COMMANDS:
        register(sub)
    return parser


# A care plan a patient can read lists a handful of services; past this it is a mistake.
MAX_HANDOUT_SERVICES = 30


def _id_list(text: str) -> list[str]:
    # A service named twice is printed once, in the place it was first named.
    ids = list(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))
    if not ids:
        raise argparse.ArgumentTypeError("give at least one service id, for example demo-svc-001")
    if len(ids) > MAX_HANDOUT_SERVICES:
        raise argparse.ArgumentTypeError(
            f"{len(ids)} services is too many for one handout; choose at most "
            f"{MAX_HANDOUT_SERVICES}"
        )
    return ids


def _milliseconds(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"give a whole number of milliseconds, not {text!r}")
    return int(text)


SQLITE_INTEGER_MAX = 2**63 - 1


def _whole_number(text: str) -> int:
    """An id or a count from the command line: a whole number SQLite can hold (a 25-digit id is
    a typing slip, not a record to look up)."""
    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text[:40]!r} is not a whole number") from None
    if abs(number) > SQLITE_INTEGER_MAX:
        raise argparse.ArgumentTypeError(f"{text[:20]}… is too large a number")
    return number


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not YYYY-MM-DD (for example 2026-12-02)"
        ) from None


def _local_time(text: str) -> datetime:
    try:
        return datetime.strptime(text, "%Y-%m-%dT%H:%M")
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not YYYY-MM-DDTHH:MM (for example 2026-12-01T14:30)"
        ) from None


def _user_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--user", default=None, help="who signs in (default: NAVIGATOR_USER)")


# Later subsystems add their subcommands here (import, search, match, handout, ...).
EXTRA_COMMANDS: list[Callable[[Any], None]] = []


def _followup_commands(sub: Any) -> None:
    # Imported when the parser is built: that module uses the helpers defined here.
    from navigator.cli_followups import register

    register(sub)


EXTRA_COMMANDS.append(_followup_commands)


def _backup_and_verification_commands(sub: Any) -> None:
    from navigator.cli_backup import register
    from navigator.cli_verification import register as register_verification

    register(sub)
    register_verification(sub)


EXTRA_COMMANDS.append(_backup_and_verification_commands)


# -- prompts ---------------------------------------------------------------------------------


def data_dir_of(args: argparse.Namespace) -> Path:
    return usable_data_dir(given_data_dir(args))


def given_data_dir(args: argparse.Namespace) -> Path:
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
    return ask_secret(prompt, "NAVIGATOR_PASSWORD")


def ask_secret(prompt: str, variable: str) -> str:
    """A password or key typed at the prompt, not echoed. With no terminal and nothing on
    standard input (a script, a scheduled task), one line says how to give it instead."""
    with warnings.catch_warnings():
        # getpass prints its own line when it cannot hide what is typed; its Python warning
        # would add a second one naming its source file.
        warnings.simplefilter("ignore", getpass.GetPassWarning)
        try:
            return getpass.getpass(prompt)
        except EOFError:
            print(file=sys.stderr)  # end the prompt's line
            raise UsageError(
                f"Nothing was typed at the prompt: run it where you can type, or set {variable}."
            ) from None


def ask_new_password(user: str, env_names: Sequence[str]) -> str:
    """A new password from the first set variable, or asked twice; checked against the rules."""
    for name in env_names:
        value = os.environ.get(name)
        if value is not None:
            return check_new_password(value, user)
    for _attempt in range(3):
        first = ask_secret(f"New password for {user} (at least 15 characters): ", env_names[0])
        try:
            check_new_password(first, user)
        except PasswordRejected as exc:
            print(exc, file=sys.stderr)
            continue
        if ask_secret("Type it again: ", env_names[0]) != first:
            print("The two passwords differ; try again.", file=sys.stderr)
            continue
        return first
    raise PasswordRejected("No acceptable password was given; nothing was changed.")


def open_vault(args: argparse.Namespace) -> Vault:
    """Unlock the vault for a command, from --user/NAVIGATOR_USER and the password."""
    user = signed_in_user(args)
    vault = Vault.unlock(data_dir_of(args), user, ask_password(f"Password for {user}: "))
    warn_about_slots(vault)
    return vault


def warn_about_slots(vault: Vault) -> None:
    for slot in vault.slot_problems:
        print(
            f"navigator: warning: {slot} in keyslots.json was altered outside Navigator (its "
            "public key is not the one Navigator wrote). It will not be given a new key; "
            "remove that user and add them again.",
            file=sys.stderr,
        )


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
        name = vault.add_user(args.name, password, role=args.role)
    print(f"Added the user {name} ({args.role}).")
    return 0


def cmd_users_passwd(args: argparse.Namespace) -> int:
    if args.recovery:
        user = signed_in_user(args)
        key = os.environ.get("NAVIGATOR_RECOVERY_KEY") or ask_secret(
            "Recovery key: ", "NAVIGATOR_RECOVERY_KEY"
        )
        vault = Vault.unlock_with_recovery_key(data_dir_of(args), key)
        warn_about_slots(vault)
    else:
        vault = open_vault(args)
        user = vault.user
    with vault:
        vault.change_password(user, ask_new_password(user, ["NAVIGATOR_NEW_PASSWORD"]))
    print(f"Changed the password of {user}.")
    return 0


def cmd_users_remove(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        try:
            left_out = vault.remove_user(args.name, rekey=args.rekey)
        except KeyboardInterrupt:
            # Each step keeps the vault openable; the slot goes last. Whether the database took
            # its new key before the interrupt, the next sign-in finishes or undoes that step.
            return _fail(
                f"interrupted before the removal finished. If `navigator users list` still "
                f"shows {args.name}, run the same command again.",
                EXIT_INTERRUPTED,
            )
    print(
        f"Removed the user {args.name}" + (" and re-encrypted the database." if args.rekey else ".")
    )
    _warn_left_out(left_out)
    return 0


def cmd_users_rekey(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        left_out = vault.rekey()
    print("Re-encrypted the database with a new key; every user keeps their password.")
    _warn_left_out(left_out)
    return 0


def _warn_left_out(left_out: list[str]) -> None:
    for slot in left_out:
        print(
            f"navigator: {slot} had been altered outside Navigator, so it was not given the "
            "new key and was removed; add that user again.",
            file=sys.stderr,
        )


def cmd_users_list(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        users = vault.users()
        roles = vault.user_roles()
    if args.json:
        print_json({"users": users, "roles": {user: roles[user] for user in users}})
    else:
        width = max(map(len, users), default=0)
        for user in users:
            print(f"{user:<{width}}  {ROLE_LABELS[roles[user]].lower()}")
    return 0


def open_session(args: argparse.Namespace) -> Session:
    return Session(open_vault(args))


def cmd_import(args: argparse.Namespace) -> int:
    from navigator.directory.store import ImportCancelled

    session = open_session(args)
    if args.dry_run:
        try:
            plan = session.preview_import(list(args.paths), _log_progress, source=args.source)
        finally:
            session.lock()
        if args.json:
            print_json({**plan.report.to_dict(), "dry_run": True})
        else:
            print(plan.diff.to_text())
            print("Dry run: nothing was changed.")
        return 0
    guard = ImportInterruption()
    try:
        with guard:
            report = session.import_paths(
                list(args.paths),
                progress=_log_progress,
                cancelled=guard.asked,
                saved=guard.mark_saved,
                source=args.source,
            )
    except ImportCancelled:
        return _fail(
            "interrupted; the import was rolled back and the directory was not changed.",
            EXIT_INTERRUPTED,
        )
    except KeyboardInterrupt:
        saved: ImportReport | None = guard.saved
        if saved is None:
            return _fail(
                "interrupted before anything was saved; the directory was not changed.",
                EXIT_INTERRUPTED,
            )
        return _fail(
            f"interrupted after the import was saved ({saved.to_text().splitlines()[0]}); "
            "the search index will be rebuilt at the next search.",
            EXIT_INTERRUPTED,
        )
    finally:
        session.lock()
    if guard.interrupted:
        print(
            "navigator: the interrupt came after the import had been saved; it is complete.",
            file=sys.stderr,
        )
    if args.json:
        print_json(report.to_dict())
    else:
        print(report.to_text())
    return 0


def _path_or_url(text: str) -> Any:
    from navigator.directory.hsds.api import is_url

    return text if is_url(text) else Path(text)


def cmd_export(args: argparse.Namespace) -> int:
    from navigator.directory.export import export_directory

    session = open_session(args)
    try:
        count = export_directory(session.directory, args.out, args.format)
    finally:
        session.lock()
    print(f"Wrote {count:,} services to {args.out}.")
    return 0


def cmd_duplicates(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from navigator.directory.duplicates import find_duplicates, merge

    session = open_session(args)
    try:
        if args.merge:
            session.vault.require_admin("merge services")
            merge(session.directory, *args.merge)
            session.search_engine().rebuild()
            print(f"Merged {args.merge[1]} into {args.merge[0]}; both ids lead to it.")
            return 0
        pairs = find_duplicates(session.directory)
    finally:
        session.lock()
    if args.json:
        print_json({"duplicates": [asdict(p) for p in pairs]})
        return 0
    for p in pairs:
        print(f"{p.name}: {p.keep} ({p.sources[0]}) = {p.other} ({p.sources[1]}), {p.because}")
    print(
        f"{len(pairs)} possible duplicates." + (" Merge with --merge KEEP OTHER." if pairs else "")
    )
    return 0


class ImportInterruption:
    """What Ctrl-C means while `navigator import` runs, so that what it reports is what happened.

    Reading the packages writes nothing, so Ctrl-C stops it at once. Once the import has asked
    whether to stop (it is about to write, or writing, in one transaction on the vault's
    thread), Ctrl-C only asks it to stop: it rolls back at its next check and says so, or, if
    it committed first, the report says it is complete. After the commit, Ctrl-C stops the index
    rebuild, which the next search redoes.
    """

    def __init__(self) -> None:
        self._stop = threading.Event()
        self._writing = False
        self.saved: ImportReport | None = None
        self._previous: Any = None

    @property
    def interrupted(self) -> bool:
        return self._stop.is_set()

    def asked(self) -> bool:
        self._writing = True
        return self._stop.is_set()

    def mark_saved(self, report: ImportReport) -> None:
        self.saved = report
        self._writing = False

    def _on_interrupt(self, _signum: int, _frame: object) -> None:
        if not self._writing:
            raise KeyboardInterrupt
        if not self._stop.is_set():
            print(
                "navigator: stopping the import; it will be rolled back unless it has just "
                "been saved...",
                file=sys.stderr,
            )
        self._stop.set()

    def __enter__(self) -> ImportInterruption:
        if threading.current_thread() is threading.main_thread():
            self._previous = signal.signal(signal.SIGINT, self._on_interrupt)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)


def _log_progress(text: str, fraction: float) -> None:
    log.info("%s (%.0f%%)", text, fraction * 100)


def cmd_search(args: argparse.Namespace) -> int:
    if args.within is not None and not args.zip:
        raise UsageError("--within needs --zip (distance is measured from a ZIP code).")
    if args.limit < 1:
        raise UsageError("--limit must be 1 or more.")
    texts = read_queries(args.queries) if args.queries is not None else [args.query]
    queries = [
        SearchQuery(
            text=text,
            zip=args.zip,
            within_miles=args.within,
            category=args.category,
            language=args.language,
            open_now=args.open_now,
            at=args.at,
            free=args.free,
            limit=args.limit,
        )
        for text in texts
    ]
    session = open_session(args)
    try:
        if session.directory.count() == 0:
            # stderr: stdout stays the results (none), which a script may read
            print(f"navigator: {EMPTY_DIRECTORY}", file=sys.stderr)
        for number, query in enumerate(queries):
            results = session.search(query)
            _tell_index_notice(session)
            sources = session.directory.sources([hit.id for hit in results.hits])
            document = results.to_json_dict()
            for hit in document["results"]:
                hit["source"] = sources.get(hit["id"], "")
            if args.json and args.queries is not None:
                # JSON Lines: a script reads one search per line, as each one finishes.
                document = {**document, "query": query.text}
                print(json.dumps(document, ensure_ascii=False), flush=True)
            elif args.json:
                print_json(document)
            else:
                if args.queries is not None:
                    print(f"\n== {query.text}" if number else f"== {query.text}")
                print_results(results, sources)
    finally:
        session.lock()
    return 0


def cmd_reindex(args: argparse.Namespace) -> int:
    session = open_session(args)
    try:
        count = session.reindex(progress=_log_progress)
    finally:
        session.lock()
    print(f"The search index was rebuilt: {count} services.")
    return 0


EMPTY_DIRECTORY = (
    f"The directory is empty: import one with `navigator import FILE` (the demo directory is "
    f"{DEMO_PATH})."
)


def _tell_index_notice(session: Session) -> None:
    """One line on stderr when the search index had to be repaired (stdout stays results)."""
    notice = session.search_engine().take_notice()
    if notice:
        print(f"navigator: {notice}", file=sys.stderr)


def read_queries(path: Path) -> list[str]:
    """The queries of `search --queries FILE`: a JSON list of strings, or one per line."""
    text = sys.stdin.read() if str(path) == "-" else read_text_file(path)
    if text.lstrip().startswith("["):
        data = parse_json(text, path)
        if not isinstance(data, list) or not all(isinstance(q, str) for q in data):
            raise BadInput(f"{path} should hold a JSON list of strings, one per query.")
        lines = data
    else:
        lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    queries = [line.strip() for line in lines if line.strip()]
    if not queries:
        raise BadInput(f"{path} holds no query.")
    return queries


def print_results(results: SearchResults, sources: dict[str, str] | None = None) -> None:
    if results.suggestion:
        print(f"Showing results for: {results.suggestion}")
    if results.note:
        print(results.note)
    print(f"{results.total} services")
    for hit in results.hits:
        distance = f" · {hit.distance_miles} mi" if hit.distance_miles is not None else ""
        stale = " · not checked in 12 months" if hit.stale else ""
        organization = f" ({hit.organization})" if hit.organization else ""
        source = f" · from {sources[hit.id]}" if sources and sources.get(hit.id) else ""
        print(f"\n{hit.name}{organization} [{hit.id}]{distance}{stale}{source}")
        print(f"  {hit.status_line}" + (f" · {hit.phones[0]}" if hit.phones else ""))
        if hit.address:
            print(f"  {hit.address}")
        print(f"  {hit.eligibility}")


def read_text_file(path: Path) -> str:
    try:
        # utf-8-sig: Notepad and Excel start UTF-8 files with a byte-order mark.
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise BadInput(f"{path} does not exist.") from None
    except UnicodeDecodeError as exc:
        raise BadInput(
            f"{path} is not saved as UTF-8 (byte {exc.start} cannot be read). "
            "Save it again choosing the UTF-8 encoding."
        ) from None
    except OSError as exc:
        raise BadInput(f"{path} cannot be read: {exc}.") from None


def parse_json(text: str, path: Path) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise BadInput(
            f"{path} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})."
        ) from None
    except ValueError:  # a number longer than Python will convert (thousands of digits)
        raise BadInput(f"{path} holds a number too long to be real; check the file.") from None
    except RecursionError:
        raise BadInput(f"{path} is nested too deeply to be a Navigator file.") from None


def read_json_file(path: Path) -> Any:
    return parse_json(read_text_file(path), path)


def load_profile(session: Session, path: Path) -> tuple[Profile, int | None]:
    """A profile from PROFILE.json, or a stored patient's when it says {"patient_id": N}."""
    from navigator.care.patients import PatientRecords
    from navigator.care.profile import Profile

    data = read_json_file(path)
    if isinstance(data, dict) and set(data) == {"patient_id"}:
        patient_id = _patient_id(data["patient_id"])
        patient = PatientRecords(session.vault).get(patient_id)
        if patient is None:
            raise BadInput(f"There is no patient {patient_id}.")
        return patient.profile(), patient.id
    return Profile.from_dict(data), None


def _patient_id(value: object) -> int:
    """A patient id as PROFILE.json gives it: a whole number (or its digits in quotes).

    1.5 is refused rather than rounded: opening patient 1 for a typo would show the wrong
    person's record.
    """
    if isinstance(value, str) and re.fullmatch(r"\s*[0-9]{1,18}\s*", value):
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 2**63:
        raise BadInput('patient_id must be a patient\'s number, such as {"patient_id": 12}.')
    return value


def cmd_match(args: argparse.Namespace) -> int:
    from navigator.care.matching import match

    session = open_session(args)
    try:
        profile, patient_id = load_profile(session, args.profile)
        result = match(
            profile,
            session.search_engine(),
            session.directory,
            at=args.at,
            limit=args.limit,
            fpl_year=session.fpl_year(),
        )
        if patient_id is not None:
            session.record_match(patient_id, result)
        _tell_index_notice(session)
    finally:
        session.lock()
    if args.json:
        print_json(result.to_dict())
        return 0
    if result.fpl_percent is not None:
        print(f"Household income: {result.fpl_percent}% of the {result.fpl_year} poverty guideline")
    for need in result.needs:
        print(f"\n== {need} ==")
        for m in result.for_need(need):
            print(f"{m.name} [{m.id}] score {m.score:.1f}")
            for reason in m.reasons:
                print(f"    + {reason}")
            for check in m.checks:
                print(f"    ? {check}")
        excluded = [e for e in result.excluded if e.need == need]
        if excluded:
            print(f"  ({len(excluded)} excluded; --json lists why)")
    return 0


def cmd_handout(args: argparse.Namespace) -> int:
    from navigator.settings import CLINIC_NAME, CLINIC_PHONE, Settings

    if args.out.suffix.lower() != ".pdf":
        raise UsageError("--out should name a .pdf file.")
    if not args.out.parent.is_dir():
        raise BadInput(f"The folder {args.out.parent} does not exist.")
    session = open_session(args)
    try:
        profile, patient_id = load_profile(session, args.profile)
        language = args.language or (profile.language if profile.language in ("en", "es") else "en")
        pdf, discreet = session.make_handout(
            profile,
            args.services,
            patient_id=patient_id,
            language=language,
            large_print=args.large_print,
            follow_up=args.follow_up,
            discreet=args.discreet,
        )
        session.record_handout(
            patient_id,
            "saved",
            args.services,
            language,
            pdf=pdf,
            follow_up=args.follow_up,
            referral_status=None if args.refer == "none" else args.refer,
        )
    finally:
        session.lock()
    try:
        write_private_file(args.out, pdf)  # 0600: the patient's name is inside
    except OSError as exc:
        raise BadInput(f"Could not write {args.out}: {exc.strerror}.") from None
    settings = Settings(data_dir_of(args))
    for option, example in (
        (CLINIC_NAME, "Pine River Family Clinic"),
        (CLINIC_PHONE, "(231) 555-0100"),
    ):
        if not settings.get(option):
            # The handout leaves the line out rather than print a placeholder: say how to fill it.
            words = option.key.replace("_", " ")
            print(
                f"navigator: note: no {words} is set, so the handout has none; "
                f'set it with `navigator settings set {option.key} "{example}"`.',
                file=sys.stderr,
            )
    note = " (discreet: safety services by phone only)" if discreet else ""
    print(f"Wrote {args.out}{note}.")
    return 0


def cmd_safe_name(args: argparse.Namespace) -> int:
    from navigator.directory.local_text import SAFE_NAME

    if args.clear and args.name:
        raise UsageError("Give a NAME or --clear, not both.")
    session = open_session(args)
    try:
        if args.name is None and not args.clear:
            if session.service(args.service) is None:
                raise BadInput(f"No service with id {args.service}.")
            names = session.local_text.get_many([args.service], SAFE_NAME)
            print(names.get(args.service) or "(none: a discreet handout says “Support line”)")
            return 0
        session.set_safe_name(args.service, "" if args.clear else args.name)
    finally:
        session.lock()
    print("Safe name removed." if args.clear else f"Safe name saved: {' '.join(args.name.split())}")
    return 0


def cmd_patients_add(args: argparse.Namespace) -> int:
    from navigator.care.patients import Patient, PatientRecords

    patient = Patient.from_dict(read_json_file(args.file))
    with open_vault(args) as vault:
        records = PatientRecords(vault)
        duplicates = records.likely_duplicates(patient) if patient.birth_date else []
        if duplicates and not args.force:
            ids = ", ".join(str(p.id) for p in duplicates)
            raise BadInput(
                f"A patient with the same date of birth and a similar name exists (id {ids}). "
                "Open that record, or add with --force if this is someone else."
            )
        saved = records.create(patient)
    if args.json:
        print_json({"id": saved.id})
    else:
        print(f"Added patient {saved.id}.")
    return 0


def cmd_patients_show(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from navigator.care.patients import PatientRecords

    with open_vault(args) as vault:
        patient = PatientRecords(vault).get(args.patient_id)
    if patient is None:
        raise BadInput(f"There is no patient {args.patient_id}.")
    print_json(asdict(patient))
    return 0


def cmd_patients_find(args: argparse.Namespace) -> int:
    from navigator.care.patients import PatientRecords

    name = patient_name_to_find(args.name)
    with open_vault(args) as vault:
        found = PatientRecords(vault).search(name)
    rows = [{"id": p.id, "name": p.name, "birth_date": p.birth_date} for p in found]
    if args.json:
        print_json({"patients": rows})
    else:
        for row in rows:
            print(f"{row['id']}\t{row['name']}\t{row['birth_date'] or ''}")
    return 0


def patient_name_to_find(given: str | None) -> str:
    """NAME from the command line, else the first line of standard input, else a prompt."""
    if given is not None and given != "-":
        return given
    if sys.stdin is None:
        return ""
    if sys.stdin.isatty():
        return input("Patient's name (Enter for the most recent patients): ")
    return sys.stdin.readline(1000).strip()


def cmd_patients_screen(args: argparse.Namespace) -> int:
    from navigator.care.patients import PatientRecords
    from navigator.care.screening import Screening, load_questionnaire

    answers = read_json_file(args.answers)
    if not isinstance(answers, dict):
        raise BadInput("The answers file must be a JSON object: {question id: answer}.")
    questionnaire = load_questionnaire()
    try:
        screening = Screening.record(questionnaire, answers, language=args.language)
    except ValueError as exc:
        raise BadInput(str(exc)) from None
    with open_vault(args) as vault:
        records = PatientRecords(vault)
        patient = records.get(args.patient_id)
        if patient is None:
            raise BadInput(f"There is no patient {args.patient_id}.")
        records.add_screening(args.patient_id, screening)
        patient.needs = list(screening.result.needs)
        records.update(patient)
    result = screening.result
    if args.json:
        print_json(result.to_dict())
    else:
        print("Needs: " + (", ".join(result.needs) or "none"))
        for code, title in result.z_codes:
            print(f"  {code} {title}")
    return 0


def cmd_settings_show(args: argparse.Namespace) -> int:
    from navigator.settings import OPTIONS, Settings

    settings = Settings(data_dir_of(args))
    for option in OPTIONS:
        print(f"{option.key} = {settings.get(option)!r}    # {option.label}")
    return 0


def cmd_settings_set(args: argparse.Namespace) -> int:
    from navigator.settings import OPTIONS, Settings

    option = next((o for o in OPTIONS if o.key == args.key), None)
    if option is None and args.key != "coordinator_phone":
        known = ", ".join([o.key for o in OPTIONS] + ["coordinator_phone"])
        raise UsageError(f"There is no setting {args.key!r}; known: {known}.")
    # Settings live outside the vault, but what they say reaches patients (the clinic phone
    # on every handout): only someone who can sign in may change them, and only an admin what
    # holds for the whole clinic.
    vault = open_vault(args)
    try:
        if option is not None and option.clinic_wide:
            vault.require_admin(f"change the clinic's {option.key.replace('_', ' ')}")
    finally:
        vault.lock()
    settings = Settings(data_dir_of(args))
    if option is None:
        settings.set_coordinator_phone(signed_in_user(args), args.value)
        return 0
    value: object = args.value
    if isinstance(option.default, bool):
        value = args.value.lower() in ("1", "yes", "true", "on")
    elif isinstance(option.default, int):
        try:
            value = int(args.value)
        except ValueError:
            raise UsageError(f"{args.key} takes a whole number.") from None
    try:
        settings.set(option, value)
    except ValueError as exc:
        raise UsageError(f"{args.key}: {exc}.") from None
    return 0


def cmd_categories(args: argparse.Namespace) -> int:
    from navigator.directory.categories import CategoryTree

    tree = CategoryTree.load()
    rows = [
        {"slug": c.slug, "name": tree.name(c.slug, "en"), "parent": c.parent} for c in tree.all()
    ]
    if args.json:
        print_json({"categories": rows})
    else:
        for row in rows:
            print(("  " if row["parent"] else "") + f"{row['slug']}: {row['name']}")
    return 0


def cmd_screenshot(args: argparse.Namespace) -> int:
    # The UI renders offscreen into a throwaway demo vault; the real vault is never opened.
    from navigator.ui.screenshots import render_screenshots

    args.out_dir.mkdir(parents=True, exist_ok=True)
    for path in render_screenshots(args.out_dir, data_dir_of(args)):
        print(path)
    return 0


# The X11 libraries Qt 6's xcb platform plugin loads, and the Debian/Ubuntu packages that hold
# them. Qt's own message names only the first it thinks of, and then aborts.
QT_X11_LIBRARIES = {
    "xcb-cursor": "libxcb-cursor0",
    "xcb-icccm": "libxcb-icccm4",
    "xcb-image": "libxcb-image0",
    "xcb-keysyms": "libxcb-keysyms1",
    "xcb-randr": "libxcb-randr0",
    "xcb-render-util": "libxcb-render-util0",
    "xcb-shape": "libxcb-shape0",
    "xcb-xkb": "libxcb-xkb1",
    "xkbcommon-x11": "libxkbcommon-x11-0",
}


def display_problem() -> str | None:
    """Why the window cannot open on this Linux desktop, said before Qt aborts with a riddle.

    Qt 6 kills the process when its X11 plugin cannot load (no display, or X11 libraries that
    minimal Debian and Ubuntu installs lack); nothing after that can be caught.
    """
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM", "xcb") != "xcb":
        return None
    if os.environ.get("WAYLAND_DISPLAY"):
        return None
    if not os.environ.get("DISPLAY"):
        return (
            "There is no display to open the window on. Start Navigator from the desktop, "
            "or set QT_QPA_PLATFORM=offscreen for a check without a screen."
        )
    import ctypes.util

    missing = [
        package
        for library, package in QT_X11_LIBRARIES.items()
        if ctypes.util.find_library(library) is None
    ]
    if missing:
        return (
            f"The window needs system libraries that are not installed ({', '.join(missing)}). "
            f"Install them, for example with: sudo apt-get install {' '.join(missing)}"
        )
    return None


def cmd_gui(args: argparse.Namespace) -> int:
    problem = display_problem()
    if problem:
        raise NavigatorError(problem)
    # Imported here so every other command runs without Qt installed or a display.
    from navigator.ui.app import run_app

    return run_app(
        given_data_dir(args),  # the window says itself when it cannot use the folder
        user=getattr(args, "user", None),
        quit_after_ms=getattr(args, "quit_after", None),
    )


__all__ = ["RECOVERY_USER", "main"]
