"""The README's opening says what OpenSEND does today and, apart, what is coming."""

from __future__ import annotations

from pathlib import Path

README = Path(__file__).resolve().parents[2] / "README.md"
NOT_BUILT_YET = ("transitions",)


def opening_paragraph() -> str:
    text = README.read_text(encoding="utf-8")
    after_commands = text.split("```", 2)[2]
    return " ".join(after_commands.strip().split("\n\n")[0].split())


def test_the_opening_paragraph_names_what_is_not_built_yet_only_as_coming():
    today, coming = opening_paragraph().split("Coming, and not in it yet:")
    assert all(feature in coming for feature in NOT_BUILT_YET)
    assert not any(feature in today for feature in NOT_BUILT_YET)
    assert "SEND register" in today and "graduated approach" in today
