"""Search relevance on judged queries, beside a naive SQLite FTS5 baseline in the same run.

    python bench/relevance.py                    # the Miami package and the demo directory
    python bench/relevance.py --set demo --show-failures
    python bench/relevance.py --json > figures.json

Each query in `bench/relevance/*.toml` carries a rule a careful human judge would accept,
written in terms of the service's own name and description (never only in terms of the
categories Navigator guesses, which would make the harness grade itself). The script imports
the directories into a throw-away data folder, runs every query through `Session.search` (what
the window and the CLI use) and through FTS5 (every meaningful word as a prefix, OR, bm25, over
name, description, organisation and category names), and prints per kind of query:

- zero: share of queries that return nothing;
- S@1, S@3: share of queries with a relevant service first / in the first three;
- P@3: relevant services among the first three, out of min(3, relevant services that exist),
  so a query with only two right answers can still score 1.0;
- MRR: mean of 1/rank of the first relevant service in the first ten (0 when none).

The Miami package is read from NAVIGATOR_SHARED_DATA (the folder holding hsds/), or the
checkout's sibling shared/data; without it only the demo set runs. Importing Miami takes about
15 s, so nothing is cached: a stale cache would measure an old index.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sqlite3
import sys
import tempfile
import time
import tomllib
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

# Last, so an installed navigator or PYTHONPATH wins: the harness can measure another checkout.
sys.path.append(str(Path(__file__).resolve().parent.parent))

from navigator.directory.categories import CategoryTree, fold
from navigator.search.api import SearchQuery

if TYPE_CHECKING:
    from navigator.directory.model import Service
    from navigator.session import Session

REPO = Path(__file__).resolve().parent.parent
QUERY_DIR = Path(__file__).resolve().parent / "relevance"
MIAMI_PACKAGE = Path("hsds") / "miami-open211"
KINDS = ("word", "phrase", "lay", "typo", "prefix", "spanish", "programme", "screening")
DEPTH = 10  # results read per query: MRR counts a first relevant service down to here
USER = "relevance"
PASSWORD = "relevance harness passphrase, not a secret"

# Words the FTS5 baseline leaves out. Kept here, apart from the engine's own list, so the
# baseline stays the same while the engine changes.
BASELINE_STOPWORDS = frozenset(
    """a an and are at be by can do for from get go got have help i i'm im in is it me my
    near need needs of on or our please some someone that the their there they to we what
    where who with you your al con de del el en la las los mi me para por que un una y
    necesito quiero ayuda""".split()
)

Engine = Callable[[str], tuple[list[str], int]]  # query -> (ids of the first DEPTH, total)


# -- the judged queries ---------------------------------------------------------------------


# A capital letter not escaped: patterns are lower case (matching without IGNORECASE is about
# three times faster), and lower-casing them here would turn \\S or \\W into \\s or \\w.
_UPPER_CASE = re.compile(r"(?<!\\)[A-Z]")


def _without_accents(pattern: str) -> str:
    """Service text is folded, so patterns lose their accents too."""
    decomposed = unicodedata.normalize("NFKD", pattern)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _pattern(value: Any, where: str) -> re.Pattern[str] | None:
    """The rule's expressions as one alternation: one search per service, not one each."""
    if value is None or value == []:
        return None
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{where}: expected a list of regular expressions")
    for v in value:
        if _UPPER_CASE.search(v):
            raise ValueError(f"{where}: write {v!r} in lower case: the text it reads is folded")
    try:
        for v in value:
            re.compile(v)
        return re.compile("|".join(f"(?:{_without_accents(v)})" for v in value))
    except re.error as exc:
        raise ValueError(f"{where}: {exc}") from None


