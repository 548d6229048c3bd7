"""When a state joined or left an organisation: "Poland joined NATO" is 1999, "Spain and
Portugal joined the European Economic Community" 1986, "Japan was admitted to the United
Nations" 1956, "the accession of Bulgaria to the EU" 2007, "Indonesia left the United Nations"
1965.

History prose tells these steps by name and they survive when a damaged copy loses its years;
the organisation alone says only that it existed ("NATO" is 1949 or later), the state that
joined says which year. The years are facts in ``data/memberships.tsv`` (ours); the forms of the
organisations' names come from ``actors/data/igos.yaml`` and the states' names from
``actors/data/states.yaml``. Nothing is read for a state the table does not list for that
organisation, nor after a negation ("refused to join", "did not join"): never a guess.

Who joined is the state (or the list of states: "Poland, Hungary and the Czech Republic") named
right before the verb, or after "the accession (admission, entry) of"; "to join" ("in order to
join the United Nations", "applied to join") is no later than the joining.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from detente.inferred_dates.evidence import DATA, NAMED, Evidence, Interval, actor_entries

SOURCE = "memberships.tsv"
#: at most this many words between the state that joined and the verb ("Poland formally
#: joined", "Spain and Portugal both joined", "Bulgaria's accession to")
MAX_GAP_WORDS = 3

_JOIN = re.compile(r"(?P<verb>\b(?:re)?join(?:ed|s|ing)?|\b(?:was|were)\s+(?:formally\s+)?admitted\s+"
                   r"(?:in)?to|\badmi(?:tted|ssion)\s+(?:in)?to|\baccession\s+to|\bacceded\s+to|"
                   r"\bentry\s+into|\bentered|\bbecame\s+(?:a\s+)?(?:full\s+)?members?\s+of|"
                   r"\bfounding\s+members?\s+of)\s+(?:the\s+)?$", re.I)
_LEAVE = re.compile(r"(?P<verb>\bleft|\bquit|\bwithdr(?:ew|awn|awal)\s+from|\b(?:was\s+)?expelled\s+"
                    r"from|\bexpulsion\s+from|\bexit\s+from|\bdeparture\s+from)\s+(?:the\s+)?$",
                    re.I)
#: "the accession of Spain and Portugal to the EEC", "the admission of Japan to the UN"
_OF_STATES = re.compile(r"\b(?:accession|admission|entry)\s+of\s+(?P<states>.{2,80}?)\s+"
                        r"(?:in)?to\s+(?:the\s+)?$", re.I)
#: a negation or refusal before the verb: nothing happened ("refused to join", "never joined")
_NOT = re.compile(r"\b(?:not|never|n['’]t|refus\w*|declin\w*|reject\w*|veto\w*|block\w*|oppos\w*|"
                  r"without|instead\s+of)\b[^.;]{0,25}$", re.I)
#: "after Poland joined NATO", "before the accession of Spain": the sentence is told from
#: after (before) the step
_AFTER_STEP = re.compile(r"\b(after|following|since|before|until|prior\s+to)\s+(?:the\s+)?$",
                         re.I)
#: "to join", "applied to join": no later than the joining, which may be years away
_TO_JOIN = re.compile(r"\bto\s+(?:re)?join\s+(?:the\s+)?$", re.I)
#: words that may stand between the state and the verb, or join a list of states
_BETWEEN_STATES = re.compile(r"^(?:\s|,|\band\b|\bthe\b|\bboth\b)*$", re.I)


def _read_rows(path: Path) -> list[dict[str, str]]:
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines()
             if ln.strip() and not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


class Memberships:
    """Who joined and left which organisation when; finds such steps in a sentence."""

    def __init__(self, path: Path | None = None) -> None:
        path = path or DATA / SOURCE
        #: (organisation, state code) -> [(joined, left or None)]
        self.rows: dict[tuple[str, str], list[tuple[int, int | None]]] = {}
        orgs: set[str] = set()
        for row in _read_rows(path) if path.exists() else []:
            org = row["organisation"].strip()
            left = (row.get("left") or "").strip()
            self.rows.setdefault((org, row["state"].strip()), []).append(
                (int(row["joined"][:4]), int(left[:4]) if left else None))
            orgs.add(org)
        # organisation forms from igos.yaml; a form two organisations share ("WTO": the World
        # Trade Organization and the Warsaw Treaty Organization) names neither
        by_name = {n: org for org in orgs for n in org.split(";")}
        form_orgs: dict[str, set[str]] = {}
        for e in actor_entries("igos.yaml"):
            if not isinstance(e, dict):
                continue
            org = by_name.get(str(e.get("name")), "")
            for form in e.get("names") or []:
                form_orgs.setdefault(str(form), set()).add(org or str(e.get("name")))
        self.org_of = {f: next(iter(o)) for f, o in form_orgs.items()
                       if len(o) == 1 and next(iter(o)) in orgs}
        self.org_pattern = _alternation(self.org_of)
        # state names (not adjectives: the state that joins is named); one name may be several
        # codes over time ("Burma": BUR, MMR), read together
        self.codes: dict[str, set[str]] = {}
        for e in actor_entries("states.yaml"):
            if isinstance(e, dict):
                for form in e.get("names") or []:
                    form = str(form)
                    if len(form) >= 4 or form.isupper():
                        self.codes.setdefault(form, set()).add(str(e["code"]))
        self.state_pattern = _alternation(self.codes)

    def _states_before(self, flat: str, end: int) -> tuple[list[set[str]], int]:
        """The states named right before ``end`` (a list: "Poland, Hungary and the Czech
        Republic"), nearest last; [] when the nearest state is further than
        :data:`MAX_GAP_WORDS` words away; and where the list starts."""
        clause = max(flat.rfind(";", 0, end), 0)
        found = [m for m in self.state_pattern.finditer(flat, clause, end)]
        out: list[set[str]] = []
        limit = end
        for m in reversed(found):
            gap = flat[m.end():limit]
            gap = re.sub(r"^['’]s\b", "", gap)
            if not out:
                if len(gap.split()) > MAX_GAP_WORDS or re.search(r"[,;:()]", gap):
                    return [], end
            elif not _BETWEEN_STATES.match(gap):
                break
            out.append(self.codes[m.group(0)])
            limit = m.start()
        return out[::-1], limit

    def _states_in(self, text: str) -> list[set[str]]:
        """Every state named in ``text``, when it is only a list of them."""
        found = list(self.state_pattern.finditer(text))
        rest = self.state_pattern.sub("", text)
        if not found or not _BETWEEN_STATES.match(re.sub(r"['’]s\b", "", rest)):
            return []
        return [self.codes[m.group(0)] for m in found]

    def years(self, org: str, codes: set[str], leaving: bool) -> set[int] | None:
        """The years ``codes`` (one state under its codes over time) joined (or left)
        ``org``; None when the table does not know."""
        got = set()
        for code in codes:
            for joined, left in self.rows.get((org, code), []):
                if leaving:
                    if left is not None:
                        got.add(left)
                else:
                    got.add(joined)
        return got or None

    def find(self, flat: str, start: int) -> list[Evidence]:
        """Evidence of the joining and leaving told in ``flat`` (one sentence; offsets plus
        ``start`` are the text's)."""
        out = []
        if self.org_pattern is None or self.state_pattern is None:
            return out
        prev = None  # (end, leaving, states, side) of the last step, for "the EU and NATO"
        for m in self.org_pattern.finditer(flat):
            org = self.org_of[m.group(0)]
            if re.match(r"['’]s?\b", flat[m.end():]):
                continue  # "joined the European Union's battle group": not the Union itself
            base = max(0, m.start() - 120)
            left = flat[base:m.start()]
            if prev is not None and _BETWEEN_STATES.match(flat[prev[0]:m.start()]):
                # "joined the EU and NATO": the second one joined alike
                _, leaving, states, side = prev
            else:
                leaving = False
                of = _OF_STATES.search(left)
                verb = of or _JOIN.search(left)
                if verb is None:
                    verb, leaving = _LEAVE.search(left), True
                if verb is None or _NOT.search(left[:verb.start()]):
                    prev = None
                    continue
                if of:
                    states, at = self._states_in(of.group("states")), base + of.start()
                else:
                    states, at = self._states_before(flat, base + verb.start())
                after = _AFTER_STEP.search(flat[max(0, at - 30):at])
                side = None if after is None else \
                    "after" if after.group(1).lower() in ("after", "following", "since") \
                    else "before"
            prev = (m.end(), leaving, states, side)
            if not states:
                continue
            per_state = [self.years(org, codes, leaving) for codes in states]
            if any(y is None for y in per_state):
                continue
            if len(states) == 1:  # one state, perhaps twice (Indonesia and the UN)
                readings = sorted(per_state[0])
                if len(readings) > 1 and re.search(r"\bre(?:join|admit)", left, re.I):
                    readings = readings[1:]  # "rejoined": not the first time
                parts = tuple(Interval(y, y) for y in readings) if len(readings) > 1 else ()
            elif all(len(y) == 1 for y in per_state):  # "Spain and Portugal": each once
                readings, parts = sorted(next(iter(y)) for y in per_state), ()
            else:
                continue
            hull = Interval(readings[0], readings[-1])
            how = "left" if leaving else "joined"
            if not leaving and _TO_JOIN.search(left):
                hull, parts, how = Interval(None, hull.hi), (), "before joining"
            elif side == "after":  # "after Poland joined NATO": no earlier than that
                hull, parts, how = Interval(hull.lo, None), (), f"after it {how}"
            elif side == "before":
                hull, parts, how = Interval(None, hull.hi), (), f"before it {how}"
            who = " and ".join("/".join(sorted(c)) for c in states)
            years = "/".join(str(y) for y in sorted(set().union(*per_state)))
            label = f"{who} {how} {m.group(0)} {years} [memberships]"
            out.append(Evidence(NAMED, hull, label, start + m.start(), start + m.end(), parts))
        return out


def _alternation(forms) -> re.Pattern | None:
    """One regex for ``forms``, longest first, whole words, as written ("EU" and "UN" only in
    capitals)."""
    if not forms:
        return None
    alts = [re.escape(f) for f in sorted(forms, key=len, reverse=True)]
    return re.compile(r"(?<![\w.])(?:" + "|".join(alts) + r")(?![\w])")


__all__ = ["Memberships"]
