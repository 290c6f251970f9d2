package knowledge

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/")

// writeFiles creates files (relative slash paths → contents) under dir,
// creating parent folders as needed.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for rel, content := range files {
		path := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// mustParse parses src and fails the test on any problem.
func mustParse(t *testing.T, rel, src string) *Document {
	t.Helper()
	doc, problems := Parse(rel, []byte(src))
	if len(problems) > 0 {
		t.Fatalf("Parse(%q, %q) problems = %v; want none", rel, src, problems)
	}
	return doc
}

// docPaths lists the paths of the documents in a base, in base order.
func docPaths(b *Base) []string {
	var out []string
	for _, d := range b.Docs {
		out = append(out, d.Path)
	}
	return out
}

// checkInvariants asserts what every parsed document must guarantee whatever
// its input: spans are in range and ordered, passages and sentences carry no
// surrounding white space or line-ending bytes, sentences tile their passage
// with only white space between them, numbers run 1..n, and IDs are unique.
func checkInvariants(t *testing.T, doc *Document) {
	t.Helper()
	ids := map[string]int{}
	prevEnd := 0
	for i, p := range doc.Passages {
		if p.Doc != doc {
			t.Errorf("%s ¶%d: Doc does not point back to its document", doc.Path, p.Number)
		}
		if p.Number != i+1 {
			t.Errorf("%s: passage %d has Number %d; want %d", doc.Path, i, p.Number, i+1)
		}
		if p.Start < prevEnd || p.Start >= p.End || p.End > len(doc.Src) {
			t.Errorf("%s ¶%d: span [%d,%d) out of order or range (previous end %d, len %d)", doc.Path, p.Number, p.Start, p.End, prevEnd, len(doc.Src))
			continue
		}
		prevEnd = p.End
		if p.Text() != string(doc.Src[p.Start:p.End]) {
			t.Errorf("%s ¶%d: Text() = %q; want Src[%d:%d] = %q", doc.Path, p.Number, p.Text(), p.Start, p.End, doc.Src[p.Start:p.End])
		}
		checkTrimmed(t, doc.Path+" passage", p.Text())
		if got := lineAt(doc.Src, p.Start); p.StartLine != got {
			t.Errorf("%s ¶%d: StartLine = %d; want %d", doc.Path, p.Number, p.StartLine, got)
		}
		if got := lineAt(doc.Src, p.End-1); p.EndLine != got {
			t.Errorf("%s ¶%d: EndLine = %d; want %d", doc.Path, p.Number, p.EndLine, got)
		}
		if p.ID == "" {
			t.Errorf("%s ¶%d: empty ID", doc.Path, p.Number)
		}
		if j, dup := ids[p.ID]; dup {
			t.Errorf("%s: passages ¶%d and ¶%d share ID %q", doc.Path, j, p.Number, p.ID)
		}
		ids[p.ID] = p.Number
		// Line breaks inside a hard-wrapped passage are the file's own; a
		// carriage return may only appear as part of one.
		if strings.Contains(strings.ReplaceAll(p.Text(), "\r\n", ""), "\r") {
			t.Errorf("%s ¶%d: stray \\r in %q", doc.Path, p.Number, p.Text())
		}

		if len(p.Sentences) == 0 {
			t.Errorf("%s ¶%d: no sentences", doc.Path, p.Number)
			continue
		}
		at := p.Start
		for k, s := range p.Sentences {
			if s.Start < p.Start || s.End > p.End || s.Start >= s.End {
				t.Errorf("%s ¶%d: sentence %d span [%d,%d) not inside passage [%d,%d)", doc.Path, p.Number, k, s.Start, s.End, p.Start, p.End)
				continue
			}
			if s.Start < at {
				t.Errorf("%s ¶%d: sentence %d starts at %d, before the previous one ends at %d", doc.Path, p.Number, k, s.Start, at)
				continue
			}
			// Only white space lies between sentences, or in a table the
			// row of dashes under its header.
			table := doc.Src[p.Start] == '|'
			if gap := string(doc.Src[at:s.Start]); strings.Trim(gap, " \t\r\n") != "" && (!table || strings.Trim(gap, " \t\r\n|-:") != "") {
				t.Errorf("%s ¶%d: text %q between sentences belongs to no sentence", doc.Path, p.Number, gap)
			}
			checkTrimmed(t, doc.Path+" sentence", p.SentenceText(s))
			at = s.End
		}
		if at != p.End {
			t.Errorf("%s ¶%d: last sentence ends at %d; want passage end %d", doc.Path, p.Number, at, p.End)
		}
	}
}

// checkTrimmed fails when text begins or ends with white space.
func checkTrimmed(t *testing.T, what, text string) {
	t.Helper()
	if text == "" {
		t.Errorf("%s is empty", what)
		return
	}
	first, _ := utf8.DecodeRuneInString(text)
	last, _ := utf8.DecodeLastRuneInString(text)
	if unicode.IsSpace(first) || unicode.IsSpace(last) || first == '\uFEFF' {
		t.Errorf("%s %q has leading or trailing white space", what, text)
	}
}
