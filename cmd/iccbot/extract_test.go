package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"iccbot/internal/knowledge"
)

func fixture(t *testing.T, rel string) string {
	t.Helper()
	p, err := filepath.Abs(filepath.Join("../../internal/extract/testdata", rel))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestExtract: `iccbot extract` prints the Markdown the bot reads from a
// file, which loads back as the same passages when saved as a .md file.
func TestExtract(t *testing.T) {
	pdf := fixture(t, "pdf/briefing.pdf")
	r := runCmd(t, env(), "extract", pdf)
	if r.code != 0 {
		t.Fatalf("extract = %d, stderr %q", r.code, r.stderr)
	}
	for _, want := range []string{"---\ntitle: ", "\npages: ", "\n---\n", "<!-- page 1 -->", "<!-- page 2 -->", "The Assembly session takes place amid important ICC achievements"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("extract output lacks %q", want)
		}
	}
	// Saved as Markdown, it is the same knowledge: same passages, pages.
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "briefing.md"), []byte(r.stdout), 0o644); err != nil {
		t.Fatal(err)
	}
	saved, problems, err := knowledge.Load(dir)
	if err != nil || len(problems) != 0 {
		t.Fatalf("loading the saved output: %v %v", err, problems)
	}
	orig := t.TempDir()
	data, err := os.ReadFile(pdf)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(orig, "briefing.pdf"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	direct, _, err := knowledge.Load(orig)
	if err != nil {
		t.Fatal(err)
	}
	if len(saved.Passages) != len(direct.Passages) {
		t.Fatalf("saved output has %d passages; the PDF %d", len(saved.Passages), len(direct.Passages))
	}
	for i, p := range saved.Passages {
		q := direct.Passages[i]
		if p.Text() != q.Text() || p.Page != q.Page {
			t.Errorf("passage %d: saved %q p. %d; from the PDF %q p. %d", i+1, p.Text(), p.Page, q.Text(), q.Page)
		}
	}
}

func TestExtractErrors(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"no file", []string{"extract"}, exitUsage, "takes one file"},
		{"two files", []string{"extract", "a.pdf", "b.pdf"}, exitUsage, "takes one file"},
		{"markdown", []string{"extract", "notes.md"}, exitUsage, "is not a PDF"},
		{"missing", []string{"extract", "missing.pdf"}, 1, "no such file"},
		{"scan", []string{"extract", fixture(t, "pdf/scan.pdf")}, 1, "no text layer; run OCR on it first"},
		{"bomb", []string{"extract", fixture(t, "docx/bomb.docx")}, 1, "too large"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCmd(t, env(), tt.args...)
			if r.code != tt.code || !strings.Contains(r.stderr, tt.stderr) || r.stdout != "" {
				t.Errorf("%v = %d, stdout %q, stderr %q; want %d and %q", tt.args, r.code, r.stdout, r.stderr, tt.code, tt.stderr)
			}
		})
	}
}
