"""What an upload is, told by its bytes, and the clean copy of a picture that is kept."""

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from PIL import ExifTags, Image, ImageCms, ImageFile, PngImagePlugin

from findings import evidence_files
from findings.evidence_files import DAMAGED, JPEG, NOT_ACCEPTED, PDF, PNG, TOO_MANY_PIXELS, prepare, sniff
from tests.findings.evidence_factories import jpeg_bytes, pdf_bytes, png_bytes

GPS_LATITUDE = (58.0, 35.0, 12.5)


def _photo_with_gps(orientation=1):
    """A 40 × 30 phone photo: red left half, blue right half, with the camera's EXIF and GPS."""
    image = Image.new("RGB", (40, 30), (0, 0, 255))
    image.paste((255, 0, 0), (0, 0, 20, 30))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "SecretPhoneMaker"
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: GPS_LATITUDE,
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (16.0, 11.0, 2.0),
    }
    buffer = io.BytesIO()
    xmp = b"<x:xmpmeta>SecretXmpOwner</x:xmpmeta>"
    image.save(buffer, format="JPEG", exif=exif, xmp=xmp, comment=b"SecretComment", quality=95)
    return buffer.getvalue()


def _open(content):
    return Image.open(io.BytesIO(content))


def _refusal(data):
    with pytest.raises(ValidationError) as caught:
        prepare(data)
    return caught.value.messages


@pytest.mark.parametrize(
    ("data", "kind"),
    [(jpeg_bytes(), JPEG), (png_bytes(), PNG), (pdf_bytes(), PDF)],
    ids=["jpeg", "png", "pdf"],
)
def test_it_tells_the_kind_by_the_first_bytes(data, kind):
    assert sniff(data) == kind


def _gif():
    buffer = io.BytesIO()
    Image.new("P", (4, 4)).save(buffer, format="GIF")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "data",
    [
        b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>",
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        _gif(),
        b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + b"\x00" * 40,
        b"",
        b"\x00\x00\x00\x18ftypavif\x00\x00\x00\x00mif1avif" + b"\x00" * 16,
        b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2" + b"\x00" * 16,
        b" %PDF-1.4 with a space first",
    ],
    ids=["html", "svg", "gif", "zip", "empty", "avif", "mp4-video", "pdf-not-at-start"],
)
def test_anything_else_is_refused_whatever_its_name(data):
    assert sniff(data) is None
    assert _refusal(data) == [str(NOT_ACCEPTED)]


def test_a_pdf_is_kept_byte_for_byte():
    stored = prepare(pdf_bytes())
    assert (stored.content, stored.content_type, stored.extension) == (pdf_bytes(), PDF, ".pdf")


def test_a_photo_loses_its_gps_camera_and_xmp_but_keeps_its_picture():
    original = _photo_with_gps()
    assert _open(original).getexif().get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitude] == GPS_LATITUDE
    for secret in (b"SecretXmpOwner", b"SecretPhoneMaker", b"SecretComment"):
        assert secret in original

    stored = prepare(original)

    assert (stored.content_type, stored.extension) == (JPEG, ".jpg")
    kept = _open(stored.content)
    assert kept.format == "JPEG" and kept.size == (40, 30)
    assert not kept.getexif()
    assert not {"exif", "xmp", "icc_profile", "comment"} & set(kept.info)
    for secret in (b"Exif", b"SecretPhoneMaker", b"SecretXmpOwner", b"SecretComment", b"http://ns.adobe.com/xap"):
        assert secret not in stored.content
    assert kept.getpixel((5, 15))[0] > 200 and kept.getpixel((35, 15))[2] > 200


def test_the_camera_orientation_is_applied_to_the_pixels():
    stored = prepare(_photo_with_gps(orientation=6))  # the camera was turned a quarter clockwise
    kept = _open(stored.content)
    assert kept.size == (30, 40)
    assert not kept.getexif()
    red, blue = kept.getpixel((15, 5)), kept.getpixel((15, 35))
    assert red[0] > 200 and red[2] < 60
    assert blue[2] > 200 and blue[0] < 60


def test_a_png_stays_a_png_without_its_text_chunks_or_colour_profile():
    text = PngImagePlugin.PngInfo()
    text.add_text("Author", "SecretPngAuthor")
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    original = png_bytes(pnginfo=text, icc_profile=icc)
    assert b"SecretPngAuthor" in original and "icc_profile" in _open(original).info

    stored = prepare(original)

    kept = _open(stored.content)
    assert (stored.content_type, kept.format, kept.mode) == (PNG, "PNG", "RGB")
    assert b"SecretPngAuthor" not in stored.content
    assert not {"icc_profile", "Author", "exif", "xmp"} & set(kept.info)


