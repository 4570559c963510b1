"""CSV cells that a spreadsheet will not run as a formula."""

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def safe_row(values):
    return [safe_cell(value) for value in values]
