package main

import (
	"os"
	"strings"
	"testing"
)

// check tells moderators what it ignored: files it skips and documents
// that repeat one another. They are warnings: with nothing else wrong it
// exits 0.
func TestCheckWarnings(t *testing.T) {
	const (
		p1 = "The Assembly of States Parties meets in The Hague from December 1 to 6, 2025."
		p2 = "Several governments have imposed sanctions on officials of the court."
		p3 = "The Philippines surrendered former President Rodrigo Duterte to the court in March."
		p4 = "Hungary announced its withdrawal from the Rome Statute in April."
		p5 = "Civil society groups urged states to protect the court's independence."
	)
	dir := t.TempDir()
	write(t, dir, "briefing.md", "# Briefing\n\n"+p1+"\n\n"+p2+"\n\n"+p3+"\n\n"+p4+"\n\n"+p5+"\n")
	write(t, dir, "copies/briefing-copy.md", "---\ntitle: The same briefing\n---\n"+strings.ToUpper(p1)+"\n\n"+p2+"\n\n"+p3+"\n"+p4+"\n\n"+p5+"\n")
	write(t, dir, "notes.txt", p1+"\n\n"+p2+"\n\n"+p3+"\n\n"+p4+"\n\nOne more line of our own about the budget.\n")
	write(t, dir, "other.md", "The library opens at nine on weekdays and at ten on Saturdays.\n")
	write(t, dir, "report.doc", "\xd0\xcf\x11\xe0")
	write(t, dir, "sub/minutes.odt", "PK\x03\x04")
	write(t, dir, "page.html", "<p>The library lends books for three weeks.</p>")
	write(t, dir, "data.csv", "a,b\n")
	write(t, dir, "README.md", "Notes for the people who edit this folder.\n")
	write(t, dir, ".draft.pdf", "%PDF")
	pd := t.TempDir()

	r := runCmd(t, env("KNOWLEDGE_DIR", dir, "PROMPTS_DIR", pd), "check")
	if r.code != 0 {
		t.Errorf("check = exit %d; want 0: warnings do not fail it\n%s%s", r.code, r.stdout, r.stderr)
	}
	want := []string{
		dir + "/copies/briefing-copy.md: warning: duplicate of briefing.md: the same text",
		dir + "/data.csv: warning: skipped: not a file type the bot reads; only Markdown (.md), text (.txt), PDF (.pdf), web pages (.html, .htm) and Word (.docx) files are read",
		dir + "/notes.txt: warning: near-duplicate of briefing.md: 4 of its 5 passages are also there",
		dir + "/report.doc: warning: skipped: an old Word document (.doc); save it as .docx",
		dir + "/sub/minutes.odt: warning: skipped: an OpenDocument text; save it as .docx",
		"ok: 5 documents, 17 passages; 5 warnings",
	}
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	if len(lines) != len(want) {
		t.Fatalf("check printed %d lines; want %d:\n%s", len(lines), len(want), r.stdout)
	}
	for i, w := range want {
		if !strings.HasPrefix(lines[i], w) {
			t.Errorf("line %d = %q; want %q…", i+1, lines[i], w)
		}
	}
	for _, quiet := range []string{"README.md", ".draft.pdf", "other.md", "page.html"} {
		if strings.Contains(r.stdout, quiet) {
			t.Errorf("check warns about %s:\n%s", quiet, r.stdout)
		}
	}
}

// Warnings come with problems too, and do not change how problems fail.
func TestCheckWarningsWithProblems(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "good.md", "The court meets in The Hague.\n")
	write(t, dir, "bad.txt", "caf\xe9\n")
	write(t, dir, "slides.odp", "PK")
	scan, err := os.ReadFile("../../internal/extract/testdata/pdf/scan.pdf")
	if err != nil {
		t.Fatal(err)
	}
	write(t, dir, "scan.pdf", string(scan))
	r := runCmd(t, env("KNOWLEDGE_DIR", dir, "PROMPTS_DIR", t.TempDir()), "check")
	if r.code != 1 {
		t.Errorf("exit %d; want 1", r.code)
	}
	for _, want := range []string{
		dir + "/bad.txt:1: invalid UTF-8",
		dir + "/scan.pdf: no text layer; run OCR on it first\n",
		dir + "/slides.odp: warning: skipped: not a file type the bot reads",
		"2 problems (1 documents, 1 passages loaded); 1 warning\n",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("check output lacks %q:\n%s", want, r.stdout)
		}
	}
}