@dataclass(frozen=True)
class Judgement:
    """One query and the rule that says which services answer it.

    A service is relevant when its name matches one of `name`, or its name and description
    match one of `text`, or it sits in one of `categories` (a supplement, never the only
    route); and, when `also` is given, its name and description match one of those too; and
    its name matches none of `must_not`.
    """

    query: str
    kind: str
    topic: str = ""
    name: re.Pattern[str] | None = None
    text: re.Pattern[str] | None = None
    also: re.Pattern[str] | None = None
    must_not: re.Pattern[str] | None = None
    categories: tuple[str, ...] = ()
    note: str = ""

    @property
    def rule(self) -> tuple[object, ...]:
        """What decides relevance, for sharing the answers between queries of one topic."""
        patterns = (self.name, self.text, self.also, self.must_not)
        return (*(p.pattern if p else None for p in patterns), self.categories)

    def accepts(self, service: ServiceText) -> bool:
        if self.must_not and self.must_not.search(service.name):
            return False
        if self.also and not self.also.search(service.text):
            return False
        return bool(
            (self.name and self.name.search(service.name))
            or (self.text and self.text.search(service.text))
            or any(c in service.categories for c in self.categories)
        )


_RULE_KEYS = {"name", "text", "also", "must_not", "categories", "note"}
_QUERY_KEYS = {"query", "kind", "topic", *_RULE_KEYS}


