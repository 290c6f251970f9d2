package extract

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"unicode/utf8"

	readability "codeberg.org/readeck/go-readability/v2"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/transform"
)

// htmlMaxDepth bounds element nesting. Browsers cap the tree near this
// depth too (Chromium at 512); a deeper page is hostile, and refusing it
// keeps the recursive walks here and in readability from exhausting the
// stack, which Go cannot recover from.
const htmlMaxDepth = 512

// HTML extracts the main text of a web page saved from a browser as
// Markdown.
//
// The article is found by readability (Mozilla's algorithm, which scores
// blocks by their text and links), after elements that are boilerplate by
// their tag, role or name (navigation, menus, cookie notices, share bars,
// sidebars, footers) are removed: readability alone keeps a consent notice
// or a related-stories box that sits inside the article. A page where
// readability finds no article falls back to its whole body.
//
// Tables become one paragraph per row, cells joined by " | ". The heading
// readability recognises as the page title is left out of the body: it is
// Doc.Title.
func HTML(data []byte, lim Limits) (doc *Doc, err error) {
	defer func() {
		if r := recover(); r != nil {
			doc, err = nil, fmt.Errorf("extract html: internal error: %v", r)
		}
	}()
	maxText := blockLimit(lim)
	if n := int64(len(data)); n > 8*maxText {
		return nil, fmt.Errorf("extract html: %d bytes, over %d: %w", n, 8*maxText, ErrTooLarge)
	}
	root, err := html.Parse(htmlUTF8(data))
	if err != nil {
		if strings.Contains(err.Error(), "open stack") {
			// Elements nested past the parser's own limit (also 512).
			err = fmt.Errorf("%w: %w", err, ErrTooLarge)
		}
		return nil, fmt.Errorf("extract html: %w", err)
	}
	if htmlDepth(root) > htmlMaxDepth {
		return nil, fmt.Errorf("extract html: elements nested deeper than %d: %w", htmlMaxDepth, ErrTooLarge)
	}
	meta := readHTMLMeta(root)
	removeBoilerplate(root)
	body, rTitle, rSite := htmlArticle(root, meta.canonical)

	w := newBlockWriter(maxText)
	hw := htmlWalker{w: w}
	hw.blocks(body, 0)
	hw.flush()
	md, err := w.markdown()
	if err != nil {
		return nil, fmt.Errorf("extract html: %w", err)
	}
	if md == "" {
		return nil, errors.New("extract html: the page has no text")
	}
	title := htmlPageTitle(meta, rSite)
	if title == "" {
		title = blockText(rTitle)
	}
	if title == "" {
		title = markdownFirstHeading(md)
	}
	return &Doc{Title: title, URL: meta.canonical, Markdown: md}, nil
}

// htmlUTF8 returns the page as UTF-8. A saved page is nearly always UTF-8
// already (browsers write it so); otherwise the page's own declaration
// (<meta charset>) or a guess decides, as a browser would.
func htmlUTF8(data []byte) io.Reader {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if utf8.Valid(data) {
		return bytes.NewReader(data)
	}
	enc, _, _ := charset.DetermineEncoding(data, "text/html")
	return transform.NewReader(bytes.NewReader(data), enc.NewDecoder())
}

// htmlDepth returns the deepest element nesting under n, without recursion.
func htmlDepth(n *html.Node) int {
	deepest, depth := 0, 0
	for c := n; c != nil; {
		if c.FirstChild != nil {
			c = c.FirstChild
			depth++
			deepest = max(deepest, depth)
			continue
		}
		for c != n && c.NextSibling == nil {
			c = c.Parent
			depth--
		}
		if c == n {
			break
		}
		c = c.NextSibling
	}
	return deepest
}

// htmlArticle returns the node holding the article, and readability's title
// and site name. Readability works on a copy, so the fallback (the whole
// body, boilerplate already removed) is still intact when it finds nothing.
func htmlArticle(root *html.Node, pageURL string) (node *html.Node, title, site string) {
	var u *url.URL
	if pageURL != "" {
		u, _ = url.Parse(pageURL)
	}
	p := readability.NewParser()
	art, err := p.ParseDocument(root, u)
	if err == nil {
		title, site = art.Title(), art.SiteName()
		if art.Node != nil && strings.TrimSpace(htmlText(art.Node)) != "" {
			return art.Node, title, site
		}
	}
	if body := htmlFind(root, atom.Body); body != nil {
		return body, title, site
	}
	return root, title, site
}

// htmlFind returns the first element with tag a under n, or nil.
func htmlFind(n *html.Node, a atom.Atom) *html.Node {
	if n.Type == html.ElementNode && n.DataAtom == a {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if f := htmlFind(c, a); f != nil {
			return f
		}
	}
	return nil
}

// markdownFirstHeading returns the text of the first heading line of md, or "".
func markdownFirstHeading(md string) string {
	for line := range strings.SplitSeq(md, "\n") {
		if strings.HasPrefix(line, "#") {
			return strings.TrimSpace(strings.TrimLeft(line, "#"))
		}
	}
	return ""
}
