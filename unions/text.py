"""Kept so that `from unions.text import fold` goes on working: the folding lives in unionsite.text,
where the project-wide spreadsheet reader can use it without depending on an app."""

from unionsite.text import fold

__all__ = ["fold"]
