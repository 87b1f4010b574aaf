"""Search for languages Sphinx has none for (uk, cs): split on Unicode words, no stemming.

Without this Sphinx falls back to English stemming, which mangles Cyrillic and Czech
words so that searches in those languages find nothing useful.
"""

from __future__ import annotations

from sphinx.search import SearchLanguage


class _Unstemmed(SearchLanguage):
    stopwords: set[str] = set()

    def stem(self, word: str) -> str:
        return word.lower()


class SearchUkrainian(_Unstemmed):
    lang = "uk"
    language_name = "Ukrainian"


class SearchCzech(_Unstemmed):
    lang = "cs"
    language_name = "Czech"


LANGUAGES = (SearchUkrainian, SearchCzech)
