"""CSV cells that a spreadsheet will not run as a formula."""

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def safe_row(values):
    return [safe_cell(value) for value in values]


def unguarded_cell(text):
    """A cell of a file we wrote, read back: the apostrophe safe_cell added is not data."""
    if text.startswith("'") and text[1:].startswith(_FORMULA_STARTS):
        return text[1:]
    return text
