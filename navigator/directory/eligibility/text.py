"""Reading eligibility free text into rules: clauses, then the facts each clause states.

Each clause is read by small finders (ages, income, insurance, areas, populations); the
connectives around a fact decide whether it is a rule for everyone or one way in among several
("or disabled", "unless", "priority to", "and their spouses" make a check, never an exclusion).
Price context (free, discounts, sliding fee) gives cost information, never an income limit.
The words come from the lexicon (`lexicon.py`); what a fact means for a patient is care's job.
"""

from __future__ import annotations

import copy
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from navigator import places
from navigator.directory.eligibility.clauses import clauses as _clauses
from navigator.directory.eligibility.clauses import condition_text as _condition_text
from navigator.directory.eligibility.clauses import program_headers as _program_headers
from navigator.directory.eligibility.lexicon import lexicon
from navigator.directory.model import EligibilityRules
from navigator.places import STATE_NAMES, Area

_LEX = lexicon()
_STATE_ALTERNATION = "|".join(sorted(STATE_NAMES, key=len, reverse=True))


@dataclass
class _Fact:
    """One thing a clause says. `hard` facts become rules; the clause is then still shown as a
    condition unless everything in it was understood."""

    kind: str  # age, income, price, area, ins_req, ins_excl, flag, open
    span: tuple[int, int]
    values: tuple[str, ...] = ()
    low: int | None = None
    high: int | None = None
    hard: bool = True
    note: str = ""  # a short condition this fact adds (a part the rule does not cover)
    # Age facts: who the limit does not bind ("disability" for "65 or older or disabled",
    # "spouses" for "60 and older and their spouses"). The age still says who it is made for.
    exceptions: tuple[str, ...] = ()
    tier: str = ""  # price facts: "free" or "discount"


_NUMBER_WORDS = _LEX.number_words
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_UNITS = "one|two|three|four|five|six|seven|eight|nine"
_WORD_NUMBER = (
    rf"(?:(?:{_TENS})(?:[\s-](?:{_UNITS}))?|eleven|twelve|thirteen|fourteen|fifteen|sixteen"
    rf"|seventeen|eighteen|nineteen|ten|{_UNITS}|zero)"
)
# An age-sized number: not part of a longer number, a percent, or an ordinal ("9th grade").
_N = (
    rf"(?:\b\d{{1,3}}(?:\s+1/2|\s*½)?(?![\d%.,]\d|\d|\s*%|\s*(?:st|nd|rd|th)\b)|\b{_WORD_NUMBER}\b)"
)
_YEARS = r"(?:years?|yrs?\.?|y/?o\b)"
_OLD = rf"(?:[\s-]*{_YEARS})?(?:[\s-]*(?:old|of\s+age))?"
_OLDER = r"(?:older|over|up|upwards?|above|beyond)"
_YOUNGER = r"(?:younger|under|below|less)"
_NOT_AGE_UNIT = (
    r"(?!\s*(?:%|percent|per\s*cent|months?|mos?\b|weeks?|wks?\b|days?|hours?|hrs?\b|minutes?|"
    r"miles?|lbs?\b|pounds?|dollars?|people|persons|members|times|sessions|visits|grade|"
    r"\$|th\b|st\b|nd\b|rd\b))"
)

# Nouns naming who a service is for, in two age classes: an age phrase after one of them
# describes that group only, so a list mixing classes ("women and children under 5") gives no
# age rule for the whole service.
_CHILD_NOUNS = _LEX.child_nouns
_ADULT_NOUNS = _LEX.adult_nouns
_POPULATION = rf"\b(?:{_CHILD_NOUNS}|{_ADULT_NOUNS})\b"
_AGE_CONTEXT_NOUNS = re.compile(
    rf"\b(?:{_CHILD_NOUNS}|{_ADULT_NOUNS}|individuals?|persons?|people|anyone|those|patients?|"
    r"clients?|participants?|residents?|ages?|aged|applicants?|members?|males?|females?)\b"
    r"[\w\s,()-]{0,24}$",
    re.IGNORECASE,
)

_AGE_RANGE = re.compile(
    rf"(?:\b(?:ages?|aged)\s+(?:from\s+)?|\bfrom\s+)?"
    rf"(?P<lo>{_N}|birth|newborns?|infan(?:ts?|cy)|babies)"
    r"(?P<lo_unit>[\s-]*(?:weeks?|months?|mos?\.?|years?|yrs?\.?)(?:[\s-]*old)?)?"
    r"\s*(?:-|–|—|\bto\b|\bthrough\b|\bthru\b|\buntil\b)\s*"
    rf"(?P<hi>{_N})"
    r"(?P<hi_unit>[\s-]*(?:years?|yrs?\.?|months?|weeks?)(?:[\s-]*olds?)?(?:\s+of\s+age)?"
    r"|[\s-]*year[\s-]*olds?)?",
    re.IGNORECASE,
)
_AGE_BETWEEN = re.compile(
    rf"\bbetween\s+(?:the\s+)?(?:ages?\s+(?:of\s+)?)?(?P<lo>{_N})(?P<lo_unit>{_OLD})\s*"
    rf"(?:and|-|to)\s+(?P<hi>{_N})(?P<hi_unit>{_OLD})",
    re.IGNORECASE,
)
_AGE_MIN = [
    # "55+", "ages 55+", "18+ years"
    re.compile(
        rf"(?:\b(?:ages?|aged)\s+)?(?P<n>{_N})\s*\+(?!\s*(?:weeks?|months?|wks?))(?:\s*{_YEARS})?",
        re.I,
    ),
    # "55 and older", "18 years old and over", "65 years of age or older", "60 & up"
    re.compile(
        rf"(?:\b(?:ages?|aged)\s+)?(?P<n>{_N}){_OLD}\s*(?:,\s*)?(?:and|or|&)\s*{_OLDER}\b", re.I
    ),
    # "over 60 years old", "older than 21", "above age 18", "over the age of 18"
    re.compile(
        rf"\b(?P<word>over|older\s+than|above)\s+(?P<age>the\s+age\s+of\s+|age\s+)?(?P<n>{_N}){_NOT_AGE_UNIT}(?P<unit>{_OLD})",
        re.I,
    ),
    # "at least 18 years old", "must be 18 years of age", "minimum age 16", "age 18 or above"
    re.compile(
        rf"\b(?P<word>at\s+least)\s+(?P<age>age\s+)?(?P<n>{_N}){_NOT_AGE_UNIT}(?P<unit>{_OLD})",
        re.I,
    ),
    re.compile(rf"\bminimum\s+age\s*(?:of|is|:)?\s*(?P<n>{_N})", re.I),
    re.compile(
        rf"\bmust\s+be\s+(?P<n>{_N})(?:[\s-]*{_YEARS})(?![a-z])(?:[\s-]*(?:old|of\s+age))?+(?![\s,]*(?:or|and|-|to|&)\b)",
        re.I,
    ),
    # "beginning at 5 years old", "starting at age 3"
    re.compile(rf"\b(?:beginning|starting)\s+(?:at|from)\s+(?:age\s+)?(?P<n>{_N})", re.I),
    # "5 years old into adulthood", "birth to adulthood" has no lower bound to read
    re.compile(rf"(?P<n>{_N}){_OLD}\s+(?:into|through|to)\s+adulthood", re.I),
]
_AGE_MAX = [
    # "under 21", "younger than 18", "below age 18", "under the age of 5", "under five"
    re.compile(
        rf"\b(?P<word>under|younger\s+than|below|less\s+than)\s+(?P<age>the\s+age\s+of\s+|age\s+)?"
        rf"(?P<n>{_N}){_NOT_AGE_UNIT}(?P<unit>{_OLD})",
        re.I,
    ),
    # "up to 21 years old", "up to age 5"
    re.compile(
        rf"\b(?P<word>up\s+to)\s+(?P<age>age\s+)?(?P<n>{_N}){_NOT_AGE_UNIT}(?P<unit>{_OLD})", re.I
    ),
    # "18 and under", "5 years old or younger", "12 & below"
    re.compile(rf"(?:\b(?:ages?|aged)\s+)?(?P<n>{_N}){_OLD}\s*(?:and|or|&)\s*{_YOUNGER}\b", re.I),
    re.compile(rf"\bno\s+older\s+than\s+(?P<n>{_N})(?P<unit>{_OLD})", re.I),
]
_AGE_MONTHS_MAX = re.compile(
    rf"\b(?:under|younger\s+than|up\s+to|below)\s+(?P<n>{_N})[\s-]*(?:months?|weeks?)(?:[\s-]*old)?",
    re.I,
)
_DESCRIPTION_AGES = re.compile(
    rf"\b(?:ages?|aged)\s+(?P<lo>{_N})\s*(?:(?:-|–|to|through)\s*(?P<hi>{_N})|\+|and\s+(?:older|over|up))",
    re.I,
)
_ADULTS_ONLY = re.compile(
    r"\b(?<!young\s)(?<!older\s)(?<!aging\s)adults?\b(?!\s+(?:day|education|protective|literacy|children\s+of))",
    re.I,
)
# An age limit that the same clause relaxes, or an age that belongs to someone else in the
# household ("households with at least one person 60 or older").
_AGE_NOT_A_LIMIT = re.compile(
    r"\baccompanied\b|\bwith\s+(?:a\s+)?(?:parent|guardian)|\bdepending\b|\bdepends\b|"
    r"case[\s-]by[\s-]case|\b(?:might|may|can)\s+(?:also\s+)?(?:accept|serve|take)|\bexceptions?\b|\bvaries\b|"
    r"\bflexible\b|\bwaived?\b|\b(?:at\s+least\s+one|one|a)\s+(?:person|member|individual|household\s+member)\b|"
    r"\b(?:households?|homes?)\s+(?:with|where|that\s+ha(?:s|ve))\b|"
    r"(?:\(|\bor\s+)\d{1,2}(?:\s+years?(?:\s+old)?)?\s+(?:with|if|for|when)\b",
    re.I,
)
_GRADE_CONTEXT = re.compile(r"(?:grades?|k|kindergarten|pre-?k)\s*[-–]?\s*$", re.I)
_AGE_IGNORE_BEFORE = re.compile(
    r"\b(?:prior\s+to|before|sustained|onset|diagnosed|since|by|within|after|per|in)\s+(?:age\s+)?$",
    re.I,
)

