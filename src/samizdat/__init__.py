"""samizdat: one MyST curriculum source, every seminar output, in every language."""

__version__ = "0.1.0"
