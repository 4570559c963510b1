from django import template

from los.formatting import format_sek

register = template.Library()


@register.filter
def sek(amount):
    """`{{ total|sek }}` → "1 500 000 kr"."""
    return format_sek(amount)