_PCT = r"(?P<pct>\d{2,3})\s*(?:%|percent\b|per\s*cent\b)"
_POVERTY = (
    r"(?:of\s+)?(?:the\s+)?(?:current\s+|annual\s+|most\s+recent\s+)?"
    r"(?:(?:u\.?s\.?|federal|hhs|federal\s+income|low[\s-]income|federal\s+low[\s-]income)\s+)?"
    r"(?:poverty(?:\s+(?:income\s+)?(?:level|line|guidelines?|threshold|limits?|scale))?|fpl|fpg|fplg)"
    r"(?:\s+(?:income\s+)?guidelines?)?"
)
_LIMIT_BEFORE = (
    r"(?:under|below|up\s+to|at\s+or\s+(?:below|under|less\s+than)|less\s+than(?:\s+or\s+equal\s+to)?|"
    r"equal\s+to\s+or\s+(?:less|below)(?:\s+than)?|(?:no|not\s+(?:be\s+)?)\s*(?:more|greater|higher)\s+than|"
    r"(?:does|do|must|should|may|can|cannot|will)\s*(?:not\s+)?exceed|not\s+(?:to\s+)?exceed(?:ing)?|"
    r"exceeding\s+no\s+more\s+than|within|maximum\s+(?:of\s+)?|max\.?|meets?|meeting|≤|<=|<)"
)
_INCOME_LIMIT = [
    re.compile(rf"{_LIMIT_BEFORE}\s*(?:to\s+)?(?:the\s+)?{_PCT}\s*{_POVERTY}", re.I),
    re.compile(rf"\b{_PCT}\s*{_POVERTY}\s*(?:or|and)\s+(?:below|less|under|lower)\b", re.I),
    re.compile(rf"\b{_PCT}\s*(?:below|under)\s+(?:the\s+)?{_POVERTY}", re.I),
]
_INCOME_RANGE = re.compile(
    rf"\bbetween\s+(?P<lo>\d{{2,3}})\s*(?:%|percent)\s*(?:and|-|to)\s*{_PCT}\s*{_POVERTY}", re.I
)
_INCOME_ANY = re.compile(rf"\b\d{{2,3}}\s*(?:%|percent)\s*{_POVERTY}", re.I)

# Insurance names from the lexicon, each state's programme names included; a state's name in
# front ("Montana Medicaid") says nothing more about the kind of insurance.
_INSURANCE_NAMES = _LEX.insurance
_INS_NAME = rf"(?:(?:{_STATE_ALTERNATION})\s+)?(?:" + "|".join(p for _, p in _INSURANCE_NAMES) + ")"
_INS_LIST = rf"(?:{_INS_NAME})(?:\s*(?:insurance|coverage|cards?))?(?:\s*(?:,\s*(?:or\b|and/or\b)?|/|\bor\b|\band/or\b)\s*(?:{_INS_NAME})(?:\s*(?:insurance|coverage|cards?))?)*"
_MEMBERS = r"(?:recipients|members|beneficiaries|enrollees|patients|clients|holders|participants)"
_INS_REQUIRED = [
    re.compile(
        rf"\b(?:must|need\s+to|needs\s+to|required\s+to)\s+(?:have|be\s+on|be\s+enrolled\s+in|be\s+covered\s+by|"
        rf"be\s+an?|be|receive|have\s+active)\s+(?:an?\s+)?(?:active\s+|current\s+|valid\s+)?(?P<list>{_INS_LIST})"
        rf"(?:\s+{_MEMBERS})?",
        re.I,
    ),
    re.compile(rf"(?<!non[\s-])(?<!non)\b(?P<list>{_INS_LIST})\s+{_MEMBERS}\b", re.I),
    re.compile(
        rf"\b(?:only\s+(?:for\s+)?(?:those\s+|people\s+|patients\s+)?(?:with|on)|receiving|enrolled\s+in)\s+(?P<list>{_INS_LIST})",
        re.I,
    ),
    # "People with Medicare", "adults on Medicaid": the noun stays for the age rule.
    re.compile(
        r"\b(?P<who>people|persons|individuals|those|anyone|adults?|seniors|patients|women|men|children|"
        rf"residents|families)\s+(?:with|on|who\s+have|who\s+are\s+on|enrolled\s+in|covered\s+by)\s+(?P<list>{_INS_LIST})"
        r"(?!\s+(?:or\s+)?(?:eligib|waiver|questions|information))",
        re.I,
    ),
]
_UNINSURED = [
    re.compile(r"\b(?<!under[\s-])(?<!non[\s-])uninsured\b", re.I),
    re.compile(
        r"\b(?:no|without|lack(?:s|ing)?|do(?:es)?\s+not\s+have|not\s+have|have\s+no|has\s+no)\s+"
        r"(?:any\s+)?(?:(?:form|type|kind)s?\s+of\s+)?(?:other\s+)?(?:(?:public|private|government|third[\s-]party|"
        r"health|health\s*care|medical)\s+(?:or\s+|and\s+)?)*(?:insurance|coverage)(?:\s+coverage)?"
        r"(?!\s+(?:is\s+)?(?:required|needed|necessary|requirements?))(?:\s+of\s+any\s+kind)?",
        re.I,
    ),
]
_UNINSURED_SOFT = re.compile(
    r"\b(?:underinsured|under-insured|insured\s+(?:or|and)\s+(?:un|non)-?insured|(?:un|non)-?insured\s+"
    r"(?:or|and)\s+insured|regardless\s+of\s+insurance)\b",
    re.I,
)
_NO_INSURANCE_OR = re.compile(
    rf"\b(?:no|without)\s+(?:health\s+)?insurance\s+or\s+(?:with\s+|on\s+|have\s+)?(?P<list>{_INS_LIST})(?:\s+only)?"
    rf"|\buninsured\s+or\s+(?:with\s+|on\s+|have\s+)?(?P<list2>{_INS_LIST})(?:\s+{_MEMBERS})?(?:\s+only)?",
    re.I,
)
_INS_EXCLUDED = [
    re.compile(
        rf"\bnot\s+(?:available|open|eligible|for)\s+(?:to|for)?\s*(?:people\s+with\s+|those\s+with\s+|current\s+)?(?P<list>{_INS_LIST})"
        rf"(?:\s+{_MEMBERS})?",
        re.I,
    ),
    re.compile(
        rf"\b(?:cannot|can\s*not|can't|must\s+not|may\s+not|should\s+not|not)\s+(?:be\s+)?(?:currently\s+)?"
        rf"(?:receiving|have|having|be\s+enrolled\s+in|enrolled\s+in|be\s+covered\s+by|covered\s+by|be\s+on|on|"
        rf"qualify\s+for|eligible\s+for|be\s+eligible\s+for)\s+(?:[\w\s,]{{0,60}}?)(?P<list>{_INS_LIST})",
        re.I,
    ),
    re.compile(
        rf"\b(?:no|excludes?|excluding|except)\s+(?P<list>{_INS_LIST})(?:\s+{_MEMBERS})?(?!\s+(?:required|needed|necessary))",
        re.I,
    ),
    re.compile(rf"\bnon[\s-]?(?P<list>{_INS_LIST})\s+{_MEMBERS}", re.I),
    re.compile(
        rf"\b(?P<list>{_INS_LIST})\s+{_MEMBERS}\s+(?:are\s+)?(?:not\s+eligible|ineligible|excluded|cannot|may\s+not)",
        re.I,
    ),
]
_MUST_HAVE_INSURANCE = re.compile(
    r"\bmust\s+(?:have|be\s+covered\s+by)\s+(?:health\s+)?insurance\b(?!\s+or)", re.I
)
_INS_AND = re.compile(rf"(?:{_INS_NAME})\s+and\s+(?:{_INS_NAME})", re.I)
_INS_SOFT = re.compile(
    r"\b(?:accept(?:s|ed|ing)?|bill(?:s|ed)?|take[sn]?|welcome[ds]?|(?<!not\s)eligible\s+for|(?<!not\s)eligibility|"
    r"(?<!not\s)qualif(?:y|ied|ies)\s+for|"
    r"waiver|apply(?:ing)?\s+for|applications?|enroll(?:ing|ment)?\s+in|sign\s+up|help\s+with|assist\w*|"
    r"information|questions|proof\s+of|pending|qualify|qualifies|welcome)\b",
    re.I,
)

# Words that carry no requirement: when nothing else is left in a clause, it was understood.
_FILLER = _LEX.filler
# Words that only an age rule accounts for.
_AGE_WORDS = frozenset(
    "years year yrs yr old olds age ages aged older over up above under younger below than least "
    "between through thru to and or".split()
)
_ADULT_WORDS = frozenset("adults adult".split())
# Words a price tier accounts for ("Sliding fee: free below 100% FPL, discounts up to 200%").
_PRICE_WORDS = frozenset(
    "free discount discounts discounted sliding fee fees scale care pay cost costs charge reduced "
    "nothing up to below under at or percent poverty fpl federal level".split()
)
_SENIOR_WORDS = frozenset("seniors senior elderly elders elder citizens".split())
_CHILD_WORDS = frozenset(
    """children child kids kid youth youths adolescents adolescent teens teen teenagers teenager
    infants infant babies baby toddlers toddler newborns newborn minors minor""".split()
)

