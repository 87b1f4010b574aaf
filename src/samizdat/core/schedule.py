"""Timing: clock times for a module's agenda, and workshop plans with break rules.
Pure functions over the model, no Sphinx."""

from __future__ import annotations

from dataclasses import dataclass, field

from typing import Sequence

from samizdat.core.model import Activity


class ScheduleError(ValueError):
    """A day that cannot be planned as asked (the CLI reports it as a usage error)."""


def parse_time(text: str, what: str = "time") -> int:
    """'09:30' -> minutes since midnight; a clear error for anything else."""
    parts = text.strip().split(":")
    if len(parts) != 2 or not all(p.isdigit() for p in parts):
        raise ScheduleError(f"{what} {text!r} is not a time: write HH:MM, e.g. 09:30")
    h, m = int(parts[0]), int(parts[1])
    if not (0 <= h <= 23 and 0 <= m <= 59):
        raise ScheduleError(f"{what} {text!r} is not a time of day (00:00-23:59)")
    return h * 60 + m


def clock(minutes: int) -> str:
    return f"{(minutes // 60) % 24:02d}:{minutes % 60:02d}"


@dataclass(frozen=True)
class Slot:
    start: int
    minutes: int
    kind: str  # "activity", "break", "lunch"
    title: str = ""
    module: str = ""
    format: str = ""
    optional: bool = False

    @property
    def end(self) -> int:
        return self.start + self.minutes


def agenda(activities: Sequence[Activity], start: int) -> list[Slot]:
    """Clock times for one module's activities, in order (optional ones included)."""
    out, t = [], start
    for a in activities:
        out.append(Slot(t, a.minutes, "activity", a.title, "", a.format, a.optional))
        t += a.minutes
    return out


@dataclass(frozen=True)
class BreakRules:
    max_work: int = 90          # minutes of work before a break is due
    break_minutes: int = 15
    lunch_at: int | None = None  # minutes since midnight
    lunch_minutes: int = 45
    end: int | None = None       # the day must end by then
    include_optional: bool = True


@dataclass
class Plan:
    slots: list[Slot] = field(default_factory=list)
    cut_first: list[Slot] = field(default_factory=list)

    @property
    def end(self) -> int:
        return self.slots[-1].end if self.slots else 0


def plan_day(modules: list[tuple[str, Sequence[Activity]]], start: int, rules: BreakRules) -> Plan:
    """Lay out the modules' activities from ``start``: a break before any activity that
    would take the work since the last break past ``max_work``; lunch at the first
    activity boundary at or after ``lunch_at``. Raises ScheduleError when the day can't fit."""
    plan = Plan()
    t, since_break, lunch_done = start, 0, rules.lunch_at is None
    for module, activities in modules:
        for a in activities:
            if a.optional and not rules.include_optional:
                continue
            if a.minutes > rules.max_work:
                raise ScheduleError(f"activity “{a.title}” ({module}) lasts {a.minutes} minutes, longer than the {rules.max_work} minutes allowed between breaks")
            if not lunch_done and t >= rules.lunch_at:
                plan.slots.append(Slot(t, rules.lunch_minutes, "lunch"))
                t += rules.lunch_minutes
                since_break, lunch_done = 0, True
            elif since_break + a.minutes > rules.max_work:
                plan.slots.append(Slot(t, rules.break_minutes, "break"))
                t += rules.break_minutes
                since_break = 0
            slot = Slot(t, a.minutes, "activity", a.title, module, a.format, a.optional)
            plan.slots.append(slot)
            t += a.minutes
            since_break += a.minutes
    if rules.end is not None and t > rules.end:
        raise ScheduleError(f"the plan ends at {clock(t)}, after the end of the day ({clock(rules.end)}): choose fewer modules, start earlier or leave out optional activities")
    if t >= 24 * 60:
        raise ScheduleError(f"the plan runs past midnight ({clock(t)} the next day): split it over two days")
    plan.cut_first = sorted((s for s in plan.slots if s.optional), key=lambda s: -s.start)
    return plan
