"""The document quality score: one number from 0 (unusable) to 1 (clean).

Each kind of damage takes away a share of the score, and shares multiply:

    score = (1 - p_injected) * (1 - p_missing) * (1 - p_glued) * (1 - p_encoding)
            * (1 - p_boilerplate) * (0.5 if the text is not English else 1)

    p_kind = min(cap_kind, weight_kind * 100 * n_kind / max(words, 100))   for counted kinds
    p_boilerplate = min(0.3, 0.5 * boilerplate characters / all characters)

where ``n_kind`` counts spans of that kind and ``words`` the words of the text, so damage is
judged per 100 words (a long article with one glued word stays near 1, a short doorway page
with a dozen injected copies falls below 0.5). Weights and caps below: injected phrases cost
most because they invent events, deleted numbers next because they lose dates.
"""

from __future__ import annotations

#: kind -> (weight per span per 100 words, cap)
WEIGHTS = {
    "injected_phrase": (0.25, 0.6),
    "missing_number": (0.15, 0.4),
    "glued_words": (0.10, 0.3),
    "encoding": (0.10, 0.3),
}
BOILERPLATE_WEIGHT, BOILERPLATE_CAP = 0.5, 0.3
NOT_ENGLISH_FACTOR = 0.5


def quality_score(counts: dict[str, int], words: int, boilerplate_chars: int, chars: int,
                  english: bool = True) -> float:
    score = 1.0
    per = 100.0 / max(words, 100)
    for kind, (weight, cap) in WEIGHTS.items():
        score *= 1.0 - min(cap, weight * per * counts.get(kind, 0))
    if chars > 0:
        score *= 1.0 - min(BOILERPLATE_CAP, BOILERPLATE_WEIGHT * boilerplate_chars / chars)
    if not english:
        score *= NOT_ENGLISH_FACTOR
    return max(0.0, min(1.0, score))
