package knowledge

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// copyFixtures copies extraction fixtures (from internal/extract/testdata)
// into a fresh knowledge folder, under the names given.
func copyFixtures(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, fixture := range files {
		data, err := os.ReadFile(filepath.Join("../extract/testdata", fixture))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestLoadExtracted: PDF, web pages and Word documents load as the
// Markdown extracted from them, with their format, pages and headings;
// a scan, a bomb or a broken file is a problem with a clear message that
// hides none of the other files.
func TestLoadExtracted(t *testing.T) {
	dir := copyFixtures(t, map[string]string{
		"briefing.pdf":   "pdf/briefing.pdf",
		"news.html":      "html/news.html",
		"handbook.docx":  "docx/handbook.docx",
		"scan.pdf":       "pdf/scan.pdf",
		"bomb.pdf":       "pdf/bomb-flate.pdf",
		"pages.pdf":      "pdf/bomb-pages.pdf",
		"truncated.docx": "docx/truncated.docx",
		"bomb.docx":      "docx/bomb.docx",
	})
	writeFiles(t, dir, map[string]string{"notes.md": "A note.\n"})
	base, problems, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	byPath := map[string]string{}
	for _, p := range problems {
		byPath[p.Path] = p.Msg
	}
	wantProblems := map[string]string{
		"scan.pdf":       "no text layer; run OCR on it first",
		"bomb.pdf":       "cannot extract text:",
		"pages.pdf":      "cannot extract text:",
		"truncated.docx": "cannot extract text:",
		"bomb.docx":      "cannot extract text:",
	}
	for path, want := range wantProblems {
		if !strings.HasPrefix(byPath[path], want) {
			t.Errorf("problem for %s = %q; want %q…", path, byPath[path], want)
		}
	}
	if len(problems) != len(wantProblems) {
		t.Errorf("problems = %v; want one for each of %d broken files", problems, len(wantProblems))
	}

	wantDocs := map[string]struct {
		format  string
		paged   bool
		heading bool
	}{
		"briefing.pdf":  {"PDF", true, true}, // its title is printed as a heading
		"news.html":     {"web page", false, true},
		"handbook.docx": {"Word document", false, true},
		"notes.md":      {"", false, false},
	}
	if len(base.Docs) != len(wantDocs) {
		t.Fatalf("loaded %d documents; want %d", len(base.Docs), len(wantDocs))
	}
	for _, d := range base.Docs {
		w, ok := wantDocs[d.Path]
		if !ok {
			t.Errorf("unexpected document %s", d.Path)
			continue
		}
		if d.Format != w.format {
			t.Errorf("%s: Format = %q; want %q", d.Path, d.Format, w.format)
		}
		paged, headed := true, false
		for _, p := range d.Passages {
			paged = paged && p.Page > 0
			headed = headed || p.Heading != ""
			if !base.Verify(d.Path, p.Span, p.Text()) {
				t.Errorf("%s: passage %d does not verify against the extracted text", d.Path, p.Number)
			}
		}
		if paged != w.paged || headed != w.heading {
			t.Errorf("%s: every passage paged %v, some under a heading %v; want %v, %v", d.Path, paged, headed, w.paged, w.heading)
		}
		if w.paged && d.Pages < 2 {
			t.Errorf("%s: Pages = %d; want the PDF's page count", d.Path, d.Pages)
		}
	}
}

// TestLoadExtractedLimit: the extracted text counts towards the whole
// knowledge's limit, as a Markdown file's bytes do.
func TestLoadExtractedLimit(t *testing.T) {
	dir := copyFixtures(t, map[string]string{"news.html": "html/news.html"})
	html, err := os.Stat(filepath.Join(dir, "news.html"))
	if err != nil {
		t.Fatal(err)
	}
	// Over the extracted text's size, under the page's own.
	base, problems, err := LoadLimit(dir, 1000)
	if err != nil {
		t.Fatal(err)
	}
	if len(base.Docs) != 0 || len(problems) != 1 || !strings.Contains(problems[0].Msg, "KNOWLEDGE_MAX_BYTES") {
		t.Errorf("with 1000 bytes allowed: %d documents, problems %v; want the limit refused", len(base.Docs), problems)
	}
	// The page's bytes (markup included) are more than its text: a limit
	// between the two loads it.
	base, problems, err = LoadLimit(dir, html.Size()-1)
	if err != nil || len(problems) != 0 || len(base.Docs) != 1 {
		t.Errorf("with %d bytes allowed: %d documents, problems %v, %v; want the page loaded", html.Size()-1, len(base.Docs), problems, err)
	}
}

// BenchmarkLoadPDF100Pages: loading a knowledge folder holding one
// 100-page PDF (extraction, passages and sentences).
func BenchmarkLoadPDF100Pages(b *testing.B) {
	dir := b.TempDir()
	data, err := os.ReadFile("../extract/testdata/pdf/long.pdf")
	if err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "long.pdf"), data, 0o644); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		base, problems, err := Load(dir)
		if err != nil || len(problems) > 0 || base.Docs[0].Pages != 100 {
			b.Fatalf("Load: %v %v", err, problems)
		}
	}
}

// TestExtractCache: a reload does not extract an unchanged file again (a
// hostile one included), extracts a changed one, and forgets removed ones.
func TestExtractCache(t *testing.T) {
	dir := copyFixtures(t, map[string]string{"news.html": "html/news.html", "scan.pdf": "pdf/scan.pdf"})
	var cache ExtractCache
	first, problems, err := LoadCached(dir, DefaultMaxBytes, &cache)
	if err != nil || len(first.Docs) != 1 || len(problems) != 1 {
		t.Fatalf("first load: %d documents, problems %v, %v", len(first.Docs), problems, err)
	}
	d, _ := first.Doc("news.html")
	// Unchanged: the very same extracted bytes come back, not a new copy.
	second, problems2, _ := LoadCached(dir, DefaultMaxBytes, &cache)
	d2, _ := second.Doc("news.html")
	if &d.Src[0] != &d2.Src[0] || len(problems2) != 1 || problems2[0] != problems[0] {
		t.Error("an unchanged file was extracted again")
	}
	// Changed: extracted afresh.
	data, _ := os.ReadFile(filepath.Join(dir, "news.html"))
	changed := strings.Replace(string(data), "flood wall", "sea wall", 1)
	if err := os.WriteFile(filepath.Join(dir, "news.html"), []byte(changed), 0o644); err != nil {
		t.Fatal(err)
	}
	third, _, _ := LoadCached(dir, DefaultMaxBytes, &cache)
	d3, _ := third.Doc("news.html")
	if !strings.Contains(string(d3.Src), "sea wall") {
		t.Error("a changed file was not extracted again")
	}
	// Removed: forgotten.
	if err := os.Remove(filepath.Join(dir, "scan.pdf")); err != nil {
		t.Fatal(err)
	}
	LoadCached(dir, DefaultMaxBytes, &cache)
	cache.mu.Lock()
	defer cache.mu.Unlock()
	if _, ok := cache.byPath["scan.pdf"]; ok || len(cache.byPath) != 1 {
		t.Errorf("cache holds %d files after a removal; want only news.html", len(cache.byPath))
	}
}
