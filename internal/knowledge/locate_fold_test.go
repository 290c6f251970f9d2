package knowledge

import "testing"

// TestLocateFoldsTypography: a copy that differs from the source only in
// its dashes, ellipses, quotation marks, invisible characters or white
// space is found, and the match is the source's own bytes.
func TestLocateFoldsTypography(t *testing.T) {
	doc := mustParse(t, "a.md", "---\ntitle: A\n---\n"+
		"The 20-page report — out today — covers 2024–2025.\n\n"+
		"He paused… then spoke of the “war on drugs,” again.\n\n"+
		"Wait... what about co\u00adoperation?\n")
	b := NewBase([]*Document{doc})
	l := NewLocator(b)
	tests := []struct {
		name, quote, want string // want "" means not found
	}{
		{"en dash for a hyphen", "The 20–page report", "The 20-page report"},
		{"non-breaking hyphen for a hyphen", "The 20\u2011page report", "The 20-page report"},
		{"hyphen for an en dash", "covers 2024-2025", "covers 2024–2025"},
		{"spaced hyphen for an em dash", "report - out today - covers", "report — out today — covers"},
		{"two hyphens for an em dash", "report--out today--covers", "report — out today — covers"},
		{"minus sign for an en dash", "2024−2025", "2024–2025"},
		{"three dots for an ellipsis", "He paused... then spoke", "He paused… then spoke"},
		{"an ellipsis for three dots", "Wait… what about", "Wait... what about"},
		{"guillemets with spaces for curly quotes", "spoke of the « war on drugs, » again", "spoke of the “war on drugs,” again"},
		{"corner brackets for curly quotes", "the 「war on drugs,」 again", "the “war on drugs,” again"},
		{"single quotes for double ones, as in a nested quote", "spoke of the ‘war on drugs,’ again", "spoke of the “war on drugs,” again"},
		{"no soft hyphen", "what about cooperation", "what about co\u00adoperation"},
		{"a zero-width space in the copy", "what about co\u200boperation", "what about co\u00adoperation"},
		{"no-break and thin spaces", "The\u00a020-page\u2009report", "The 20-page report"},
		{"a dash is not a comma", "report, out today", ""},
		{"an ellipsis is not a full stop", "He paused. then spoke", ""},
		{"a dash does not stand for a word", "covers 2024 to 2025", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, ok := l.Locate(tt.quote)
			if tt.want == "" {
				if ok {
					t.Errorf("Locate(%q) = %q; want not found", tt.quote, m.Quote())
				}
				return
			}
			if !ok {
				t.Fatalf("Locate(%q) found nothing; want %q", tt.quote, tt.want)
			}
			if m.Quote() != tt.want {
				t.Errorf("Locate(%q) = %q; want %q", tt.quote, m.Quote(), tt.want)
			}
			if !b.Verify(m.Passage.Doc.Path, m.Span, m.Quote()) {
				t.Errorf("Locate(%q) = span %v that does not verify", tt.quote, m.Span)
			}
		})
	}
}
