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


#: how far from the asked time lunch may start, in minutes (see plan_day)
LUNCH_TOLERANCE = 15


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


def _wait_for_lunch(plan: Plan, t: int, lunch_at: int) -> None:
    """The minutes between the last activity and lunch: added to a break just before, else
    shown as time in hand (a facilitator running late catches up there)."""
    if t >= lunch_at:
        return
    last = plan.slots[-1] if plan.slots else None
    if last is not None and last.kind == "break" and last.end == t:
        plan.slots[-1] = Slot(last.start, lunch_at - last.start, "break")
    else:
        plan.slots.append(Slot(t, lunch_at - t, "spare"))


def plan_day(modules: list[tuple[str, Sequence[Activity]]], start: int, rules: BreakRules) -> Plan:
    """Lay out the modules' activities from ``start`` with breaks and lunch.

    Breaks: a break comes before any activity that would take the work since the last
    break (or lunch, or the start, or a module's own activity of format ``break``) past
    ``max_work``.

    Lunch (``lunch_at`` = L, tolerance T = LUNCH_TOLERANCE minutes), decided at each
    activity boundary t, activities never being split:
    - t in [L - T, L] and the next activity would end after L (or a break is due before
      it): lunch starts at L, exactly as asked; the minutes from t to L lengthen the break
      just before, or are time in hand;
    - no boundary falls in [L - T, L] because an activity runs across L - T .. L: lunch
      starts at the first boundary after L, at most T minutes late (L + T);
    - an activity runs across the whole window (no boundary from L - T to L + T), or
      the day starts after L + T: ScheduleError, naming the activity and the times
      lunch could be asked for instead.
    A day that ends before L - T has no lunch. Raises ScheduleError when the day can't fit."""
    plan = Plan()
    lunch_at = rules.lunch_at
    t, since_break, lunch_done = start, 0, lunch_at is None
    if lunch_at is not None and start > lunch_at + LUNCH_TOLERANCE:
        raise ScheduleError(f"lunch at {clock(lunch_at)} is before the day starts ({clock(start)}): ask for a later lunch or an earlier start")
    for module, activities in modules:
        for a in activities:
            if a.optional and not rules.include_optional:
                continue
            if a.minutes > rules.max_work:
                raise ScheduleError(f"activity “{a.title}” ({module}) lasts {a.minutes} minutes, longer than the {rules.max_work} minutes allowed between breaks")
            is_break = a.format == "break"  # a module's own break counts as one
            break_due = not is_break and since_break + a.minutes > rules.max_work
            for _ in range(2):  # lunch is decided before the break is due, and again after it
                if not lunch_done and lunch_at is not None:
                    if t > lunch_at + LUNCH_TOLERANCE:
                        raise _no_lunch(plan, lunch_at)
                    if t >= lunch_at or (t >= lunch_at - LUNCH_TOLERANCE and (break_due or t + a.minutes > lunch_at)):
                        _wait_for_lunch(plan, t, lunch_at)
                        t = max(t, lunch_at)
                        plan.slots.append(Slot(t, rules.lunch_minutes, "lunch"))
                        t += rules.lunch_minutes
                        since_break, lunch_done, break_due = 0, True, False
                if not break_due:
                    break
                plan.slots.append(Slot(t, rules.break_minutes, "break"))
                t += rules.break_minutes
                since_break, break_due = 0, False
            slot = Slot(t, a.minutes, "activity", a.title, module, a.format, a.optional)
            plan.slots.append(slot)
            t += a.minutes
            since_break = 0 if is_break else since_break + a.minutes
    if not lunch_done and lunch_at is not None and t > lunch_at + LUNCH_TOLERANCE:
        raise _no_lunch(plan, lunch_at)
    if rules.end is not None and t > rules.end:
        raise ScheduleError(f"the plan ends at {clock(t)}, after the end of the day ({clock(rules.end)}): choose fewer modules, start earlier or leave out optional activities")
    if t >= 24 * 60:
        raise ScheduleError(f"the plan runs past midnight ({clock(t)} the next day): split it over two days")
    plan.cut_first = sorted((s for s in plan.slots if s.optional), key=lambda s: -s.start)
    return plan


def _no_lunch(plan: Plan, lunch_at: int) -> ScheduleError:
    across = next(s for s in reversed(plan.slots) if s.kind == "activity")
    return ScheduleError(
        f"lunch can't start within {LUNCH_TOLERANCE} minutes of {clock(lunch_at)}: “{across.title}” runs "
        f"{clock(across.start)}–{clock(across.end)}; ask for lunch at {clock(across.start)} or {clock(across.end)}")
