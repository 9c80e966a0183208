"""The photo pipeline: judged by content, re-encoded from pixels, nothing else survives."""

import io
import threading
import time
import zipfile

import pytest
from PIL import Image

from app.services import images

MB = 1024 * 1024


def _jpeg_with_exif(size=(64, 48)):
    picture = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "SecretCameraMaker"  # Make
    exif[0x0110] = "SecretModel-9000"  # Model
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 0.0), 3: "W", 4: (0.0, 7.0, 0.0)}  # GPS
    exif[0x0112] = 6  # Orientation: rotate 90 degrees to show
    out = io.BytesIO()
    picture.save(out, "JPEG", exif=exif, comment=b"SecretComment")
    return out.getvalue()


def _png(size=(40, 30), mode="RGB", **save):
    out = io.BytesIO()
    Image.new(mode, size, "blue").save(out, "PNG", **save)
    return out.getvalue()


def test_metadata_is_gone_from_the_stored_jpeg():
    data = _jpeg_with_exif()
    assert b"SecretCameraMaker" in data and b"SecretComment" in data
    clean = images.clean_image(data, 10 * MB)
    assert clean.content_type == "image/jpeg"
    for secret in (b"SecretCameraMaker", b"SecretModel-9000", b"SecretComment", b"Exif"):
        assert secret not in clean.content
    stored = Image.open(io.BytesIO(clean.content))
    assert not stored.getexif()
    assert "exif" not in stored.info and "comment" not in stored.info
    # The orientation tag was applied to the pixels before it was dropped.
    assert (clean.width, clean.height) == (48, 64)


def test_png_text_chunks_and_colour_profile_are_gone():
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "SecretAuthorName")
    info.add_text("GPS", "51.5,-0.1")
    data = _png(pnginfo=info, icc_profile=b"SecretProfile" * 10)
    clean = images.clean_image(data, 10 * MB)
    assert clean.content_type == "image/png"
    assert b"SecretAuthorName" not in clean.content and b"51.5" not in clean.content
    assert b"iCCP" not in clean.content and b"tEXt" not in clean.content
    assert Image.open(io.BytesIO(clean.content)).size == (40, 30)


def test_decompression_bomb_is_refused():
    # 20,000 x 20,000 pixels of one colour compress to a small PNG: 400 million pixels.
    out = io.BytesIO()
    Image.new("1", (20_000, 20_000)).save(out, "PNG")
    data = out.getvalue()
    assert len(data) < MB
    with pytest.raises(images.ImageRejected) as refused:
        images.clean_image(data, 10 * MB)
    assert refused.value.reason == images.TOO_MANY_PIXELS


def test_limit_on_pixels_is_configurable():
    with pytest.raises(images.ImageRejected) as refused:
        images.clean_image(_png(size=(100, 100)), 10 * MB, max_pixels=5_000)
    assert refused.value.reason == images.TOO_MANY_PIXELS


def test_text_file_named_png_is_refused():
    with pytest.raises(images.ImageRejected) as refused:
        images.clean_image(b"This is just some text, saved as drawing.png\n", 10 * MB)
    assert refused.value.reason == images.NOT_IMAGE


@pytest.mark.parametrize("data", [b"GIF89a" + b"\x00" * 40, b"%PDF-1.7\n", b"<svg></svg>"])
def test_other_formats_are_refused(data):
    with pytest.raises(images.ImageRejected) as refused:
        images.clean_image(data, 10 * MB)
    assert refused.value.reason == images.NOT_IMAGE


def test_empty_and_too_large_are_refused():
    with pytest.raises(images.ImageRejected) as empty:
        images.clean_image(b"", 10 * MB)
    assert empty.value.reason == images.EMPTY
    data = _jpeg_with_exif()
    with pytest.raises(images.ImageRejected) as large:
        images.clean_image(data, len(data) - 1)
    assert large.value.reason == images.TOO_LARGE


def test_broken_image_is_refused():
    data = _png()
    with pytest.raises(images.ImageRejected) as refused:
        images.clean_image(data[:60], 10 * MB)
    assert refused.value.reason in (images.UNREADABLE, images.HIDDEN_CONTENT)


def _zip():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("payload.txt", "hidden payload")
    return out.getvalue()


@pytest.mark.parametrize("image", ["png", "jpeg"])
@pytest.mark.parametrize("extra", ["zip", "html"])
def test_polyglot_is_refused(image, extra):
    data = _png() if image == "png" else _jpeg_with_exif()
    data += _zip() if extra == "zip" else b"<html><script>alert(document.cookie)</script>"
    assert Image.open(io.BytesIO(data)).size  # Pillow alone would open it happily
    with pytest.raises(images.ImageRejected) as refused:
        images.clean_image(data, 10 * MB)
    assert refused.value.reason == images.HIDDEN_CONTENT


