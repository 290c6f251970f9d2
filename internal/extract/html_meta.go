package extract

import (
	"net/url"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// htmlMeta is what a page says about itself in its <head>.
type htmlMeta struct {
	title     string // <title>
	ogTitle   string // og:title
	siteNames []string
	canonical string // <link rel=canonical>, else og:url; absolute http(s) only
}

// readHTMLMeta reads the page's title, site name and canonical address.
// It reads before boilerplate removal, since <head> is what it needs and
// <head> is never the article.
func readHTMLMeta(root *html.Node) htmlMeta {
	var m htmlMeta
	var ogURL string
	visitHTML(root, func(n *html.Node) {
		switch n.DataAtom {
		case atom.Title:
			if m.title == "" && htmlInHead(n) {
				m.title = blockText(htmlText(n))
			}
		case atom.Link:
			if m.canonical == "" && htmlHasToken(htmlAttr(n, "rel"), "canonical") {
				m.canonical = htmlAbsoluteURL(htmlAttr(n, "href"))
			}
		case atom.Meta:
			key := strings.ToLower(htmlAttr(n, "property"))
			if key == "" {
				key = strings.ToLower(htmlAttr(n, "name"))
			}
			content := blockText(htmlAttr(n, "content"))
			switch key {
			case "og:title":
				if m.ogTitle == "" {
					m.ogTitle = content
				}
			case "og:site_name", "application-name":
				if content != "" {
					m.siteNames = append(m.siteNames, content)
				}
			case "og:url":
				if ogURL == "" {
					ogURL = htmlAbsoluteURL(htmlAttr(n, "content"))
				}
			}
		}
	})
	if m.canonical == "" {
		m.canonical = ogURL
	}
	return m
}

// htmlPageTitle is og:title, else <title>, without the site name that pages
// add as a suffix ("Title | Site") or prefix ("Site – Title"): citations
// name the document, and the site is the publisher, not the title. The
// site's name is known from og:site_name, application-name or
// readability's reading of the page's structured data (extra); a title
// part that matches none of them is kept, since it may be a subtitle.
func htmlPageTitle(m htmlMeta, extra string) string {
	t := m.ogTitle
	if t == "" {
		t = m.title
	}
	sites := m.siteNames
	if s := blockText(extra); s != "" {
		sites = append(sites, s)
	}
	for _, sep := range []string{" | ", " – ", " — ", " - ", " · ", " :: ", " » ", " / "} {
		if i := strings.LastIndex(t, sep); i > 0 && htmlIsSiteName(t[i+len(sep):], sites) {
			return strings.TrimSpace(t[:i])
		}
		if i := strings.Index(t, sep); i > 0 && htmlIsSiteName(t[:i], sites) {
			return strings.TrimSpace(t[i+len(sep):])
		}
	}
	return t
}

func htmlIsSiteName(s string, sites []string) bool {
	s = strings.TrimSpace(s)
	for _, site := range sites {
		if strings.EqualFold(s, site) {
			return true
		}
	}
	return false
}

// htmlAbsoluteURL returns s if it is an absolute http or https URL, else "":
// a relative canonical link says nothing without the address the page was
// saved from, which a saved file does not keep.
func htmlAbsoluteURL(s string) string {
	s = strings.TrimSpace(s)
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return u.String()
}

// htmlInHead reports whether n is inside <head> (an <svg> in the body may have
// its own <title>).
func htmlInHead(n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.Type == html.ElementNode && p.DataAtom == atom.Head {
			return true
		}
	}
	return false
}

// visitHTML calls f for every element under n, in document order.
func visitHTML(n *html.Node, f func(*html.Node)) {
	if n.Type == html.ElementNode {
		f(n)
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		visitHTML(c, f)
	}
}

// htmlAttr returns n's attribute key (lower case), or "".
func htmlAttr(n *html.Node, key string) string {
	v, _ := htmlAttrOK(n, key)
	return v
}

// htmlHasToken reports whether the space-separated list s holds tok, ignoring case.
func htmlHasToken(s, tok string) bool {
	for f := range strings.FieldsSeq(s) {
		if strings.EqualFold(f, tok) {
			return true
		}
	}
	return false
}
