#!/bin/sh
# Regenerates the PDF fixtures of package extract from their sources, with
# the tools real reports are made with. Run from anywhere; needs chromium,
# groff (gropdf), ImageMagick, img2pdf and python3:
#   apt-get install chromium groff imagemagick img2pdf
# The outputs are committed: tests never run this.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../../.." && pwd)
tmp=$(mktemp -d /tmp/iccbot-pdf.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
cd "$here"

chrome() { # chrome HTML PDF [extra flags]: print HTML as headless Chromium does
	html=$1 out=$2
	shift 2
	chromium --headless --no-sandbox --disable-gpu "$@" \
		--print-to-pdf="$out" "$html" >/dev/null 2>&1
}

# 1. The HRW briefing, from the knowledge folder's Markdown, printed by
# Chromium: without its header and footer, and with them (date, title,
# file URL, "1/3"), which the extractor must drop as running lines.
python3 md2html.py "$root/knowledge/hrw-icc-asp-2025.md" >"$tmp/briefing.html"
chrome "$tmp/briefing.html" briefing.pdf --no-pdf-header-footer
chrome "$tmp/briefing.html" briefing-hf.pdf
# And in two columns, which its paragraphs run across.
python3 md2html.py --columns "$root/knowledge/hrw-icc-asp-2025.md" >"$tmp/briefing-2col.html"
chrome "$tmp/briefing-2col.html" briefing-2col.pdf --no-pdf-header-footer

# 2. Two columns under a full-width title; its Info title is a file name.
groff -ms -Tpdf twocol.ms >twocol.pdf

# 3. Running headers and footers, page numbers, hyphenation, ligatures,
# footnotes, headings and a bullet list.
groff -ms -Tpdf report.ms >report.pdf

# The 100-page PDF for BenchmarkPDF100Pages: the report's body, repeated,
# cut at page 100.
{
	sed -n '1,/^\.TL$/p' report.ms | sed '$d'
	i=0
	while [ $i -lt 40 ]; do
		sed -n '/^\.NH$/,$p' report.ms
		i=$((i + 1))
	done
} >"$tmp/long.ms"
groff -ms -Tpdf -o1-100 "$tmp/long.ms" >long.pdf

# 4. A scan: two pages that are pictures of text, with no text layer.
for n in 1 2; do
	convert -size 850x1100 xc:white -font DejaVu-Serif -pointsize 28 \
		-annotate +80+150 "Scanned page $n.\nThis page is a picture\nof text, with no text layer." \
		-colors 2 -depth 1 "$tmp/scan$n.png"
done
img2pdf --pagesize Letter -o scan.pdf "$tmp/scan1.png" "$tmp/scan2.png"

# 5. Hostile files: a real PDF cut in half, and hand-written bombs.
size=$(wc -c <report.pdf)
head -c $((size / 2)) report.pdf >truncated.pdf
python3 hostile.py "$here"

ls -l "$here"/*.pdf
