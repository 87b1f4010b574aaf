"""What samizdat's writers make of each module, for golden tests: run a project's
builders through the real pipeline step (``run_builders``: Sphinx, samizdat's
extension, the audience transform) but, instead of writing files, keep what the writer
functions return, and print it as JSON ({kind: {docname: output}}):

- ``deck``: the presenter deck's Pandoc AST (``PresenterSlidesBuilder.deck_ast``);
- ``learner-deck``: the learner deck's AST (no notes);
- ``story``: the A4 handout's flowable story as text (``doctree_to_story`` and the
  colophon, as ``HandoutsBuilder.write_module`` lays them out).

Run it in a separate process (Sphinx keeps one translator per process):
``python tests/writer_output.py ROOT LANG CACHE KIND...``; the tests call ``writer_output``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

BUILDERS = {"deck": "slides", "learner-deck": "slides-learner", "story": "handouts"}


def writer_output(root: Path, lang: str, cache: Path, *kinds: str) -> dict[str, dict]:
    """Run this file in a fresh process; its JSON result."""
    res = subprocess.run([sys.executable, __file__, str(root), lang, str(cache), *kinds], capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, f"writer_output.py failed (exit {res.returncode}):\n{res.stderr[-4000:]}"
    return json.loads(res.stdout)


def main(root: Path, lang: str, cache: Path, kinds: list[str]) -> dict[str, dict]:
    from samizdat.builders.handouts import HandoutsBuilder, colophon_story
    from samizdat.sphinx_ext.colophon import site_title
    from samizdat.builders.slides import LearnerSlidesBuilder, PresenterSlidesBuilder
    from samizdat.sphinx_ext.colophon import colophon_lines
    from samizdat.core.config import load_config
    from samizdat.pipeline.sphinx_run import run_builders
    from samizdat.writers.pdf.document import frame_width
    from samizdat.writers.pdf.story import doctree_to_story, story_text

    results: dict[str, dict] = {kind: {} for kind in kinds}

    def deck(kind):
        def write_module(self, docname, doctree):
            results[kind][docname] = self.deck_ast(docname, doctree)[0]
        return write_module

    def story(self, docname, doctree):
        page = self.design.pages["a4"]
        flow, _ = doctree_to_story(doctree.deepcopy(), self.design, frame_width(page), Path(self.srcdir), image_cache=self.image_cache)
        flow += colophon_story(self.design, colophon_lines(self.samizdat_config, site_title(self.env.titles, self.samizdat_config)))
        results["story"][docname] = story_text(flow) + "\n"

    PresenterSlidesBuilder.write_module = deck("deck")
    LearnerSlidesBuilder.write_module = deck("learner-deck")
    HandoutsBuilder.write_module = story
    cfg = load_config(root)
    problems = run_builders(cfg, lang, [BUILDERS[k] for k in kinds], cache)
    if problems:
        raise SystemExit("\n".join(map(str, problems)))
    return results


if __name__ == "__main__":
    root, lang, cache, *kinds = sys.argv[1:]
    json.dump(main(Path(root), lang, Path(cache), kinds), sys.stdout, ensure_ascii=False)
