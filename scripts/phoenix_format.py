"""Readers for PETRARCH-2's dictionary files (the TABARI/PETRARCH formats described in its
``dictionaries.rst``), shared by the build scripts in this folder. Build-time only: detente reads
the files these scripts write, never the PETRARCH originals.

An actor file is a sequence of blocks::

    PRIMARY_PHRASE_  [CODE]          # optional default code on the primary line
    +SYNONYM_PHRASE_                 # more surface forms of the same actor
    \t[CODE 030101-071231]           # date restrictions: d1-d2, <date, >date, or none (default)

Restrictions may also follow the primary phrase on its own line. Dates are YYYYMMDD or YYMMDD;
a two-digit year up to 30 is 20yy, above it 19yy (the dictionaries' own convention: Obama's
">090120" is 2009, Zahir Shah's "320101" is 1932).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

#: The PETRARCH-2 commit the dictionaries were taken from
COMMIT = "676801cd"
#: The licence of PETRARCH-2's dictionaries, quoted in every NOTICE the build scripts write
MIT_LICENSE = """The MIT License (MIT)

Copyright (c) 2014 Open Event Data

Permission is hereby granted, free of charge, to any person obtaining a copy of this software and
associated documentation files (the "Software"), to deal in the Software without restriction,
including without limitation the rights to use, copy, modify, merge, publish, distribute,
sublicense, and/or sell copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all copies or
substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT
NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND
NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM,
DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT
OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
"""

#: CAMEO country codes that are not detente's (ISO 3166) codes. Others unknown to detente's
#: states.yaml are dropped by the callers.
CAMEO_TO_ISO = {"USR": "SUN", "TMP": "TLS", "FRY": "SCG", "KSV": "XKX"}
#: CAMEO role codes -> PLOVER sectors (the rest pass through when PLOVER has them)
CAMEO_SECTOR = {"MED": "MED", "HLH": None, "ENV": None, "HRI": None, "DEV": None, "UAF": "UAF",
                "SPY": "SPY", "INS": "REB", "RAD": None, "MOD": None, "IGO": None, "NGO": None}
PLOVER_SECTORS = frozenset({
    "COP", "GOV", "JUD", "LEG", "MIL", "PRM", "PTY", "REB", "SPY", "UAF", "AGR", "BUS",
    "CRM", "CVL", "EDU", "ELI", "JRN", "LAB", "MED", "REF", "OPP", "PRE", "REL", "SOC",
})
_RESTRICTION = re.compile(r"\[([A-Z-]{3,})\s*(?:([<>])\s*(\d{6,8})|(\d{6,8})\s*-\s*(\d{6,8}))?\s*\]")


@dataclass
class Restriction:
    code: str                 # the CAMEO code as written, e.g. "GBRGOVJUD"
    start: str | None = None  # ISO date, inclusive
    end: str | None = None    # ISO date, inclusive


@dataclass
class ActorBlock:
    forms: list[str] = field(default_factory=list)    # as written, underscores -> spaces
    restrictions: list[Restriction] = field(default_factory=list)
    line: int = 0


def iso_date(raw: str) -> str | None:
    """YYYYMMDD or YYMMDD -> YYYY-MM-DD; None for anything else (e.g. a 7-digit typo)."""
    if len(raw) == 8:
        y, m, d = raw[:4], raw[4:6], raw[6:]
    elif len(raw) == 6:
        yy = int(raw[:2])
        y, m, d = str(2000 + yy if yy <= 30 else 1900 + yy), raw[2:4], raw[4:]
    else:
        return None
    if not ("01" <= m <= "12" and "01" <= d <= "31"):
        return None
    return f"{y}-{m}-{d}"


def phrase(raw: str) -> str:
    """'ALEXANDER_DOWNER_' -> 'ALEXANDER DOWNER' (a trailing _ only marks a word boundary)."""
    s = raw.strip().lstrip("+").replace("_", " ")
    s = re.sub(r"\s+", " ", s).strip()
    return s


def _restrictions(text: str) -> list[Restriction]:
    out = []
    for m in _RESTRICTION.finditer(text):
        code, op, one, d1, d2 = m.groups()
        if op == "<":
            r = Restriction(code, None, iso_date(one))
            if r.end is None:
                continue
        elif op == ">":
            r = Restriction(code, iso_date(one), None)
            if r.start is None:
                continue
        elif d1:
            r = Restriction(code, iso_date(d1), iso_date(d2))
            if r.start is None or r.end is None or r.start > r.end:
                continue
        else:
            r = Restriction(code)
        out.append(r)
    return out


def read_actor_blocks(text: str) -> list[ActorBlock]:
    """Every block of an actor file, in file order."""
    blocks: list[ActorBlock] = []
    cur: ActorBlock | None = None
    for n, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        if line.startswith("+"):
            if cur is not None:
                head = line.split("[", 1)[0]
                if phrase(head):
                    cur.forms.append(phrase(head))
                cur.restrictions += _restrictions(line)
            continue
        if line[:1].isspace() or line.lstrip().startswith("["):
            if cur is not None:
                cur.restrictions += _restrictions(line)
            continue
        cur = ActorBlock(line=n)
        blocks.append(cur)
        head = line.split("[", 1)[0]
        if phrase(head):
            cur.forms.append(phrase(head))
        cur.restrictions += _restrictions(line)
    return [b for b in blocks if b.forms]


def split_code(code: str) -> tuple[str, str | None]:
    """'GBRGOVJUD' -> ('GBR', 'GOV'); 'IGOUNO' -> ('IGO', None); the country is as written."""
    country, rest = code[:3], code[3:]
    role = rest[:3] or None
    if role is None:
        return country, None
    if role in CAMEO_SECTOR:
        return country, CAMEO_SECTOR[role]
    return country, role if role in PLOVER_SECTORS else None


#: short words kept in capitals inside a longer name ("UN Secretary General")
_ACRONYMS = {"UN", "US", "EU", "AU", "UK", "USA", "UAE", "OAS", "OAU", "NGO", "IGO", "WHO",
             "OSCE", "NATO", "IMF", "ICC", "ICJ", "PLO", "ANC", "IRA", "ETA", "PKK", "FARC"}


def display(form: str) -> str:
    """Title case for an upper-case dictionary phrase: 'ALEXANDER DOWNER' -> 'Alexander Downer',
    "O'BRIEN" -> "O'Brien", 'AL-QAEDA' -> 'Al-Qaeda'; short single words stay in capitals
    (acronyms: 'IAEA', 'ICJ')."""
    if " " not in form and len(form) <= 5 and form.isupper() and "." not in form:
        return form
    def cap(w: str) -> str:
        if w in _ACRONYMS or (w.isalpha() and not set(w) & set("AEIOUY")):
            return w  # "UN", "US", "EU" inside a longer name
        return re.sub(r"(^|[-'.])([a-z])", lambda m: m.group(1) + m.group(2).upper(), w.lower())
    return " ".join(cap(w) for w in form.split())