def test_png_with_any_data_after_its_end_is_refused():
    with pytest.raises(images.ImageRejected) as refused:
        images.clean_image(_png() + b"anything-else", 10 * MB)
    assert refused.value.reason == images.HIDDEN_CONTENT


def test_reencoding_drops_trailing_bytes_that_no_check_recognises():
    # Cameras sometimes leave data after a JPEG's end; whatever it is, it is not kept.
    data = _jpeg_with_exif() + b"TRAILING-UNKNOWN-BYTES" * 50
    clean = images.clean_image(data, 10 * MB)
    assert b"TRAILING-UNKNOWN-BYTES" not in clean.content
    assert clean.content.endswith(b"\xff\xd9")  # ends where the JPEG ends


def test_reencoding_drops_a_hidden_zip_even_without_the_checks():
    # The checks are a second line: re-encoding alone keeps only the pixels.
    data = _png() + _zip()
    picture = images._decode(data, "PNG", images.MAX_PIXELS)
    clean = images._reencode(picture, "PNG")
    assert b"PK\x03\x04" not in clean.content and b"payload" not in clean.content
    assert clean.content.endswith(b"IEND\xaeB`\x82")


def test_large_photos_are_scaled_down_and_transparency_kept():
    clean = images.clean_image(_png(size=(4000, 1000), mode="RGBA"), 10 * MB)
    assert max(clean.width, clean.height) == images.MAX_SIDE
    assert Image.open(io.BytesIO(clean.content)).mode == "RGBA"


def test_sniff_reads_the_bytes_not_the_name():
    assert images.sniff(_png()) == "PNG"
    assert images.sniff(_jpeg_with_exif()) == "JPEG"
    assert images.sniff(b"drawing.png") is None


# --- bounded work ---------------------------------------------------------------------


def test_a_small_png_of_too_many_pixels_is_refused_quickly():
    from hostile_files import huge_png

    data = huge_png(7999, 7999)
    assert len(data) < MB
    started = time.perf_counter()
    with pytest.raises(images.ImageRejected) as refused:
        images.clean_image(data, 10 * MB)
    assert refused.value.reason == images.TOO_MANY_PIXELS
    assert time.perf_counter() - started < 2  # was 8 s; generous for a busy machine


def test_size_is_judged_from_the_header_before_any_decoding():
    # The header says 7999 x 7999; the pixel data is nonsense that would fail to decode.
    from hostile_files import chunk

    size = (7999).to_bytes(4, "big") * 2 + bytes([8, 0, 0, 0, 0])
    forged = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", size) + chunk(b"IDAT", b"nonsense")
              + chunk(b"IEND", b""))
    with pytest.raises(images.ImageRejected) as refused:
        images.clean_image(forged, 10 * MB)
    assert refused.value.reason == images.TOO_MANY_PIXELS


def test_limit_is_what_a_photo_of_a_drawing_needs():
    # A phone's usual largest photo (24.5 million pixels) is kept, made smaller;
    # a full-sensor 48 million pixel one is not.
    assert 5712 * 4284 <= images.MAX_PIXELS < 8000 * 6000
    out = io.BytesIO()
    Image.new("RGB", (5712, 4284), "white").save(out, "JPEG", quality=50)
    clean = images.clean_image(out.getvalue(), 10 * MB)
    assert (clean.width, clean.height) == (3000, 2250)


def test_a_large_jpeg_is_decoded_at_a_reduced_size():
    out = io.BytesIO()
    Image.new("RGB", (7000, 3000), "white").save(out, "JPEG", quality=50)
    picture = images._decode(out.getvalue(), "JPEG", images.MAX_PIXELS)
    assert picture.size == (3500, 1500)  # decoded at half size: a quarter of the memory


def test_only_a_few_photos_are_decoded_at_once(monkeypatch):
    active, most = 0, 0
    lock = threading.Lock()
    real_reencode = images._reencode

    def slow_reencode(picture, kind):
        nonlocal active, most
        with lock:
            active += 1
            most = max(most, active)
        time.sleep(0.2)
        with lock:
            active -= 1
        return real_reencode(picture, kind)

    monkeypatch.setattr(images, "_reencode", slow_reencode)
    data = _png()
    threads = [threading.Thread(target=images.clean_image, args=(data, 10 * MB))
               for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert most == images.MAX_CONCURRENT


def test_a_photo_waits_for_a_free_slot_then_is_refused_as_busy():
    taken = [images._slots.acquire() for _ in range(images.MAX_CONCURRENT)]
    try:
        with pytest.raises(images.ImageRejected) as refused:
            images.clean_image(_png(), 10 * MB, busy_wait=0.1)
        assert refused.value.reason == images.BUSY
    finally:
        for _ in taken:
            images._slots.release()
    assert images.clean_image(_png(), 10 * MB).width == 40
