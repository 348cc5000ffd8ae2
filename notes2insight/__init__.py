"""notes2insight: a salesperson's Markdown daily logs in, weekly/monthly/annual summaries out."""

__version__ = "0.1.0"
