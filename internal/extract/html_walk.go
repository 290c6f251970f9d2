package extract

import (
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// htmlWalker turns an HTML tree into blocks. Inline content (text, links,
// emphasis) gathers into the current paragraph; a block element ends it.
type htmlWalker struct {
	w      *blockWriter
	inline strings.Builder
}

// htmlSkip are elements whose content is not text a reader sees.
var htmlSkip = map[atom.Atom]bool{
	atom.Head: true, atom.Script: true, atom.Style: true, atom.Noscript: true,
	atom.Template: true, atom.Svg: true, atom.Math: true, atom.Button: true,
	atom.Select: true, atom.Input: true, atom.Textarea: true, atom.Img: true,
	atom.Iframe: true, atom.Object: true, atom.Video: true, atom.Audio: true,
	atom.Canvas: true,
}

// htmlInline are elements inside a line of text; every other element
// starts a block of its own.
var htmlInline = map[atom.Atom]bool{
	atom.A: true, atom.Abbr: true, atom.B: true, atom.Bdi: true, atom.Bdo: true,
	atom.Cite: true, atom.Code: true, atom.Data: true, atom.Del: true,
	atom.Dfn: true, atom.Em: true, atom.Font: true, atom.I: true, atom.Ins: true,
	atom.Kbd: true, atom.Label: true, atom.Mark: true, atom.Q: true, atom.S: true,
	atom.Samp: true, atom.Small: true, atom.Span: true, atom.Strike: true,
	atom.Strong: true, atom.Sub: true, atom.Sup: true, atom.Time: true,
	atom.Tt: true, atom.U: true, atom.Var: true, atom.Wbr: true, atom.Nobr: true,
	atom.Big: true, atom.Ruby: true, atom.Rt: true, atom.Rp: true,
}

// flush ends the current paragraph.
func (h *htmlWalker) flush() {
	if h.inline.Len() > 0 {
		h.w.paragraph(h.inline.String())
		h.inline.Reset()
	}
}

// blocks walks n's children. depth only guards the recursion: the page's
// nesting was bounded before.
func (h *htmlWalker) blocks(n *html.Node, depth int) {
	for c := n.FirstChild; c != nil && !h.w.full(); c = c.NextSibling {
		h.node(c, depth+1)
	}
}

func (h *htmlWalker) node(n *html.Node, depth int) {
	switch n.Type {
	case html.TextNode:
		h.inline.WriteString(n.Data)
		return
	case html.ElementNode, html.DocumentNode:
	default:
		return
	}
	if depth > htmlMaxDepth || htmlSkip[n.DataAtom] {
		return
	}
	switch a := n.DataAtom; {
	case a == atom.Br:
		h.inline.WriteByte(' ')
	case htmlInline[a]:
		h.blocks(n, depth)
	case headingLevel(a) > 0:
		h.flush()
		h.w.heading(headingLevel(a), htmlText(n))
	case a == atom.Ul || a == atom.Ol:
		h.flush()
		h.list(n, depth)
	case a == atom.Li:
		// An item outside a list (readability can leave one): a bullet.
		h.flush()
		h.item(n, "-", depth)
	case a == atom.Pre:
		h.flush()
		for _, group := range lineGroups(htmlRawText(n)) {
			h.w.paragraph(group)
		}
	case a == atom.Table:
		h.flush()
		h.table(n)
	default: // p, div, blockquote, section, figure, dd, ...
		h.flush()
		h.blocks(n, depth)
		h.flush()
	}
}

// headingLevel returns 1..6 for h1..h6, else 0.
func headingLevel(a atom.Atom) int {
	switch a {
	case atom.H1:
		return 1
	case atom.H2:
		return 2
	case atom.H3:
		return 3
	case atom.H4:
		return 4
	case atom.H5:
		return 5
	case atom.H6:
		return 6
	}
	return 0
}

// list writes the items of a <ul> or <ol>: "- item", or "3. item" counting
// from the list's start and honouring an item's own value.
func (h *htmlWalker) list(n *html.Node, depth int) {
	ordered := n.DataAtom == atom.Ol
	num := 1
	if v, err := strconv.Atoi(strings.TrimSpace(htmlAttr(n, "start"))); err == nil {
		num = v
	}
	for c := n.FirstChild; c != nil && !h.w.full(); c = c.NextSibling {
		if c.Type != html.ElementNode || c.DataAtom != atom.Li {
			h.node(c, depth+1)
			h.inline.Reset() // white space between items
			continue
		}
		marker := "-"
		if ordered {
			if v, err := strconv.Atoi(strings.TrimSpace(htmlAttr(c, "value"))); err == nil {
				num = v
			}
			marker = strconv.Itoa(num) + "."
			num++
		}
		h.item(c, marker, depth+1)
	}
}

// item writes one list item as one line; lists nested in it follow as
// items of their own (flat: Markdown here has no indentation).
func (h *htmlWalker) item(li *html.Node, marker string, depth int) {
	var b strings.Builder
	var nested []*html.Node
	for c := li.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && (c.DataAtom == atom.Ul || c.DataAtom == atom.Ol) {
			nested = append(nested, c)
			continue
		}
		htmlTextTo(&b, c, 0)
	}
	h.w.item(marker, b.String())
	for _, l := range nested {
		h.list(l, depth+1)
	}
}