# An open-to-everyone statement that covers the whole service ("Open to the public"), as
# opposed to "Anyone 22 years old and older".
_OPEN_WIDE_WORDS = (
    r"open\s+to\s+(?:the\s+)?(?:general\s+)?public|open\s+to\s+(?:all|everyone|anyone)|"
    r"no\s+restrictions?|no\s+eligibility\s+requirements?|everyone\s+is\s+welcome"
)
_OPEN_WIDE = re.compile(rf"\b(?:{_OPEN_WIDE_WORDS})\b", re.I)
_OPEN_TO_ALL = re.compile(
    rf"\b(?:{_OPEN_WIDE_WORDS}|all\s+ages|any\s+age|"
    r"all\s+(?:are\s+)?welcomed?|anyone\s+(?:in\s+need|can\s+(?:attend|participate|call|use))|anyone|"
    r"no\s+(?:questions\s+asked|sign[\s-]?up(?:\s+(?:is\s+)?(?:needed|required))?|paperwork|"
    r"income\s+questions|appointment(?:\s+(?:is\s+)?(?:needed|necessary|required))?)|just\s+show\s+up|"
    r"walk[\s-]ins?\s+welcome)\b",
    re.I,
)
_PREFERENCE_WORDS = r"priority|prioriti[sz]\w*|preferred|preference|preferably|encouraged"
_PREFERENCE = re.compile(rf"\b(?:{_PREFERENCE_WORDS})\b", re.I)
_ANY_AGE = re.compile(r"\b(?:of\s+)?any\s+age\b|\ball\s+ages\b", re.I)
# Words that make a clause a preference, an exception or an option, never a requirement.
_SOFT = re.compile(
    rf"\b(?:case[\s-]by[\s-]case|{_PREFERENCE_WORDS}|"
    r"including|such\s+as|for\s+example|e\.g\.|may\s+(?:also\s+)?(?:be\s+)?(?:served|accepted|qualify|be\s+eligible)|"
    r"accept(?:s|ed|ing)?|accommodated|welcome[ds]?|regardless|with\s+(?:or|and)\s+without|some\s+programs|"
    r"in\s+some\s+(?:cases|instances)|may\s+include|depending|depends|varies|typically|generally|usually|most\s+people)\b",
    re.I,
)
_REQUIREMENT = re.compile(
    r"\b(?:must|should|shall|required|requires|need\s+to|needs\s+to|have\s+to|has\s+to)\b", re.I
)
_HEDGED = re.compile(rf"\b(?:{_LEX.hedges})\b", re.I)
_PROGRAM_SPECIFIC = re.compile(
    r"^\W*(?:for|in)\s+(?:the\s+|our\s+)?(?:free\s+)?[\w'’-]+(?:\s+[\w'’-]+){0,5}?\s+"
    r"(?:program|programs|camp|services|service|clinic|screenings?|classes|slots)\b(?!\s+(?:for|to)\b)",
    re.I,
)
_ALTERNATIVES = re.compile(
    r"\b(?:one|any|either|at\s+least\s+one)\s+of\s+the\s+following\b|\bone\s+or\s+more\s+of\b|\bmeet\s+(?:one|any)\b",
    re.I,
)
_FAMILY_EXTENSION = re.compile(
    r"(?:\b(?:and|or|&)\s+(?:their\s+|his\s+or\s+her\s+|the\s+)?|,\s*(?:their|his\s+or\s+her)\s+)"
    r"(?:immediate\s+)?(?:families|family|"
    r"thier\s+families|spouses?|partners?|caregivers?|caretakers?|dependents|survivors?|widows?|"
    r"friends|loved\s+ones|children|kids)\b"
    # "family violence", "family planning", "family home": about a family, not who comes along.
    r"(?!\s+(?:homes?|violence|planning|court|law|therap\w*|counsel\w*|support|services?|medicine|"
    r"practice|physicians?|doctors?|history|dynamics|issues|conflict|care\s+homes?)\b)"
    r"|\b(?:families|family\s+members|spouses|partners|caregivers|caretakers|friends|parents|"
    r"guardians|widows|survivors|dependents|siblings|loved\s+ones)\s+(?:\w+\s+){0,2}of\b",
    re.I,
)
_NEGATED_BEFORE = re.compile(
    r"\b(?:not|no|non|never|formerly|former|previously|prevent(?:ion|ing)?|at[\s-]risk\s+(?:of|for)"
    r"(?:\s+becoming)?|risk\s+of|without|nor|avoid)\b[\w\s-]{0,12}$",
    re.I,
)
_RESIDENCY = re.compile(
    r"\b(?:residents?|resid(?:e|es|ing|ence|ency)|liv(?:e|es|ing)|lives|from|in|within|throughout|"
    r"serv(?:e|es|ing|ed)|only|citizens?|located)\b",
    re.I,
)

_NAME_WORD = r"(?:St\.?|Ste\.?|[A-Z][a-zA-Z']+)"
_PLACE_NAME = rf"{_NAME_WORD}(?:[ \t-]{_NAME_WORD}){{0,3}}"
_COUNTY_LIST = re.compile(
    rf"(?P<names>{_PLACE_NAME}(?:\s*,\s*{_PLACE_NAME})*(?:\s*,?\s*(?:and|or|&|and/or)\s+{_PLACE_NAME})?)"
    r"\s+(?P<word>[Cc]ount(?:y|ies)|COUNT(?:Y|IES))\b"
)
_HARMLESS_LEAD = frozenset(
    "all any the open serves serving residents resident only entire whole".split()
)
_COUNTY_BEFORE_OK = re.compile(
    r"(?:\b(?:residents?\s+of|resident\s+in|resid(?:e|es|ing)\s+in|liv(?:e|es|ing)\s+in|lives\s+in|"
    r"live\s+within|from|in|within|throughout|serves|serving|to|of|for|only)\s+(?:the\s+|all\s+|any\s+)?"
    r"(?:following\s+)?$)|^\W*(?:\w+\W+){0,3}$",
    re.I,
)
_COUNTY_BEFORE_BAD = re.compile(
    r"\b(?:court|school|schools|department|office|trust|hospital|university|college|library|"
    r"government|commission|police|sheriff|clerk|agency|district|board|jail|system|program|"
    r"referred\s+by|referral\s+from|by|through|attend(?:s|ing)?|enrolled\s+(?:at|in))\s+(?:\w+\s+){0,1}$",
    re.I,
)
_COUNTY_AFTER_BAD = re.compile(
    r"^\s*(?:lines?|borders?|limits|boundar(?:y|ies)|public\s+schools?|schools?|court|department|homeless\s+trust|trust|government|sheriff|"
    r"police|jail|library|hospital|health\s+department|commission|clerk|office|fire|transit|"
    r"employees?|staff|physicians|doctors|teachers|agencies|organizations|businesses|programs?)\b",
    re.I,
)
_COUNTY_AFTER_OK = re.compile(
    r"^\s*(?:residents?|residency|only|adults?|families|seniors|individuals|youth|children|households?|"
    r"home\s*owners?|homeowners?|citizens|area|women|men|veterans|[.;,:)]|$|and\s|or\s|to\s+receive)",
    re.I,
)
# State names are matched with their capital letter ("Michigan residents", not "michigan"), the
# words around them in any case.
_STATE_RESIDENCY = re.compile(
    r"(?:\b(?i:residents?\s+of|resident\s+in|resid(?:e|es|ing)\s+in|liv(?:e|es|ing)\s+in|lives\s+in|"
    r"from\s+any\s+(?:county|city)\s+in|anywhere\s+in)\s+(?i:the\s+)?(?i:state\s+of\s+)?"
    rf"(?P<a>(?:{_STATE_ALTERNATION})(?:(?:,\s*|\s+(?i:and|or|&)\s+)(?:{_STATE_ALTERNATION}))*)\b"
    r"(?!\s+[A-Z]|,?\s*D\.?\s?C\b|\s+(?i:state\s+university)))"
    rf"|(?:(?<!West\s)\b(?P<b>{_STATE_ALTERNATION})\s+(?i:state\s+)?(?i:residents?)\b)"
)
_ZIP_CONTEXT = re.compile(r"\bzip\s*codes?\b|\bzipcodes?\b|\bzips?\b|\bpostal\s+codes?\b", re.I)

# Flags. Each pattern names the population; guards below decide whether it is a hard rule.
_FLAG_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "pregnant",
        re.compile(
            r"\b(?:pregnant(?:\s+(?:women|woman|people|persons|individuals|clients|mothers|moms))?|"
            r"expectant\s+mothers?|expecting\s+mothers?|mothers[\s-]to[\s-]be)\b",
            re.I,
        ),
    ),
    (
        "veteran",
        re.compile(
            r"\b(?:(?:u\.?s\.?|american|military|honorably\s+discharged|eligible|adult|combat|all|any)\s+)*"
            r"(?:military\s+)?veterans?\b"
            r"(?!\s*(?:'|’)?\s*(?:benefits|affairs|administration|services|hospital|clinic|center|day|memorial|"
            r"service\s+officer|organizations?))",
            re.I,
        ),
    ),
    ("homebound", re.compile(r"\bhome[\s-]?bound\b", re.I)),
    (
        "homeless",
        re.compile(
            r"\b(?:(?:chronically|literally|currently)\s+)?homeless(?!\s+(?:trust|coalition|shelters?|letters?|"
            r"services?|programs?|prevention|assistance|outreach|providers?|agency|agencies|management|"
            r"network|continuum|court|count|system|hotline|helpline)\b)\b(?:\s+(?:individuals?|persons?|people))?"
            r"|\b(?:experiencing|who\s+are\s+experiencing)\s+homelessness\b"
            r"|\bqualif(?:y|ies)\s+as\s+homeless\b",
            re.I,
        ),
    ),
    (
        "disability",
        re.compile(
            r"\b(?P<who>people|persons?|individuals?|adults?|children|youth|students|clients|anyone|those|"
            r"seniors|veterans|person|residents|women|men)\s+(?:of\s+any\s+age\s+)?with\s+(?:an?\s+)?"
            r"(?:(?:physical|developmental|intellectual|cognitive|mental|learning|medical|neurological|"
            r"orthopedic|sensory|visual|hearing|severe|significant|documented|permanent|serious|"
            r"chronic)\s*(?:,|and/or|or|and)?\s*)*disabilit(?:y|ies)\b"
            r"|\b(?:developmentally|intellectually|physically|permanently|totally)\s+disabled\b"
            r"|\bdisabled(?=\s+(?:adults?|individuals?|persons?|people|children|seniors|veterans|clients|"
            r"residents|youth|students|elderly|women|men)\b)"
            r"|\bmust\s+(?:be\s+disabled|have\s+an?\s+(?:\w+\s+){0,3}?disability)\b"
            r"|\bdiagnosed\s+(?:with\s+an?\s+(?:\w+\s+){0,2}?disability|as\s+(?:\w+\s+)?disabled)\b"
            r"|\b(?:who|that)\s+(?:have|has)\s+an?\s+(?:\w+\s+){0,2}?disabilit(?:y|ies)\b"
            r"|\bdisabled\b(?!\s+(?:parking|access|accessible|entrance|discrimination))",
            re.I,
        ),
    ),
]
_CHILDREN_FLAG = re.compile(
    r"\b(?:(?P<who>mothers?|fathers?|adults?)|famil(?:y|ies)|households?|parents?|guardians?|caregivers?)\s+"
    r"(?:with|of|who\s+have|that\s+have|raising)\s+(?:(?:minor|young|dependent|school[\s-]aged?)\s+)?"
    r"(?:children|child|kids)(?P<age>\s+(?:under|younger\s+than|below|up\s+to|ages?|aged|between|birth|0|"
    rf"\d|{_WORD_NUMBER})[\w\s-]*?(?:years?(?:[\s-]*old)?|\b\d+\b|{_WORD_NUMBER}))?"
    r"|\b(?:have|has|having|with)\s+(?:an?\s+|at\s+least\s+one\s+)?(?:identified\s+|minor\s+|dependent\s+)?"
    r"(?:child|children)\b[^.;]{0,60}?\b(?:in\s+(?:the|their)\s+(?:household|home)|in\s+household|at\s+home|"
    r"living\s+(?:with|at\s+home))"
    r"(?P<age4>\s+(?:between\s+|ages?\s+|aged\s+|under\s+|up\s+to\s+)?\d{1,2}"
    r"(?:\s*(?:-|–|to|and)\s*\d{1,2})?(?:\s*years?(?:\s+old)?)?)?"
    r"|\b(?:have|has|having)\s+(?:an?\s+|at\s+least\s+one\s+)?(?:minor\s+|dependent\s+)?(?:child|children|kids)\s+"
    r"(?P<age3>(?:ages?\s+|aged\s+|between\s+)?\d{1,2}(?:\s*(?:-|–|to|or|and)\s*\d{1,2})*(?:\s*years?(?:\s+old)?)?)"
    r"|\b(?P<who2>residents?|individuals?|persons?|people|those|adults?|clients?)\s+(?:who\s+have|with)\s+"
    r"(?:(?:minor|young|dependent)\s+)?(?:children|kids)(?P<age2>\s+(?:under|younger\s+than|below|up\s+to|ages?|aged|"
    rf"between|birth|0|\d|{_WORD_NUMBER})[\w\s-]*?(?:years?(?:[\s-]*old)?(?:\s+or\s+(?:younger|under))?|\b\d+\b))?",
    re.I,
)
_EXPECTANT_AND_SMALL_CHILDREN = re.compile(
    r"\b(?:pregnant|expectant|expecting|prenatal)\b.{0,80}?\b(?:infants?|babies|baby|children|kids|toddlers)\s+"
    rf"(?:(?:under|up\s+to|younger\s+than|below|ages?\s+0\s*-)\s*(?:age\s+)?(?P<n>{_N})|(?P<n2>{_N})\s*(?:years?\s*old\s*)?(?:and|or)\s+(?:under|younger))",
    re.I | re.S,
)


