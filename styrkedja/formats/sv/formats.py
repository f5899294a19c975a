"""How Styrkedja reads dates typed in Swedish: ÅÅÅÅ-MM-DD, and nothing that could be read two ways.

Django's own Swedish input formats also accept "05/12/2023" as month/day/year, so that a
Swede's 5 December became 12 May. Only the ISO form is read here (a date field of the browser
sends it too); what is shown is left to Django's Swedish formats.
"""

DATE_INPUT_FORMATS = ["%Y-%m-%d"]
DATETIME_INPUT_FORMATS = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%d %H:%M", "%Y-%m-%d"]
