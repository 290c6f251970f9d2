package knowledge

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// Moderators are told which files the knowledge skips and why, and nothing
// about the files that are read, hidden, or notes.
func TestWarningsSkippedFiles(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"a.md":              "The Assembly meets in The Hague in December.\n",
		"README.md":         "Notes for editors.\n",
		"sub/readme.txt":    "Notes too.\n",
		".hidden.pdf":       "%PDF",
		".drafts/x.docx":    "PK",
		"a.md~":             "An editor's backup.\n",
		"old.doc":           "\xd0\xcf",
		"page.mhtml":        "MIME-Version: 1.0",
		"sub/letter.odt":    "PK",
		"memo.rtf":          "{\\rtf1}",
		"book.epub":         "PK",
		"data.json":         "{}",
		"noext":             "No extension.\n",
		"sub/deeper/e.md.b": "Backup.\n",
	})
	elsewhere := t.TempDir()
	writeFiles(t, elsewhere, map[string]string{"f.md": "Far away.\n"})
	if err := os.Symlink(elsewhere, filepath.Join(dir, "linked")); err != nil {
		t.Skipf("cannot make symlinks here: %v", err)
	}
	if err := os.Symlink("sub", filepath.Join(dir, "inside")); err != nil {
		t.Fatal(err)
	}

	base, problems, err := Load(dir)
	if err != nil || len(problems) > 0 {
		t.Fatalf("Load = %v, %v; want no problems", problems, err)
	}
	want := map[string]string{
		"book.epub":         "skipped: an EPUB book; only Markdown (.md), text (.txt), PDF (.pdf), web pages (.html, .htm) and Word (.docx) files are read",
		"data.json":         "skipped: not a file type the bot reads; only Markdown (.md), text (.txt), PDF (.pdf), web pages (.html, .htm) and Word (.docx) files are read",
		"inside":            "skipped: a link to a folder is not followed",
		"linked":            "skipped: not a file type the bot reads", // outside the folder: not even looked at
		"memo.rtf":          "skipped: an RTF document; save it as .docx;",
		"noext":             "skipped: not a file type the bot reads;",
		"old.doc":           "skipped: an old Word document (.doc); save it as .docx;",
		"page.mhtml":        "skipped: a web archive; save the page as \"Webpage, HTML only\" (.html);",
		"sub/deeper/e.md.b": "skipped: not a file type the bot reads;",
		"sub/letter.odt":    "skipped: an OpenDocument text; save it as .docx;",
	}
	got := Warnings(base)
	var paths []string
	for _, w := range got {
		paths = append(paths, w.Path)
		if w.Line != 0 {
			t.Errorf("warning %q has a line; want the whole file", w)
		}
		if !strings.HasPrefix(w.Msg, want[w.Path]) || want[w.Path] == "" {
			t.Errorf("Warnings: %q; want %q…", w, want[w.Path])
		}
	}
	var wantPaths []string
	for p := range want {
		wantPaths = append(wantPaths, p)
	}
	slices.Sort(wantPaths)
	if !slices.Equal(paths, wantPaths) {
		t.Errorf("Warnings are about %q; want %q", paths, wantPaths)
	}
}

func TestDuplicates(t *testing.T) {
	const (
		p1 = "The Assembly of States Parties meets in The Hague from December 1 to 6."
		p2 = "Several governments have imposed sanctions on officials of the court."
		p3 = "The Philippines surrendered former President Rodrigo Duterte to the court in March."
		p4 = "Hungary announced its withdrawal from the Rome Statute in April."
		p5 = "Civil society groups urged states to protect the court's independence."
	)
	doc := func(path string, passages ...string) *Document {
		return mustParse(t, path, strings.Join(passages, "\n\n")+"\n")
	}
	tests := []struct {
		name string
		docs []*Document
		want []string // "path: message prefix"
	}{
		{"distinct documents", []*Document{doc("a.md", p1, p2), doc("b.md", p3, p4)}, nil},
		{"a copy with other spacing, capitals and headings", []*Document{
			doc("a.md", p1, p2, p3),
			mustParse(t, "copy/a.md", "---\ntitle: Another title\n---\n# A heading\n\n"+strings.ToUpper(p1)+"\n\n"+strings.ReplaceAll(p2, " ", "  \n")+"\n\n   "+p3+"\n"),
		}, []string{"copy/a.md: duplicate of a.md: the same text"}},
		{"three copies", []*Document{doc("a.md", p1, p2), doc("b.md", p1, p2), doc("c.md", p1, p2)}, []string{
			"b.md: duplicate of a.md", "c.md: duplicate of a.md",
		}},
		{"most of one in another", []*Document{doc("a.md", p1, p2, p3, p4, p5), doc("b.md", p1, p2, p3, p4, "Short line.", "A new closing paragraph about the budget of the court.")},
			[]string{"b.md: near-duplicate of a.md: 4 of its 5 passages are also there"}},
		{"one inside a longer one", []*Document{doc("a.md", p1, p2), doc("b.md", p3, p1, p4, p2, p5)},
			[]string{"a.md: near-duplicate of b.md: 2 of its 2 passages are also there"}},
		{"under the share", []*Document{doc("a.md", p1, p2, p3, p4, p5), doc("b.md", p1, p2, p3, "A new closing paragraph about the budget of the court.")}, nil},
		{"short lines in common do not count", []*Document{doc("a.md", "Background", "Russia and Ukraine.", p1), doc("b.md", "Background", "Russia and Ukraine.", p2)}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, w := range Duplicates(tt.docs) {
				got = append(got, w.String())
			}
			if len(got) != len(tt.want) {
				t.Fatalf("Duplicates = %q; want %q", got, tt.want)
			}
			for i := range got {
				if !strings.HasPrefix(got[i], tt.want[i]) {
					t.Errorf("Duplicates[%d] = %q; want %q…", i, got[i], tt.want[i])
				}
			}
		})
	}
}

// Warnings holds the duplicates too, in path order with the skipped files.
func TestWarningsDuplicatesAndSkipped(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"a.md":       "Sanctions were imposed on four judges of the court.\n\nThe Assembly meets in The Hague.\n",
		"b.md":       "Sanctions were imposed on four judges of the court.\n\nThe Assembly meets in The Hague.\n",
		"c.odt":      "PK",
		"z/other.md": "Something else entirely, about the budget.\n",
	})
	base, _, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, w := range Warnings(base) {
		got = append(got, w.Path)
	}
	if want := []string{"b.md", "c.odt"}; !slices.Equal(got, want) {
		t.Errorf("Warnings are about %q; want %q", got, want)
	}
}
