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
        ("activity", "c", "10:35"), ("activity", "d", "11:05"), ("break", "", "12:05"),
        ("activity", "e", "12:20"), ("lunch", "", "12:40"), ("activity", "f", "13:40"),
        ("activity", "g", "14:25"),
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