def load_judgements(path: Path) -> list[Judgement]:
    """The queries of one set. A query names a `topic` (a rule written once under [topic.X]
    and shared by every query asking for the same thing) or carries its own rule; keys it
    gives itself replace the topic's."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    topics: dict[str, dict[str, Any]] = data.get("topic", {})
    for key, topic in topics.items():
        unknown = set(topic) - _RULE_KEYS
        if unknown:
            raise ValueError(f"{path.name}, topic {key}: unknown keys {sorted(unknown)}")
    judgements = []
    for number, entry in enumerate(data.get("query", []), start=1):
        where = f"{path.name}, query {number} ({entry.get('query')!r})"
        unknown = set(entry) - _QUERY_KEYS
        if unknown:
            raise ValueError(f"{where}: unknown keys {sorted(unknown)}")
        if entry.get("kind") not in KINDS:
            raise ValueError(f"{where}: kind must be one of {', '.join(KINDS)}")
        rule: dict[str, Any] = {}
        if "topic" in entry:
            if entry["topic"] not in topics:
                raise ValueError(f"{where}: there is no topic {entry['topic']!r}")
            rule.update(topics[entry["topic"]])
        rule.update({k: v for k, v in entry.items() if k in _RULE_KEYS})
        if not (rule.get("name") or rule.get("text")):
            raise ValueError(f"{where}: a rule needs `name` or `text`, not categories alone")
        judgements.append(
            Judgement(
                query=str(entry["query"]),
                kind=entry["kind"],
                topic=str(entry.get("topic", "")),
                name=_pattern(rule.get("name"), where),
                text=_pattern(rule.get("text"), where),
                also=_pattern(rule.get("also"), where),
                must_not=_pattern(rule.get("must_not"), where),
                categories=tuple(rule.get("categories", ())),
                note=str(rule.get("note", "")),
            )
        )
    return judgements


# -- the directory as the judge reads it -----------------------------------------------------


@dataclass(frozen=True)
class ServiceText:
    id: str
    display: str  # the name as a coordinator sees it
    name: str  # folded name and alternate name
    description: str  # folded
    organization: str
    categories: frozenset[str]
    category_names: str  # for the baseline's index

    @property
    def text(self) -> str:
        return f"{self.name} {self.description}"

    @classmethod
    def of(cls, service: Service, tree: CategoryTree) -> ServiceText:
        name = f"{service.name} {service.alternate_name}".strip()
        return cls(
            id=service.id,
            display=service.name,
            name=fold(name),
            description=fold(service.description),
            organization=service.organization_name,
            categories=frozenset(service.categories),
            category_names=" ".join(tree.name(slug) for slug in service.categories if slug in tree),
        )


def directory_texts(session: Session) -> dict[str, ServiceText]:
    tree = CategoryTree.load()
    return {s.id: ServiceText.of(s, tree) for s in session.directory.iter_services()}


# -- the two engines -------------------------------------------------------------------------


# Every query is asked at one moment, a Tuesday morning (each service's local time), because
# being open then nudges a service up: asked at the real time, the figures would change with
# the hour the harness runs.
JUDGED_AT = datetime(2026, 3, 3, 10, 30)


def navigator_engine(session: Session) -> Engine:
    def run(text: str) -> tuple[list[str], int]:
        results = session.search(SearchQuery(text=text, limit=DEPTH, at=JUDGED_AT))
        return [hit.id for hit in results.hits], results.total

    return run


_BASELINE_WORD = re.compile(r"\w+")


def baseline_words(text: str) -> list[str]:
    return [w for w in _BASELINE_WORD.findall(fold(text)) if w not in BASELINE_STOPWORDS]


def fts5_engine(services: Iterable[ServiceText]) -> Engine:
    """The naive baseline: every meaningful word as a prefix, OR, ranked by bm25."""
    conn = sqlite3.connect(":memory:")
    conn.execute(
        "CREATE VIRTUAL TABLE s USING fts5(id UNINDEXED, name, description, organization, "
        "categories, tokenize='unicode61 remove_diacritics 2')"
    )
    conn.executemany(
        "INSERT INTO s VALUES (?, ?, ?, ?, ?)",
        [(s.id, s.name, s.description, s.organization, s.category_names) for s in services],
    )

    def run(text: str) -> tuple[list[str], int]:
        words = baseline_words(text)
        if not words:
            return [], 0
        match = " OR ".join(f'"{w}"*' for w in words)
        ids = [
            row[0]
            for row in conn.execute(
                "SELECT id FROM s WHERE s MATCH ? ORDER BY bm25(s) LIMIT ?", (match, DEPTH)
            )
        ]
        total = conn.execute("SELECT count(*) FROM s WHERE s MATCH ?", (match,)).fetchone()[0]
        return ids, int(total)

    return run


# -- scoring ---------------------------------------------------------------------------------


@dataclass
class Outcome:
    judgement: Judgement
    ids: list[str]
    total: int
    relevant: list[bool]  # per returned id
    relevant_in_directory: int

    @property
    def zero(self) -> bool:
        return self.total == 0

    @property
    def s1(self) -> float:
        return float(bool(self.relevant[:1] and self.relevant[0]))

    @property
    def s3(self) -> float:
        return float(any(self.relevant[:3]))

    @property
    def p3(self) -> float:
        return sum(self.relevant[:3]) / max(1, min(3, self.relevant_in_directory))

    @property
    def rr(self) -> float:
        for rank, hit in enumerate(self.relevant, start=1):
            if hit:
                return 1.0 / rank
        return 0.0


@dataclass
class Figures:
    queries: int = 0
    zero: float = 0.0
    s1: float = 0.0
    s3: float = 0.0
    p3: float = 0.0
    mrr: float = 0.0

    @classmethod
    def of(cls, outcomes: Sequence[Outcome]) -> Figures:
        n = len(outcomes)
        if not n:
            return cls()
        return cls(
            queries=n,
            zero=sum(o.zero for o in outcomes) / n,
            s1=sum(o.s1 for o in outcomes) / n,
            s3=sum(o.s3 for o in outcomes) / n,
            p3=sum(o.p3 for o in outcomes) / n,
            mrr=sum(o.rr for o in outcomes) / n,
        )

    def to_dict(self) -> dict[str, float]:
        return {k: round(v, 4) if isinstance(v, float) else v for k, v in vars(self).items()}


@dataclass
class Report:
    """One engine's outcomes on one query set."""

    engine: str
    outcomes: list[Outcome] = field(default_factory=list)
    seconds: float = 0.0

    def overall(self) -> Figures:
        return Figures.of(self.outcomes)

    def by_kind(self) -> dict[str, Figures]:
        kinds = [k for k in KINDS if any(o.judgement.kind == k for o in self.outcomes)]
        return {k: Figures.of([o for o in self.outcomes if o.judgement.kind == k]) for k in kinds}

    def failures(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.s3]


