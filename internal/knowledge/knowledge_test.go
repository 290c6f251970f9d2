package knowledge

import (
	"math"
	"slices"
	"strings"
	"testing"
)

func TestVerify(t *testing.T) {
	const aSrc = "---\ntitle: A\n---\nFirst sentence. Second sentence.\nNext passage here.\n…\nAfter the gap.\n"
	const bSrc = "Only in b. Nothing else.\n"
	a := mustParse(t, "a.md", aSrc)
	b := mustParse(t, "sub/b.md", bSrc)
	base := NewBase([]*Document{b, a})

	// span finds text in src, so cases read as quotes, not numbers.
	span := func(src, text string) Span {
		t.Helper()
		i := strings.Index(src, text)
		if i < 0 {
			t.Fatalf("%q not in %q", text, src)
		}
		return Span{i, i + len(text)}
	}
	first := a.Passages[0].Sentences[0]

	tests := []struct {
		name  string
		path  string
		span  Span
		quote string
		want  bool
	}{
		{"sentence", "a.md", first, "First sentence.", true},
		{"second sentence", "a.md", a.Passages[0].Sentences[1], "Second sentence.", true},
		{"whole passage", "a.md", a.Passages[0].Span, "First sentence. Second sentence.", true},
		{"part of a sentence", "a.md", span(aSrc, "sentence. Sec"), "sentence. Sec", true},
		{"passage after the gap", "a.md", span(aSrc, "After the gap."), "After the gap.", true},
		{"nested path", "sub/b.md", span(bSrc, "Only in b."), "Only in b.", true},

		{"altered text", "a.md", first, "First sentense.", false},
		{"altered case", "a.md", first, "first sentence.", false},
		{"quote longer than span", "a.md", first, "First sentence. ", false},
		{"quote shorter than span", "a.md", first, "First sentence", false},
		{"right text, shifted span", "a.md", Span{first.Start + 1, first.End + 1}, "First sentence.", false},
		{"empty quote", "a.md", Span{first.Start, first.Start}, "", false},
		{"reversed span", "a.md", Span{first.End, first.Start}, "", false},
		{"negative start", "a.md", Span{-1, 5}, "------", false},
		{"end past the file", "a.md", Span{len(aSrc) - 3, len(aSrc) + 1}, "p.\n", false},
		{"start past the file", "a.md", Span{len(aSrc) + 1, len(aSrc) + 2}, "x", false},
		{"huge span", "a.md", Span{math.MaxInt - 1, math.MaxInt}, "x", false},
		{"across two passages", "a.md", span(aSrc, "Second sentence.\nNext passage"), "Second sentence.\nNext passage", false},
		{"across the separator", "a.md", span(aSrc, "here.\n…\nAfter"), "here.\n…\nAfter", false},
		{"the separator itself", "a.md", span(aSrc, "…"), "…", false},
		{"front matter", "a.md", span(aSrc, "title: A"), "title: A", false},
		{"passage plus its newline", "a.md", span(aSrc, "Next passage here.\n"), "Next passage here.\n", false},
		{"unknown path", "c.md", first, "First sentence.", false},
		{"path with ./", "./a.md", first, "First sentence.", false},
		{"path in other case", "A.md", first, "First sentence.", false},
		{"text from the other file", "a.md", span(bSrc, "Only in b."), "Only in b.", false},
		{"empty path", "", first, "First sentence.", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := base.Verify(tt.path, tt.span, tt.quote); got != tt.want {
				t.Errorf("Verify(%q, %v, %q) = %v; want %v", tt.path, tt.span, tt.quote, got, tt.want)
			}
		})
	}

	t.Run("every sentence", func(t *testing.T) {
		for _, d := range base.Docs {
			for _, p := range d.Passages {
				for _, s := range p.Sentences {
					if q := p.SentenceText(s); !base.Verify(d.Path, s, q) {
						t.Errorf("Verify(%q, %v, %q) = false; want true", d.Path, s, q)
					}
				}
			}
		}
	})
}

func TestVerifyEmptyBase(t *testing.T) {
	base := NewBase(nil)
	if base.Verify("a.md", Span{0, 1}, "x") {
		t.Error("Verify on an empty base = true; want false")
	}
	if _, ok := base.Doc("a.md"); ok {
		t.Error("Doc on an empty base found a document")
	}
}

func TestNewBase(t *testing.T) {
	c := mustParse(t, "c.md", "Charlie.\n")
	a := mustParse(t, "a/z.md", "Alpha one.\nAlpha two.\n")
	b := mustParse(t, "b.md", "Bravo.\n")
	in := []*Document{c, a, b}
	base := NewBase(in)

	if got, want := docPaths(base), []string{"a/z.md", "b.md", "c.md"}; !slices.Equal(got, want) {
		t.Errorf("NewBase docs = %q; want %q", got, want)
	}
	if in[0] != c || in[1] != a || in[2] != b {
		t.Error("NewBase reordered the caller's slice")
	}
	var texts []string
	for _, p := range base.Passages {
		texts = append(texts, p.Text())
	}
	if want := []string{"Alpha one.", "Alpha two.", "Bravo.", "Charlie."}; !slices.Equal(texts, want) {
		t.Errorf("NewBase passages = %q; want %q", texts, want)
	}
	for _, d := range in {
		if got, ok := base.Doc(d.Path); !ok || got != d {
			t.Errorf("Doc(%q) = %v, %v; want the document", d.Path, got, ok)
		}
	}
}

func TestProblemIn(t *testing.T) {
	p := Problem{Path: "a/b.md", Line: 3, Msg: "broken"}
	for dir, want := range map[string]string{
		"knowledge":  "knowledge/a/b.md:3: broken",
		"knowledge/": "knowledge/a/b.md:3: broken",
		"":           "a/b.md:3: broken",
		".":          "a/b.md:3: broken",
		"/srv/k":     "/srv/k/a/b.md:3: broken",
	} {
		if got := p.In(dir); got != want {
			t.Errorf("In(%q) = %q; want %q", dir, got, want)
		}
	}
}
