"""The module skeleton ``samizdat new module`` writes, and its sample sentences, which
``check`` reports (read by Sphinx's collector) until an author replaces them."""

from __future__ import annotations

import re
from functools import lru_cache

SKELETON = """---
id: {id}
duration: 60
level: introductory
tags: []
---

# {title}

:::{{objectives}}
- Describe what participants will understand by the end.
- Practise one skill together.
- Name where to find further help.
:::

:::{{materials}}
- Handouts, one per participant
:::

## Why this matters

Write the learner-facing explanation here: plain language, concrete examples, dated facts.

::::{{activity}} Opening round
:minutes: 15
:format: plenary

What participants do, in their words.

:::{{facilitator}}
Steps, timing and the debrief for this activity.
:::
::::

::::{{activity}} Work in small groups
:minutes: 45
:format: small-groups

The task for the groups.

:::{{facilitator}}
How to run the groups and what to ask in the debrief.
:::
::::

:::{{keypoints}}
- The first thing to remember.
- The second thing to remember.
- The third thing to remember.
:::

:::{{discussion}}
1. An open question for the room?
:::

:::{{facilitator}}
:kind: safety
Safety and trauma-awareness notes for this module.
:::

:::{{sources}}
- A public source: a law by number and jurisdiction, or a guide by title and publisher.
:::
"""


@lru_cache(maxsize=1)
def placeholder_lines() -> frozenset[str]:
    """The skeleton's sample sentences, which ``check`` reports until an author replaces them."""
    out = set()
    body = SKELETON.split("# {title}", 1)[1]
    for line in body.splitlines():
        text = re.sub(r"^(?:[-*]|\d+\.)\s+", "", line.strip())
        if len(text) > 12 and not text.startswith((":", "#")):
            out.add(text)
    return frozenset(out)