def rules_from_text(text: str, states: Sequence[str] = ()) -> EligibilityRules:
    """Rules from eligibility free text alone. `states` are the service's states, used to tell
    which state a county named in the text is in; with none, counties become conditions."""
    return analyse(text, states)[0]


def analyse(text: str, states: Sequence[str]) -> tuple[EligibilityRules, bool]:
    """The rules, and whether the text makes any age limit doubtful (an age for one group of
    several, family members of any age): then the HSDS age fields are doubtful too."""
    rules, doubtful = _analyse_cached(text, tuple(states))
    return copy.deepcopy(rules), doubtful


# Directories repeat the same sentences ("Call for information", "Adults 18 and older") across
# thousands of services; reading each once keeps a statewide import from doing it again.
@lru_cache(maxsize=8192)
def _analyse_cached(text: str, states: tuple[str, ...]) -> tuple[EligibilityRules, bool]:
    rules = EligibilityRules()
    if not text or not text.strip():
        return rules, False
    clauses = _clauses(text)
    alternatives = bool(_ALTERNATIVES.search(text)) or _program_headers(text) >= 2
    found: list[tuple[str, list[_Fact]]] = [(c, _facts(c, states)) for c in clauses]
    # "Income under 125% FPL; seniors 60 and older regardless of income": a second way in, so
    # neither the income limit nor that clause's age holds for everyone. ("Children 0-12
    # regardless of income", with no income limit anywhere, is just open to all incomes.)
    # "Adults 60 and older; guests of any age may eat lunch for $7": another clause lets
    # everyone in, so the age is for some of the people served only.
    any_age = [c for c, _ in found if _ANY_AGE.search(c)]
    if any_age:
        for clause, facts in found:
            if clause not in any_age:
                for fact in facts:
                    if fact.kind == "age":
                        fact.hard = False
    for kind in ("income", "age"):
        waived = re.compile(rf"\bregardless\s+of\s+(?:\w+\s+)?{kind}\b", re.I)
        if waived.search(text) and any(f.kind == kind for _, facts in found for f in facts):
            for clause, facts in found:
                for fact in facts:
                    if fact.kind == kind or waived.search(clause):
                        fact.hard = False
    required = _requirement_clauses(clauses)
    # "Individuals 60 and over. Housing Foreclosure Mitigation: Open to the public.": when the
    # text also opens the service to everyone, a rule stated elsewhere is one program's.
    opened = {
        c for c, facts in found if any(f.kind == "open" for f in facts) and _OPEN_WIDE.search(c)
    }
    if opened and len(found) > 1:
        for clause, facts in found:
            scoped = clause in required and re.match(r"\W*for\s", clause, re.I)
            if clause not in opened and (clause not in required or scoped):
                for fact in facts:
                    fact.hard = False

    # Directory text lists the groups a service takes, one per clause ("Elder 60 and above.
    # Adults with disabilities 18 and above."). Those descriptions are alternatives: an age or
    # a flag from them is a rule only if every group has one, and ages combine as the widest
    # range. A hedged clause counts too ("Children can be accepted" widens who is served). A
    # clause that states a requirement ("Must be 18 or older") applies to everyone.
    def population(clause: str, facts: list[_Fact]) -> bool:
        if any(f.kind in ("age", "flag") for f in facts):
            return True
        return _names_other_population(clause, facts)

    # "Priority to veterans" names who goes first, not another group served.
    groups = [
        (c, facts)
        for c, facts in found
        if c not in required and population(c, facts) and not _PREFERENCE.search(c)
    ]
    demote: set[str] = {c for c, _ in found} if alternatives else set()
    conditions: list[str] = []
    notes: list[str] = []

    all_ages = [(c, f) for c, facts in found for f in facts if f.kind == "age"]
    age_facts = [(c, f) for c, f in all_ages if c in required and f.hard]
    aged_classes = {k for c, _ in all_ages for k in _noun_classes(c)}

    def widens(clause: str, facts: list[_Fact]) -> bool:
        if any(f.kind == "age" and f.hard for f in facts):
            return False
        # "Children with disabilities accepted case by case" after "Children 5-12": the same
        # children, not a new group; but "Children can be accepted" after "Adults" is.
        if _SOFT.search(clause) and not re.search(r"\b\d{1,2}\s*(?:years?|yrs?)\b", clause, re.I):
            classes = _noun_classes(clause)
            same_people = bool(classes) and bool(aged_classes) and classes <= aged_classes
            return not same_people
        return True

    if not any(widens(c, facts) for c, facts in groups):
        age_facts += [(c, f) for c, f in all_ages if c not in required and f.hard]
    age_clauses = {c for c, _ in all_ages}
    if any(not f.hard for _, f in all_ages):
        # An age that covers only one of the groups served ("women and children under 6"):
        # the service's own range is unknown, so no age rule at all.
        age_facts = []
    if age_facts and not alternatives:
        low = min((f.low or 0) for _, f in age_facts)
        highs = [f.high for _, f in age_facts]
        rules.min_age = low or None
        rules.max_age = (
            None if any(h is None for h in highs) else max(h for h in highs if h is not None)
        )
    if len(all_ages) > 1 or (all_ages and len(age_facts) != len(all_ages)):
        demote |= age_clauses  # several ages, or some not used: show each to the coordinator
    if rules.min_age is not None and rules.max_age is not None and rules.min_age > rules.max_age:
        rules.min_age = rules.max_age = None
        demote |= age_clauses

    flag_facts = [
        f for c, facts in found if c in required for f in facts if f.kind == "flag" and f.hard
    ]
    group_flags = [[f for f in facts if f.kind == "flag" and f.hard] for _, facts in groups]
    if group_flags and all(group_flags):
        flag_facts += [f for fs in group_flags for f in fs]
        if len(group_flags) > 1:
            demote |= {c for c, _ in groups}
    else:
        demote |= {
            c for c, facts in found if c not in required and any(f.kind == "flag" for f in facts)
        }
    # A flag that the text also mentions loosely elsewhere ("Homeless individuals. Formerly
    # homeless persons also welcome") is not a firm requirement.
    loose_flags = {
        v for _, facts in found for f in facts if f.kind == "flag" and not f.hard for v in f.values
    }
    flag_facts = [f for f in flag_facts if not loose_flags & set(f.values)]
    if flag_facts and not alternatives:
        rules.flags_required = _dedupe(v for f in flag_facts for v in f.values)
        if len({frozenset(f.values) for f in flag_facts}) > 1:
            # "Homeless veterans" needs both; the rules can only say "any one of", so the
            # coordinator also sees the words.
            demote |= {c for c, facts in found if any(f in flag_facts for f in facts)}

    if not alternatives:
        incomes = [f for _, facts in found for f in facts if f.kind == "income" and f.high]
        if any(f.hard for f in incomes):
            # The highest limit the text names, hedged ones included ("in some cases 300%"):
            # a lower one would exclude people the service sometimes takes.
            rules.income_max_fpl = max(f.high or 0 for f in incomes) or None
            if len({f.high for f in incomes}) > 1:
                demote |= {c for c, facts in found if any(f in incomes for f in facts)}
        rules.areas = _text_areas(
            [f for _, facts in found for f in facts if f.kind == "area" and f.hard]
        )
        required_facts = [f for _, facts in found for f in facts if f.kind == "ins_req"]
        required_values = {v for f in required_facts if f.hard for v in f.values}
        # "Uninsured. Medicaid accepted in some cases": no firm insurance requirement.
        accepted = {
            v for c, _ in found if re.search(r"\baccept", c, re.I) for v in _insurance_values(c)
        }
        if all(f.hard or not f.values for f in required_facts) and accepted <= required_values:
            rules.insurance_required = _dedupe(
                v for f in required_facts if f.hard for v in f.values
            )
        rules.insurance_excluded = _dedupe(
            v
            for _, facts in found
            for f in facts
            if f.kind == "ins_excl" and f.hard
            for v in f.values
            if v not in rules.insurance_required
        )
        if "none" in rules.insurance_required and "none" in rules.insurance_excluded:
            rules.insurance_excluded.remove("none")

    tiers: dict[str, int] = {}
    for _, facts in found:
        for f in facts:
            if f.kind == "price" and f.high:
                tiers[f.tier] = max(tiers.get(f.tier, 0), f.high)
    if tiers.get("free", 0) >= tiers.get("discount", 0):
        tiers.pop("discount", None)  # "discounts up to 200%, free below 250%": free says more
    rules.price_tiers = tiers

    has_age_rule = rules.min_age is not None or rules.max_age is not None
    used_ages = {id(f) for _, f in age_facts} if has_age_rule else set()
    if has_age_rule:
        rules.age_exceptions = _dedupe(e for _, f in age_facts for e in f.exceptions)
    for clause, facts in found:
        notes.extend(f.note for f in facts if f.note)
        # A clause whose rule was set aside above (an alternative, a hedge elsewhere) is shown
        # whole: nothing the text says disappears.
        dropped = any(f.hard and not _represented(f, rules, used_ages) for f in facts)
        if dropped or clause in demote or not _understood(clause, facts):
            conditions.append(_condition_text(clause))
    rules.conditions = _dedupe(c for c in conditions + notes if c)
    rules.sources = _sources(found, rules, used_ages)
    ages_doubtful = any(not f.hard for _, f in all_ages) or (
        bool(all_ages) and (alternatives or not used_ages)
    )
    companions = any(f.exceptions for _, f in all_ages)
    ages_doubtful = ages_doubtful or (bool(_FAMILY_EXTENSION.search(text)) and not companions)
    return rules, ages_doubtful


_SOURCE_FIELDS = {
    "age": ("min_age", "max_age"),
    "income": ("income_max_fpl",),
    "price": ("price_tiers",),
    "area": ("areas",),
    "ins_req": ("insurance_required",),
    "ins_excl": ("insurance_excluded",),
    "flag": ("flags_required",),
}