@pytest.mark.parametrize(
    ("mode", "source_format", "kept_mode"),
    [("CMYK", "JPEG", "RGB"), ("L", "JPEG", "L"), ("P", "PNG", "RGB"), ("LA", "PNG", "LA"), ("RGBA", "PNG", "RGBA")],
)
def test_colour_modes_are_made_storable(mode, source_format, kept_mode):
    buffer = io.BytesIO()
    Image.new(mode, (8, 8)).save(buffer, format=source_format)
    kept = _open(prepare(buffer.getvalue()).content)
    assert (kept.format, kept.mode) == (source_format, kept_mode)


def test_a_transparent_palette_png_keeps_its_transparency():
    image = Image.new("P", (8, 8), 0)
    image.putpalette([255, 0, 0, 0, 255, 0])
    image.putpixel((7, 7), 1)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", transparency=0)
    assert _open(buffer.getvalue()).convert("RGBA").getpixel((0, 0))[3] == 0
    kept = _open(prepare(buffer.getvalue()).content)
    assert kept.getpixel((7, 7)) == (0, 255, 0, 255)
    assert kept.mode == "RGBA" and kept.getpixel((0, 0))[3] == 0


@pytest.mark.parametrize(
    "data",
    [jpeg_bytes(size=(400, 300), quality=95)[:1500], png_bytes(size=(400, 300), color=None)[:300]],
    ids=["jpeg", "png"],
)
@pytest.mark.parametrize("tolerant_elsewhere", [False, True], ids=["pillow-default", "after-weasyprint"])
def test_a_picture_cut_short_is_refused(monkeypatch, data, tolerant_elsewhere):
    # WeasyPrint makes the whole process accept cut-short pictures; the upload check must not.
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", tolerant_elsewhere)
    assert _refusal(data) == [str(DAMAGED)]
    assert ImageFile.LOAD_TRUNCATED_IMAGES is tolerant_elsewhere


def test_a_png_with_a_broken_checksum_is_refused():
    data = bytearray(png_bytes(size=(64, 64), color=None))
    data[-20] ^= 0xFF  # inside the last data chunk, before IEND
    assert _refusal(bytes(data)) == [str(DAMAGED)]


def _png_claiming(width, height):
    """A tiny PNG whose header claims `width` × `height` pixels: a decompression bomb's shape."""

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00")) + chunk(b"IEND", b"")


def test_a_decompression_bomb_is_refused_before_it_is_decoded():
    assert _refusal(_png_claiming(100_000, 100_000)) == [str(TOO_MANY_PIXELS)]


def test_a_real_picture_above_the_pixel_limit_is_refused():
    buffer = io.BytesIO()
    Image.new("1", (8000, 7000)).save(buffer, format="PNG")
    assert len(buffer.getvalue()) < 1_000_000  # small on disk, 56 megapixels when decoded
    assert _refusal(buffer.getvalue()) == [str(TOO_MANY_PIXELS)]


def test_heic_photos_are_stored_as_jpeg_without_their_metadata():
    pytest.importorskip("pillow_heif")
    image = Image.new("RGB", (64, 48), (200, 20, 20))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "SecretPhoneMaker"
    exif[ExifTags.IFD.GPSInfo] = {ExifTags.GPS.GPSLatitudeRef: "N", ExifTags.GPS.GPSLatitude: GPS_LATITUDE}
    buffer = io.BytesIO()
    image.save(buffer, format="HEIF", exif=exif.tobytes())
    original = buffer.getvalue()
    assert original[4:12] == b"ftypheic" and b"SecretPhoneMaker" in original

    stored = prepare(original)

    kept = _open(stored.content)
    assert (stored.content_type, stored.extension, kept.format, kept.size) == (JPEG, ".jpg", "JPEG", (64, 48))
    assert not kept.getexif() and b"SecretPhoneMaker" not in stored.content
    red = kept.getpixel((30, 20))
    assert red[0] > 170 and red[1] < 60


def test_heic_is_refused_where_no_library_reads_it(monkeypatch):
    monkeypatch.setattr(evidence_files, "pillow_heif", None)
    assert sniff(b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 16) is None


def test_a_heic_photo_cut_short_is_refused(monkeypatch):
    pytest.importorskip("pillow_heif")
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    buffer = io.BytesIO()
    Image.effect_noise((256, 192), 60).convert("RGB").save(buffer, format="HEIF", quality=90)
    data = buffer.getvalue()
    assert _refusal(data[: len(data) // 2]) == [str(DAMAGED)]
