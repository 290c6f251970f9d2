#!/bin/sh
# Regenerates the Word fixtures.
#   handbook.docx   written by pandoc from handbook.md: title, headings,
#                   paragraphs, a bullet list, a numbered list and a table.
#   truncated.docx  the first half of handbook.docx.
#   bomb.docx       a zip bomb: ~64 KB whose word/document.xml inflates to
#                   64 MiB of spaces between two paragraphs (no text at
#                   all, so only a cap on the bytes read stops it).
#   nodocument.docx a valid zip with styles but no word/document.xml.
#   notzip.docx     plain text with a .docx name.
# Needs pandoc (Debian package "pandoc") and python3.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"

pandoc --from markdown-smart --to docx --output handbook.docx handbook.md

python3 - <<'PY'
import zipfile

data = open("handbook.docx", "rb").read()
open("truncated.docx", "wb").write(data[: len(data) // 2])

head = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b'<w:body>')
chunk = b" " * (8 << 20)
with zipfile.ZipFile("bomb.docx", "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
    with z.open("word/document.xml", "w") as f:
        f.write(head)
        f.write(b"<w:p/>")
        for _ in range(8):  # 64 MiB: twice the 32 MiB a part may inflate to
            f.write(chunk)
        f.write(b"<w:p/></w:body></w:document>")

with zipfile.ZipFile("nodocument.docx", "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
    z.writestr("word/styles.xml", '<?xml version="1.0"?><w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>')

open("notzip.docx", "w").write("This is a plain text file that someone renamed to .docx.\n")
PY
