"""Clashes, worked by hand: two sessions clash when their times overlap on the same day and they
share a person, a room or a pupil. One ending as the next starts is not a clash."""

from __future__ import annotations

import datetime

from opensend.provision.deployment import Booking, find_clashes, overlaps

MONDAY = datetime.date(2026, 11, 16)
TUESDAY = MONDAY + datetime.timedelta(days=1)


def booking(key, start: str, minutes: int, *, day=MONDAY, people=(), room="", pupils=()) -> Booking:
    return Booking(
        key=key,
        day=day,
        starts_at=datetime.time.fromisoformat(start),
        minutes=minutes,
        people=frozenset(people),
        room=room,
        pupils=frozenset(pupils),
    )


def kinds(clashes) -> list[tuple[str, object]]:
    return [(clash.kind, clash.who) for clash in clashes]


def test_overlapping_times_with_the_same_person_clash():
    # 09:00-09:30 and 09:15-09:35 share 15 minutes.
    reading = booking("reading", "09:00", 30, people={7})
    number = booking("number", "09:15", 20, people={7})
    assert overlaps(reading, number)
    assert kinds(find_clashes([reading, number])) == [("person", 7)]


def test_a_session_ending_as_the_next_starts_is_not_a_clash():
    # 09:00-09:30, then 09:30-09:50: the TA walks from one to the next.
    reading = booking("reading", "09:00", 30, people={7}, room="Library", pupils={1})
    number = booking("number", "09:30", 20, people={7}, room="Library", pupils={1})
    assert not overlaps(reading, number)
    assert find_clashes([reading, number]) == []


def test_one_minute_of_overlap_is_a_clash():
    reading = booking("reading", "09:00", 31, people={7})
    number = booking("number", "09:30", 20, people={7})
    assert kinds(find_clashes([reading, number])) == [("person", 7)]


def test_the_same_time_on_different_days_is_not_a_clash():
    monday = booking("reading", "09:00", 30, people={7}, room="Library", pupils={1})
    tuesday = booking("number", "09:00", 30, day=TUESDAY, people={7}, room="Library", pupils={1})
    assert find_clashes([monday, tuesday]) == []


def test_a_session_inside_another_clashes():
    # 13:00-14:00 wholly contains 13:20-13:40.
    long = booking("nurture", "13:00", 60, room="Nurture room")
    short = booking("talk", "13:20", 20, room="nurture room ")
    assert kinds(find_clashes([long, short])) == [("room", "Nurture room")]


def test_sessions_with_no_room_recorded_do_not_clash_over_the_room():
    assert find_clashes([booking("a", "09:00", 30, room=""), booking("b", "09:00", 30, room="  ")]) == []


def test_a_pupil_taken_out_of_two_things_at_once():
    reading = booking("reading", "10:45", 20, people={7}, pupils={1, 2})
    speech = booking("speech", "10:50", 15, people={8}, pupils={2, 3})
    assert kinds(find_clashes([reading, speech])) == [("pupil", 2)]


def test_every_shared_thing_is_a_clash_of_its_own():
    first = booking("a", "09:00", 30, people={7, 8}, room="Library", pupils={1})
    second = booking("b", "09:10", 30, people={8}, room="library", pupils={1})
    assert kinds(find_clashes([first, second])) == [("person", 8), ("room", "Library"), ("pupil", 1)]


def test_three_overlapping_sessions_give_each_pair_once():
    sessions = [
        booking(name, start, 30, people={7}) for name, start in (("a", "09:00"), ("b", "09:10"), ("c", "09:20"))
    ]
    pairs = [(clash.first.key, clash.second.key) for clash in find_clashes(sessions)]
    assert pairs == [("a", "b"), ("a", "c"), ("b", "c")]


def test_a_later_session_that_does_not_overlap_is_not_compared():
    sessions = [booking("a", "09:00", 30, people={7}), booking("b", "11:00", 30, people={7})]
    assert find_clashes(sessions) == []
