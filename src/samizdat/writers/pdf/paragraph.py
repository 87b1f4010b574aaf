"""reportlab's Paragraph, remembering its line breaks per width.

Frames and tables wrap the same paragraph several times at the same width (a box that
splits across pages is measured, split and measured again), and line breaking was the
largest single cost of laying out a handout. The breaks depend only on the text, the
style and the width, so the result of the last wrap at a width is reused."""

from __future__ import annotations

from reportlab.platypus import Paragraph as _Paragraph


class Paragraph(_Paragraph):
    def wrap(self, availWidth, availHeight):
        last = self.__dict__.get("_sz_last_wrap")
        if last is not None and last[0] == availWidth:
            _, self.width, self._wrapWidths, self.blPara, self.height = last
            return self.width, self.height
        width, height = super().wrap(availWidth, availHeight)
        if hasattr(self, "blPara"):
            self._sz_last_wrap = (availWidth, self.width, self._wrapWidths, self.blPara, self.height)
        return width, height
