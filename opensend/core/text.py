"""Wording helpers shared by messages, summaries and timelines."""


def lower_first(text: str) -> str:
    """A label continued after a colon: only its first letter lowered, so that "Added to the SEN
    register (SEN support)" reads "added to the SEN register (SEN support)", acronyms kept."""
    return text[:1].lower() + text[1:]