def relevant_ids(judgement: Judgement, services: dict[str, ServiceText]) -> set[str]:
    return {sid for sid, service in services.items() if judgement.accepts(service)}


def evaluate(
    engine_name: str,
    engine: Engine,
    judgements: Sequence[Judgement],
    answers_of: Sequence[set[str]],
) -> Report:
    """Run every query through `engine`; `answers_of[i]` holds the relevant ids of query i."""
    report = Report(engine_name)
    started = time.perf_counter()
    for judgement, answers in zip(judgements, answers_of, strict=True):
        ids, total = engine(judgement.query)
        report.outcomes.append(
            Outcome(
                judgement=judgement,
                ids=ids,
                total=total,
                relevant=[i in answers for i in ids],
                relevant_in_directory=len(answers),
            )
        )
    report.seconds = time.perf_counter() - started
    return report


# -- the directories -------------------------------------------------------------------------


def shared_data_dir() -> Path | None:
    configured = os.environ.get("NAVIGATOR_SHARED_DATA")
    path = Path(configured) if configured else REPO.parent / "shared" / "data"
    return path if path.is_dir() else None


@contextmanager
def imported(package: Path) -> Iterator[Session]:
    """A session on a throw-away vault holding `package`, with its index built (once: the
    directory's import, then the engine, which builds a missing index)."""
    from navigator.session import Session
    from navigator.vault import Vault

    work = Path(tempfile.mkdtemp(prefix="navigator-relevance-"))
    session: Session | None = None
    fast_kdf = os.environ.get("NAVIGATOR_INSECURE_FAST_KDF")
    os.environ["NAVIGATOR_INSECURE_FAST_KDF"] = "1"  # the key derivation is not measured here
    try:
        vault, _ = Vault.create(work / "data", USER, PASSWORD)
        session = Session(vault)
        session.directory.import_paths([package])
        session.search_engine()
        yield session
    finally:
        if session is not None:
            session.lock()
        shutil.rmtree(work, ignore_errors=True)
        if fast_kdf is None:
            del os.environ["NAVIGATOR_INSECURE_FAST_KDF"]


@dataclass
class SetResult:
    name: str
    navigator: Report
    baseline: Report
    services: dict[str, ServiceText]


def run_set(name: str, session: Session, judgements: Sequence[Judgement]) -> SetResult:
    services = directory_texts(session)
    by_rule: dict[tuple[object, ...], set[str]] = {}
    for judgement in judgements:
        if judgement.rule not in by_rule:
            by_rule[judgement.rule] = relevant_ids(judgement, services)
    answers = [by_rule[j.rule] for j in judgements]
    return SetResult(
        name=name,
        navigator=evaluate("navigator", navigator_engine(session), judgements, answers),
        baseline=evaluate("fts5", fts5_engine(services.values()), judgements, answers),
        services=services,
    )


def query_sets() -> dict[str, Path]:
    """The judged sets: file stem -> file. `miami` needs the shared data; `demo` always runs."""
    return {path.stem: path for path in sorted(QUERY_DIR.glob("*.toml"))}


def package_for(set_name: str, shared: Path | None) -> Path | None:
    if set_name == "demo":
        from navigator.directory.demo import DEMO_PATH

        return DEMO_PATH
    if set_name == "miami":
        return shared / MIAMI_PACKAGE if shared is not None else None
    return None


# -- output ----------------------------------------------------------------------------------

_COLUMNS = ("zero", "s1", "s3", "p3", "mrr")
_HEADERS = ("zero", "S@1", "S@3", "P@3", "MRR")


