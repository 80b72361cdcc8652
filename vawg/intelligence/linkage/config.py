"""The linkage model's versioned parameters (docs/identity-resolution.md): thresholds, blocking, the
nickname table and the fixed priors used when there is too little data to train.

Change any value here and bump ``MODEL_VERSION``: every IdentityLink stores the version that scored it,
so a reviewer (and an audit) can tell which model proposed a pair.
"""

from __future__ import annotations

from types import MappingProxyType

MODEL_VERSION = "splink5-people-2026.1"
NICKNAMES_VERSION = "2026.1"

# --- Thresholds -------------------------------------------------------------------------------------
# link_people: a pair at or above this probability is written (chosen on generated data: see the docs).
DEFAULT_THRESHOLD = 0.7
# After a police import: at or above UPPER the pair is linked by the system, between LOWER and UPPER it
# waits for a reviewer, below LOWER nothing is kept.
UPPER_THRESHOLD = 0.95
LOWER_THRESHOLD = 0.5

# --- Size limits ------------------------------------------------------------------------------------
# link_people refuses larger inputs (a side): past this, use Splink on Spark (docs).
MAX_RECORDS_PER_SIDE = 2_000_000
# Below this many records on either side the model is not trained: the fixed priors below are used.
MIN_RECORDS_TO_TRAIN = 1_000

# --- Training -----------------------------------------------------------------------------------------
SEED = 20260
# Pairs sampled to estimate u: this many per record of the larger side, at most U_MAX_PAIRS.
U_PAIRS_PER_RECORD = 100
U_MAX_PAIRS = 5_000_000
# Expectation maximisation samples records so that about this many records a side take part.
EM_RECORDS = 200_000
# Recall assumed for the deterministic rules that estimate how many pairs match.
DETERMINISTIC_RECALL = 0.7

# --- Blocking -----------------------------------------------------------------------------------------
# Only pairs that agree on one of these are ever compared (SQL over the normalised columns, l. and r.).
# Each is narrow enough for 1,000,000 records a side on two cores; together they catch a typing error,
# a changed family name, a swapped day and month or a missing date (the docs list which covers what).
BLOCKING_RULES: tuple[str, ...] = (
    "l.dob = r.dob and l.given_initial = r.given_initial",
    "l.dob = r.dob and l.family_initial = r.family_initial",
    "l.dob = r.dob_swapped and l.given_initial = r.given_initial",
    "l.dob = r.dob and l.postcode = r.postcode",
    "l.dob = r.dob and l.family_initial = substr(r.given_name, 1, 1)",
    "l.given_canon = r.given_canon and l.family_name = r.family_name",
    "l.postcode = r.postcode and l.given_initial = r.given_initial",
    "l.phone = r.phone",
    "l.given_canon = r.given_canon and l.dob_year = r.dob_year and l.postcode_district = r.postcode_district",
)
# Rules that admit almost no false pairs: used only to estimate how many pairs match.
DETERMINISTIC_RULES: tuple[str, ...] = (
    "l.given_canon = r.given_canon and l.family_name = r.family_name and l.dob = r.dob",
    "l.phone = r.phone and l.dob = r.dob",
)

# --- Comparison levels and priors ----------------------------------------------------------------------
# Each field's levels in order (the first that holds applies), with fixed m and u probabilities: the
# starting point of training, and the whole model when there is too little data to train. They were
# rounded from a model trained on generated data (vawg/intelligence/linkage/generate.py).
LEVEL_NAMES = MappingProxyType(
    {
        "given_name": ("missing", "exact", "nickname", "reversed", "close", "similar", "disagree"),
        "family_name": ("missing", "exact", "close", "contains", "disagree"),
        "date_of_birth": ("missing", "exact", "day-month-swapped", "close", "disagree"),
        "postcode": ("missing", "exact", "sector", "district", "disagree"),
        "phone": ("missing", "exact", "close", "disagree"),
    }
)
# (m, u) per non-missing level, in the order above.
PRIORS = MappingProxyType(
    {
        "given_name": ((0.84, 0.004), (0.07, 0.0005), (0.02, 0.00001), (0.05, 0.003), (0.01, 0.03), (0.01, 0.9625)),
        "family_name": ((0.8, 0.002), (0.06, 0.001), (0.02, 0.001), (0.12, 0.996)),
        "date_of_birth": ((0.88, 0.00005), (0.04, 0.000005), (0.06, 0.0005), (0.02, 0.99944)),
        "postcode": ((0.7, 0.00002), (0.05, 0.0002), (0.05, 0.003), (0.2, 0.99678)),
        "phone": ((0.75, 0.000001), (0.05, 0.00001), (0.2, 0.999989)),
    }
)
# How likely two records, one from each side, are the same person, for the untrained model: the
# expected share of the smaller side with a match on the other, spread over every pair.
PRIOR_MATCHED_SHARE = 0.5
# After a police import the other side is everyone else in the database: about this share of an import's
# people are known elsewhere, and a pair is never given better odds than SERVICE_MAX_PRIOR before its
# fields are compared (a small database must not make every namesake look likely).
SERVICE_KNOWN_SHARE = 0.3
SERVICE_MAX_PRIOR = 0.0001

