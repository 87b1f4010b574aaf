"""Search in the languages Sphinx has no stemmer for (uk, cs), so that an inflected word
finds the pages its other forms are on ("паспорти" what "паспорт" finds).

Sphinx's search stems each word of the index in Python and each word of the query in
JavaScript (``js_stemmer_code``, written into ``_static/language_data.js``): the two must
agree exactly. Russian has a Snowball stemmer on both sides, shipped with Sphinx
(``sphinx.search.ru``). Ukrainian and Czech have no such pair in a package: PyPI's
snowballstemmer has Czech (Snowball 3.1) but no Ukrainian, and the JavaScript stemmers on
npm (@orama/stemmers for Ukrainian, snowball-stemmers for an older Czech algorithm) are
other algorithms than any Python one, so index and query would stem differently.

So uk and cs use a *prefix stem* that both sides compute the same way, from this module
(``PrefixStem``): the word in lower case, cut to its first ``PREFIX`` letters, then
without trailing vowels (and, in Ukrainian, soft sign and й) down to ``MIN`` letters:

    паспорт, паспорти, паспортів -> пасп      закон, закону, законів -> закон
    ochrana, ochrany, ochraně -> ochr          soud, soudu, soudy -> soud

It finds inflected forms of the same word, and also (less wanted) words sharing their
first letters (право, правда -> прав): for a curriculum of a few dozen pages, more found
is better than nothing found. docs/architecture.md says the same.
"""

from __future__ import annotations

import json

from sphinx.search import SearchLanguage

PREFIX = 5
MIN = 2


def prefix_stem(word: str, vowels: str) -> str:
    w = word.lower()[:PREFIX]
    while len(w) > MIN and w[-1] in vowels:
        w = w[:-1]
    return w


def js_prefix_stemmer(vowels: str) -> str:
    """The same function for the query, in the browser (``Stemmer`` is what Sphinx's
    searchtools.js calls). JavaScript strings count UTF-16 units, Python code points: the
    same for these alphabets (all in the Basic Multilingual Plane)."""
    return f"""
/* samizdat's prefix stem (sphinx_ext/search.py): the same as the index's */
var Stemmer = function () {{
  var vowels = {json.dumps(vowels)};
  this.stemWord = function (w) {{
    w = w.toLowerCase().slice(0, {PREFIX});
    while (w.length > {MIN} && vowels.indexOf(w.charAt(w.length - 1)) >= 0) {{
      w = w.slice(0, -1);
    }}
    return w;
  }};
}};
"""


class PrefixStem(SearchLanguage):
    stopwords: set[str] = set()
    vowels = ""

    def stem(self, word: str) -> str:
        return prefix_stem(word, self.vowels)


class SearchUkrainian(PrefixStem):
    lang = "uk"
    language_name = "Ukrainian"
    vowels = "аеєиіїоуюяьй"
    js_stemmer_code = js_prefix_stemmer(vowels)


class SearchCzech(PrefixStem):
    lang = "cs"
    language_name = "Czech"
    vowels = "aáeéěiíoóuúůyý"
    js_stemmer_code = js_prefix_stemmer(vowels)


LANGUAGES = (SearchUkrainian, SearchCzech)
