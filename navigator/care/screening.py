"""The social-needs screening: load the clinic-editable questionnaire and score a patient's answers.

The questions live in `forms/screening/*.toml` so a clinic can reword, translate or extend them
without code. Because a clinic edits that file by hand, loading checks it thoroughly and names
the line to fix: a misspelt need or a missing Spanish text must stop the app at start-up, not
surface halfway through a call.

Run `python -m navigator.care.screening [FILE]` to check an edited file without the app.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import sys
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Final, TypeAlias

from navigator.care.profile import NEEDS
from navigator.languages import language_name
from navigator.paths import FORMS_DIR

log = logging.getLogger("navigator.care.screening")

# The needs matching understands (navigator.care.profile.NEEDS). A clinic cannot add one in the
# form alone: each must map to service categories in the matcher first.

# Every text must exist in each of these: the coordinator may switch language mid-call.
LANGUAGES: Final[tuple[str, ...]] = ("en", "es")

QUESTION_TYPES: Final[tuple[str, ...]] = ("single", "multi", "scale")
SCALE_VALUES: Final[tuple[str, ...]] = ("1", "2", "3", "4", "5")
DECLINED: Final = "declined"  # the value of every question's "Prefer not to answer"
SAFETY_SCALE: Final = "safety"

# An answer as the UI hands it over: one value, several values (multi), a 1-5 score, or none.
Answer: TypeAlias = str | list[str] | int | None

_ID = re.compile(r"^[A-Za-z0-9_-]+$")
_Z_CODE = re.compile(r"^Z\d\d(\.[0-9A-Z]{1,4})?$")
_LOINC = re.compile(r"^\d{1,7}-\d$")
_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


def _forms_dir() -> Path:
    return FORMS_DIR


SHIPPED_QUESTIONNAIRE: Final[Path] = _forms_dir() / "screening" / "ahc-hrsn.toml"


class QuestionnaireError(Exception):
    """A questionnaire file that cannot be used; the message names the file, line and fix."""

    def __init__(self, message: str, problems: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.problems: list[str] = list(problems) or [message]


# --- The questionnaire ------------------------------------------------------------------------


@dataclass(frozen=True)
class Option:
    """One answer a patient can give. `needs` and `z_codes` are what choosing it makes positive."""

    value: str
    label: Mapping[str, str]
    needs: tuple[str, ...] = ()
    z_codes: tuple[str, ...] = ()
    key: int | None = None  # the number key that picks it in the phone view
    exclusive: bool = False  # in a multi question, cannot be combined with other answers

    @property
    def declines(self) -> bool:
        return self.value == DECLINED


@dataclass(frozen=True)
class Question:
    id: str
    section: str
    type: str  # single, multi or scale
    text: Mapping[str, str]
    summary: Mapping[str, str]  # a short phrase for explanations: "worried food would run out"
    options: tuple[Option, ...]
    loinc: str | None = None
    core: bool = False  # official AHC wording: keep it as published

    def option(self, value: str) -> Option | None:
        return next((option for option in self.options if option.value == value), None)


@dataclass(frozen=True)
class Section:
    id: str
    title: Mapping[str, str]
    intro: Mapping[str, str]  # read aloud before the section's first question
    question_ids: tuple[str, ...]


@dataclass(frozen=True)
class Scale:
    """Questions that count only as a total, like the four safety items (positive at 11+)."""

    id: str
    question_ids: tuple[str, ...]
    positive_at: int
    needs: tuple[str, ...]
    z_codes: tuple[str, ...]
    explain: Mapping[str, str]  # with {total} and {positive_at} to fill in
    loinc: str | None = None


@dataclass(frozen=True, eq=False)
class Questionnaire:
    id: str
    version: str
    title: Mapping[str, str]
    path: Path
    sections: tuple[Section, ...]
    questions: tuple[Question, ...]
    scales: tuple[Scale, ...]
    need_labels: Mapping[str, Mapping[str, str]]
    z_code_titles: Mapping[str, str]
    sensitive_needs: tuple[str, ...]
    _by_id: Mapping[str, Question] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {question.id: question for question in self.questions})

    def question(self, question_id: str) -> Question:
        try:
            return self._by_id[question_id]
        except KeyError:
            raise KeyError(f'no question "{question_id}" in questionnaire "{self.id}"') from None

    def text(self, question_id: str, language: str = "en") -> str:
        """The question as read aloud in `language` ("en" or "es")."""
        _check_language(language)
        return self.question(question_id).text[language]

    def section_questions(self, section_id: str) -> list[Question]:
        return [question for question in self.questions if question.section == section_id]

    def need_label(self, need: str, language: str = "en") -> str:
        _check_language(language)
        return self.need_labels[need][language]

    @property
    def need_order(self) -> list[str]:
        """Needs in the order the questionnaire first reaches them; results list needs this way."""
        return _first_seen(need for group in self._outcome_order() for need in group[0])

    @property
    def z_code_order(self) -> list[str]:
        return _first_seen(code for group in self._outcome_order() for code in group[1])

    def _outcome_order(self) -> list[tuple[Sequence[str], Sequence[str]]]:
        # A scale counts where its first question is asked.
        scale_at = {scale.question_ids[0]: scale for scale in self.scales if scale.question_ids}
        order: list[tuple[Sequence[str], Sequence[str]]] = []
        for question in self.questions:
            if question.id in scale_at:
                scale = scale_at[question.id]
                order.append((scale.needs, scale.z_codes))
            order.extend((option.needs, option.z_codes) for option in question.options)
        return order


def _first_seen(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _check_language(language: str) -> None:
    if language not in LANGUAGES:
        raise ValueError(f'unknown language "{language}": use one of {", ".join(LANGUAGES)}')


# --- Loading ----------------------------------------------------------------------------------


def load_questionnaire(path: Path | None = None) -> Questionnaire:
    """Read and check a questionnaire file; by default the one the app ships.

    Raises QuestionnaireError listing every problem found, each with its file and line.
    """
    path = SHIPPED_QUESTIONNAIRE if path is None else Path(path)
    try:
        raw_bytes = path.read_bytes()
    except FileNotFoundError:
        raise QuestionnaireError(
            f"{path}: the screening questionnaire file is missing. Put the file back, or "
            "choose another questionnaire file."
        ) from None
    except OSError as exc:
        raise QuestionnaireError(
            f"{path}: the screening questionnaire could not be read ({exc.strerror}). "
            "Check that the file is not open in another program and that you may read it."
        ) from None
    try:
        raw = raw_bytes.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw_bytes[: exc.start].count(b"\n") + 1
        raise QuestionnaireError(
            f"{path}, line {line}: the file is not saved as UTF-8, so accented letters "
            "cannot be read. Save it again choosing the UTF-8 encoding."
        ) from None
    # Windows editors may start a UTF-8 file with a byte-order mark, which TOML rejects.
    raw = raw.removeprefix("\ufeff")
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        raise QuestionnaireError(_syntax_message(path, raw, exc)) from None
    questionnaire = _Builder(path, raw, data).build()
    log.debug(
        "loaded questionnaire %s version %s: %d questions",
        questionnaire.id,
        questionnaire.version,
        len(questionnaire.questions),
    )
    return questionnaire


def _syntax_message(path: Path, raw: str, exc: tomllib.TOMLDecodeError) -> str:
    detail = str(exc)
    match = _TOML_POSITION.search(detail)
    if match:
        line, column = int(match[1]), int(match[2])
        where = f"line {line}, column {column}"
        detail = detail[: match.start()].strip()
    else:
        # tomllib reports some errors (a key given twice) only "at end of document".
        where = f"line {raw.count(chr(10)) + 1}"
        detail = _TOML_POSITION.sub("", detail).replace("(at end of document)", "").strip()
    return (
        f"{path}, {where}: this is not valid TOML ({detail}). Look for a missing quote, "
        "bracket or '=' on that line or the line before it, or a name written twice."
    )


class _Lines:
    """Finds where things are in the raw text, so a problem can name its line.

    tomllib returns plain dicts without positions, so this relies on the layout the shipped
    file uses: `[[questions]]` blocks with `[[questions.options]]` under them. When a clinic
    writes the file another way the line found is the nearest one we can justify.
    """

    _HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")

    def __init__(self, raw: str) -> None:
        self.lines = raw.splitlines()
        self.headers: list[tuple[int, str]] = []
        for index, line in enumerate(self.lines):
            match = self._HEADER.match(line)
            if match:
                self.headers.append((index, re.sub(r"\s+", "", match[2])))

    def blocks(self, name: str) -> list[tuple[int, int]]:
        """(start, end) line indexes of each `[[name]]` table, sub-tables included."""
        found: list[tuple[int, int]] = []
        for position, (start, header) in enumerate(self.headers):
            if header != name:
                continue
            end = len(self.lines)
            for later, later_header in self.headers[position + 1 :]:
                if not later_header.startswith(name + "."):
                    end = later
                    break
            found.append((start, end))
        return found

    def table(self, name: str) -> tuple[int, int] | None:
        """(start, end) line indexes of a plain `[name]` table."""
        for position, (start, header) in enumerate(self.headers):
            if header == name:
                later = self.headers[position + 1 : position + 2]
                return start, (later[0][0] if later else len(self.lines))
        return None

    def block(self, name: str, index: int, count: int) -> tuple[int, int] | None:
        """The index-th `[[name]]` block, if the file has one header per parsed table."""
        blocks = self.blocks(name)
        return blocks[index] if len(blocks) == count and index < len(blocks) else None

    def sub_block(self, within: tuple[int, int], name: str, index: int) -> tuple[int, int] | None:
        start, end = within
        inside = [(line, header) for line, header in self.headers if start < line < end and header]
        subs = [line for line, header in inside if header == name]
        if index >= len(subs):
            return None
        sub_start = subs[index]
        later = [line for line, _ in inside if line > sub_start]
        return sub_start, (later[0] if later else end)

    def key(self, within: tuple[int, int] | None, *keys: str) -> int | None:
        """The line number (1-based) of the first of `keys` assigned within the range."""
        start, end = within if within else (0, len(self.lines))
        for key in keys:
            pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
            for index in range(start, end):
                if pattern.match(self.lines[index]):
                    return index + 1
        return None

    def text(self, within: tuple[int, int] | None, needle: str) -> int | None:
        start, end = within if within else (0, len(self.lines))
        for index in range(start, end):
            if needle in self.lines[index].split("#", 1)[0]:
                return index + 1
        return None

    def assignment(self, key: str, value: str) -> int | None:
        """The line of `key = "value"` anywhere: the fallback when blocks cannot be matched."""
        pattern = re.compile(rf"^\s*{re.escape(key)}\s*=\s*[\"']{re.escape(value)}[\"']")
        return next(
            (index + 1 for index, line in enumerate(self.lines) if pattern.match(line)), None
        )


class _Builder:
    """Turns parsed TOML into a Questionnaire, collecting every problem rather than the first."""

    def __init__(self, path: Path, raw: str, data: dict[str, Any]) -> None:
        self.path = path
        self.data = data
        self.lines = _Lines(raw)
        self.problems: list[str] = []
        # Every question id and type as written, even for questions that had problems, so a
        # scale naming a broken question is not reported a second time.
        self.written_types: dict[str, Any] = {}

    def problem(self, line: int | None, message: str) -> None:
        where = f"line {line}" if line else "line 1"
        self.problems.append(f"{self.path}, {where}: {message}")

    # -- helpers

    def localized(
        self,
        value: Any,
        what: str,
        key: str,
        within: tuple[int, int] | None,
        fallback_line: int | None,
    ) -> dict[str, str]:
        """A {language: text} table with non-empty text in every language, or a problem."""
        table = value if isinstance(value, dict) else {}
        result: dict[str, str] = {}
        for language in LANGUAGES:
            text = table.get(language)
            if isinstance(text, str) and text.strip():
                result[language] = text.strip()
                continue
            line = self.lines.key(within, f"{key}.{language}", f"{key}.en", key) or fallback_line
            name = language_name(language)
            self.problem(
                line,
                f'{what} has no {name} text. Add a line {key}.{language} = "..." with the '
                f"{name} wording.",
            )
        return result

    def string_list(self, value: Any, what: str, line: int | None) -> list[str]:
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            self.problem(line, f'{what} must be a list in brackets, like ["food"].')
            return []
        return value

    def check_needs(self, needs: list[str], what: str, within: tuple[int, int] | None) -> None:
        for need in needs:
            if need not in NEEDS:
                self.problem(
                    self.lines.text(within, f'"{need}"') or self.lines.key(within, "needs"),
                    f'{what} names an unknown need "{need}". Use one of: {", ".join(NEEDS)}.',
                )

    def check_z_codes(
        self, codes: list[str], titles: Mapping[str, str], what: str, within: tuple[int, int] | None
    ) -> None:
        for code in codes:
            if code not in titles:
                self.problem(
                    self.lines.text(within, f'"{code}"') or self.lines.key(within, "z_codes"),
                    f'{what} suggests Z code "{code}", which is not in the [z_codes] list. Add '
                    f'it there with its official title ("{code}" = "...") or correct the code.',
                )

    # -- the file

    def build(self) -> Questionnaire:
        data = self.data
        identity: dict[str, str] = {}
        for key in ("id", "version"):
            value = data.get(key)
            if isinstance(value, str) and value.strip():
                identity[key] = value.strip()
            else:
                self.problem(
                    self.lines.key(None, key),
                    f'the file needs a {key} at the top, written in quotes: {key} = "..."',
                )
        title = self.localized(data.get("title"), "the questionnaire title", "title", None, 1)
        need_labels = self.build_need_labels()
        z_code_titles = self.build_z_codes()
        sections = self.build_sections()
        questions = self.build_questions({section["id"] for section in sections}, z_code_titles)
        scales = self.build_scales(questions, z_code_titles)
        sensitive = self.string_list(
            data.get("sensitive_needs"), "sensitive_needs", self.lines.key(None, "sensitive_needs")
        )
        self.check_needs(sensitive, "sensitive_needs", None)
        self.check_labels_cover_needs(questions, scales, need_labels)

        if self.problems:
            count = len(self.problems)
            heading = (
                f"{self.path} has {count} problem{'s' if count > 1 else ''} to fix before it "
                "can be used:"
            )
            raise QuestionnaireError("\n".join([heading, *self.problems]), self.problems)

        section_objects = tuple(
            Section(
                id=section["id"],
                title=section["title"],
                intro=section["intro"],
                question_ids=tuple(q.id for q in questions if q.section == section["id"]),
            )
            for section in sections
        )
        return Questionnaire(
            id=identity["id"],
            version=identity["version"],
            title=title,
            path=self.path,
            sections=section_objects,
            questions=tuple(questions),
            scales=tuple(scales),
            need_labels=need_labels,
            z_code_titles=z_code_titles,
            sensitive_needs=tuple(sensitive),
        )

    def build_need_labels(self) -> dict[str, dict[str, str]]:
        table = self.data.get("needs")
        within = self.lines.table("needs")
        header = within[0] + 1 if within else None
        if not isinstance(table, dict):
            self.problem(
                header, "the file needs a [needs] table naming each need in English and Spanish."
            )
            return {}
        labels: dict[str, dict[str, str]] = {}
        for need, value in table.items():
            line = self.lines.key(within, need) or header
            if need not in NEEDS:
                self.problem(
                    line,
                    f'[needs] lists an unknown need "{need}". Use one of: {", ".join(NEEDS)}.',
                )
                continue
            labels[need] = self.localized(value, f'the name of need "{need}"', need, within, line)
        return labels

    def build_z_codes(self) -> dict[str, str]:
        table = self.data.get("z_codes")
        within = self.lines.table("z_codes")
        header = within[0] + 1 if within else None
        if not isinstance(table, dict):
            self.problem(
                header,
                'the file needs a [z_codes] table: each code with its title, "Z59.41" = "..."',
            )
            return {}
        titles: dict[str, str] = {}
        for code, title in table.items():
            line = self.lines.text(within, f'"{code}"') or header
            if not _Z_CODE.match(code):
                self.problem(
                    line,
                    f'"{code}" does not look like an ICD-10-CM Z code (like "Z59.41"). Correct it.',
                )
            elif not isinstance(title, str) or not title.strip():
                self.problem(line, f'Z code "{code}" needs its title in quotes after "=".')
            else:
                titles[code] = title.strip()
        return titles

    def build_sections(self) -> list[dict[str, Any]]:
        raw_sections = self.data.get("sections")
        if not isinstance(raw_sections, list) or not raw_sections:
            self.problem(None, "the file has no [[sections]]. Add at least one.")
            return []
        sections: list[dict[str, Any]] = []
        seen: dict[str, int | None] = {}
        for index, section in enumerate(raw_sections):
            block = self.lines.block("sections", index, len(raw_sections))
            start = block[0] + 1 if block else None
            section_id = section.get("id") if isinstance(section, dict) else None
            line = self.lines.key(block, "id") or start
            if not isinstance(section_id, str) or not _ID.match(section_id):
                self.problem(
                    line,
                    "a section has no usable id. Give it one in quotes, made of letters, "
                    'digits and "_": id = "food"',
                )
                continue
            if block is None:
                line = self.lines.assignment("id", section_id)
            if section_id in seen:
                self.problem(
                    line,
                    f'section id "{section_id}" is used twice (first at line {seen[section_id]}). '
                    "Give each section its own id.",
                )
                continue
            seen[section_id] = line
            what = f'section "{section_id}"'
            sections.append(
                {
                    "id": section_id,
                    "title": self.localized(section.get("title"), what, "title", block, line),
                    "intro": self.localized(section.get("intro"), what, "intro", block, line),
                }
            )
        return sections

    def build_questions(
        self, section_ids: set[str], z_code_titles: Mapping[str, str]
    ) -> list[Question]:
        raw_questions = self.data.get("questions")
        if not isinstance(raw_questions, list) or not raw_questions:
            self.problem(None, "the file has no [[questions]]. Add at least one.")
            return []
        questions: list[Question] = []
        seen: dict[str, int | None] = {}
        for index, raw in enumerate(raw_questions):
            block = self.lines.block("questions", index, len(raw_questions))
            start = block[0] + 1 if block else None
            question_id = raw.get("id") if isinstance(raw, dict) else None
            if not isinstance(question_id, str) or not _ID.match(question_id):
                self.problem(
                    self.lines.key(block, "id") or start,
                    f"question number {index + 1} has no usable id. Give it one in quotes, "
                    'made of letters, digits and "_": id = "food_worry"',
                )
                continue
            line = (
                self.lines.key(block, "id") if block else self.lines.assignment("id", question_id)
            )
            if question_id in seen:
                self.problem(
                    line,
                    f'question id "{question_id}" is used twice (first at line '
                    f"{seen[question_id]}). Give each question its own id; keep the old id on "
                    "the original question, because saved screenings refer to it.",
                )
                continue
            seen[question_id] = line
            self.written_types[question_id] = raw.get("type")
            question = self.build_question(
                raw, question_id, block, line, section_ids, z_code_titles
            )
            if question is not None:
                questions.append(question)
        return questions

    def build_question(
        self,
        raw: dict[str, Any],
        question_id: str,
        block: tuple[int, int] | None,
        line: int | None,
        section_ids: set[str],
        z_code_titles: Mapping[str, str],
    ) -> Question | None:
        what = f'question "{question_id}"'
        usable = True

        section = raw.get("section")
        if not isinstance(section, str) or section not in section_ids:  # a list is unhashable
            self.problem(
                self.lines.key(block, "section") or line,
                f'{what} belongs to section "{section}", which is not one of the [[sections]] '
                f"({', '.join(sorted(section_ids))}). Correct the section name.",
            )
            usable = False

        kind = raw.get("type")
        if kind not in QUESTION_TYPES:
            self.problem(
                self.lines.key(block, "type") or line,
                f'{what} has an unknown type "{kind}". Use one of: '
                "single (one answer), multi (all that apply), scale (1 to 5).",
            )
            usable = False

        text = self.localized(raw.get("text"), what, "text", block, line)
        summary = self.localized(raw.get("summary"), f"{what} summary", "summary", block, line)

        loinc = raw.get("loinc")
        if loinc is not None and not (isinstance(loinc, str) and _LOINC.match(loinc)):
            self.problem(
                self.lines.key(block, "loinc") or line,
                f'{what} has a LOINC code "{loinc}" that does not look like one ("88122-7"). '
                "Correct it, or remove the line if the question has no LOINC code.",
            )

        options = self.build_options(raw.get("options"), what, block, line, z_code_titles)
        if options is None:
            return None
        if not any(option.declines for option in options):
            self.problem(
                line,
                f'{what} has no "Prefer not to answer" answer. Add one with value = "{DECLINED}".',
            )
        if kind == "scale":
            values = sorted(option.value for option in options if not option.declines)
            if values != list(SCALE_VALUES):
                self.problem(
                    line,
                    f"{what} is a scale, so its answers must have the values 1, 2, 3, 4 and 5 "
                    f'(and "{DECLINED}"); it has {", ".join(values) or "none"}. '
                    "Fix the values or change the type.",
                )
        if not usable or len(text) < len(LANGUAGES) or len(summary) < len(LANGUAGES):
            return None
        # "Prefer not to answer" stands alone in every kind of question.
        options = [
            Option(o.value, o.label, o.needs, o.z_codes, o.key, o.exclusive or o.declines)
            for o in options
        ]
        return Question(
            id=question_id,
            section=str(section),
            type=str(kind),
            text=text,
            summary=summary,
            options=tuple(options),
            loinc=loinc if isinstance(loinc, str) else None,
            core=bool(raw.get("core", False)),
        )

    def build_options(
        self,
        raw_options: Any,
        what: str,
        block: tuple[int, int] | None,
        line: int | None,
        z_code_titles: Mapping[str, str],
    ) -> list[Option] | None:
        if not isinstance(raw_options, list) or not raw_options:
            self.problem(
                line, f"{what} has no answers. Add them as [[questions.options]] under it."
            )
            return None
        options: list[Option] = []
        seen_values: set[str] = set()
        seen_keys: set[int] = set()
        complete = True
        for index, raw in enumerate(raw_options):
            sub = self.lines.sub_block(block, "questions.options", index) if block else None
            option_line = sub[0] + 1 if sub else line
            raw = raw if isinstance(raw, dict) else {}
            value = raw.get("value")
            if isinstance(value, int) and not isinstance(value, bool):
                value = str(value)  # a scale may write value = 3
            if not isinstance(value, str) or not value.strip():
                self.problem(
                    option_line,
                    f"answer number {index + 1} of {what} has no value. Add a short value in "
                    'quotes that never changes, like value = "often".',
                )
                complete = False
                continue
            value = value.strip()
            option_what = f'{what}, answer "{value}"'
            if value in seen_values:
                self.problem(
                    self.lines.key(sub, "value") or option_line,
                    f"{option_what} is listed twice. Give each answer its own value.",
                )
                complete = False
                continue
            seen_values.add(value)
            label = self.localized(raw.get("label"), option_what, "label", sub, option_line)
            needs = self.string_list(
                raw.get("needs"), f"{option_what} needs", self.lines.key(sub, "needs")
            )
            self.check_needs(needs, option_what, sub)
            z_codes = self.string_list(
                raw.get("z_codes"), f"{option_what} z_codes", self.lines.key(sub, "z_codes")
            )
            self.check_z_codes(z_codes, z_code_titles, option_what, sub)
            key = raw.get("key")
            if key is not None:
                if isinstance(key, bool) or not isinstance(key, int) or not 1 <= key <= 5:
                    self.problem(
                        self.lines.key(sub, "key") or option_line,
                        f"{option_what} has key = {key!r}; a key must be a number from 1 to 5.",
                    )
                    key = None
                elif key in seen_keys:
                    self.problem(
                        self.lines.key(sub, "key") or option_line,
                        f"{option_what} uses key {key}, which another answer already uses. "
                        "Give each answer its own key.",
                    )
                    key = None
                else:
                    seen_keys.add(key)
            if len(label) < len(LANGUAGES):
                complete = False
                continue
            options.append(
                Option(
                    value=value,
                    label=label,
                    needs=tuple(need for need in needs if need in NEEDS),
                    z_codes=tuple(code for code in z_codes if code in z_code_titles),
                    key=key,
                    exclusive=bool(raw.get("exclusive", False)),
                )
            )
        # An answer that could not be read is already reported; checking the rest of the
        # question without it would only add misleading problems.
        return options if complete else None

    def build_scales(
        self, questions: list[Question], z_code_titles: Mapping[str, str]
    ) -> list[Scale]:
        raw_scales = self.data.get("scales", [])
        by_id = {question.id: question for question in questions}
        scales: list[Scale] = []
        counted: set[str] = set()
        if not isinstance(raw_scales, list):
            self.problem(self.lines.text(None, "scales"), "scales must be [[scales]] tables.")
            raw_scales = []
        for index, raw in enumerate(raw_scales):
            block = self.lines.block("scales", index, len(raw_scales))
            start = block[0] + 1 if block else None
            raw = raw if isinstance(raw, dict) else {}
            scale_id = raw.get("id")
            if not isinstance(scale_id, str) or not _ID.match(scale_id):
                self.problem(
                    self.lines.key(block, "id") or start,
                    'a scale has no usable id. Give it one in quotes: id = "safety"',
                )
                continue
            line = self.lines.key(block, "id") or self.lines.assignment("id", scale_id)
            what = f'scale "{scale_id}"'
            members = self.string_list(
                raw.get("questions"), f"{what} questions", self.lines.key(block, "questions")
            )
            usable = bool(members)
            for member in members:
                if self.written_types.get(member) != "scale":
                    self.problem(
                        self.lines.text(block, f'"{member}"') or line,
                        f'{what} counts "{member}", which is not a question of type "scale" '
                        "in this file. Correct the question id.",
                    )
                usable = usable and member in by_id
            positive_at = raw.get("positive_at")
            if isinstance(positive_at, bool) or not isinstance(positive_at, int):
                self.problem(
                    self.lines.key(block, "positive_at") or line,
                    f"{what} needs positive_at = the total that counts as positive (a number).",
                )
                usable = False
            needs = self.string_list(raw.get("needs"), f"{what} needs", line)
            self.check_needs(needs, what, block)
            z_codes = self.string_list(raw.get("z_codes"), f"{what} z_codes", line)
            self.check_z_codes(z_codes, z_code_titles, what, block)
            explain = self.localized(raw.get("explain"), what, "explain", block, line)
            loinc = raw.get("loinc")
            if usable and isinstance(positive_at, int) and len(explain) == len(LANGUAGES):
                counted.update(members)
                scales.append(
                    Scale(
                        id=scale_id,
                        question_ids=tuple(members),
                        positive_at=positive_at,
                        needs=tuple(need for need in needs if need in NEEDS),
                        z_codes=tuple(code for code in z_codes if code in z_code_titles),
                        explain=explain,
                        loinc=loinc if isinstance(loinc, str) else None,
                    )
                )
        for question in questions:
            if question.type == "scale" and question.id not in counted:
                self.problem(
                    self.lines.assignment("id", question.id),
                    f'question "{question.id}" is a scale but no [[scales]] total counts it, so '
                    "its answer would change nothing. Add it to a scale's questions list.",
                )
        return scales

    def check_labels_cover_needs(
        self,
        questions: list[Question],
        scales: list[Scale],
        labels: Mapping[str, Mapping[str, str]],
    ) -> None:
        used = [need for q in questions for o in q.options for need in o.needs]
        used += [need for scale in scales for need in scale.needs]
        for need in _first_seen(used):
            if need not in labels and isinstance(self.data.get("needs"), dict):
                within = self.lines.table("needs")
                self.problem(
                    within[0] + 1 if within else None,
                    f'need "{need}" is used by an answer but has no name in [needs]. Add '
                    f'{need} = {{ en = "...", es = "..." }}.',
                )


# --- Scoring ----------------------------------------------------------------------------------


@dataclass
class ScreeningResult:
    """What a screening found. Safety is a total of four items, scored only when all four are
    answered; `sensitive_needs` lists found needs that must not be printed for the patient."""

    needs: list[str]
    z_codes: list[tuple[str, str]]  # (code, official title)
    safety_total: int | None
    safety_positive: bool
    declined: list[str]  # question ids answered "Prefer not to answer"
    unanswered: list[str]
    explanations: dict[
        str, list[str]
    ]  # need -> "Food: worried food would run out (Sometimes true)"
    sensitive_needs: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "needs": list(self.needs),
            "z_codes": [[code, title] for code, title in self.z_codes],
            "safety_total": self.safety_total,
            "safety_positive": self.safety_positive,
            "declined": list(self.declined),
            "unanswered": list(self.unanswered),
            "explanations": {need: list(lines) for need, lines in self.explanations.items()},
            "sensitive_needs": list(self.sensitive_needs),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ScreeningResult:
        return cls(
            needs=list(data["needs"]),
            z_codes=[(str(code), str(title)) for code, title in data["z_codes"]],
            safety_total=data.get("safety_total"),
            safety_positive=bool(data.get("safety_positive", False)),
            declined=list(data.get("declined", [])),
            unanswered=list(data.get("unanswered", [])),
            explanations={n: list(lines) for n, lines in data.get("explanations", {}).items()},
            sensitive_needs=list(data.get("sensitive_needs", [])),
        )


def _chosen(question: Question, answer: Answer) -> list[Option] | None:
    """The options an answer picks, None when unanswered; ValueError when it cannot be one."""
    if answer is None or answer == []:
        return None
    if isinstance(answer, bool):
        raise ValueError(f'question "{question.id}": {answer!r} is not an answer')
    valid = ", ".join(f'"{option.value}"' for option in question.options)
    if answer == DECLINED:
        # Any kind of question may be declined with the bare value, even a multi.
        declined = question.option(DECLINED)
        assert declined is not None  # the loader requires one on every question
        return [declined]

    if question.type == "single":
        if not isinstance(answer, str):
            raise ValueError(
                f'question "{question.id}" takes one answer as text ({valid}), '
                f"not {type(answer).__name__} {answer!r}"
            )
        return [_option(question, answer, valid)]

    if question.type == "multi":
        if not isinstance(answer, list):
            raise ValueError(
                f'question "{question.id}" takes a list of answers ({valid}), '
                f"not {type(answer).__name__} {answer!r}"
            )
        chosen: list[Option] = []
        for value in _first_seen(_as_text(question, item, valid) for item in answer):
            chosen.append(_option(question, value, valid))
        alone = [option for option in chosen if option.exclusive]
        if alone and len(chosen) > 1:
            raise ValueError(
                f'question "{question.id}": "{alone[0].value}" cannot be combined with other '
                "answers"
            )
        return chosen

    # A scale: the UI may hand over the score as a number or as text.
    if isinstance(answer, int):
        value = str(answer)
    elif isinstance(answer, str):
        value = answer.strip()
    else:
        raise ValueError(
            f'question "{question.id}" takes a score from 1 to 5 or "{DECLINED}", '
            f"not {type(answer).__name__} {answer!r}"
        )
    if question.option(value) is None:
        raise ValueError(
            f'question "{question.id}" takes a score from 1 to 5 or "{DECLINED}", not {answer!r}'
        )
    return [_option(question, value, valid)]


def _as_text(question: Question, item: object, valid: str) -> str:
    if not isinstance(item, str):
        raise ValueError(f'question "{question.id}": {item!r} is not one of {valid}')
    return item


def _option(question: Question, value: str, valid: str) -> Option:
    option = question.option(value)
    if option is None:
        raise ValueError(f'question "{question.id}" has no answer "{value}"; use one of {valid}')
    return option


def normalise_answers(
    questionnaire: Questionnaire, answers: Mapping[str, Answer]
) -> dict[str, Answer]:
    """Answers checked and in one shape for storage: text, a list of text, or a 1-5 number."""
    unknown = [question_id for question_id in answers if question_id not in questionnaire._by_id]
    if unknown:
        raise ValueError(
            f"no question {', '.join(repr(u) for u in unknown)} in questionnaire "
            f'"{questionnaire.id}" version {questionnaire.version}'
        )
    normalised: dict[str, Answer] = {}
    for question in questionnaire.questions:
        chosen = _chosen(question, answers.get(question.id))
        if chosen is None:
            continue
        if chosen[0].declines:
            normalised[question.id] = DECLINED
        elif question.type == "multi":
            normalised[question.id] = [option.value for option in chosen]
        elif question.type == "scale":
            normalised[question.id] = int(chosen[0].value)
        else:
            normalised[question.id] = chosen[0].value
    return normalised


def score(
    questionnaire: Questionnaire, answers: Mapping[str, Answer], language: str = "en"
) -> ScreeningResult:
    """Score answers (question id -> value) against a questionnaire.

    Explanations are written in `language`. An unknown question id, an answer that is not one
    of the question's values, or a value of the wrong type raises ValueError.
    """
    _check_language(language)
    normalised = normalise_answers(questionnaire, answers)
    declined: list[str] = []
    unanswered: list[str] = []
    chosen: dict[str, list[Option]] = {}
    for question in questionnaire.questions:
        options = _chosen(question, normalised.get(question.id))
        if options is None:
            unanswered.append(question.id)
        elif options[0].declines:
            declined.append(question.id)
        else:
            chosen[question.id] = options

    needs: set[str] = set()
    codes: set[str] = set()
    explanations: dict[str, list[str]] = {}

    def explain(need: str, text: str) -> None:
        label = questionnaire.need_label(need, language)
        explanations.setdefault(need, []).append(f"{label}: {text}")

    scale_totals: dict[str, int | None] = {}
    scale_at = {scale.question_ids[0]: scale for scale in questionnaire.scales}
    for question in questionnaire.questions:
        scale = scale_at.get(question.id)
        if scale is not None:
            # The AHC rule: a total is scored only when every item has an answer.
            items = [chosen.get(member) for member in scale.question_ids]
            total = sum(int(item[0].value) for item in items if item)
            scored = total if all(items) else None
            scale_totals[scale.id] = scored
            if scored is not None and scored >= scale.positive_at:
                needs.update(scale.needs)
                codes.update(scale.z_codes)
                text = (
                    scale.explain[language]
                    .replace("{total}", str(scored))
                    .replace("{positive_at}", str(scale.positive_at))
                )
                for need in scale.needs:
                    explain(need, text)
        if question.type == "scale":
            continue  # counts only through its scale's total
        options = chosen.get(question.id, [])
        for need in _first_seen(need for option in options for need in option.needs):
            labels = "; ".join(o.label[language] for o in options if need in o.needs)
            explain(need, f"{question.summary[language]} ({labels})")
            needs.add(need)
        codes.update(code for option in options for code in option.z_codes)

    found = [need for need in questionnaire.need_order if need in needs]
    safety = next((s for s in questionnaire.scales if s.id == SAFETY_SCALE), None)
    safety_total = scale_totals.get(SAFETY_SCALE)
    return ScreeningResult(
        needs=found,
        z_codes=[
            (code, questionnaire.z_code_titles[code])
            for code in questionnaire.z_code_order
            if code in codes
        ],
        safety_total=safety_total,
        safety_positive=(
            safety is not None and safety_total is not None and safety_total >= safety.positive_at
        ),
        declined=declined,
        unanswered=unanswered,
        explanations={need: explanations[need] for need in found},
        sensitive_needs=[need for need in found if need in questionnaire.sensitive_needs],
    )


# --- The stored record ------------------------------------------------------------------------


@dataclass
class Screening:
    """One screening as the vault stores it. The result is kept as scored at the time, so a
    later edit of the questionnaire never rewrites what a coordinator saw and acted on."""

    FORMAT: ClassVar[int] = 1  # bump, and teach from_dict the old shape, when to_dict changes

    date: dt.date
    questionnaire_id: str
    questionnaire_version: str
    answers: dict[str, Answer]
    result: ScreeningResult
    language: str = "en"

    @classmethod
    def record(
        cls,
        questionnaire: Questionnaire,
        answers: Mapping[str, Answer],
        *,
        on: dt.date | None = None,
        language: str = "en",
    ) -> Screening:
        """Check and score answers and bundle them for storage; ValueError on a bad answer."""
        return cls(
            date=on or dt.date.today(),
            questionnaire_id=questionnaire.id,
            questionnaire_version=questionnaire.version,
            answers=normalise_answers(questionnaire, answers),
            result=score(questionnaire, answers, language),
            language=language,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": self.FORMAT,
            "date": self.date.isoformat(),
            "questionnaire_id": self.questionnaire_id,
            "questionnaire_version": self.questionnaire_version,
            "language": self.language,
            "answers": {
                question_id: list(answer) if isinstance(answer, list) else answer
                for question_id, answer in self.answers.items()
            },
            "result": self.result.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Screening:
        version = data.get("format", 1)
        if version > cls.FORMAT:
            raise ValueError(
                f"this screening was saved by a newer Navigator (format {version}); "
                "update Navigator to open it"
            )
        return cls(
            date=dt.date.fromisoformat(data["date"]),
            questionnaire_id=str(data["questionnaire_id"]),
            questionnaire_version=str(data["questionnaire_version"]),
            answers={
                question_id: list(answer) if isinstance(answer, list) else answer
                for question_id, answer in data["answers"].items()
            },
            result=ScreeningResult.from_dict(data["result"]),
            language=str(data.get("language", "en")),
        )


def main(argv: Sequence[str] | None = None) -> int:
    """Check a questionnaire file: prints what is wrong, line by line, or a short summary."""
    args = list(sys.argv[1:] if argv is None else argv)
    path = Path(args[0]) if args else None
    try:
        questionnaire = load_questionnaire(path)
    except QuestionnaireError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(
        f"{questionnaire.path}: {questionnaire.id} version {questionnaire.version} is fine: "
        f"{len(questionnaire.sections)} sections, {len(questionnaire.questions)} questions."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
