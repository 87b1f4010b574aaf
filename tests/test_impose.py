"""Saddle-stitch order: every page once, pages facing correctly when folded."""

from __future__ import annotations

import pytest

from samizdat.writers.impose import padding, saddle_stitch


@pytest.mark.parametrize("n,expected", [
    (4, [(3, 0), (1, 2)]),
    (8, [(7, 0), (1, 6), (5, 2), (3, 4)]),
    (12, [(11, 0), (1, 10), (9, 2), (3, 8), (7, 4), (5, 6)]),
    (16, [(15, 0), (1, 14), (13, 2), (3, 12), (11, 4), (5, 10), (9, 6), (7, 8)]),
])
def test_order(n, expected):
    assert saddle_stitch(n) == expected


@pytest.mark.parametrize("n", [4, 8, 12, 16, 20, 40])
def test_properties(n):
    sides = saddle_stitch(n)
    flat = [p for side in sides for p in side]
    assert sorted(flat) == list(range(n))  # every page exactly once
    for left, right in sides:
        assert left + right == n - 1  # facing pages of a spread sum to n-1 in a saddle-stitched booklet
    assert sides[0] == (n - 1, 0)  # outside of the first sheet: back cover, front cover


@pytest.mark.parametrize("pages,pad", [(1, 3), (4, 0), (5, 3), (6, 2), (7, 1), (13, 3)])
def test_padding(pages, pad):
    assert padding(pages) == pad and (pages + pad) % 4 == 0


def test_refuses_counts_that_need_padding():
    with pytest.raises(ValueError):
        saddle_stitch(6)
