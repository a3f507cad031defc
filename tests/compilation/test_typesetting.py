"""Typst in its child process: refusals become errors, overlong words may wrap."""

from datetime import date

import pytest

from backend.compilation.typesetting import TypesettingError, breakable, typeset


def test_a_template_typst_refuses_is_an_error_with_typst_s_message() -> None:
    with pytest.raises(TypesettingError, match="compilation.typ"):
        typeset("compilation.typ", {"title": "Utan innehåll"}, made_on=date(2027, 1, 1))


def test_only_overlong_words_get_invisible_break_opportunities() -> None:
    assert breakable("Överförmyndarnämnden och kommunstyrelsen") == (
        "Överförmyndarnämnden och kommunstyrelsen")
    word = "Överförmyndarnämndsutvecklingsprojekt"  # 37 letters
    assert breakable(word) == "Överförmyndarnä\u200bmndsutvecklings\u200bprojekt"
    assert breakable(word).replace("\u200b", "") == word
