"""Node classes of samizdat's own. Each audience transform turns them into standard
docutils nodes (or removes them), so writers downstream only meet standard nodes
plus ``facilitator`` in presenter decks, where it becomes speaker notes."""

from __future__ import annotations

from docutils import nodes


class facilitator(nodes.General, nodes.Element):
    """Facilitator-only content: preparation, how to run an activity, safety notes.

    Attribute ``kind``: note, materials, preparation, safety, timing, debrief, prompts.
    """


class audience_only(nodes.General, nodes.Element):
    """Content kept only for some audiences: ``audiences`` is a list of audience names."""


class slide_break(nodes.General, nodes.Element):
    """Forces a new slide in decks; nothing anywhere else."""


class verified(nodes.Inline, nodes.TextElement):
    """Marks a source as checked by a person against the original on ``date``."""
