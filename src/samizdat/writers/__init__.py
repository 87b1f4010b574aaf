"""Writers from translated doctrees to other formats (Pandoc AST, reportlab)."""
