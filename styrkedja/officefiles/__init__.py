"""Office files that cannot hurt: the one writer of spreadsheets (user text stays text), the
limits an uploaded .xlsx or .docx is checked against before anything parses it, and the
cleaner that keeps only the harmless parts of a Word template.

Used by ``documents`` (the follow-up Excel, the Word template) and ``workbook`` (the plan
workbook out and in). No models: a library, not a part of the domain.
"""
