#!/usr/bin/env python3
"""Render a knowledge-folder Markdown file as the simple HTML Chromium prints.

Usage: md2html.py [--columns] SOURCE.md > OUT.html

Skips the YAML front matter (its title becomes <title> and the <h1>);
"# " lines become headings, runs of "- " lines a bullet list, and every
other non-blank line a paragraph, as the knowledge folder reads them.
The type is large so that the short briefing spans several pages
(headless Chromium prints on Letter whatever CSS @page asks). With
--columns the page is set in two columns of smaller type, which
paragraphs run across.
"""
import html
import re
import sys

STYLE = """
body { font-family: "DejaVu Serif", serif; font-size: 18pt; line-height: 1.3; }
h1 { font-size: 26pt; }
h2 { font-size: 22pt; }
p, li { margin: 0 0 0.5em 0; }
"""

COLUMNS = """
body { column-count: 2; column-gap: 1em; font-size: 12pt; }
"""


def split_front_matter(text):
    m = re.match(r"---\n(.*?)\n---\n", text, re.S)
    if not m:
        return {}, text
    meta = {}
    for line in m.group(1).splitlines():
        k, sep, v = line.partition(":")
        if sep and not line.startswith((" ", "-")):
            meta[k.strip()] = v.strip()
    return meta, text[m.end():]


def render(body):
    out, items = [], []

    def flush():
        if items:
            out.append("<ul>\n" + "".join(f"<li>{i}</li>\n" for i in items) + "</ul>")
            items.clear()

    for line in body.splitlines():
        line = line.strip()
        if line.startswith("- "):
            items.append(html.escape(line[2:], quote=False))
            continue
        flush()
        if not line:
            continue
        m = re.match(r"(#{1,6}) (.*)", line)
        if m:
            n = len(m.group(1)) + 1
            out.append(f"<h{n}>{html.escape(m.group(2), quote=False)}</h{n}>")
        else:
            out.append(f"<p>{html.escape(line, quote=False)}</p>")
    flush()
    return "\n".join(out)


def main():
    args = sys.argv[1:]
    style = STYLE
    if args[0] == "--columns":
        style += COLUMNS
        args = args[1:]
    meta, body = split_front_matter(open(args[0], encoding="utf-8").read())
    title = html.escape(meta.get("title", ""), quote=False)
    print(f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>{style}</style></head>
<body>
<h1>{title}</h1>
{render(body)}
</body></html>""")


main()
