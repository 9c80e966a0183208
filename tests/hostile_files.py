"""Small generators of hostile uploads, shared by the tests and benchmarks/uploads.py."""

import io
import zlib


def many_objects_pdf(count):
    """A valid one-page PDF followed by `count` tiny unused objects (about 50 bytes each)."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = [0]

    def obj(body):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % (len(offsets) - 1) + body + b"\nendobj\n")

    obj(b"<< /Type /Catalog /Pages 2 0 R >>")
    obj(b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
    obj(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>")
    for index in range(count):
        obj(b"<< /N %d >>" % index)
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % len(offsets))
    for offset in offsets[1:]:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
              % (len(offsets), xref))
    return out.getvalue()


def chunk(kind, data):
    return (len(data).to_bytes(4, "big") + kind + data
            + zlib.crc32(kind + data).to_bytes(4, "big"))


def huge_png(width, height):
    """A greyscale PNG of one colour: a few hundred KB that decodes to width x height."""
    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([8, 0, 0, 0, 0])
    row = b"\x00" + b"\xff" * width
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data)
            + chunk(b"IEND", b""))
