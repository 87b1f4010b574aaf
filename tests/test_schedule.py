"""Agenda clock times and workshop plans with break rules (pure functions)."""

from __future__ import annotations

import pytest

from samizdat.core.model import Activity
from samizdat.core.schedule import BreakRules, ScheduleError, agenda, clock, parse_time, plan_day


def acts(*spec):
    return [Activity(t, m, "", o) for t, m, o in spec]


def test_parse_time_and_clock():
    assert parse_time("09:30") == 570 and clock(570) == "09:30"
    for bad in ("9h30", "25:00", "12:61", "noon", ""):
        with pytest.raises(ScheduleError):
            parse_time(bad)


def test_agenda_clock_times():
    slots = agenda(acts(("a", 10, False), ("b", 25, False), ("c", 15, True)), parse_time("10:00"))
    assert [(clock(s.start), clock(s.end)) for s in slots] == [("10:00", "10:10"), ("10:10", "10:35"), ("10:35", "10:50")]


def test_breaks_placed_by_the_rules():
    day = [("m1", acts(("a", 40, False), ("b", 40, False), ("c", 30, False))),
           ("m2", acts(("d", 60, False), ("e", 20, True))),
           ("m3", acts(("f", 45, False), ("g", 45, False)))]
    plan = plan_day(day, parse_time("09:00"), BreakRules(max_work=90, break_minutes=15, lunch_at=parse_time("12:30"), lunch_minutes=60))
    kinds = [(s.kind, s.title, clock(s.start)) for s in plan.slots]
    assert kinds == [
        ("activity", "a", "09:00"), ("activity", "b", "09:40"), ("break", "", "10:20"),
        ("activity", "c", "10:35"), ("activity", "d", "11:05"), ("break", "", "12:05"),  # lengthened to lunch
        ("lunch", "", "12:30"), ("activity", "e", "13:30"), ("activity", "f", "13:50"),
        ("break", "", "14:35"), ("activity", "g", "14:50"),
    ]
    assert [s.title for s in plan.cut_first] == ["e"]
    # work between breaks never exceeds the rule
    run = 0
    for s in plan.slots:
        run = 0 if s.kind != "activity" else run + s.minutes
        assert run <= 90


def test_day_that_does_not_fit():
    with pytest.raises(ScheduleError, match="after the end of the day"):
        plan_day([("m", acts(("a", 60, False)) * 8)], parse_time("09:00"), BreakRules(end=parse_time("13:00")))
    with pytest.raises(ScheduleError, match="longer than the 90 minutes"):
        plan_day([("m", acts(("marathon", 120, False)))], parse_time("09:00"), BreakRules())


def lunch_plan(spec, lunch, start="10:00", **kw):
    return plan_day([("m", acts(*spec))], parse_time(start), BreakRules(lunch_at=parse_time(lunch), lunch_minutes=45, **kw))


def starts(plan, kind):
    return [clock(s.start) for s in plan.slots if s.kind == kind]


def test_lunch_at_the_time_asked_with_time_in_hand():
    # boundaries 12:20 then 12:50: lunch at 12:30 exactly, 12:20-12:30 in hand (the old
    # rule put a break at 12:20 and lunch at 13:15)
    plan = lunch_plan([("a", 45, False), ("b", 45, False), ("c", 35, False), ("d", 30, False)], "12:30")
    assert [(s.kind, clock(s.start), clock(s.end)) for s in plan.slots] == [
        ("activity", "10:00", "10:45"), ("activity", "10:45", "11:30"), ("break", "11:30", "11:45"), ("activity", "11:45", "12:20"),
        ("spare", "12:20", "12:30"), ("lunch", "12:30", "13:15"), ("activity", "13:15", "13:45")]


def test_a_break_just_before_lunch_is_lengthened_to_it():
    plan = lunch_plan([("a", 60, False), ("b", 40, False)], "11:30")
    assert [(s.kind, clock(s.start), clock(s.end)) for s in plan.slots] == [
        ("activity", "10:00", "11:00"), ("break", "11:00", "11:30"), ("lunch", "11:30", "12:15"), ("activity", "12:15", "12:55")]


def test_lunch_late_only_when_an_activity_crosses_the_window_and_at_most_15_minutes():
    # a boundary at 12:00 (too early) and the next at 12:40: lunch at 12:40, 10 minutes late
    plan = lunch_plan([("a", 90, False), ("b", 40, False), ("c", 10, False)], "12:30", start="10:30", max_work=180)
    assert starts(plan, "lunch") == ["12:40"]
    # boundaries 12:00 and 13:00: no boundary within 15 minutes of 12:30 -> refused, with the options
    with pytest.raises(ScheduleError, match=r"“b” runs 12:00–13:00; ask for lunch at 12:00 or 13:00"):
        lunch_plan([("a", 90, False), ("b", 60, False), ("c", 10, False)], "12:30", start="10:30", max_work=180)


def test_lunch_before_the_start_is_refused_and_a_short_day_has_none():
    with pytest.raises(ScheduleError, match="before the day starts"):
        lunch_plan([("a", 30, False)], "09:00", start="10:00")
    assert starts(lunch_plan([("a", 30, False)], "13:00", start="10:00"), "lunch") == []


def test_a_modules_own_break_resets_the_work_count():
    plan = plan_day([("m", [Activity("a", 80, "", False), Activity("pause", 10, "break", False), Activity("b", 80, "", False)])],
                    parse_time("09:00"), BreakRules(max_work=90))
    assert [s.kind for s in plan.slots] == ["activity", "activity", "activity"]
