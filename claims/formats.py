"""The one date and one date-time format of the app (templates use claims.templatetags.display)."""

DATE_FORMAT = "j M Y"  # 21 Sep 2022
DATETIME_FORMAT = "j M Y, H:i"  # 21 Sep 2022, 19:11
FULL_DATE_FORMAT = "l j F Y"  # Wednesday 21 September 2022 (on hover)
FULL_DATETIME_FORMAT = "l j F Y, H:i:s T"  # Wednesday 21 September 2022, 19:11:05 UTC
