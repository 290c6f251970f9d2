#!/usr/bin/env python3
"""Write the hostile PDFs the extractor must refuse quickly and safely.

Usage: hostile.py OUTDIR

Each file is a few KB of hand-written PDF syntax:
  bomb-pages.pdf   a Pages tree of 9 levels whose every node lists the node
                   below ten times: 10^9 pages from a dozen objects, under
                   a root that claims /Count 1.
  bomb-count.pdf   one real page under a root that claims /Count 2000000000.
  bomb-nested.pdf  a page whose (Flate) content holds arrays nested 100,000
                   deep, in a few hundred bytes.
  bomb-deepdict.pdf  a page dictionary holding 100,000 unclosed arrays.
  bomb-flate.pdf   a page whose content stream is Flate inside Flate, a few
                   KB that inflate to 2 GiB of zeros.
  loop-xref.pdf    an xref section whose /Prev points at itself.
  loop-pages.pdf   a Pages node that is its own kid.
  loop-ref.pdf     a /Length that refers to itself, and a page's /Contents
                   that refers to an object which refers back.
"""
import os
import sys
import zlib


def pdf(objects, trailer_extra=b"", prev_self=False):
    """Serialise numbered objects (1-based) with a correct xref table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    prev = b" /Prev %d" % xref if prev_self else b""
    out += b"trailer\n<< /Size %d /Root 1 0 R%s%s >>\n" % (len(objects) + 1, prev, trailer_extra)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def stream(dict_entries, data):
    return b"<< %s /Length %d >>\nstream\n" % (dict_entries, len(data)) + data + b"\nendstream"


PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 3 0 R >> >> >>"
FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
TEXT = stream(b"", b"BT /F1 12 Tf 72 720 Td (Hello) Tj ET")


def bomb_pages():
    # Objects: 1 catalog, 2..10 Pages levels (2 is the root), 11 the page,
    # 12 font, 13 contents. Level k lists level k+1 ten times.
    levels = 9
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    for k in range(levels):
        num = 2 + k
        kid = num + 1
        parent = b" /Parent %d 0 R" % (num - 1) if k else b""
        count = 1  # the tree lies: it holds 10^9
        kids = b" ".join([b"%d 0 R" % kid] * 10)
        objs.append(b"<< /Type /Pages%s /Kids [%s] /Count %d >>" % (parent, kids, count))
    page_num = 2 + levels
    objs.append(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Contents %d 0 R"
                b" /Resources << /Font << /F1 %d 0 R >> >> >>" % (page_num - 1, page_num + 2, page_num + 1))
    objs.append(FONT)
    objs.append(TEXT)
    return pdf(objs)


def bomb_count():
    return pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [5 0 R] /Count 2000000000 >>",
        FONT,
        TEXT,
        PAGE,
    ])


def bomb_nested():
    depth = 100_000
    content = zlib.compress(b"BT /F1 12 Tf 72 720 Td " + b"[" * depth + b"(Hello)" + b"]" * depth + b" TJ ET", 9)
    return pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [5 0 R] /Count 1 >>",
        FONT,
        stream(b"/Filter /FlateDecode", content),
        PAGE,
    ])


def bomb_deepdict():
    return pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [5 0 R] /Count 1 >>",
        FONT,
        TEXT,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 3 0 R >> >> /Deep " + b"[" * 100_000 + b" >>",
    ])


def bomb_flate():
    # 2 GiB of zeros deflates to about 2 MB; deflating that again leaves a
    # few KB. Compress in chunks so this script needs little memory.
    inner = zlib.compressobj(9)
    chunk = bytes(1 << 20)
    parts = [inner.compress(chunk) for _ in range(2048)]
    parts.append(inner.flush())
    once = b"".join(parts)
    twice = zlib.compress(once, 9)
    return pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [5 0 R] /Count 1 >>",
        FONT,
        stream(b"/Filter [/FlateDecode /FlateDecode]", twice),
        PAGE,
    ])


def loop_xref():
    return pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [5 0 R] /Count 1 >>",
        FONT,
        TEXT,
        PAGE,
    ], prev_self=True)


def loop_pages():
    return pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [2 0 R 5 0 R] /Count 2 >>",
        FONT,
        TEXT,
        PAGE,
    ])


def loop_ref():
    return pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [5 0 R] /Count 1 >>",
        FONT,
        b"<< /Length 4 0 R >>\nstream\nBT /F1 12 Tf 72 720 Td (Hello) Tj ET\nendstream",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 6 0 R"
        b" /Resources << /Font << /F1 3 0 R >> >> >>",
        b"7 0 R",
        b"6 0 R",
    ])


def main():
    outdir = sys.argv[1]
    for name, make in [
        ("bomb-pages.pdf", bomb_pages),
        ("bomb-count.pdf", bomb_count),
        ("bomb-nested.pdf", bomb_nested),
        ("bomb-deepdict.pdf", bomb_deepdict),
        ("bomb-flate.pdf", bomb_flate),
        ("loop-xref.pdf", loop_xref),
        ("loop-pages.pdf", loop_pages),
        ("loop-ref.pdf", loop_ref),
    ]:
        with open(os.path.join(outdir, name), "wb") as f:
            f.write(make())


main()
