# French as the French pages have always shown it (Django's, written out so that a change
# upstream cannot move it): see carres/formats/__init__.py.
DATE_FORMAT = "j F Y"  # 6 décembre 2026
TIME_FORMAT = "H:i"  # 05:13
DATETIME_FORMAT = "j F Y H:i"  # 6 décembre 2026 05:13
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d/m/Y"  # 06/12/2026
SHORT_DATETIME_FORMAT = "d/m/Y H:i"  # 06/12/2026 05:13
FIRST_DAY_OF_WEEK = 1  # Monday
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y"]
TIME_INPUT_FORMATS = ["%H:%M", "%H:%M:%S"]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M:%S.%f",
    "%d/%m/%Y %H:%M",
    "%d/%m/%y %H:%M",
]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"  # 1 234,50
NUMBER_GROUPING = 3
