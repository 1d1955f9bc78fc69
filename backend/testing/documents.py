"""PDF documents to stamp, made on the spot: N pages of a given size, each naming its page (no font files)."""

MM = 72 / 25.4


def pdf_objects(pages=3, size_mm=(210, 297), title="Contract"):
    """{object number: bytes} of a plain document: 1 the catalog, 2 the page tree, 3 the font, then each page
    (4, 6, …) and its content stream (5, 7, …)."""
    width, height = round(size_mm[0] * MM, 2), round(size_mm[1] * MM, 2)
    objects = {1: b"<< /Type /Catalog /Pages 2 0 R >>",
               3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"}
    kids = []
    for index in range(pages):
        page, content = 4 + 2 * index, 5 + 2 * index
        text = f"BT /F1 18 Tf 72 {height - 90} Td ({title} - page {index + 1} of {pages}) Tj ET".encode()
        objects[content] = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text)
        objects[page] = (f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {width} {height}] "
                         f"/Resources << /Font << /F1 3 0 R >> >> /Contents {content} 0 R >>").encode()
        kids.append(f"{page} 0 R")
    objects[2] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {pages} >>".encode()
    return objects


def pdf_file(objects, trailer=b""):
    """A PDF file of these objects ({number: bytes}, 1 the catalog; numbers left out are free entries) with a
    classic cross-reference table; ``trailer``: more trailer entries (bytes)."""
    out, offsets = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"), {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, objects[number])
    xref, size = len(out), max(objects) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    out += b"".join(b"%010d 00000 n \n" % offsets[n] if n in offsets else b"0000000000 65535 f \n"
                    for n in range(1, size))
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (size, trailer, xref)
    return bytes(out)


def pdf_document(pages=3, size_mm=(210, 297), title="Contract"):
    """A plain, valid PDF (one content stream per page, Helvetica): bytes."""
    return pdf_file(pdf_objects(pages, size_mm, title))
