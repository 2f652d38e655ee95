"""Fuzzing: hostile values (Hypothesis strategies) that the hostile-input tests send in
requests to the public site, the admin and ingest. For hostile markup saved in records,
see tests/xss.py.

Values are text; `raw_values` also gives them percent-encoded, with malformed
encodings a browser would never send, so Django's own decoding is exercised.
Every request sent with them is counted, and the count is printed at the end of
the run (tests/conftest.py), so CI output shows how much was tried.
"""

from urllib.parse import quote

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

SQL = [
    "' OR 1=1 --",
    "1; DROP TABLE entities_person",
    "%' UNION SELECT username, password FROM auth_user --",
    '" OR ""="',
    "1) OR (1=1",
    "\\'; SELECT pg_sleep(5); --",
]
NUL = ["\x00", "a\x00b", "\x00' OR 1=1 --"]
LONG = ["x" * 10_001, "word " * 2_500, "é" * 10_000, "-" * 10_001]
RTL = ["مرحبا بالعالم", "שלום", "\u202eevil\u202c", "\u200fرقم ١٢٣"]
EMOJI = ["😀🏭", "👨\u200d👩\u200d👧\u200d👦", "💩" * 300, "🇨🇳"]
NUMBERS = ["-1", "0", str(10**30), "-" + str(10**30), "1e9", "NaN", "inf", "1.5", "٣", "9" * 5000]
DATES = ["2024-13-45", "0000-00-00", "9999-12-31", "0001-01-01", "2024-02-30", "31/12/2024"]
#: For JSON fields (aliases): valid JSON that is not a list of names, and JSON too deep to read.
JSON = ["null", "{}", "1", '"text"', '[1, {"a": null}]', "[NaN]", "Infinity", "[" * 10_000]
OTHER = ["", " ", "../../etc/passwd", "<script>alert(1)</script>", "{{ 7|add:7 }}", "on"]
HOSTILE = SQL + NUL + LONG + RTL + EMOJI + NUMBERS + DATES + JSON + OTHER

#: Percent-encodings that are not UTF-8, or not encodings at all; sent as they are.
BAD_ENCODINGS = ["%ff", "%ff%fe", "%c3%28", "%80", "%e2%28%a1", "%00", "%", "%%", "%zz", "%2"]

#: Ids for foreign keys and many-to-many fields.
HOSTILE_IDS = ["abc", "-1", "0", "99999999999999999999", "1 OR 1=1", "\x00", "1.5", "1e3", "٣"]

#: A bounded run: each hostile-input test file takes well under a minute on SQLite.
bounded = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

tried = {"public": 0, "admin": 0}


def count(kind):
    tried[kind] += 1


def values():
    """Hostile text: the lists above, or anything hypothesis makes up."""
    return st.one_of(st.sampled_from(HOSTILE), st.text(max_size=60))


def raw_values():
    """Values as they appear in a URL: percent-encoded, or malformed on purpose."""
    encoded = values().map(lambda value: quote(value, safe=""))
    bad = st.sampled_from(BAD_ENCODINGS)
    return st.one_of(encoded, bad, st.tuples(encoded, bad).map("".join))
