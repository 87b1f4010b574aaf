"""Sphinx builders, one per audience and output."""