def _sources(
    found: list[tuple[str, list[_Fact]]], rules: EligibilityRules, used_ages: set[int]
) -> dict[str, str]:
    """field -> 'text: "the clause"' for each rule, from the first clause that states it."""
    sources: dict[str, str] = {}
    for clause, facts in found:
        for fact in facts:
            if fact.kind not in _SOURCE_FIELDS:
                continue
            if fact.kind != "price" and not (fact.hard and _represented(fact, rules, used_ages)):
                continue
            for name in _SOURCE_FIELDS[fact.kind]:
                value = getattr(rules, name)
                if value not in (None, [], {}) and name not in sources:
                    sources[name] = f'text: "{_condition_text(clause)}"'
    return sources


def _represented(fact: _Fact, rules: EligibilityRules, used_ages: set[int]) -> bool:
    """Whether a hard fact made it into the final rules."""
    if fact.kind == "price":
        return True
    if fact.kind == "age":
        return id(fact) in used_ages
    if fact.kind == "flag":
        return set(fact.values) <= set(rules.flags_required)
    if fact.kind == "income":
        return rules.income_max_fpl is not None and fact.high == rules.income_max_fpl
    if fact.kind == "area":
        return set(fact.values) <= set(rules.areas) or any(
            Area.from_key(a).within(Area.from_key(v)) for v in fact.values for a in rules.areas
        )
    if fact.kind == "ins_req":
        return set(fact.values) <= set(rules.insurance_required)
    if fact.kind == "ins_excl":
        return set(fact.values) <= set(rules.insurance_excluded) | set(rules.insurance_required)
    return True


def _noun_classes(clause: str) -> set[str]:
    classes = set()
    for noun in re.findall(_POPULATION, clause, re.I):
        classes.add("child" if re.fullmatch(_CHILD_NOUNS, noun, re.I) else "adult")
    return classes


def _requirement_clauses(clauses: list[str]) -> set[str]:
    """Clauses that state a requirement: "must", "required", or a bullet under "Must be:"."""
    result: set[str] = set()
    under_header = False
    for clause in clauses:
        if _REQUIREMENT.search(clause) or under_header:
            result.add(clause)
        if clause.rstrip().endswith(":"):
            under_header = bool(
                _REQUIREMENT.search(clause) or re.search(r"\bqualif|\beligib", clause, re.I)
            )
    return result


def _names_other_population(clause: str, facts: list[_Fact]) -> bool:
    """A clause that opens by naming a group ("Families of the above", "Children can be
    accepted"), as opposed to one stating a requirement ("The applicant must ...")."""
    if any(f.kind in ("flag", "area", "income", "ins_req", "ins_excl") for f in facts):
        return False  # "Homeless adults" style clauses are handled by the flag logic
    if re.search(r"\b(?:must|should|required|need\s+to|needs\s+to)\b", clause, re.I):
        return False
    opening = " ".join(clause.split()[:6])
    return bool(
        re.search(_POPULATION, " ".join(clause.split()[:4]), re.I)
        or re.search(r"\b(?:anyone|everyone|public|members|providers)\b", opening, re.I)
        # "Services are provided for providers and families in need": other people served
        or re.search(
            rf"\b(?:provided|available|open|offered)\s+(?:to|for)\b.*(?:{_POPULATION}|\bproviders?\b)",
            clause,
            re.I,
        )
    )


def _text_areas(facts: list[_Fact]) -> list[str]:
    areas = _dedupe(f.values[0] for f in facts)
    # A county and its state both named ("Must be a Florida resident ... Miami-Dade County"):
    # the county is the requirement that says more.
    parsed = [Area.from_key(a) for a in areas]
    counties_states = {a.state for a in parsed if a.kind == "county"}
    return [a.key for a in parsed if not (a.kind == "state" and a.state in counties_states)]


def _facts(clause: str, states: Sequence[str]) -> list[_Fact]:
    facts: list[_Fact] = []
    taken: list[tuple[int, int]] = []

    def add(fact: _Fact) -> None:
        facts.append(fact)
        taken.append(fact.span)

    def free(span: tuple[int, int]) -> bool:
        return all(span[1] <= s or span[0] >= e for s, e in taken)

    # Earlier finders win overlapping text: "families with children under 5" is a household
    # flag, not an age limit, so flags run before ages. Facts of one finder may share a span
    # ("Wexford and Missaukee counties" is two areas from one phrase).
    finders = (
        _find_flags(clause),
        _find_income(clause),
        _find_insurance(clause),
        _find_areas(clause, states),
        _find_ages(clause),
        [_Fact("open", m.span()) for m in _OPEN_TO_ALL.finditer(clause)],
    )
    for found in finders:
        for fact in found:
            if fact.exceptions:
                # The flag in "65 or older or disabled" is the age rule's exception, not a rule.
                inside = [
                    f for f in facts if fact.span[0] <= f.span[0] and f.span[1] <= fact.span[1]
                ]
                facts[:] = [f for f in facts if f not in inside]
                taken[:] = [f.span for f in facts]
        kept = [f for f in found if free(f.span)]
        for fact in kept:
            add(fact)
    _mark_alternatives(clause, facts)
    if _HEDGED.search(clause) or _PROGRAM_SPECIFIC.search(clause):
        # "Typically ... at or below 200%", "For the Summer Dental Program must be uninsured":
        # true of some cases or one program, not a rule for the service.
        for fact in facts:
            fact.hard = False
    for fact in facts:
        if fact.kind in ("ins_req", "ins_excl") and _inside_parentheses(clause, fact.span):
            fact.hard = False  # "(emergency services without insurance)": a side remark
    return facts


# People named as a group ("families", "seniors"): a list item holding one is another group
# served, where "family violence" or "child abuse" is not.
_GROUP_NOUNS = re.compile(
    r"\b(?:children|kids|youths?|adolescents|teens|teenagers|infants|babies|toddlers|minors|students|"
    r"adults|seniors|elders|women|men|mothers|fathers|parents|families|caregivers|caretakers|"
    r"guardians|veterans|spouses|survivors|individuals|people|persons|households|residents|homeowners|"
    r"renters|riders|members|those|anyone|patients|clients)\b",
    re.I,
)
# Words that open a qualifier ("who are seniors", "in families with income ...").
_QUALIFIER = re.compile(r"\b(?:who|that|whose|with|in|receiving|having|have|has)\b", re.I)


def _mark_alternatives(clause: str, facts: list[_Fact]) -> None:
    """Soften facts that are one way in among several, inside one clause.

    "Homeowners ages 55+ or with a disability, income under 200% FPL": the age and the
    disability are alternatives (neither is required), the income applies to both. "Anyone over
    62, low income families, or disabled": three groups. "Children ages 3 to 5 in families with
    income under 100% FPL, or receiving SSI": the income has an alternative, the age does not.
    """
    ruled = [f for f in facts if f.kind != "open"]
    if not ruled:
        return

    def inside(pos: int) -> bool:
        return any(f.span[0] <= pos < f.span[1] for f in facts)

    def soften(start: int, end: int, keep: frozenset[str] = frozenset()) -> None:
        for fact in ruled:
            if start <= fact.span[0] and fact.span[1] <= end and fact.kind not in keep | {"area"}:
                fact.hard = False

    # Top-level list items: cut at commas, and at "or" outside every fact.
    cuts = [
        m for m in re.finditer(r",\s*(?:and\s+|or\s+|and/or\s+)?", clause) if not inside(m.start())
    ]
    items: list[tuple[int, int]] = []
    start = 0
    for m in cuts:
        items.append((start, m.start()))
        start = m.end()
    items.append((start, len(clause)))
    joined_by_or = [bool(re.search(r"\bor\b", m.group(0), re.I)) for m in cuts]

    # "A, B, or C" (also "A, or B"): a list of alternatives.
    if any(joined_by_or):
        last = max(i for i, by_or in enumerate(joined_by_or) if by_or)
        listed = items[: last + 2]
        later = listed[1:]
        if len(listed) >= 3 or any(_GROUP_NOUNS.search(clause[a:b]) for a, b in later):
            # "Medicaid recipients, or uninsured adults": every option names an insurance, so
            # "one of these" still holds; the adults' age does not.
            every = frozenset(
                kind
                for kind in ("ins_req", "flag")
                if all(any(f.kind == kind and a <= f.span[0] < b for f in ruled) for a, b in listed)
            )
            if any(_GROUP_NOUNS.search(clause[a:b]) for a, b in later):
                soften(listed[0][0], listed[-1][1], every)  # other groups: not for everyone
            else:
                # Other qualifiers: only the first item's own qualifier part is an option.
                first_start, first_end = listed[0]
                opener = _QUALIFIER.search(clause, first_start, first_end)
                soften(opener.start() if opener else first_end, listed[-1][1])

    # "X or Y" inside one item, where X is a rule and Y another way in.
    for m in re.finditer(r"\s+(?:or|and/or)\s+", clause, re.I):
        if inside(m.start()) or inside(m.end()):
            continue
        left = [
            f for f in ruled if f.span[1] == m.start() or clause[f.span[1] : m.start()].isspace()
        ]
        after = clause[m.end() :]
        next_item = re.split(r"[,;]", after, maxsplit=1)[0]
        starts_group = re.match(
            r"(?:an?\s+|the\s+)?(?:\w+\s+)?(?:with|who|have|has|having|receiving)\b", after, re.I
        ) or _GROUP_NOUNS.match(after)
        if not left or not starts_group:
            continue
        right = [f for f in ruled if m.end() <= f.span[0] < m.end() + len(next_item)]
        if right and right[0].kind == left[0].kind:
            continue  # "Medicaid recipients or people with no insurance": any one of them
        for fact in left + right[:1]:
            if fact.kind != "area":
                fact.hard = False

    # Groups listed with "and" or commas, each with a different test: "Adults ages 55+ and
    # adults with disabilities". A "must" clause lists requirements that all apply instead.
    if _REQUIREMENT.search(clause):
        return
    parts = [0]
    for m in re.finditer(r",\s*(?:and\s+|or\s+)?|(?<!\bwith)\s+(?:and|or)\s+(?!without\b)", clause):
        if not inside(m.start()):
            parts += [m.start(), m.end()]
    parts.append(len(clause))
    groups = []
    heads: list[str] = []
    for a, b in ((parts[i], parts[i + 1]) for i in range(0, len(parts) - 1, 2)):
        own = [f for f in ruled if a <= f.span[0] and f.span[1] <= b]
        # "Adult men and women who are homeless": "Adult" only names the group; the test that
        # follows covers both. A group with a test of its own is a separate way in.
        explicit = [f for f in own if f.values != ("noun",)]
        head = _GROUP_NOUNS.search(clause[a:b])
        if explicit and head:
            groups.append(own)
            heads.append(head.group(0).lower())
    # The same group named twice ("Adults ages 55+ and adults with disabilities") is two groups.
    repeated = len(heads) != len(set(heads))
    # In a list of three or more groups, one whose test was already softened (an age for one
    # item) still counts as a way in of its own.
    explicit_groups = [g for g in groups if any(f.hard for f in g) or len(groups) >= 3]
    if repeated or (
        len(explicit_groups) >= 2
        and len({frozenset(f.kind for f in g) for g in explicit_groups}) > 1
    ):
        for group in groups:
            for fact in group:
                # A place named in the list ("... living in Lake County") applies to all.
                fact.hard = fact.hard and fact.kind == "area"


