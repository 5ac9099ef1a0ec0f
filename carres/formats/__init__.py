"""The project's date, time and number formats (settings.FORMAT_MODULE_PATH), one module per
language, replacing Django's where Moroccan usage differs.

The same conventions in the three languages, because the same reader moves between them and
the administration writes them so: the day before the month (6 December 2026 is `06/12/2026`,
never `12/06/2026`), 24-hour times with minutes (`05:13`, never `5 ص` or `5:13 a.m.`), Western
digits (0-9, as OMPIC's and the courts' Arabic documents print them), amounts grouped by
thousands with a non-breaking space and a decimal comma (`1 234,50`) except in English
(`1,234.50`). The separators in dates and numbers (`/`, `:`, `,`, U+00A0) are all "common number
separators" for the Unicode bidirectional algorithm, so a number keeps its order in an Arabic
sentence without any mark around it; Django's own Arabic formats put U+200F marks inside dates
and group with a dot, which is what this replaces.

Amounts and anything formatted outside a template go through `carres.formatting`.
"""
