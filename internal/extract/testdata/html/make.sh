#!/bin/sh
# Regenerates the web page fixtures: each page template gets its article
# (the briefing's comes from the knowledge folder, line by line), then
# headless Chromium loads it, runs its scripts (which inject the cookie
# banner, as consent platforms do) and dumps the DOM, as "Save page" does.
# Needs python3 and chromium (Debian package "chromium").
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

python3 - "$root/knowledge/hrw-icc-asp-2025.md" "$here/briefing.tmpl.html" "$tmp/briefing.html" <<'PY'
import html, sys, textwrap

src, tmpl, out = sys.argv[1:4]
text = open(src, encoding="utf-8").read()
if text.startswith("---\n"):
    text = text[text.index("\n---\n", 4) + 5:]

# Inline markup a CMS adds: it must not split or change the text.
inline = {
    "in a new report": 'in a <a href="https://www.hrw.org/report/2025/11/24/icc-asp">new report</a>',
    "Liz Evenson": '<a href="https://www.hrw.org/about/people/elizabeth-evenson">Liz Evenson</a>',
    "landmark conviction": "<em>landmark</em> conviction",
}

def para(s):
    s = html.escape(s, quote=False)
    for k, v in inline.items():
        s = s.replace(k, v)
    # Real pages wrap their source lines anywhere.
    return textwrap.fill(s, 96, break_long_words=False, break_on_hyphens=False,
                         initial_indent="    ", subsequent_indent="    ")

body, items = [], []
def flush():
    if items:
        body.append('    <ul class="summary">\n' + "\n".join(
            "      <li>" + html.escape(i, quote=False) + "</li>" for i in items) + "\n    </ul>")
        items.clear()
for line in text.splitlines():
    line = line.strip()
    if not line:
        continue
    if line.startswith("- "):
        items.append(line[2:])
        continue
    flush()
    if line.startswith("#"):
        level = len(line) - len(line.lstrip("#"))
        body.append("    <h%d>%s</h%d>" % (level + 1, html.escape(line[level:].strip()), level + 1))
    else:
        body.append("    <p>\n" + para(line) + "\n    </p>")
flush()
page = open(tmpl, encoding="utf-8").read().replace("{{ARTICLE}}", "\n".join(body))
open(out, "w", encoding="utf-8").write(page)
PY
cp "$here/news.tmpl.html" "$tmp/news.html"

for page in briefing news; do
	chromium --headless --no-sandbox --disable-gpu --dump-dom \
		"file://$tmp/$page.html" 2>/dev/null >"$here/$page.html"
done