def _inside_parentheses(clause: str, span: tuple[int, int]) -> bool:
    before = clause[: span[0]]
    return before.count("(") > before.count(")")


def _understood(clause: str, facts: list[_Fact]) -> bool:
    """True when every word of the clause is covered by a hard fact or is filler."""
    if any(not f.hard for f in facts):
        return False
    chars = list(clause)
    for fact in facts:
        for i in range(fact.span[0], fact.span[1]):
            chars[i] = " "
    rest = "".join(chars)
    ages = [f for f in facts if f.kind == "age"]
    # Group words are covered only by an age rule that says the same: "Seniors 60 and older",
    # "Children 5-12", "Adults 18+". "Homebound seniors" has no age rule, so it stays a check.
    covered: set[str] = set()
    if ages:
        covered |= _AGE_WORDS
    if any((f.low or 0) >= 50 for f in ages):
        covered |= _SENIOR_WORDS | _ADULT_WORDS
    elif any((f.low or 0) >= 18 for f in ages):
        covered |= _ADULT_WORDS
    if any(f.high is not None and f.high <= 21 for f in ages):
        covered |= _CHILD_WORDS
    if any(f.kind == "price" for f in facts):
        covered |= _PRICE_WORDS
    for word in re.findall(r"[A-Za-z][A-Za-z'/-]*|\d+", rest):
        lower = word.lower().strip("'")
        if lower in _FILLER or lower in covered:
            continue
        return False  # a word (or a number) no rule accounts for
    return True


# --- ages ---------------------------------------------------------------------------------


def _num(text: str) -> int:
    text = text.strip().lower()
    digits = re.match(r"\d+", text)
    if digits:
        return int(digits.group())  # "2 1/2" -> 2: the lower whole year, so nobody is cut off
    if text in ("birth", "newborn", "newborns", "infant", "infants", "infancy", "babies"):
        return 0
    total = 0
    for word in re.split(r"[\s-]+", text):
        total += _NUMBER_WORDS.get(word, 0)
    return total


def _find_ages(clause: str) -> list[_Fact]:
    facts: list[_Fact] = []
    taken: list[tuple[int, int]] = []

    def free(span: tuple[int, int]) -> bool:
        return all(span[1] <= s or span[0] >= e for s, e in taken)

    def keep(fact: _Fact) -> None:
        if fact.low is not None and fact.high is not None and fact.low > fact.high:
            return
        if (fact.low or 0) > 120 or (fact.high or 0) > 120:
            return
        exception = _exception_after(clause, fact.span[1])
        if exception:
            # "65 or older or disabled", "55+, unless disabled", "60 and older and their
            # spouses": the age says who it is made for; the others are asked about.
            fact.exceptions, end = exception
            fact.span = (fact.span[0], end)
        else:
            fact.hard = fact.hard and _age_applies_to_all(clause, fact.span, fact.high is not None)
        facts.append(fact)
        taken.append(fact.span)

    for pattern in (_AGE_BETWEEN, _AGE_RANGE):
        for m in pattern.finditer(clause):
            if not free(m.span()) or not _is_age_range(clause, m):
                continue
            low_unit = (m.group("lo_unit") or "").lower()
            high_unit = (m.group("hi_unit") or "").lower()
            low = _num(m.group("lo"))
            either = re.search(r"\b(\d{1,2})\s+or\s+$", clause[: m.start()])
            if either and int(either.group(1)) < low:
                low = int(either.group(1))  # "7 or 8-18 years old": the younger one is served
            if re.search(r"week|month|mo", low_unit):
                low = low // 52 if "week" in low_unit else low // 12
            high = _num(m.group("hi"))
            note = ""
            if re.search(r"week|month", high_unit):
                high = high // 52 if "week" in high_unit else high // 12
                note = _condition_text(m.group(0))
            keep(_Fact("age", m.span(), low=low, high=high, note=note))
    for pattern in _AGE_MIN:
        for m in pattern.finditer(clause):
            if not free(m.span()) or _ignored_age(clause, m):
                continue
            groups = m.groupdict()
            word = (groups.get("word") or "").lower()
            has_unit = bool((groups.get("unit") or "").strip()) or bool(groups.get("age"))
            if word and not has_unit and not _age_context(clause, m.start()):
                continue  # "over 60", "at least 25" need "years" or a group noun to be an age
            low = _num(m.group("n"))
            if word.startswith("older than"):
                low += 1  # "older than 21" is 22 and up, said exactly
            keep(_Fact("age", m.span(), low=low))
    for pattern in _AGE_MAX:
        for m in pattern.finditer(clause):
            if not free(m.span()) or _ignored_age(clause, m):
                continue
            groups = m.groupdict()
            word = (groups.get("word") or "").lower()
            has_unit = bool((groups.get("unit") or "").strip()) or bool(groups.get("age"))
            # "up to 5 visits" is not an age; a bare "under 21" is, unless a unit follows.
            bare_age = word in ("under", "below", "younger than") and _bare_under(clause, m)
            if word and not has_unit and not _age_context(clause, m.start()) and not bare_age:
                continue
            high = _num(m.group("n"))
            if word in ("under", "below", "less than") or word.startswith("younger"):
                high -= 1  # "under 21" means 20 at the oldest
            if high < 0:
                continue
            keep(_Fact("age", m.span(), high=high))
    for m in _AGE_MONTHS_MAX.finditer(clause):
        if free(m.span()):
            keep(_Fact("age", m.span(), high=0, note=_condition_text(m.group(0))))
    # "Adults" alone means 18 and up, but not in "children and adults", "5 years old to adults"
    # or next to any number (the number says more).
    adults = None if facts else _ADULTS_ONLY.search(clause)
    other_groups = rf"\b(?:{_CHILD_NOUNS}|families|family|anyone|all\s+ages|any\s+age)\b|\d"
    if (
        adults
        and not re.search(other_groups, clause, re.I)
        and not re.search(r"\b(?:to|through|into|and|or)\s+$", clause[: adults.start()], re.I)
    ):
        facts.append(_Fact("age", adults.span(), values=("noun",), low=18))
    family = _FAMILY_EXTENSION.search(clause)
    if family and any(f.exceptions and f.span[1] >= family.end() for f in facts):
        family = None  # the family members are the age rule's exception, read above
    if facts and (_AGE_NOT_A_LIMIT.search(clause) or family):
        for fact in facts:
            fact.hard = False  # "minors with a parent", "might accept older": not a limit
    return facts


_EXCEPTION_AFTER = re.compile(
    rf"\s*[,;]?\s*(?:(?P<conn>or|unless|except(?:\s+for)?|if|exceptions?\s+(?:for|made\s+for))\s+"
    rf"(?P<who>(?!older|younger|over|under|above|up\b|\d)[^.;,]{{1,80}}?)\s*(?=$|[.;,])"
    rf"|\s*,?\s*(?:and|&|or)\s+(?:their|his\s+or\s+her|the)\s+(?P<comp>{_LEX.companions})\b)",
    re.I,
)


def _exception_after(clause: str, end: int) -> tuple[tuple[str, ...], int] | None:
    """The people an age limit does not bind, said right after it, and where those words end.

    Flags the profile can answer come back as flag names ("disability"); anything else as the
    text's own words ("spouses", "a qualifying diagnosis"), which stays a question.
    """
    m = _EXCEPTION_AFTER.match(clause, end)
    if m is None:
        return None
    if m.group("comp"):
        return (" ".join(m.group("comp").lower().split()),), m.end()
    who = m.group("who").strip(" ,")
    if re.match(r"\s*,?\s*(?:or|and/or)\b", clause[m.end() :], re.I):
        # "65 and over, or disabled, or on food assistance": more ways in than one; the
        # whole list is asked, so no flag alone can decide.
        rest = re.split(r"[.;]", clause[m.start() :], maxsplit=1)[0]
        who = re.sub(r"^\s*[,;]?\s*(?:or|unless|except(?:\s+for)?|if)\s+", "", rest, flags=re.I)
        said = _condition_text(who)
        return (said[:1].lower() + said[1:],), m.start() + len(rest)
    flags = [flag for flag, pattern in _FLAG_PATTERNS if pattern.search(who)]
    if re.search(r"\bdisabled\b|\bdisabilit", who, re.I) and "disability" not in flags:
        flags.append("disability")
    if flags and len(who.split()) <= 6 and m.group("conn").lower() != "if":
        return tuple(dict.fromkeys(flags)), m.end()
    said = _condition_text(who)
    return (said[:1].lower() + said[1:],), m.end()


def _is_age_range(clause: str, m: re.Match[str]) -> bool:
    before = clause[: m.start()]
    after = clause[m.end() : m.end() + 12]
    if _GRADE_CONTEXT.search(before) or re.match(r"\s*(?:th|st|nd|rd)?\s*grade", after, re.I):
        return False
    if re.match(r"\s*(?:%|percent|am|pm|a\.m|p\.m|:\d)", after, re.I) or re.search(
        r"[$#:]\s*$", before
    ):
        return False
    if re.match(r"[\s,]*\d", after):  # part of a list of numbers (ZIP codes, phone numbers)
        return False
    text = m.group(0).lower()
    if re.search(r"\b(?:ages?|aged|between)\b", text) or re.search(
        r"birth|newborn|infan|bab", text
    ):
        return True
    if (m.group("hi_unit") or "").strip() or (m.group("lo_unit") or "").strip():
        return True
    return _age_context(clause, m.start())


def _age_context(clause: str, start: int) -> bool:
    return bool(_AGE_CONTEXT_NOUNS.search(clause[:start]))


def _bare_under(clause: str, m: re.Match[str]) -> bool:
    # "under 21" alone: an age unless something other than years follows.
    after = clause[m.end() : m.end() + 15]
    return not re.match(r"\s*[\w$]", after) or bool(re.match(r"\s*(?:only|\.|,|;|$)", after))


def _ignored_age(clause: str, m: re.Match[str]) -> bool:
    before = clause[: m.start()]
    if _AGE_IGNORE_BEFORE.search(before):
        return True
    # A number in a list of numbers or money is not an age ("$54,000 or less").
    return bool(re.search(r"[$#]\s*$|\d,$", before))


