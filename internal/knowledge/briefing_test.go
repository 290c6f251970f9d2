package knowledge

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const (
	knowledgeDir = "../../knowledge"
	briefingPath = "hrw-icc-asp-2025.md"
	// A copy of the briefing as we received it (shared/seed), kept here so
	// that a fresh clone tests itself with nothing beside it.
	seedPath       = "testdata/seed/000_20bb2ef6649e045c.txt"
	briefingGolden = "testdata/briefing.golden"
)

// loadBriefing loads the real knowledge folder and returns the briefing.
func loadBriefing(t *testing.T) (*Base, *Document) {
	t.Helper()
	base, problems, err := Load(knowledgeDir)
	if err != nil {
		t.Fatalf("Load(%q) error = %v", knowledgeDir, err)
	}
	for _, p := range problems {
		t.Errorf("Load(%q) problem: %s", knowledgeDir, p)
	}
	doc, ok := base.Doc(briefingPath)
	if !ok {
		t.Fatalf("Load(%q): no document %q; have %v", knowledgeDir, briefingPath, docPaths(base))
	}
	return base, doc
}

// renderPassages is the golden form of a document's passages: everything a
// change to passage cutting or sentence splitting would move.
func renderPassages(doc *Document) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "path: %s\ntitle: %s\npublisher: %s\nlanguage: %s\n", doc.Path, doc.Title, doc.Publisher, doc.Language)
	for _, e := range doc.Examples {
		fmt.Fprintf(&b, "example: %s\n", e)
	}
	for _, p := range doc.Passages {
		fmt.Fprintf(&b, "\n¶%d id=%s lines=%d-%d bytes=%d-%d heading=%q\n", p.Number, p.ID, p.StartLine, p.EndLine, p.Start, p.End, p.Heading)
		for i, s := range p.Sentences {
			fmt.Fprintf(&b, "  s%d [%d,%d) %s\n", i+1, s.Start, s.End, p.SentenceText(s))
		}
	}
	return b.Bytes()
}

func TestBriefingGolden(t *testing.T) {
	_, doc := loadBriefing(t)
	got := renderPassages(doc)
	if *update {
		if err := os.MkdirAll(filepath.Dir(briefingGolden), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(briefingGolden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(briefingGolden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("passages of %s differ from %s (run go test -update if the change is intended):\n%s",
			briefingPath, briefingGolden, lineDiff(string(want), string(got)))
	}
}

// lineDiff shows the first lines where want and got differ.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	shown := 0
	for i := 0; i < max(len(w), len(g)) && shown < 10; i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			fmt.Fprintf(&b, "line %d:\n  want %q\n  got  %q\n", i+1, wl, gl)
			shown++
		}
	}
	return b.String()
}

func TestBriefingBodyIsSeed(t *testing.T) {
	seed, err := os.ReadFile(seedPath)
	if err != nil {
		// Not a skip: without the seed nothing proves the briefing is unaltered.
		t.Fatalf("cannot read the seed briefing: %v", err)
	}
	src, err := os.ReadFile(filepath.Join(knowledgeDir, briefingPath))
	if err != nil {
		t.Fatal(err)
	}
	// Split the front matter here rather than with the package's own code, so
	// that a bug there cannot hide a changed body.
	const open, close = "---\n", "\n---\n"
	if !bytes.HasPrefix(src, []byte(open)) {
		t.Fatalf("%s does not start with front matter %q", briefingPath, open)
	}
	end := bytes.Index(src[len(open)-1:], []byte(close))
	if end < 0 {
		t.Fatalf("%s: front matter is not closed", briefingPath)
	}
	body := src[len(open)-1+end+len(close):]
	if !bytes.Equal(body, seed) {
		i := 0
		for i < min(len(body), len(seed)) && body[i] == seed[i] {
			i++
		}
		t.Errorf("body of %s differs from %s at byte %d: %q vs %q (lengths %d, %d)",
			briefingPath, seedPath, i, excerpt(body, i), excerpt(seed, i), len(body), len(seed))
	}

	// The document the bot serves is the file as read, so offsets are file offsets.
	_, doc := loadBriefing(t)
	if !bytes.Equal(doc.Src, src) {
		t.Errorf("Document.Src is not the file's bytes as read")
	}
}

func excerpt(b []byte, at int) string {
	return string(b[at:min(len(b), at+40)])
}

func TestBriefingFrontMatter(t *testing.T) {
	_, doc := loadBriefing(t)
	for _, c := range []struct{ field, got, want string }{
		{"Title", doc.Title, "Human Rights Watch briefing on the ICC Assembly of States Parties 2025"},
		{"Publisher", doc.Publisher, "Human Rights Watch"},
		{"Language", doc.Language, "en"},
	} {
		if c.got != c.want {
			t.Errorf("%s = %q; want %q", c.field, c.got, c.want)
		}
	}
	want := []string{
		"When and where does the Assembly of States Parties meet?",
		"Who has imposed sanctions on ICC officials?",
		"What did the Philippines do in March?",
	}
	if !slices.Equal(doc.Examples, want) {
		t.Errorf("Examples = %q; want %q", doc.Examples, want)
	}
}

