"""A text browser showing Markdown that keeps its code spans in step with its font."""

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QTextBrowser


class MarkdownBrowser(QTextBrowser):
    """A QTextBrowser that reads its Markdown again when its font changes (View > Text
    Size): code spans keep the size they were read in, the rest follows the font."""

    _markdown = ""

    def setMarkdown(self, text: str) -> None:
        """Show ``text`` (Markdown), remembered to be read again in a new font."""
        self._markdown = text
        super().setMarkdown(text)

    def changeEvent(self, event):
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange and self._markdown:
            scroll = self.verticalScrollBar().value()
            super().setMarkdown(self._markdown)
            self.verticalScrollBar().setValue(scroll)
