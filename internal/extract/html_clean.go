package extract

import (
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Boilerplate is recognised by what a page itself says an element is, never
// by a site's particular markup: its tag (<nav>, <footer>, <aside>), its
// ARIA role ("navigation", "banner", "dialog"), or a word in its id, class
// or aria-label ("cookie-consent", "main-nav", "share-bar", "related").
// Readability alone keeps what sits inside the article's container and
// reads like prose (a consent notice in place of an embedded video, a box
// of related stories with "Read more" links), which is why these go first.

// boilerTags are elements that never hold the article's prose.
var boilerTags = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Iframe: true, atom.Object: true, atom.Embed: true, atom.Svg: true,
	atom.Canvas: true, atom.Dialog: true, atom.Nav: true, atom.Footer: true,
	atom.Aside: true, atom.Form: true, atom.Button: true, atom.Input: true,
	atom.Select: true, atom.Textarea: true, atom.Label: true, atom.Menu: true,
}

// boilerRoles are ARIA roles of page furniture ("banner" is the site header,
// "contentinfo" the site footer).
var boilerRoles = map[string]bool{
	"navigation": true, "banner": true, "contentinfo": true, "complementary": true,
	"search": true, "dialog": true, "alertdialog": true, "menu": true,
	"menubar": true, "toolbar": true, "tablist": true,
}

// boilerWords are words of ids, classes and aria-labels that name furniture.
// "header" is not one: an article's own header holds its headline.
var boilerWords = map[string]bool{
	"banner": true, "nav": true, "navbar": true, "navigation": true, "menu": true,
	"menubar": true, "breadcrumb": true, "breadcrumbs": true, "share": true,
	"sharing": true, "social": true, "sidebar": true, "related": true,
	"newsletter": true, "subscribe": true, "signup": true, "promo": true,
	"advert": true, "advertisement": true, "popup": true, "modal": true,
	"overlay": true, "skip": true, "masthead": true, "footer": true,
	"toolbar": true, "comments": true, "widget": true,
}

// invisibleClasses are whole class names that hide an element from sight
// (text for screen readers only, such as "Opens in a new window").
var invisibleClasses = map[string]bool{
	"hidden": true, "sr-only": true, "visually-hidden": true,
	"visuallyhidden": true, "screen-reader-text": true,
}

var hiddenStyle = regexp.MustCompile(`(?i)display\s*:\s*none|visibility\s*:\s*hidden`)

// removeBoilerplate deletes the page furniture under <body>. An element that
// holds the article (a <main> or <article>, or more than half the body's
// text) is kept whatever its name says, since wrappers are often named
// after what sits beside the article ("content-with-sidebar").
func removeBoilerplate(root *html.Node) {
	body := htmlFind(root, atom.Body)
	if body == nil {
		return
	}
	textLen := map[*html.Node]int{}
	htmlTextLen(body, textLen)
	holds := map[*html.Node]bool{} // ancestors of <main>, <article>
	visitHTML(body, func(n *html.Node) {
		if n.DataAtom == atom.Main || n.DataAtom == atom.Article || htmlAttr(n, "role") == "main" {
			for p := n; p != nil; p = p.Parent {
				holds[p] = true
			}
		}
	})
	var doomed []*html.Node
	var walk func(n *html.Node, inArticle bool)
	walk = func(n *html.Node, inArticle bool) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			keep := holds[c] || 2*textLen[c] > textLen[body]
			if isScript(c) || !keep && isBoilerplate(c, inArticle) {
				doomed = append(doomed, c)
				continue
			}
			walk(c, inArticle || isSectioning(c))
		}
	}
	walk(body, false)
	for _, n := range doomed {
		n.Parent.RemoveChild(n)
	}
}

// isSectioning reports the elements whose <header> is a heading's, not the
// site's.
func isSectioning(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Article, atom.Main, atom.Section:
		return true
	}
	return htmlAttr(n, "role") == "main"
}

// isScript reports elements whose content is code, not text. Structured
// data (JSON-LD) stays for readability, which reads the site name from it
// and then drops it.
func isScript(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Script:
		return !strings.EqualFold(strings.TrimSpace(htmlAttr(n, "type")), "application/ld+json")
	case atom.Style, atom.Noscript, atom.Template:
		return true
	}
	return false
}

// isBoilerplate reports page furniture; a <header> counts only outside the
// article (the site's header, not the headline's).
func isBoilerplate(n *html.Node, inArticle bool) bool {
	if boilerTags[n.DataAtom] || n.DataAtom == atom.Header && !inArticle {
		return true
	}
	_, hidden := htmlAttrOK(n, "hidden")
	if hidden || strings.EqualFold(htmlAttr(n, "aria-hidden"), "true") ||
		strings.EqualFold(htmlAttr(n, "aria-modal"), "true") ||
		hiddenStyle.MatchString(htmlAttr(n, "style")) {
		return true
	}
	for role := range strings.FieldsSeq(strings.ToLower(htmlAttr(n, "role"))) {
		if boilerRoles[role] {
			return true
		}
	}
	for class := range strings.FieldsSeq(strings.ToLower(htmlAttr(n, "class"))) {
		if invisibleClasses[class] {
			return true
		}
	}
	for _, key := range []string{"id", "class", "aria-label"} {
		if namesBoilerplate(htmlAttr(n, key)) {
			return true
		}
	}
	return false
}

// namesBoilerplate reports whether an id, class list or label names page
// furniture: a cookie or consent notice anywhere in it ("CookieNotice",
// "gdpr-box"), or one of boilerWords as a word ("main-nav", "shareBar").
func namesBoilerplate(s string) bool {
	if s == "" {
		return false
	}
	lower := strings.ToLower(s)
	for _, w := range []string{"cookie", "consent", "gdpr"} {
		if strings.Contains(lower, w) {
			return true
		}
	}
	for _, w := range nameWords(s) {
		if boilerWords[w] {
			return true
		}
	}
	return false
}

// nameWords splits an identifier into lower-case words at punctuation,
// spaces and camelCase humps: "mainNav share-bar" → main, nav, share, bar.
func nameWords(s string) []string {
	var words []string
	start := -1
	prev := rune(0)
	for i, r := range s {
		word := unicode.IsLetter(r) || unicode.IsDigit(r)
		hump := word && unicode.IsUpper(r) && unicode.IsLower(prev)
		if start >= 0 && (!word || hump) {
			words = append(words, strings.ToLower(s[start:i]))
			start = -1
		}
		if word && start < 0 {
			start = i
		}
		prev = r
	}
	if start >= 0 {
		words = append(words, strings.ToLower(s[start:]))
	}
	return words
}

// htmlTextLen records the length of the visible text under each element and
// returns n's.
func htmlTextLen(n *html.Node, lens map[*html.Node]int) int {
	if n.Type == html.TextNode {
		return len(strings.TrimSpace(n.Data))
	}
	if n.Type == html.ElementNode && isScript(n) {
		return 0
	}
	total := 0
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		total += htmlTextLen(c, lens)
	}
	lens[n] = total
	return total
}

// htmlAttrOK returns n's attribute key and whether it is present.
func htmlAttrOK(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}