// table writes the caption, then each row as a paragraph of its cells
// joined by " | ". A table nested in a cell is part of that cell's text.
func (h *htmlWalker) table(t *html.Node) {
	var rows func(n *html.Node)
	rows = func(n *html.Node) {
		for c := n.FirstChild; c != nil && !h.w.full(); c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			switch c.DataAtom {
			case atom.Caption:
				h.w.paragraph(htmlText(c))
			case atom.Thead, atom.Tbody, atom.Tfoot:
				rows(c)
			case atom.Tr:
				h.row(c)
			}
		}
	}
	rows(t)
}

func (h *htmlWalker) row(tr *html.Node) {
	var cells []string
	filled := false
	for c := tr.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && (c.DataAtom == atom.Td || c.DataAtom == atom.Th) {
			cell := blockText(htmlText(c))
			filled = filled || cell != ""
			cells = append(cells, cell)
		}
	}
	if filled {
		h.w.paragraph(strings.Join(cells, " | "))
	}
}

// htmlText returns the text under n as a reader sees it: blocks inside it
// and line breaks become spaces, hidden content is left out.
func htmlText(n *html.Node) string {
	var b strings.Builder
	htmlTextTo(&b, n, 0)
	return b.String()
}

func htmlTextTo(b *strings.Builder, n *html.Node, depth int) {
	switch n.Type {
	case html.TextNode:
		b.WriteString(n.Data)
		return
	case html.ElementNode, html.DocumentNode:
	default:
		return
	}
	if depth > htmlMaxDepth || htmlSkip[n.DataAtom] {
		return
	}
	if n.DataAtom == atom.Br {
		b.WriteByte(' ')
		return
	}
	block := n.Type == html.ElementNode && !htmlInline[n.DataAtom]
	if block {
		b.WriteByte(' ')
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		htmlTextTo(b, c, depth+1)
	}
	if block {
		b.WriteByte(' ')
	}
}

// htmlRawText returns the text under n with its line breaks, for <pre>.
func htmlRawText(n *html.Node) string {
	var b strings.Builder
	visitHTMLText(n, func(s string) { b.WriteString(s) }, 0)
	return strings.ReplaceAll(b.String(), "\r\n", "\n")
}

func visitHTMLText(n *html.Node, f func(string), depth int) {
	if depth > htmlMaxDepth {
		return
	}
	switch {
	case n.Type == html.TextNode:
		f(n.Data)
	case n.Type == html.ElementNode && n.DataAtom == atom.Br:
		f("\n")
	case n.Type == html.ElementNode && htmlSkip[n.DataAtom]:
	default:
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			visitHTMLText(c, f, depth+1)
		}
	}
}

// lineGroups splits preformatted text at blank lines: each group of lines
// becomes one paragraph, as a reader takes a block of a listing or a poem.
func lineGroups(s string) []string {
	var groups []string
	var cur strings.Builder
	for line := range strings.SplitSeq(s, "\n") {
		if strings.TrimSpace(line) == "" {
			if cur.Len() > 0 {
				groups = append(groups, cur.String())
				cur.Reset()
			}
			continue
		}
		cur.WriteString(line)
		cur.WriteByte('\n')
	}
	if cur.Len() > 0 {
		groups = append(groups, cur.String())
	}
	return groups
}
