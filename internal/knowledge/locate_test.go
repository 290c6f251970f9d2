package knowledge

import (
	"strings"
	"testing"
)

func TestLocate(t *testing.T) {
	doc := mustParse(t, "a.md", "---\ntitle: A\n---\n"+
		"The ICC’s Assembly will meet in The Hague,\nNetherlands, from December 1 to 6, 2025.\n\n"+
		"“Government efforts to undermine the ICC reflect broader attacks,” said Liz Evenson.\n\n"+
		"The Hague hosts the court. İstanbul is elsewhere.\n")
	other := mustParse(t, "b.md", "The Hague hosts the court. It is in the Netherlands.\n")
	b := NewBase([]*Document{doc, other})
	l := NewLocator(b)
	tests := []struct {
		name   string
		quote  string
		prefer []*Passage
		want   string // "" means not found
		doc    string
	}{
		{"verbatim", "The Hague hosts the court.", nil, "The Hague hosts the court.", "a.md"},
		{"straight apostrophe for a typographic one", "The ICC's Assembly will meet", nil, "The ICC’s Assembly will meet", "a.md"},
		{"a space for a line break, other case", "the hague, netherlands, FROM december", nil, "The Hague,\nNetherlands, from December", "a.md"},
		{"runs of white space", "will   meet\tin  The Hague", nil, "will meet in The Hague", "a.md"},
		{"straight double quotes", `"Government efforts to undermine the ICC reflect broader attacks," said Liz`, nil, "“Government efforts to undermine the ICC reflect broader attacks,” said Liz", "a.md"},
		{"quote marks around the quote are dropped when the source lacks them", `“The Hague hosts the court.”`, nil, "The Hague hosts the court.", "a.md"},
		{"a full stop the source does not have there", "undermine the ICC reflect broader attacks.", nil, "undermine the ICC reflect broader attacks", "a.md"},
		{"a cut word is completed", "ague hosts the co", nil, "Hague hosts the court", "a.md"},
		{"preferred passage first", "The Hague hosts the court.", other.Passages, "The Hague hosts the court.", "b.md"},
		{"case folding beyond ASCII", "ISTANBUL IS ELSEWHERE", nil, "İstanbul is elsewhere", "a.md"},
		{"a changed word", "The Hague hosts the tribunal.", nil, "", ""},
		{"punctuation is not forgiven", "The Hague - Netherlands", nil, "", ""},
		{"across passages", "December 1 to 6, 2025. “Government efforts", nil, "", ""},
		{"empty", "  “” ", nil, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, ok := l.Locate(tt.quote, tt.prefer...)
			if tt.want == "" {
				if ok {
					t.Errorf("Locate(%q) = %q; want not found", tt.quote, m.Quote())
				}
				return
			}
			if !ok {
				t.Fatalf("Locate(%q) found nothing; want %q", tt.quote, tt.want)
			}
			if m.Quote() != tt.want || m.Passage.Doc.Path != tt.doc {
				t.Errorf("Locate(%q) = %q in %s; want %q in %s", tt.quote, m.Quote(), m.Passage.Doc.Path, tt.want, tt.doc)
			}
			if !b.Verify(m.Passage.Doc.Path, m.Span, m.Quote()) {
				t.Errorf("Locate(%q) = span %v that does not verify", tt.quote, m.Span)
			}
		})
	}
}

func TestLocateEveryPassageOfTheBriefing(t *testing.T) {
	b, problems, err := Load("../../knowledge")
	if err != nil || len(problems) > 0 {
		t.Fatal(err, problems)
	}
	l := NewLocator(b)
	for _, p := range b.Passages {
		for _, s := range p.Sentences {
			text := p.SentenceText(s)
			copied := strings.NewReplacer("’", "'", "“", `"`, "”", `"`).Replace(strings.ToUpper(text))
			m, ok := l.Locate(copied, p)
			if !ok || m.Passage != p || m.Span != s {
				t.Errorf("Locate(%q) = %v %v; want %v in ¶%d", copied, m.Span, ok, s, p.Number)
			}
		}
	}
}

func FuzzLocate(f *testing.F) {
	f.Add("The Hague", "The Hague, Netherlands. İ ß ‘x’")
	f.Add("x", "“x” y")
	f.Fuzz(func(t *testing.T, quote, text string) {
		doc, _ := Parse("f.md", []byte(text))
		if doc == nil {
			return
		}
		b := NewBase([]*Document{doc})
		m, ok := NewLocator(b).Locate(quote)
		if ok && !b.Verify("f.md", m.Span, m.Quote()) {
			t.Errorf("Locate(%q) in %q = span %v that does not verify", quote, text, m.Span)
		}
	})
}
