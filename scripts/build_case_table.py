"""Build src/detente/screen/data/capitalised.txt: words English writes with a capital.

    python scripts/build_case_table.py

An injected search phrase is typed in lower case ("japanese wwii history london"), so a word
that English always capitalises, seen in lower case, is evidence of a search query. This script
collects such words from detente's own gazetteer (state names, adjectives, demonyms, capitals,
metonyms in actors/data/states.yaml; organisation names and acronyms in igos.yaml), adds month
and weekday names, and leaves out words that are also ordinary lower-case English ("turkey",
"china", "may", "chad"). The output is a plain word list a reader can edit; rerun the script
after the gazetteer changes.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
ACTORS = ROOT / "src" / "detente" / "actors" / "data"
OUT = ROOT / "src" / "detente" / "screen" / "data" / "capitalised.txt"

#: gazetteer words that are also ordinary lower-case English
ORDINARY = {"turkey", "china", "chad", "jordan", "guinea", "georgia", "may", "march", "august",
            "nice", "bath", "reading", "victoria", "union", "republic", "kingdom", "states",
            "united", "state", "democratic", "people", "peoples", "federal", "islands", "island",
            "the", "of", "and", "new", "south", "north", "east", "west", "central", "saint",
            "city", "empire", "federation", "soviet union", "free", "african", "sea", "gulf",
            "coast", "congo", "holy", "see", "korea", "front", "national", "arab", "organization",
            "organisation", "council", "bank", "court", "fund", "nations", "league", "general",
            "assembly", "security", "international", "world", "european", "community", "who",
            "cape", "green", "ivory", "great", "upper", "lower", "western", "eastern", "northern",
            "southern", "african", "america", "man", "grenada", "panama", "canary", "lima",
            "male", "valletta", "chile", "mali", "oman", "togo", "cook", "christmas", "bermuda",
            "jersey", "guernsey", "monaco", "andorra", "marshall", "solomon", "virgin", "heard",
            "norfolk", "wake", "rome", "sahara", "tonga", "samoa", "nauru", "peru", "cuba",
            "sudan", "niger", "kremlin", "pentagon", "downing", "street", "house", "white",
            "palace", "hill", "capitol", "quai", "foggy", "bottom", "elysee", "reunion",
            "sandwich", "lucia", "volta", "durbar", "salaam", "leone", "verde", "faso", "bay",
            "land", "lands", "trust", "territory", "territories", "mission", "force"}
EXTRA = """january february april june july september october november december
monday tuesday wednesday thursday friday saturday sunday
wwi wwii ww1 ww2 ussr usa uk nato un eu gdr frg prc dprk""".split()


def words_of(value) -> list[str]:
    out = []
    if isinstance(value, str):
        value = [value]
    for v in value or []:
        if isinstance(v, dict):
            v = next(iter(v))
        parts = re.findall(r"[^\W\d_]+", str(v))
        # one-word names only: the words of "Former Yugoslav Republic" or "Downing Street" are
        # ordinary English on their own
        if len(parts) == 1 and len(parts[0]) >= 4 and parts[0][0].isupper():
            out.append(parts[0].lower())
    return out


def main() -> None:
    words: set[str] = set(EXTRA)
    for entry in yaml.safe_load((ACTORS / "states.yaml").read_text(encoding="utf-8")):
        for key in ("name", "names", "adjectives", "demonyms", "capitals", "metonyms"):
            words.update(words_of(entry.get(key)))
    for entry in yaml.safe_load((ACTORS / "igos.yaml").read_text(encoding="utf-8")):
        for n in entry.get("names") or []:
            if re.fullmatch(r"[A-Z]{3,6}", str(n)):
                words.add(str(n).lower())
    words -= ORDINARY
    head = ("# Words English writes with a capital, in lower case (one a line).\n"
            "# Built by scripts/build_case_table.py from the gazetteer; edit freely.\n")
    OUT.write_text(head + "\n".join(sorted(words)) + "\n", encoding="utf-8")
    print(f"{OUT.relative_to(ROOT)}: {len(words)} words")


if __name__ == "__main__":
    main()