func TestBriefingPassages(t *testing.T) {
	base, doc := loadBriefing(t)
	checkInvariants(t, doc)

	// Front matter is metadata, never a passage: the first passage is on the
	// line after the closing ---.
	if len(doc.Passages) == 0 {
		t.Fatal("no passages")
	}
	if got := doc.Passages[0].StartLine; got != 10 {
		t.Errorf("first passage starts on line %d; want 10, the line after the front matter", got)
	}

	t.Run("opening bullets", func(t *testing.T) {
		want := []string{
			"The International Criminal Court (ICC) is under assault by the United States and Russia, among others, which are determined to undermine its mandate as the court of last resort.",
			"ICC member countries need to stay firm in their defense of the court so that impartial justice remains a critical part of the rules-based international order.",
			"ICC member countries should use their annual meeting to defend the court human rights groups, and others cooperating with it, and to enforce judicial findings against members who fail to arrest and surrender those sought by the court.",
		}
		if len(doc.Passages) < len(want) {
			t.Fatalf("%d passages; want at least %d", len(doc.Passages), len(want))
		}
		for i, w := range want {
			p := doc.Passages[i]
			if p.Text() != w {
				t.Errorf("passage %d = %q; want %q", i+1, p.Text(), w)
			}
			if p.StartLine != 10+i || p.EndLine != 10+i {
				t.Errorf("passage %d lines %d-%d; want %d-%d", i+1, p.StartLine, p.EndLine, 10+i, 10+i)
			}
		}
	})

	t.Run("one passage per line", func(t *testing.T) {
		// The briefing is written one paragraph per line: each non-empty,
		// non-separator body line is exactly one passage.
		var want []string
		for _, l := range strings.Split(string(doc.Src), "\n")[9:] {
			l = strings.TrimSpace(l)
			if l == "" || l == "…" {
				continue
			}
			want = append(want, strings.TrimPrefix(l, "- "))
		}
		var got []string
		for _, p := range doc.Passages {
			got = append(got, p.Text())
			if p.StartLine != p.EndLine {
				t.Errorf("¶%d spans lines %d-%d; want one line", p.Number, p.StartLine, p.EndLine)
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("passages = %q\nwant %q", got, want)
		}
	})

	t.Run("no separators", func(t *testing.T) {
		seps := 0
		for off := 0; off < len(doc.Src); {
			line, next := lineFrom(doc.Src, off)
			if strings.TrimSpace(line) == "…" {
				seps++
				for _, p := range doc.Passages {
					if p.Start < next && off < p.End {
						t.Errorf("¶%d [%d,%d) overlaps the separator line at bytes [%d,%d)", p.Number, p.Start, p.End, off, next)
					}
				}
			}
			off = next
		}
		if seps != 2 {
			t.Errorf("found %d separator lines in the briefing; want 2 (has the file changed?)", seps)
		}
		for _, p := range doc.Passages {
			if strings.Contains(p.Text(), "…") {
				t.Errorf("¶%d contains the separator …: %q", p.Number, p.Text())
			}
			for _, s := range p.Sentences {
				if strings.Contains(p.SentenceText(s), "…") {
					t.Errorf("¶%d sentence contains the separator …: %q", p.Number, p.SentenceText(s))
				}
			}
		}
	})

	t.Run("quoted speech", func(t *testing.T) {
		// Closing quotes stay with their sentence; the next quotation starts a
		// sentence of its own.
		want := []string{
			"“Government efforts to undermine the ICC reflect broader attacks on the global rule of law, aiming to disable institutions that seek to hold those responsible for the worst crimes to account,” said Liz Evenson, international justice director at Human Rights Watch.",
			"“ICC member countries need to stay firm in their defense of the court so that impartial justice remains a critical part of the rules-based international order.”",
		}
		for _, p := range doc.Passages {
			if !strings.HasPrefix(p.Text(), "“Government efforts") {
				continue
			}
			var got []string
			for _, s := range p.Sentences {
				got = append(got, p.SentenceText(s))
			}
			if !slices.Equal(got, want) {
				t.Errorf("sentences = %q\nwant %q", got, want)
			}
			return
		}
		t.Error("no passage starts with “Government efforts")
	})

	t.Run("base", func(t *testing.T) {
		if !slices.Contains(base.Docs, doc) {
			t.Error("Base.Docs does not hold the briefing")
		}
		n := 0
		for _, p := range base.Passages {
			if p.Doc == doc {
				if p != doc.Passages[n] {
					t.Errorf("Base.Passages holds the briefing's passages out of order at ¶%d", p.Number)
				}
				n++
			}
		}
		if n != len(doc.Passages) {
			t.Errorf("Base.Passages holds %d of the briefing's %d passages", n, len(doc.Passages))
		}
		// Every sentence the bot could quote verifies.
		for _, p := range doc.Passages {
			for _, s := range p.Sentences {
				if !base.Verify(doc.Path, s, p.SentenceText(s)) {
					t.Errorf("Verify(%q, %v, %q) = false; want true", doc.Path, s, p.SentenceText(s))
				}
			}
		}
	})
}