def table(result: SetResult) -> str:
    nav, base = result.navigator, result.baseline
    nav_kinds, base_kinds = nav.by_kind(), base.by_kind()
    head = f"{'kind':<10} {'n':>4}  " + "  ".join(f"{h:>13}" for h in _HEADERS)
    sub = f"{'':<10} {'':>4}  " + "  ".join(f"{'nav':>6} {'fts5':>6}" for _ in _HEADERS)
    lines = [head, sub]
    rows = [*((k, nav_kinds[k], base_kinds[k]) for k in nav_kinds)]
    rows.append(("overall", nav.overall(), base.overall()))
    for kind, ours, theirs in rows:
        if kind == "overall":
            lines.append("-" * len(head))
        cells = "  ".join(f"{getattr(ours, c):>6.2f} {getattr(theirs, c):>6.2f}" for c in _COLUMNS)
        lines.append(f"{kind:<10} {ours.queries:>4}  {cells}")
    return "\n".join(lines)


def markdown_table(result: SetResult) -> str:
    """The same figures as `table`, as Markdown: "Navigator / FTS5" in each cell."""
    nav, base = result.navigator, result.baseline
    base_kinds = base.by_kind()
    lines = [
        "| kind | n | " + " | ".join(_HEADERS) + " |",
        "|---|---|" + "---|" * len(_HEADERS),
    ]
    rows = [(k, f, base_kinds[k]) for k, f in nav.by_kind().items()]
    rows.append(("**overall**", nav.overall(), base.overall()))
    for kind, ours, theirs in rows:
        cells = " | ".join(f"{getattr(ours, c):.2f} / {getattr(theirs, c):.2f}" for c in _COLUMNS)
        lines.append(f"| {kind} | {ours.queries} | {cells} |")
    return "\n".join(lines)


def failure_lines(result: SetResult, limit: int = 3) -> list[str]:
    lines = []
    for outcome in result.navigator.failures():
        j = outcome.judgement
        lines.append(
            f"[{j.kind}] {j.query!r}: {outcome.total} results, "
            f"{outcome.relevant_in_directory} relevant in the directory"
        )
        for sid in outcome.ids[:limit]:
            lines.append(f"    - {result.services[sid].display}")
        if not outcome.ids:
            lines.append("    (nothing)")
    return lines