def _age_applies_to_all(clause: str, span: tuple[int, int], has_max: bool) -> bool:
    """False when the age phrase describes one group in a list of several.

    "Homeless women and children 6 years old or younger": 6 is the children's limit, the women
    have none. "Elderly 60 and over, persons with disabilities and caretakers": 60 is the
    elders' limit. Only an age that covers everyone the clause names becomes a rule.
    """
    before = clause[: span[0]]
    after = clause[span[1] :]
    # "Taxpayers with low income, seniors 60 and older": the age is the last group's only.
    last_item = re.search(r",\s*([^,]*)$", before)
    if (
        last_item
        and re.match(rf"\s*(?:[\w-]+\s+)?{_POPULATION}", last_item.group(1), re.I)
        and re.search(r"[A-Za-z]", before[: last_item.start()])
        and not _REQUIREMENT.search(clause)
    ):
        return False
    # A further group after the age, joined as a list item.
    if re.match(
        rf"\s*(?:,|\band\b|\bor\b|&)\s+(?:\w+\s+){{0,3}}?(?:{_POPULATION}|\bpersons?\s+with\b)",
        after,
        re.I,
    ):
        return False
    # "Children and young adults under 21": young adults share the age limit with children.
    nouns = re.findall(
        _POPULATION, re.sub(r"\byoung\s+adults?\b", "youth", before, flags=re.I), re.I
    )
    if not nouns:
        return True
    classes = {"child" if re.fullmatch(_CHILD_NOUNS, n, re.I) else "adult" for n in nouns}
    if len(classes) > 1:
        return False
    if "adult" in classes and has_max and re.search(r"\bwith\s+(?:their\s+)?$", before, re.I):
        return False
    return not re.search(
        r"\b(?:parents?|guardians?|families|family\s+members?|caregivers?|mothers?|fathers?)\s+"
        r"(?:\w+\s+){0,3}?(?:of|with)\b",
        before,
        re.I,
    )


# --- income -------------------------------------------------------------------------------


# Price context around an income figure: "free care at or below 250% FPL", "discounts up to
# 400%", "200% FPL or below pay nothing". A tier says what someone pays, never who may come.
_PRICE = rf"(?:{_LEX.price}|pay\s+nothing)"
_PRICE_BEFORE = re.compile(
    rf"\b(?P<word>{_PRICE})\b(?:\s+[\w-]+){{0,3}}?\s*[:,]?\s*(?:for\s+(?:those\s+|patients\s+|people\s+)?)?$",
    re.I,
)
_PRICE_AFTER = re.compile(rf"^\W{{0,3}}(?:[\w-]+\s+){{0,3}}?(?P<word>{_PRICE})\b", re.I)
_BARE_TIER = re.compile(
    rf"\b(?P<word>{_PRICE})\b[^.;%]{{0,40}}?\b(?:up\s+to|below|under|at\s+or\s+below|less\s+than)\s+"
    r"(?P<pct>\d{3})\s*(?:%|percent\b)(?!\s*(?:off|discount))",
    re.I,
)
_FREE_WORDS = re.compile(r"^(?:free|no\s+cost|no\s+charge|pay\s+nothing|charity\s+care)$", re.I)


def _tier(word: str) -> str:
    return "free" if _FREE_WORDS.match(" ".join(word.split())) else "discount"


def _price_word(clause: str, span: tuple[int, int]) -> str | None:
    """The price word that governs an income figure, when there is one."""
    before = _PRICE_BEFORE.search(clause[: span[0]])
    if before:
        return before.group("word")
    after = _PRICE_AFTER.match(clause[span[1] :])
    return after.group("word") if after else None


def _find_income(clause: str) -> list[_Fact]:
    facts: list[_Fact] = []
    for m in _INCOME_RANGE.finditer(clause):
        facts.append(
            _Fact("income", m.span(), high=int(m.group("pct")), note=_condition_text(m.group(0)))
        )
    for pattern in _INCOME_LIMIT:
        for m in pattern.finditer(clause):
            if any(not (m.end() <= f.span[0] or m.start() >= f.span[1]) for f in facts):
                continue
            percent = int(m.group("pct"))
            if not 50 <= percent <= 600:
                continue  # not a poverty-level limit anyone writes; leave it to the coordinator
            # "up to 185% FPL or on Medicaid": another way in, so the limit is not a rule.
            other_way = re.match(r"\s*,?\s*(?:or|and/or)\b", clause[m.end() :], re.I) or re.search(
                r"\b(?:or|and/or)\s*$", clause[: m.start()], re.I
            )
            price = _price_word(clause, m.span())
            if price:
                facts.append(_Fact("price", m.span(), high=percent, tier=_tier(price)))
                continue
            facts.append(_Fact("income", m.span(), high=percent, hard=not other_way))
    for m in _BARE_TIER.finditer(clause):
        overlaps = any(not (m.end() <= f.span[0] or m.start() >= f.span[1]) for f in facts)
        if not overlaps and 100 <= int(m.group("pct")) <= 600:
            tier = _tier(m.group("word"))
            facts.append(_Fact("price", m.span(), high=int(m.group("pct")), tier=tier))
    if not facts:
        for m in _INCOME_ANY.finditer(clause):
            # A percent of poverty with no direction ("at 180% of poverty", "above 100%"):
            # the coordinator reads it; the clause stays a condition.
            facts.append(_Fact("income", m.span(), hard=False))
    return facts


# --- insurance ----------------------------------------------------------------------------


def _insurance_values(text: str) -> list[str]:
    return _LEX.insurance_values(text)


def _find_insurance(clause: str) -> list[_Fact]:
    facts: list[_Fact] = []
    soft = bool(_INS_SOFT.search(clause))

    def overlaps(span: tuple[int, int]) -> bool:
        return any(not (span[1] <= f.span[0] or span[0] >= f.span[1]) for f in facts)

    for m in _NO_INSURANCE_OR.finditer(clause):
        listed = m.group("list") or m.group("list2") or ""
        facts.append(
            _Fact("ins_req", m.span(), values=("none", *_insurance_values(listed)), hard=not soft)
        )
    for pattern in _INS_EXCLUDED:
        for m in pattern.finditer(clause):
            if overlaps(m.span()) or re.search(r"\bnot\s+have\s+to\b", m.group(0), re.I):
                continue
            values = tuple(_insurance_values(m.group("list")))
            eligible_only = bool(re.search(r"eligib|qualif", m.group(0), re.I))
            # "Not eligible for Medicaid" bars more than members: keep the words as a check too.
            note = _condition_text(m.group(0)) if eligible_only else ""
            facts.append(_Fact("ins_excl", m.span(), values=values, note=note))
    for pattern in _INS_REQUIRED:
        for m in pattern.finditer(clause):
            if overlaps(m.span()):
                continue
            listed = m.group("list")
            values = tuple(_insurance_values(listed))
            # "Medicare and Medicaid" (both) cannot be said with any-one-of: ask instead.
            hard = (
                not soft
                and not _INS_AND.search(listed)
                and not re.search(r"\bwaiver\b", clause[m.end() : m.end() + 12], re.I)
            )
            before = clause[: m.start()]
            if re.search(r"\b(?:not|no|nor|non)\b[\w\s]{0,20}$", before, re.I):
                continue
            if _FAMILY_EXTENSION.search(clause):
                hard = False  # "People with Medicare, their families and caregivers"
            note = ""
            if re.search(r"\bwaiver\b", clause, re.I):
                note = _condition_text(clause)
                hard = not soft or bool(re.search(r"\bmust\s+have\b", m.group(0), re.I))
            facts.append(_Fact("ins_req", _flag_span(m), values=values, hard=hard, note=note))
    if not _UNINSURED_SOFT.search(clause):
        for pattern in _UNINSURED:
            for m in pattern.finditer(clause):
                if overlaps(m.span()):
                    continue
                before = clause[: m.start()]
                # "Sliding fee for the uninsured": a price, not who may come.
                priced = bool(
                    re.search(r"\bfor\s+(?:the\s+)?$", before, re.I)
                    or re.search(
                        r"\b(?:sliding|fees?|discount\w*|rates?|costs?|prices?|charges?|pay)\b",
                        clause,
                        re.I,
                    )
                )
                facts.append(
                    _Fact("ins_req", m.span(), values=("none",), hard=not soft and not priced)
                )
    else:
        for m in re.finditer(r"\b(?:un|non|under)[\s-]?insured\b|\binsured\b", clause, re.I):
            if not overlaps(m.span()):
                facts.append(_Fact("ins_req", m.span(), hard=False))
    for m in _MUST_HAVE_INSURANCE.finditer(clause):
        if not overlaps(m.span()):
            facts.append(_Fact("ins_excl", m.span(), values=("none",), hard=not soft))
    return facts


# --- areas --------------------------------------------------------------------------------


def _find_areas(clause: str, states: Sequence[str]) -> list[_Fact]:
    facts: list[_Fact] = []
    # A clause that is only an area: "All Montana counties", "Montana statewide", "MT, ID".
    whole = places.read_areas(clause, states)
    if whole and all(a.kind in ("state", "county", "zip", "nation") for a in whole):
        return [_Fact("area", (0, len(clause)), values=(a.key,)) for a in whole]
    for m in _COUNTY_LIST.finditer(clause):
        before = clause[: m.start()]
        after = clause[m.end() :]
        if _COUNTY_AFTER_BAD.match(after) or _COUNTY_BEFORE_BAD.search(before):
            continue
        plural = m.group("word").lower().endswith("ies")
        # "Collier County, Bonita Springs, Marco Island, and Fort Myers": more places than counties.
        other_places = bool(
            re.match(r"\s*,\s*(?:and\s+|or\s+)?(?!FL\b|Florida\b)[A-Z][a-z]+", after)
        )
        if not (_COUNTY_BEFORE_OK.search(before) or _COUNTY_AFTER_OK.match(after)):
            continue
        names = [
            n.strip()
            for n in re.split(
                r"\s*,\s*(?:and/or\s+|and\s+|or\s+|&\s+)?|\s+(?:and/or|and|or|&)\s+",
                m.group("names"),
            )
            if n.strip()
        ]
        if not plural and len(names) > 1 and not re.search(r"\b(?:or|and)\b", m.group("names")):
            names = names[-1:]  # "Open, Miami County" style noise: only the last name is a county
        resolved: list[str] = []
        partial = False
        for name in names:
            area = _resolve_county(name, states)
            if area is None:
                resolved = []
                break
            resolved.append(area)
            county = Area.from_key(area).name
            dropped = name.split()[: len(name.split()) - len(county.split())]
            partial = partial or any(w.lower() not in _HARMLESS_LEAD for w in dropped)
        if resolved:
            # "South Lake County": the county is a rule, the part of it is for the coordinator.
            note = _condition_text(clause) if partial else ""
            for area in resolved:
                facts.append(
                    _Fact("area", m.span(), values=(area,), hard=not other_places, note=note)
                )
        else:
            facts.append(_Fact("area", m.span(), hard=False))
    if re.search(
        r"\b(?:city|town|village|township)\s+of\b|\band\s+(?:the\s+)?(?:general\s+)?public\b|\band\s+others\b|\bnon[\s-]?residents\b|\boutside\s+of\b",
        clause,
        re.I,
    ):
        for fact in facts:
            fact.hard = False  # "residents of X and the public": everyone
    for m in _STATE_RESIDENCY.finditer(clause):
        named = m.group("a") or m.group("b")
        # "Residents of Montana and Idaho": either state; each is one of the areas served.
        for name in re.split(r",\s*|\s+(?:and|or|&)\s+", named, flags=re.I):
            if name in STATE_NAMES:
                facts.append(
                    _Fact("area", m.span(), values=(Area("state", STATE_NAMES[name]).key,))
                )
    if _ZIP_CONTEXT.search(clause):
        zips = re.findall(r"\b\d{5}\b", clause)
        if zips:
            start = _ZIP_CONTEXT.search(clause)
            assert start is not None
            last = list(re.finditer(r"\b\d{5}\b", clause))[-1]
            for zip_code in dict.fromkeys(zips):
                facts.append(
                    _Fact("area", (start.start(), last.end()), values=(f"zip:{zip_code}",))
                )
    return facts


