"""Templates for common SEN support plans, for teachers to start from and adapt to the child."""

from django.db import migrations


def _target(description: str, success_measure: str, who_does_what: str) -> dict:
    return {"description": description, "success_measure": success_measure, "who_does_what": who_does_what}


TEMPLATES = [
    {
        "name": "Phonics and early reading",
        "broad_area": "cognition-learning",
        "summary": "Keep-up phonics for a pupil who is not yet blending or who is falling behind the phonics programme.",
        "outcomes": [
            {
                "description": "Reads unfamiliar words by blending the sounds taught so far.",
                "targets": [
                    _target(
                        "Say the sound for each Phase 3 grapheme on sight.",
                        "Says 28 of the 32 Phase 3 graphemes correctly on a flash-card check, on two different days.",
                        "TA: daily 10-minute keep-up session. Class teacher: checks the grapheme chart every Friday.",
                    ),
                    _target(
                        "Blend three sounds to read CVC words.",
                        "Reads 8 of 10 unseen CVC words correctly without adult support.",
                        "TA: blending practice in the keep-up session. Parents: read the decodable book at home "
                        "four nights a week.",
                    ),
                ],
            },
            {
                "description": "Enjoys books and talks about what has been read.",
                "targets": [
                    _target(
                        "Retell a familiar story in order, using picture prompts.",
                        "Retells a five-part story in the right order with pictures, on two occasions.",
                        "Class teacher: story time with story maps. TA: small-group retelling once a week.",
                    ),
                ],
            },
        ],
        "strategies": (
            "Daily keep-up phonics following the school's programme, the same day as class teaching.\n"
            "Pre-teach new graphemes before the class lesson.\n"
            "Decodable books matched to the graphemes the pupil knows.\n"
            "Short, frequent, multi-sensory practice; over-learn before moving on.\n"
            "Praise blending effort, not only correct words."
        ),
    },
    {
        "name": "Speech and language: attention and listening",
        "broad_area": "communication-interaction",
        "summary": "For a pupil who finds it hard to attend to adult talk and follow instructions in class.",
        "outcomes": [
            {
                "description": "Listens to and follows instructions given to the class.",
                "targets": [
                    _target(
                        "Follow a two-part instruction given to the whole class.",
                        "Follows 4 of 5 two-part instructions without an individual repeat, observed over a week.",
                        "Class teacher: says the pupil's name first and gives instructions in chunks. TA: records "
                        "the observations.",
                    ),
                    _target(
                        "Attend to an adult-led small-group activity for five minutes.",
                        "Stays with the activity for five minutes in 4 of 5 sessions.",
                        "TA: attention and listening group three times a week.",
                    ),
                ],
            },
            {
                "description": "Takes turns in conversation with other children.",
                "targets": [
                    _target(
                        "Wait for a turn and answer on the topic in a small-group game.",
                        "Waits and answers on topic in 3 of 4 turns, in two sessions running.",
                        "TA: turn-taking games in the group. Class teacher: talk partners with a chosen peer.",
                    ),
                ],
            },
        ],
        "strategies": (
            "Say the pupil's name, then pause, before giving an instruction.\n"
            "Give one step at a time and show it: visual timetable, now-and-next board, gestures.\n"
            "Allow ten seconds' thinking time before repeating or rephrasing.\n"
            "Seat the pupil near the teacher and away from noise; reduce background noise.\n"
            "Check understanding by asking the pupil to show what to do, not 'Do you understand?'"
        ),
    },
    {
        "name": "Emotional regulation",
        "broad_area": "semh",
        "summary": "For a pupil whose strong feelings lead to incidents or time out of learning.",
        "outcomes": [
            {
                "description": "Recognises and names their feelings and uses a strategy to calm down.",
                "targets": [
                    _target(
                        "Name how they feel at the morning check-in, using the feelings chart.",
                        "Names a feeling at check-in on 4 of 5 days, for three weeks running.",
                        "Key adult: 5-minute check-in on arrival each morning.",
                    ),
                    _target(
                        "Use the agreed calming strategy (time-out card and calm corner) when upset.",
                        "Uses the card without a prompt in 3 of 4 recorded incidents; no more than one incident a "
                        "week needs an adult to remove them from class.",
                        "Class teacher and TA: prompt with the agreed words. Key adult: practises the strategy "
                        "when calm, twice a week.",
                    ),
                ],
            },
            {
                "description": "Returns to learning after a difficult moment.",
                "targets": [
                    _target(
                        "Return to class within ten minutes of using the calm corner.",
                        "Back in class within ten minutes in 4 of 5 recorded uses.",
                        "TA: uses a timer and a visual 'calm, then learn' card.",
                    ),
                ],
            },
        ],
        "strategies": (
            "A named key adult and a daily check-in.\n"
            "A consistent, calm script from every adult; few words when the pupil is dysregulated.\n"
            "Warnings before transitions and changes to routine.\n"
            "Restorative conversation once calm, never during the incident.\n"
            "Praise privately; notice and name calm choices."
        ),
    },
    {
        "name": "Fine motor and handwriting",
        "broad_area": "sensory-physical",
        "summary": "For a pupil whose grip, letter formation or use of tools holds back their recording.",
        "outcomes": [
            {
                "description": "Forms letters correctly and writes legibly for longer.",
                "targets": [
                    _target(
                        "Form each lowercase letter correctly, starting in the right place.",
                        "Forms 24 of 26 lowercase letters correctly in a dictated check.",
                        "TA: letter-formation practice by letter family, 10 minutes four times a week.",
                    ),
                    _target(
                        "Hold the pencil in a tripod grip, with a grip aid, for a whole writing task.",
                        "Keeps the grip for a 10-minute task without reminders in 3 of 4 observations.",
                        "Class teacher: provides a pencil grip and writing slope; checks at the start of writing.",
                    ),
                ],
            },
            {
                "description": "Uses classroom tools independently.",
                "targets": [
                    _target(
                        "Cut along a curved line with scissors.",
                        "Cuts within 5 mm of a curved line on 3 of 4 attempts.",
                        "TA: daily fine motor group (dough gym, threading, pegs).",
                    ),
                ],
            },
        ],
        "strategies": (
            "Daily fine motor warm-up before writing.\n"
            "Pencil grip, writing slope and wider-lined paper.\n"
            "Teach letters in formation families; model and say the movement.\n"
            "Reduce copying from the board; give printed text to annotate.\n"
            "Offer other ways to record longer pieces: typing, scribing, voice notes."
        ),
    },
    {
        "name": "Working memory and organisation",
        "broad_area": "cognition-learning",
        "summary": "For a pupil who loses track of instructions, steps in a task or equipment and homework.",
        "outcomes": [
            {
                "description": "Starts and completes tasks with less adult help.",
                "targets": [
                    _target(
                        "Use a visual checklist to start and finish an independent task.",
                        "Starts within two minutes and completes the checklist in 4 of 5 lessons.",
                        "Class teacher: gives the checklist with each task. TA: fades prompts over the cycle.",
                    ),
                    _target(
                        "Repeat back and carry out a three-step instruction.",
                        "Repeats and completes three-step instructions correctly 4 times out of 5.",
                        "TA: memory games in a small group twice a week; all adults ask the pupil to repeat back.",
                    ),
                ],
            },
            {
                "description": "Brings the right equipment and hands in homework on time.",
                "targets": [
                    _target(
                        "Record homework in the planner when it is set.",
                        "All homework set is in the planner at the Friday check, for four weeks running.",
                        "Form tutor: checks the planner every Friday. Parents: sign the planner weekly.",
                    ),
                ],
            },
        ],
        "strategies": (
            "Give instructions in small chunks and write them down where the pupil can see them.\n"
            "Task boards and step-by-step checklists.\n"
            "Reduce the load on memory: word banks, number fact grids, worked examples.\n"
            "Ask the pupil to repeat instructions back.\n"
            "Pre-teach key vocabulary before the lesson."
        ),
    },
    {
        "name": "Social communication and predictability",
        "broad_area": "communication-interaction",
        "summary": "For an autistic pupil, or one with social communication needs, who finds change and "
        "unstructured times hard.",
        "outcomes": [
            {
                "description": "Copes with changes to the daily routine.",
                "targets": [
                    _target(
                        "Use the visual timetable to prepare for a change in the day.",
                        "Moves to the changed activity without distress on 4 of 5 occasions when shown the change "
                        "in advance.",
                        "Class teacher: updates the visual timetable and shows the change at the start of the day.",
                    ),
                ],
            },
            {
                "description": "Plays and works alongside other children at less structured times.",
                "targets": [
                    _target(
                        "Join a structured lunchtime club and take part for its whole length.",
                        "Attends the club and stays for the session on 4 of 5 days.",
                        "Lunchtime supervisor and TA: run the club and record attendance.",
                    ),
                ],
            },
        ],
        "strategies": (
            "Visual timetable and now-and-next board; prepare the pupil for changes.\n"
            "Clear, literal language; avoid idioms and sarcasm.\n"
            "A quiet space to go to, and a way to ask for it.\n"
            "Structured choices at break and lunch.\n"
            "Check sensory needs: noise, light, seating, uniform."
        ),
    },
]


def add_templates(apps, schema_editor):
    PlanTemplate = apps.get_model("plans", "PlanTemplate")
    for template in TEMPLATES:
        PlanTemplate.objects.update_or_create(name=template["name"], defaults=template)


def remove_templates(apps, schema_editor):
    PlanTemplate = apps.get_model("plans", "PlanTemplate")
    PlanTemplate.objects.filter(name__in=[template["name"] for template in TEMPLATES]).delete()


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_apdr_cycles_meetings_and_templates")]

    operations = [migrations.RunPython(add_templates, remove_templates)]