# The twin guard: a pair whose given names disagree outright (not equal, not nicknames of one another,
# not reversed with the family name, not within a typing error, not similar) is never proposed. This is
# what keeps twins apart, whose family name, date of birth and address all agree. It costs the pairs
# where one agency recorded a wholly different given name (FEBRL makes many: see the docs).
TWIN_GUARD = True

# --- Nicknames --------------------------------------------------------------------------------------
# Common English given-name variants and the canonical form each is compared under. Both names are
# mapped before comparing: "bob" and "robbie" both stand for "robert". Lower case, letters only. A name
# not in the table stands for itself.
_GROUPS: dict[str, tuple[str, ...]] = {
    "abigail": ("abi", "abby", "abbie", "gail"),
    "albert": ("al", "bert", "bertie"),
    "alexander": ("alex", "alec", "alasdair", "alistair", "sandy", "xander"),
    "alexandra": ("alex", "alexa", "lexi", "lexie", "sandra", "sandy", "sasha", "alix"),
    "andrew": ("andy", "drew", "andie"),
    "anthony": ("tony", "ant", "antony"),
    "benjamin": ("ben", "benny", "benji"),
    "catherine": ("kate", "katie", "kathy", "cathy", "cath", "kath", "kathryn", "katherine", "kat", "kay", "kitty"),
    "charles": ("charlie", "chas", "chuck"),
    "charlotte": ("lottie", "lotte", "charlie"),
    "christopher": ("chris", "kit", "topher"),
    "christine": ("chris", "chrissie", "christina", "tina"),
    "daniel": ("dan", "danny"),
    "david": ("dave", "davy", "davie"),
    "deborah": ("debbie", "debra", "deb", "debs"),
    "edward": ("ed", "eddie", "ted", "teddy", "ned"),
    "elizabeth": ("liz", "lizzie", "beth", "betty", "bess", "eliza", "elsie", "libby", "lisa"),
    "eleanor": ("ellie", "elle", "nell", "nora", "elena"),
    "frederick": ("fred", "freddie", "freddy"),
    "gregory": ("greg",),
    "henry": ("harry", "hal", "hank"),
    "isabella": ("bella", "izzy", "isabel", "isobel", "issy"),
    "jacqueline": ("jackie", "jacky"),
    "james": ("jim", "jimmy", "jamie", "jimbo"),
    "jennifer": ("jen", "jenny", "jenni"),
    "john": ("jack", "johnny", "jon", "jonny"),
    "jonathan": ("jon", "jonny", "johnathan"),
    "joseph": ("joe", "joey", "jo"),
    "joshua": ("josh",),
    "kenneth": ("ken", "kenny"),
    "lawrence": ("larry", "laurence", "laurie"),
    "leonard": ("len", "lenny", "leo"),
    "margaret": ("maggie", "meg", "peggy", "peg", "marge", "madge", "greta", "daisy", "maisie", "megan"),
    "matthew": ("matt", "matty"),
    "michael": ("mike", "mick", "mickey", "micky", "mikey"),
    "nicholas": ("nick", "nicky", "nico"),
    "patricia": ("pat", "patty", "trish", "tricia"),
    "patrick": ("pat", "paddy"),
    "peter": ("pete",),
    "philip": ("phil", "pip", "phillip"),
    "rebecca": ("becky", "becca", "bex"),
    "richard": ("rich", "rick", "ricky", "dick", "richie"),
    "robert": ("bob", "bobby", "rob", "robbie", "bert", "robin"),
    "samuel": ("sam", "sammy"),
    "samantha": ("sam", "sammy", "sammie"),
    "stephen": ("steve", "stevie", "steven", "steph"),
    "susan": ("sue", "susie", "suzy", "suzanne"),
    "terence": ("terry", "tel"),
    "thomas": ("tom", "tommy"),
    "timothy": ("tim", "timmy"),
    "victoria": ("vicky", "vicki", "tori", "vikki"),
    "william": ("bill", "billy", "will", "willie", "willy", "liam"),
    "zachary": ("zach", "zack"),
}


def _nicknames() -> dict[str, tuple[str, ...]]:
    """Each name mapped to the canonical names it may stand for, sorted. Most have one; a variant shared
    by two groups (alex, sam, chris, pat, charlie, sandy, jon, bert) has both, so "alex" meets
    "alexander" and "alexandra" while those two never meet each other."""
    table: dict[str, set[str]] = {}
    for canonical, variants in _GROUPS.items():
        for name in (canonical, *variants):
            table.setdefault(name, set()).add(canonical)
    return {name: tuple(sorted(canonicals)) for name, canonicals in sorted(table.items())}


NICKNAMES = MappingProxyType(_nicknames())
