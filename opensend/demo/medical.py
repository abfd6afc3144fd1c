"""Medical needs for synthetic pupils: the conditions a school tells its staff about, each with
what to do, as a school nurse or office would write them.

The shares are guesses at how many pupils a school's medical list names for each condition, which
is far fewer than have it (about 1 in 11 children has asthma, 1 in 5 has eczema): most need
nothing done at school. A pupil may have two.
"""

from __future__ import annotations

import random

# (share of pupils, the ways a school might write it down)
CONDITIONS: tuple[tuple[float, tuple[str, ...]], ...] = (
    (
        0.025,
        (
            "Asthma: blue reliever inhaler in school bag; may need it before or after PE.",
            "Asthma: inhaler and spacer in the class medical box. Tell parents if it is needed more than twice "
            "in a day.",
            "Asthma, worse in cold weather: two puffs of the blue inhaler when wheezy, then rest.",
        ),
    ),
    (
        0.008,
        (
            "Severe peanut and tree nut allergy: two adrenaline pens, one in school bag and one in the office. "
            "Nut-free table at lunch.",
            "Severe egg allergy (anaphylaxis): adrenaline pen in the office. Check labels on food in lessons "
            "and on trips.",
            "Allergic to wasp and bee stings: adrenaline pen goes on every trip. Call 999 if it is used.",
        ),
    ),
    (
        0.008,
        (
            "Eczema: emollient cream in the class medical box; may need it after PE or swimming.",
            "Eczema on hands: cotton gloves for messy play and clay; cream at lunchtime.",
        ),
    ),
    (
        0.004,
        (
            "Epilepsy: individual healthcare plan in the office. Buccal midazolam if a seizure lasts more than "
            "five minutes; call 999.",
            "Epilepsy (absence seizures): may stare blankly for a few seconds. Note the time and tell the "
            "office; no swimming without a trained adult.",
        ),
    ),
    (
        0.002,
        (
            "Type 1 diabetes: insulin pump. Blood glucose checked before lunch and PE; hypo kit (glucose "
            "tablets) in school bag and the office. Healthcare plan in the office.",
            "Type 1 diabetes: insulin injections at lunch with a trained adult. Must eat a snack before PE.",
        ),
    ),
    (
        0.003,
        ("Coeliac disease: gluten-free school meals arranged with the kitchen; no gluten in cooking lessons.",),
    ),
)


def plan_medical_needs(rng: random.Random) -> str:
    """What the school records about a pupil's medical needs: usually nothing."""
    lines = [rng.choice(wordings) for share, wordings in CONDITIONS if rng.random() < share]
    return "\n".join(lines)
