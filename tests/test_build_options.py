"""Build options that narrow a build do what they say."""

from __future__ import annotations

from conftest import samizdat


def test_theme_builds_only_that_themes_module_outputs(mini):
    res = samizdat(mini, "build", "--lang", "en", "--theme", "alpha")
    assert res.code == 0, res.text
    en = mini / "build/en"
    for made in ("slides/alpha/first.pptx", "handouts/alpha/first-a4.pdf", "zines/alpha-a4.pdf", "facilitator/pdf/alpha/first.pdf"):
        assert (en / made).is_file(), made
    for skipped in ("slides/beta", "handouts/beta", "zines/beta-a4.pdf", "facilitator/pdf/beta"):
        assert not (en / skipped).exists(), f"--theme alpha also built {skipped}"
    assert (en / "html/beta/second.html").is_file()  # the site stays whole: its links must work
    # the next build without --theme is not "up to date": it brings the other theme
    res = samizdat(mini, "build", "--lang", "en")
    assert res.code == 0, res.text
    assert "up to date" not in res.out
    assert (en / "slides/beta/second.pptx").is_file() and (en / "zines/beta-a4.pdf").is_file()
