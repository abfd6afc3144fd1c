"""Population parameters for synthetic pupils, in one place. National figures are from DfE
"Schools, pupils and their characteristics" and "Special educational needs in England" (see
/work/shared/domain/statutory-rules.md section 6); the rest are plausible guesses, marked so."""

from __future__ import annotations

BOY_SHARE = 0.51
# About a quarter of pupils are eligible for free school meals (24.6% in January 2024).
FSM_RATE = 0.24
# Pupil premium also follows FSM in any of the last six years ("Ever 6"); guess: 6% more.
EVER_6_ONLY_RATE = 0.06
# Guess: pupils who joined their school part-way through, rather than in its first year.
IN_YEAR_ARRIVAL_RATE = 0.06
# About 0.5% of pupils are looked after; previously looked-after (adopted, SGO) a similar share.
LOOKED_AFTER_RATE = 0.005
PREVIOUSLY_LOOKED_AFTER_RATE = 0.005
# Guesses for the shape of the contact list.
SECOND_CONTACT_RATE = 0.7
CONTACT_EMAIL_RATE = 0.8
PARENTS_SHARE_SURNAME_RATE = 0.8
MIXED_HERITAGE_RATE = 0.05
PREFERRED_NAME_RATE = 0.4
DOUBLE_BARRELLED_RATE = 0.03
