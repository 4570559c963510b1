"""Two-step verification with an authenticator app (TOTP, django-otp): who must verify, and
the QR code and secret shown when an app is set up."""

from base64 import b32encode
from xml.etree import ElementTree

import django_otp
import qrcode
import qrcode.image.svg
from django.conf import settings
from django.utils.safestring import mark_safe


def has_confirmed_device(user):
    """True when the user has set up an authenticator app (and proved it with a code)."""
    return django_otp.user_has_device(user, confirmed=True)


def is_required_for(user):
    """True when the user must enter a code at sign-in: always when LOS_REQUIRE_2FA is on,
    and for anyone who has set up an app of their own."""
    return bool(settings.LOS_REQUIRE_2FA) or has_confirmed_device(user)


def readable_secret(device):
    """The device's key in base32, in groups of four, for typing into an app by hand."""
    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(text, *, title):
    """An inline SVG QR code of `text`, drawn on the server: no script, no outside service."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathFillImage, box_size=10, border=4)
    svg = image.get_image()
    # A fixed pixel size that fits a 390 px screen; the viewBox keeps it sharp at any zoom.
    svg.set("width", "220")
    svg.set("height", "220")
    svg.set("role", "img")
    svg.set("aria-labelledby", "qr-code-title")
    title_element = ElementTree.Element("title", id="qr-code-title")
    title_element.text = str(title)
    svg.insert(0, title_element)
    # ElementTree escapes the text and attributes it writes, and the data is our own URL.
    return mark_safe(ElementTree.tostring(svg, encoding="unicode"))  # noqa: S308
