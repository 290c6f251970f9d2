package answer

import (
	"testing"

	"iccbot/internal/knowledge"
)

// TestCitationPlace: a PDF's quotes are cited by page, a web page's or
// Word document's by section, and Markdown's by passage number.
func TestCitationPlace(t *testing.T) {
	md := &knowledge.Document{Path: "a.md", Title: "Notes", Src: []byte("Text here.")}
	pdf := &knowledge.Document{Path: "r.pdf", Title: "Report", Format: "PDF", Src: md.Src}
	web := &knowledge.Document{Path: "p.html", Title: "Page", Format: "web page", Src: md.Src}
	tests := []struct {
		name string
		p    *knowledge.Passage
		want string
	}{
		{"markdown", &knowledge.Passage{Doc: md, Number: 4, Heading: "Intro"}, "Notes, ¶4"},
		{"markdown with page markers", &knowledge.Passage{Doc: md, Number: 4, Page: 2}, "Notes, p. 2"},
		{"pdf", &knowledge.Passage{Doc: pdf, Number: 9, Page: 7, Heading: "Sanctions"}, "Report, p. 7"},
		{"web page", &knowledge.Passage{Doc: web, Number: 3, Heading: "Sanctions"}, "Page, “Sanctions”"},
		{"web page before any heading", &knowledge.Passage{Doc: web, Number: 1}, "Page, ¶1"},
	}
	for _, tt := range tests {
		c := citationOf(tt.p, knowledge.Span{Start: 0, End: 4})
		if got := CitationLabel(c); got != tt.want {
			t.Errorf("%s: CitationLabel = %q; want %q", tt.name, got, tt.want)
		}
		if c.Quote != "Text" {
			t.Errorf("%s: Quote = %q; want the span's text", tt.name, c.Quote)
		}
	}
}
