"""Print: docutils doctree -> reportlab flowables -> PDF (handouts, packs, zines)."""
