"""The baseline's handout script: one module's text to a PDF with reportlab, one
process per module (what a Makefile loop over modules would run)."""

import sys

from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate
from xml.sax.saxutils import escape

from samizdat.writers.pdf.fonts import register_fonts

register_fonts()
styles = getSampleStyleSheet()
body = styles["BodyText"]
body.fontName = "PTSerif"
text = open(sys.argv[1], encoding="utf-8").read()
story = [Paragraph(escape(block.replace("\n", " ")), body) for block in text.split("\n\n") if block.strip()]
SimpleDocTemplate(sys.argv[2]).build(story)
