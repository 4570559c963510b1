"""What an uploaded evidence file really is, told by its bytes, and the copy of it that is kept.

The name and the browser's content type are the uploader's claims and are never trusted. A
picture is decoded and encoded again from its pixels alone, so nothing of the original file
survives but the picture: no EXIF (GPS position, camera, owner), no XMP, no ICC profile with
its texts, no PNG text chunks, and no bytes a decoder could be tricked by. A PDF is kept as
uploaded: its own metadata (author, producer) is not removed.
"""

import io
import struct
import threading
import warnings
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageCms, ImageFile, ImageOps

try:
    import pillow_heif
except ImportError:  # HEIC is accepted only where the library that reads it is installed.
    pillow_heif = None
else:
    pillow_heif.register_heif_opener(thumbnails=False)

JPEG = "image/jpeg"
PNG = "image/png"
PDF = "application/pdf"
HEIF = "image/heif"  # read only: stored as JPEG, which every viewer opens

EXTENSIONS = {JPEG: ".jpg", PNG: ".png", PDF: ".pdf"}

# A 48-megapixel phone photo is about 8064 × 6048; anything much larger is a bomb, not a photo.
MAX_IMAGE_PIXELS = 50_000_000
JPEG_QUALITY = 90

NOT_ACCEPTED = _("Choose a photo (JPEG, PNG or HEIC) or a PDF; this file is not one.")
TOO_LARGE = _("The file is larger than 20 MB.")
TOO_MANY_PIXELS = _(
    "The picture is too large to store (more than 50 megapixels). Take the photo at a lower resolution."
)
DAMAGED = _("The picture could not be read; the file may be damaged or cut short. Save it again or take a new photo.")

_HEIC_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"hevm", b"hevs"}
_GENERIC_HEIF_BRANDS = {b"mif1", b"msf1"}
_AVIF_BRANDS = {b"avif", b"avis"}
_PILLOW_FORMAT = {JPEG: "JPEG", PNG: "PNG", HEIF: "HEIF"}
_SRGB = ImageCms.createProfile("sRGB")
_STRICT = threading.Lock()


@dataclass(frozen=True)
class StoredFile:
    """The bytes to keep and what they are."""

    content: bytes
    content_type: str

    @property
    def extension(self):
        return EXTENSIONS[self.content_type]


class _TooManyPixels(Exception):
    pass


def sniff(data):
    """The kind of file the first bytes show, or None. HEIF only where it can be read."""
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"%PDF-"):
        return PDF
    if pillow_heif is not None and _is_heic(data):
        return HEIF
    return None


def _is_heic(data):
    """An ISO media file whose `ftyp` box names an HEVC-coded image brand (not AVIF, not video)."""
    if len(data) < 16 or data[4:8] != b"ftyp":
        return False
    box_size = struct.unpack(">I", data[:4])[0]
    end = min(max(box_size, 16), len(data))
    major = data[8:12]
    brands = {major} | {data[i : i + 4] for i in range(16, end - 3, 4)}
    if brands & _HEIC_BRANDS:
        return True
    return major in _GENERIC_HEIF_BRANDS and not brands & _AVIF_BRANDS


def prepare(data):
    """The StoredFile for an upload's bytes; ValidationError with a message for the person if
    it is not a picture or PDF that can be kept."""
    kind = sniff(data[:256])
    if kind is None:
        raise ValidationError(NOT_ACCEPTED, code="kind")
    if kind == PDF:
        return StoredFile(content=bytes(data), content_type=PDF)
    return _picture(data, kind)


def _picture(data, kind):
    formats = [_PILLOW_FORMAT[kind]]
    try:
        with _strict_decoding(), warnings.catch_warnings():
            # Pillow only warns below twice its own limit; here a warning is a refusal.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=formats) as probe:
                _check_pixels(probe)
                probe.verify()
            with Image.open(io.BytesIO(data), formats=formats) as image:
                _check_pixels(image)
                image.load()
                return _encode(ImageOps.exif_transpose(image), kind)
    except (_TooManyPixels, Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(TOO_MANY_PIXELS, code="pixels") from None
    # Pillow's decoders answer hostile or broken input with many kinds of exception (OSError,
    # SyntaxError, struct.error, ValueError, IndexError ...); each means "not a picture we keep".
    except Exception:  # noqa: BLE001
        raise ValidationError(DAMAGED, code="damaged") from None


@contextmanager
def _strict_decoding():
    """A picture cut short must fail to load, not be padded with grey. WeasyPrint turns Pillow's
    process-wide LOAD_TRUNCATED_IMAGES on when it is imported, so it is turned off here for the
    decoding and put back after it."""
    with _STRICT:
        before = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            yield
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = before


def _check_pixels(image):
    width, height = image.size
    if width * height > MAX_IMAGE_PIXELS:
        raise _TooManyPixels


def _encode(picture, kind):
    picture = _to_srgb(picture)
    buffer = io.BytesIO()
    if kind == PNG:
        picture = _png_mode(picture)
        picture.info = {}  # PNG would carry over the ICC profile and transparency from info
        picture.save(buffer, format="PNG", optimize=True)
        return StoredFile(content=buffer.getvalue(), content_type=PNG)
    picture = _jpeg_mode(picture)
    picture.info = {}
    picture.save(buffer, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return StoredFile(content=buffer.getvalue(), content_type=JPEG)


def _to_srgb(picture):
    """Colours as the profile meant them, so that dropping the profile (and its texts) keeps
    them; a profile that cannot be applied is just dropped."""
    icc = picture.info.get("icc_profile")
    if not icc or picture.mode not in ("RGB", "RGBA", "CMYK"):
        return picture
    output_mode = "RGBA" if picture.mode == "RGBA" else "RGB"
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        return ImageCms.profileToProfile(picture, source, _SRGB, outputMode=output_mode)
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return picture


def _has_alpha(picture):
    return "A" in picture.getbands() or "a" in picture.getbands() or "transparency" in picture.info


def _png_mode(picture):
    if picture.mode in ("1", "L", "LA", "I", "I;16", "RGB", "RGBA"):
        return picture
    return picture.convert("RGBA" if _has_alpha(picture) else "RGB")


def _jpeg_mode(picture):
    if picture.mode in ("L", "RGB"):
        return picture
    if not _has_alpha(picture):
        return picture.convert("RGB")
    # JPEG has no transparency: what was see-through is shown on white, not on black.
    rgba = picture.convert("RGBA")
    background = Image.new("RGB", rgba.size, "white")
    background.paste(rgba, mask=rgba.getchannel("A"))
    return background