def judge_lines(
    name: str, judgements: Sequence[Judgement], services: dict[str, ServiceText], sample: int = 6
) -> list[str]:
    lines = [f"\n{name}: what each rule accepts"]
    for judgement in judgements:
        accepted = sorted(services[i].display for i in relevant_ids(judgement, services))
        lines.append(f"[{judgement.kind}] {judgement.query!r}: {len(accepted)} services")
        step = max(1, len(accepted) // sample)
        lines.extend(f"    - {display}" for display in accepted[::step][:sample])
    return lines


def comparison_lines(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """Each overall figure then and now, and the queries whose first three changed verdict."""
    then, now = before["navigator"]["overall"], after["navigator"]["overall"]
    lines = [
        "  ".join(
            f"{h} {then[c]:.2f} -> {now[c]:.2f}" for c, h in zip(_COLUMNS, _HEADERS, strict=True)
        )
    ]
    found_then = {(q["kind"], q["query"]): any(q["top3_relevant"]) for q in before["queries"]}
    for query in after["queries"]:
        was = found_then.get((query["kind"], query["query"]))
        found = any(query["top3_relevant"])
        if was is not None and was != found:
            verdict = "now found" if found else "LOST"
            lines.append(f"  {verdict:<9} [{query['kind']}] {query['query']!r}: {query['top3']}")
    return lines


def to_json(result: SetResult) -> dict[str, Any]:
    def report(r: Report) -> dict[str, Any]:
        return {
            "overall": r.overall().to_dict(),
            "by_kind": {k: f.to_dict() for k, f in r.by_kind().items()},
            "seconds": round(r.seconds, 3),
        }

    return {
        "set": result.name,
        "navigator": report(result.navigator),
        "fts5": report(result.baseline),
        "queries": [
            {
                "query": o.judgement.query,
                "kind": o.judgement.kind,
                "total": o.total,
                "relevant_in_directory": o.relevant_in_directory,
                "top3": [result.services[i].display for i in o.ids[:3]],
                "top3_relevant": o.relevant[:3],
                "fts5_top3_relevant": b.relevant[:3],
            }
            for o, b in zip(result.navigator.outcomes, result.baseline.outcomes, strict=True)
        ],
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sets = query_sets()
    parser.add_argument("--set", choices=[*sets, "all"], default="all")
    parser.add_argument("--kind", choices=KINDS, help="only queries of this kind")
    parser.add_argument("--json", action="store_true", help="one JSON document on stdout")
    parser.add_argument(
        "--show-failures",
        action="store_true",
        help="list the queries with nothing relevant in their first three, with what came back",
    )
    parser.add_argument(
        "--judge",
        action="store_true",
        help="print, per query, how many services its rule accepts and a few of them, to "
        "review the rules; runs no search",
    )
    parser.add_argument(
        "--compare",
        type=Path,
        metavar="BEFORE.json",
        help="a saved --json run: print the change in each figure and the queries that "
        "gained or lost a relevant service in their first three",
    )
    parser.add_argument(
        "--queries",
        type=Path,
        metavar="FILE.toml",
        help="another judged set in the same format (a held-out set, say), run instead of "
        "the shipped ones; over --package, or the Miami or demo directory when the file is "
        "named after one",
    )
    parser.add_argument(
        "--package", type=Path, metavar="PATH", help="the HSDS package --queries is judged on"
    )
    parser.add_argument(
        "--markdown", action="store_true", help="the tables as Markdown, Navigator / FTS5 per cell"
    )
    args = parser.parse_args(argv)
    before = json.loads(args.compare.read_text(encoding="utf-8")) if args.compare else None
    shared = shared_data_dir()
    if args.package is not None and args.queries is None:
        parser.error("--package goes with --queries")
    if args.queries is not None:
        chosen = {args.queries.stem: args.queries}
    else:
        chosen = sets if args.set == "all" else {args.set: sets[args.set]}
    results = []
    for name, path in chosen.items():
        package = args.package or package_for(name, shared)
        if package is None or not package.exists():
            print(
                f"skipping the {name} set: its directory is not here (set NAVIGATOR_SHARED_DATA "
                "to the folder holding hsds/)",
                file=sys.stderr,
            )
            continue
        judgements = load_judgements(path)
        if args.kind:
            judgements = [j for j in judgements if j.kind == args.kind]
        with imported(package) as session:
            if args.judge:
                print("\n".join(judge_lines(name, judgements, directory_texts(session))))
                continue
            results.append(run_set(name, session, judgements))
    if args.json:
        print(json.dumps([to_json(r) for r in results], ensure_ascii=False, indent=1))
        return 0
    import navigator

    print(f"navigator {navigator.__version__} from {Path(navigator.__file__).parent}")
    for result in results:
        print(
            f"\n{result.name}: {len(result.navigator.outcomes)} queries over "
            f"{len(result.services)} services "
            f"(navigator {result.navigator.seconds:.2f} s, fts5 {result.baseline.seconds:.2f} s)"
        )
        print(markdown_table(result) if args.markdown else table(result))
        if args.show_failures:
            print(f"\nno relevant service in the first three ({result.name}):")
            print("\n".join(failure_lines(result)) or "    none")
        earlier = next((b for b in before or [] if b.get("set") == result.name), None)
        if earlier is not None:
            print(f"\nchange since {args.compare.name} ({result.name}):")
            print("\n".join(comparison_lines(earlier, to_json(result))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
