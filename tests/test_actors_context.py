"""Actors whose state the sentence gives indirectly: an organisation's office in a person's
title says for whom the person acts."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("text,code", [
    ("UN High Commissioner for Refugees Ruud Lubbers said that Sudan should grant more "
     "autonomy to Darfur.", "IGO"),
    ("EU foreign policy chief Javier Solana met Iranian officials in Tehran.", "IGO"),
    # a state's office is no organisation's: the person's own state stands
    ("Former Dutch Prime Minister Ruud Lubbers criticized the UN.", "NLD"),
])
def test_an_organisations_office_in_the_title_says_for_whom_a_person_acts(coder, text, code):
    evs = coder.code(text, date="2004-06-01").events
    assert evs and [a.code for a in evs[0].actor] == [code]
