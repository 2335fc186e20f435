# Day before month, as Arabic newspapers print dates: «29 نوفمبر 2026».
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y، H:i"
SHORT_DATE_FORMAT = "d/m/Y"