def _resolve_county(name: str, states: Sequence[str]) -> str | None:
    """ "Lake" -> "county:MI:Lake" when the service's states have exactly one Lake County.

    Leading words that are not part of a county name ("All Miami-Dade", "South Miami-Dade")
    are dropped one at a time; a partial area keeps its words in the clause, which then stays a
    condition, while the county rule still holds (South Miami-Dade is inside Miami-Dade).
    """
    words = name.split()
    while words:
        found = [places.known_county(s, " ".join(words)) for s in states]
        hits = [Area("county", s, c).key for s, c in zip(states, found, strict=True) if c]
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            return None  # the same name in two of the service's states: ask
        words = words[1:]
    return None


# --- flags --------------------------------------------------------------------------------


def _find_flags(clause: str) -> list[_Fact]:
    facts: list[_Fact] = []
    # "People experiencing homelessness, including households with children": "including"
    # softens what comes after it, not the group before it.
    listing = re.search(r"\b(?:including|such\s+as|for\s+example|e\.g\.)", clause, re.I)
    soft = any(
        not re.fullmatch(r"including|such\s+as|for\s+example|e\.g\.", w.group(0), re.I)
        for w in _SOFT.finditer(clause)
    )
    family = bool(_FAMILY_EXTENSION.search(clause))

    m = _EXPECTANT_AND_SMALL_CHILDREN.search(clause)
    if m:
        age = _num(m.group("n") or m.group("n2") or "5")
        if m.group("n2"):
            age += 1  # "4 years old or younger" is "under 5"
        flags = ("pregnant", "children_under_5") if age <= 5 else ("pregnant", "children")
        note = "" if age == 5 else _condition_text(clause)
        soft_here = soft or bool(listing and listing.start() < m.start())
        facts.append(_Fact("flag", m.span(), values=flags, hard=not soft_here, note=note))
        return facts

    m = _CHILDREN_FLAG.search(clause)
    if m:
        age_text = m.group("age") or m.group("age2") or m.group("age3") or m.group("age4") or ""
        if not age_text:
            age_text = m.group(0) if re.search(r"\d", m.group(0)) else ""
        flag = "children"
        note = ""
        if age_text:
            ages = re.findall(rf"\d+|{_WORD_NUMBER}", age_text, re.I)
            top = max((_num(a) for a in ages), default=99)
            under = bool(re.search(r"under|younger|below", age_text, re.I))
            if (under and top <= 5) or (not under and top <= 4):
                flag = "children_under_5"
                if not (under and top == 5):
                    note = _condition_text(m.group(0))
            elif not (under and top == 18) and not (not under and top == 17):
                note = _condition_text(m.group(0))  # "children under 12": ask the child's age
        # "Parents of children and adults with disabilities": grown children count too.
        also_adults = re.match(
            r"\s*(?:,|and|or|and/or)\s+(?:young\s+)?adults?\b", clause[m.end() :], re.I
        )
        soft_here = soft or bool(listing and listing.start() < m.start())
        facts.append(
            _Fact(
                "flag",
                _flag_span(m),
                values=(flag,),
                hard=not soft_here and not also_adults,
                note=note,
            )
        )

    for flag, pattern in _FLAG_PATTERNS:
        for m in pattern.finditer(clause):
            if any(not (m.end() <= f.span[0] or m.start() >= f.span[1]) for f in facts):
                continue
            if _names_organisation(clause, m):
                continue
            soft_here = soft or bool(listing and listing.start() < m.start())
            hard = _flag_is_requirement(clause, m, flag, soft_here, family)
            facts.append(_Fact("flag", _flag_span(m), values=(flag,), hard=hard))
    _join_or_flags(clause, facts)
    # "Currently homeless ... or at risk of becoming homeless": if any mention of a flag is not
    # a requirement, none is.
    soft_flags = {v for f in facts if f.kind == "flag" and not f.hard for v in f.values}
    for fact in facts:
        if fact.kind == "flag" and soft_flags & set(fact.values):
            fact.hard = False
    return facts


def _flag_span(m: re.Match[str]) -> tuple[int, int]:
    """The matched span without a leading group noun ("Children" in "Children with
    disabilities"): that noun says who, so it must stay for the age rule or a condition."""
    for name in ("who", "who2"):
        if name in m.groupdict() and m.group(name):
            return (m.end(name), m.end())
    return m.span()


def _flag_is_requirement(
    clause: str, m: re.Match[str], flag: str, soft: bool, family: bool
) -> bool:
    if soft or _NEGATED_BEFORE.search(clause[: m.start()]):
        return False
    if re.search(r"\bif\s+$|\bwhen\s+$|\bunless\s+$", clause[: m.start()], re.I):
        return False  # "22 years old if disabled": an exception, not the population
    if re.search(
        r"\b(?:on\s+behalf\s+of|caring\s+for|care\s+for|who\s+serve|serving|work(?:ing)?\s+with)\s+"
        r"(?:an?\s+|the\s+)?$",
        clause[: m.start()],
        re.I,
    ):
        return False  # "friends calling on behalf of veterans": someone else is the veteran
    if flag != "homeless" and family:
        # "Veterans and their families", "adults with disabilities and their caregivers": a
        # spouse or carer qualifies too. A homeless person's family is homeless with them.
        return False
    if flag == "pregnant" and re.search(
        r"\b(?:partners?|fathers?|parents|postpartum|post\s+partum)\b", clause, re.I
    ):
        return False
    before = clause[: m.start()]
    after = clause[m.end() :]
    # "Pregnant women, women, adolescents and men": the first of a list of groups.
    if re.match(rf"\s*,\s*(?:[\w-]+\s*,\s*)*[\w\s-]*?(?:{_POPULATION})", after, re.I):
        return False
    # "Senior citizens and disabled individuals": one of two groups named side by side.
    if re.search(rf"(?:{_POPULATION}|\bcitizens)\s+(?:and|or|&|and/or)\s+$", before, re.I):
        return False
    # "X, Y, and homeless": the last item of a list of groups, any one of which qualifies.
    if (
        re.search(r"(?:,|\band)\s*$", before)
        and re.search(r",", before)
        and (
            re.search(_POPULATION, before, re.I)
            or _previous_is_flag(before)
            or before.count(",") >= 2
        )
    ):
        return False
    # "Homeless or low income", "unemployed, disabled or disadvantaged": one of several.
    if re.match(
        r"\s*(?:,\s*)?(?:or|and/or|/)\s+(?!disabled|homeless|veterans?|pregnant|home[\s-]?bound)",
        after,
        re.I,
    ):
        return False
    if re.search(r"(?:\bor|\band/or|/)\s*$", before, re.I):
        return _previous_is_flag(before)
    if re.search(r",\s*$", before) and (
        re.search(_POPULATION, before, re.I)
        or (re.search(r",", after[:40]) and re.search(r"\b(?:or|and)\b", after[:60]))
    ):
        return False  # one item in a list of groups: "Adults over 60, disabled adults 18-59"
    if re.match(r"\s*,\s*(?:\w+\s+){0,2}(?:and|or)\s+", after) and re.search(
        _POPULATION, after[:40], re.I
    ):
        return False
    return not re.search(r"\b(?:parents?|guardians?|families|caregivers?)\s+of\b", before, re.I)


def _names_organisation(clause: str, m: re.Match[str]) -> bool:
    """ "Partnership for the Homeless", "Agency for Persons with Disabilities": names, not people."""
    before = clause[: m.start()]
    if re.search(r"\b[A-Z]\w+\s+(?:for|of|on)\s+(?:the\s+)?$", before) and m.group(0)[:1].isupper():
        return True
    return bool(
        re.search(
            r"\b(?:agency|center|centre|council|office|department|association|network|alliance|"
            r"coalition|foundation|institute|trust|partnership|commission)\s+(?:for|of|on)\s+(?:the\s+)?$",
            before,
            re.I,
        )
    )


def _previous_is_flag(before: str) -> bool:
    tail = before[-40:]
    return any(p.search(tail) for _, p in _FLAG_PATTERNS)


def _join_or_flags(clause: str, facts: list[_Fact]) -> None:
    """ "Homeless or disabled": two flags joined by "or" are one any-one-of rule."""
    flags = sorted((f for f in facts if f.kind == "flag"), key=lambda f: f.span[0])
    for left, right in itertools.pairwise(flags):
        between = clause[left.span[1] : right.span[0]]
        joined_by_or = re.fullmatch(r"\s*(?:,\s*)?(?:or|and/or|/)\s*", between, re.I)
        if joined_by_or and (left.hard or right.hard):
            joined = left.values + right.values
            left.values = right.values = joined
            left.hard = right.hard = not _SOFT.search(clause) and not _NEGATED_BEFORE.search(
                clause[: left.span[0]]
            )


# --- small helpers ------------------------------------------------------------------------


def _dedupe(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(i for i in items if i))


def description_ages(clause: str) -> tuple[int | None, int | None] | None:
    """ "Ages 3-5" in a description: (low or None, high), only for explicit age phrasing
    ("age"/"aged"); a description talks about partners, staff and history, so anything looser
    would invent rules."""
    if _FAMILY_EXTENSION.search(clause) or _SOFT.search(clause):
        return None
    m = _DESCRIPTION_AGES.search(clause)
    if not m:
        return None
    low = _num(m.group("lo"))
    high = _num(m.group("hi")) if m.group("hi") else None
    if high is not None and low > high:
        return None
    return (low or None, high)


def description_areas(clause: str, states: Sequence[str]) -> list[str]:
    """ "For Lake County residents" in a description: the areas, or [] unless it is plainly
    about where people live."""
    if _FAMILY_EXTENSION.search(clause) or _SOFT.search(clause) or not _RESIDENCY.search(clause):
        return []
    return [
        f.values[0] for f in _find_areas(clause, states) if f.hard and f.kind == "area" and f.values
    ]
