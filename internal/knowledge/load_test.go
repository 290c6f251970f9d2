package knowledge

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const goodFile = "good.md"

// goodText is a file that must load whatever is wrong beside it.
const goodText = "# Good\n\nThis file is fine. It has two sentences.\n"

func TestLoadBadInput(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		// setup adds what files cannot express (symlinks, big files).
		setup    func(t *testing.T, dir string)
		path     string // the file the problem must name
		line     int    // 0: about the whole file
		msg      string // substring of the message
		alsoMsgs []string
	}{
		{
			name:  "broken YAML front matter",
			files: map[string]string{"bad.md": "---\ntitle: ok\npublisher: a: b\n---\nText.\n"},
			path:  "bad.md", line: 3, msg: "front matter: mapping values are not allowed",
		},
		{
			// Regression: yaml.v3 omits "line N" for an error on the first YAML line
			// (its 0-based line 0), and yamlProblems then falls back to firstLine-1,
			// which is the opening "---" (line 1), not the YAML.
			name:  "broken YAML on the first front-matter line",
			files: map[string]string{"bad.md": "---\ntitle: a: b\n---\nText.\n"},
			path:  "bad.md", line: 2, msg: "front matter: mapping values are not allowed",
		},
		{
			// Regression: yaml.v3 reports parser (not scanner) errors with the 0-based
			// line of the problem, so the line is one too early: the bad indentation is
			// on line 5 (" - b") but the problem says 4. (parser.fail in yaml.v3
			// decode.go only adds one for scanner errors).
			name:  "broken YAML indentation",
			files: map[string]string{"bad.md": "---\ntitle: ok\nexamples:\n  - a\n - b\n---\nText.\n"},
			path:  "bad.md", line: 5, msg: "front matter: did not find expected key",
		},
		{
			name:  "tab in YAML indentation",
			files: map[string]string{"bad.md": "---\ntitle: ok\n\tpublisher: x\n---\nText.\n"},
			path:  "bad.md", line: 3, msg: "front matter: found a tab character",
		},
		{
			name:  "YAML of the wrong type",
			files: map[string]string{"bad.md": "---\ntitle: ok\nexamples: notalist\n---\nText.\n"},
			path:  "bad.md", line: 3, msg: "front matter: cannot unmarshal",
		},
		{
			name:  "unknown front-matter key",
			files: map[string]string{"bad.md": "---\ntitle: ok\ntilte: typo\n---\nText.\n"},
			path:  "bad.md", line: 3, msg: "front matter: field tilte not found",
		},
		{
			name:  "unknown front-matter key after a BOM and CRLF",
			files: map[string]string{"bad.md": "\uFEFF---\r\ntitle: ok\r\n\r\nauthor: me\r\n---\r\nText.\r\n"},
			path:  "bad.md", line: 4, msg: "front matter: field author not found",
		},
		{
			name:  "unclosed front matter",
			files: map[string]string{"bad.md": "---\ntitle: ok\n\nText without the closing line.\n"},
			path:  "bad.md", line: 1, msg: "never closed",
		},
		{
			name:  "invalid UTF-8",
			files: map[string]string{"bad.txt": "First line.\nSecond line.\nThird \xe9t\xe9 line.\n"},
			path:  "bad.txt", line: 3, msg: "invalid UTF-8 at byte 31",
		},
		{
			name:  "invalid UTF-8 in front matter",
			files: map[string]string{"bad.md": "---\ntitle: caf\xe9\n---\nText.\n"},
			path:  "bad.md", line: 2, msg: "invalid UTF-8",
		},
		{
			name:  "truncated UTF-8 sequence at the end",
			files: map[string]string{"bad.md": "Text.\nMore \xe2\x80"},
			path:  "bad.md", line: 2, msg: "invalid UTF-8 at byte 11",
		},
		{
			name:  "empty file",
			files: map[string]string{"empty.md": ""},
			path:  "empty.md", line: 1, msg: "empty file",
		},
		{
			name:  "only white space",
			files: map[string]string{"blank.txt": "\n  \n\t\n"},
			path:  "blank.txt", line: 1, msg: "empty file",
		},
		{
			// The line where the body would begin.
			name:  "only front matter",
			files: map[string]string{"meta.md": "---\ntitle: Nothing here\n---\n"},
			path:  "meta.md", line: 4, msg: "empty file",
		},
		{
			name:  "only front matter and separators",
			files: map[string]string{"meta.md": "---\ntitle: Nothing here\n---\n\n…\n---\n"},
			path:  "meta.md", line: 4, msg: "empty file",
		},
		{
			name:  "binary file",
			files: map[string]string{"image.md": "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"},
			path:  "image.md", line: 3, msg: "binary file",
		},
		{
			name:  "NUL in otherwise good text",
			files: map[string]string{"nul.txt": "Good text.\nMore good text.\x00\n"},
			path:  "nul.txt", line: 2, msg: "NUL",
		},
		{
			name: "file over MaxFileSize",
			setup: func(t *testing.T, dir string) {
				big := strings.Repeat("word ", MaxFileSize/5+1)
				writeFiles(t, dir, map[string]string{"big.txt": big})
			},
			path: "big.txt", line: 0, msg: "limit",
		},
		{
			name: "symlink out of the folder",
			setup: func(t *testing.T, dir string) {
				outside := t.TempDir()
				writeFiles(t, outside, map[string]string{"secret.md": "Secret text. Not for the bot.\n"})
				symlink(t, filepath.Join(outside, "secret.md"), filepath.Join(dir, "link.md"))
			},
			path: "link.md", line: 0, msg: "outside the knowledge folder",
		},
		{
			name: "relative symlink out of the folder",
			setup: func(t *testing.T, dir string) {
				// A sibling folder whose name starts like the knowledge
				// folder's must not count as inside it.
				sibling := dir + "-evil"
				if err := os.Mkdir(sibling, 0o755); err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { os.RemoveAll(sibling) })
				writeFiles(t, sibling, map[string]string{"x.md": "Evil text.\n"})
				symlink(t, filepath.Join("..", filepath.Base(sibling), "x.md"), filepath.Join(dir, "rel.md"))
			},
			path: "rel.md", line: 0, msg: "outside the knowledge folder",
		},
		{
			name: "broken symlink",
			setup: func(t *testing.T, dir string) {
				symlink(t, filepath.Join(dir, "gone.md"), filepath.Join(dir, "broken.md"))
			},
			path: "broken.md", line: 0, msg: "broken symlink",
		},
		{
			name: "broken symlink in a nested folder",
			setup: func(t *testing.T, dir string) {
				if err := os.MkdirAll(filepath.Join(dir, "sub"), 0o755); err != nil {
					t.Fatal(err)
				}
				symlink(t, "nowhere.txt", filepath.Join(dir, "sub", "broken.txt"))
			},
			path: "sub/broken.txt", line: 0, msg: "broken symlink",
		},
		{
			name:  "bad file in a nested folder",
			files: map[string]string{"a/b/bad.md": "---\nnope: 1\n---\nText.\n"},
			path:  "a/b/bad.md", line: 2, msg: "field nope not found",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, map[string]string{goodFile: goodText, "sub/also-good.txt": "Also fine.\n"})
			writeFiles(t, dir, tt.files)
			if tt.setup != nil {
				tt.setup(t, dir)
			}

			base, problems, err := Load(dir)
			if err != nil {
				t.Fatalf("Load error = %v; want problems, not an error", err)
			}
			if len(problems) != 1 {
				t.Fatalf("Load problems = %v; want exactly one about %s", problems, tt.path)
			}
			p := problems[0]
			if p.Path != tt.path || p.Line != tt.line || !strings.Contains(p.Msg, tt.msg) {
				t.Errorf("Load problem = %q; want %s:%d: …%s…", p, tt.path, tt.line, tt.msg)
			}
			if strings.Contains(p.Msg, dir) {
				t.Errorf("Load problem %q contains the absolute folder path %s", p, dir)
			}
			// The bad file is not served; the good ones still are.
			if got, want := docPaths(base), []string{goodFile, "sub/also-good.txt"}; !slices.Equal(got, want) {
				t.Errorf("Load docs = %q; want %q", got, want)
			}
			if len(base.Passages) != 2 {
				t.Errorf("Load passages = %d; want 2 from the good files", len(base.Passages))
			}
		})
	}
}

// TestParseBadInputNoPanic feeds Parse every bad input straight, including
// ones Load would not reach, to be sure it reports instead of panicking and
// always returns a usable Document.
func TestParseBadInputNoPanic(t *testing.T) {
	inputs := []string{
		"", "\n", "\r\n", "\uFEFF", "\uFEFF---", "---", "---\n", "---\n---", "---\n...\n",
		"\x00", "\xff", "\xe2\x80", "---\n\x00\n---\n",
		"---\n: : :\n---\n", "---\n[\n---\n", "---\n- a\n---\nText.\n", "---\n&a [*a]\n---\nText.\n",
		"#", "# ", "- ", "1. ", "…", "...", "   \t  ", ".", "?!", "“”", "a.\n.b",
		"x\r", "\r\r\r", "Word." + strings.Repeat(" ", 3) + "\r\n\r\n",
	}
	for _, in := range inputs {
		t.Run(fmt.Sprintf("%q", in), func(t *testing.T) {
			defer func() {
				if r := recover(); r != nil {
					t.Fatalf("Parse(%q) panicked: %v", in, r)
				}
			}()
			doc, problems := Parse("x.md", []byte(in))
			if doc == nil {
				t.Fatalf("Parse(%q) returned a nil Document", in)
			}
			for _, p := range problems {
				if p.Path != "x.md" {
					t.Errorf("Parse(%q) problem %q names %q; want x.md", in, p, p.Path)
				}
				if n := strings.Count(in, "\n") + 1; p.Line < 0 || p.Line > n+1 {
					t.Errorf("Parse(%q) problem %q line %d outside the file's %d lines", in, p, p.Line, n)
				}
			}
			if len(problems) == 0 {
				checkInvariants(t, doc)
			}
		})
	}
}

func symlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Skipf("cannot make symlinks here: %v", err)
	}
}

func TestLoadWhichFiles(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"a.md":                   "Alpha.\n",
		"b.txt":                  "Bravo.\n",
		"UPPER.MD":               "Upper case extension.\n",
		"nested/c.md":            "Charlie.\n",
		"nested/deeper/d.txt":    "Delta.\n",
		"README.md":              "Notes for editors, not knowledge.\n",
		"readme.txt":             "Also notes.\n",
		"nested/README.md":       "Nested notes.\n",
		"README-first.md":        "Only README itself is skipped.\n",
		".hidden.md":             "Hidden file.\n",
		".drafts/e.md":           "Hidden folder.\n",
		"nested/.git/f.md":       "Hidden nested folder.\n",
		".a.md.swp":              "\x00swap",
		"notes.odt":              "PK\x03\x04",
		"data.json":              "{}",
		"noext":                  "No extension.\n",
		"md":                     "Named md without a dot.\n",
		"image.png":              "\x89PNG\x00",
		"nested/broken.yaml":     "---\n: :\n",
		"nested/deeper/e.md.bak": "Backup.\n",
	})
	// A folder named like a knowledge file is walked, not read.
	if err := os.MkdirAll(filepath.Join(dir, "folder.md"), 0o755); err != nil {
		t.Fatal(err)
	}
	writeFiles(t, dir, map[string]string{"folder.md/g.md": "Golf.\n"})

	base, problems, err := Load(dir)
	if err != nil {
		t.Fatalf("Load error = %v", err)
	}
	for _, p := range problems {
		t.Errorf("Load problem %q; want none", p)
	}
	want := []string{"README-first.md", "UPPER.MD", "a.md", "b.txt", "folder.md/g.md", "nested/c.md", "nested/deeper/d.txt"}
	if got := docPaths(base); !slices.Equal(got, want) {
		t.Errorf("Load docs = %q; want %q", got, want)
	}
	for _, d := range base.Docs {
		if got, ok := base.Doc(d.Path); !ok || got != d {
			t.Errorf("Doc(%q) = %v, %v; want the loaded document", d.Path, got, ok)
		}
		checkInvariants(t, d)
	}
	if d, ok := base.Doc("README.md"); ok {
		t.Errorf("Doc(README.md) = %v; want not loaded", d.Path)
	}
}

func TestLoadSymlinkInside(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"real/a.md": "Alpha.\n"})
	symlink(t, filepath.Join("real", "a.md"), filepath.Join(dir, "alias.md"))
	base, problems, err := Load(dir)
	if err != nil || len(problems) > 0 {
		t.Fatalf("Load = %v, %v; want no problems", problems, err)
	}
	if got, want := docPaths(base), []string{"alias.md", "real/a.md"}; !slices.Equal(got, want) {
		t.Errorf("Load docs = %q; want %q", got, want)
	}
}

func TestLoadFolderThroughSymlink(t *testing.T) {
	// The folder itself may be reached through a symlink (a deploy's
	// "current" link); files inside it are still inside.
	//
	// Regression: Load walks root, and filepath.WalkDir does not follow a root
	// that is a symlink: it reports the link itself and stops, so Load returns no
	// documents and no problems.
	realDir := t.TempDir()
	writeFiles(t, realDir, map[string]string{"a.md": "Alpha.\n"})
	symlink(t, filepath.Join(realDir, "a.md"), filepath.Join(realDir, "b.md"))
	link := filepath.Join(t.TempDir(), "current")
	symlink(t, realDir, link)
	base, problems, err := Load(link)
	if err != nil || len(problems) > 0 {
		t.Fatalf("Load = %v, %v; want no problems", problems, err)
	}
	if got, want := docPaths(base), []string{"a.md", "b.md"}; !slices.Equal(got, want) {
		t.Errorf("Load docs = %q; want %q", got, want)
	}
}

func TestLoadFolderErrors(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"file.md": "Text.\n"})
	tests := []struct {
		name string
		dir  string
	}{
		{"missing folder", filepath.Join(dir, "missing")},
		{"a file, not a folder", filepath.Join(dir, "file.md")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base, problems, err := Load(tt.dir)
			if err == nil {
				t.Errorf("Load(%q) = %v, %v, nil; want an error", tt.dir, base, problems)
			}
		})
	}
}

func TestLoadEmptyFolder(t *testing.T) {
	base, problems, err := Load(t.TempDir())
	if err != nil || len(problems) > 0 {
		t.Fatalf("Load(empty) = %v, %v; want no problems", problems, err)
	}
	if len(base.Docs) != 0 || len(base.Passages) != 0 {
		t.Errorf("Load(empty) = %d docs, %d passages; want none", len(base.Docs), len(base.Passages))
	}
}

func TestLoadManyProblems(t *testing.T) {
	// Every problem is reported, not just the first, and each names its file.
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		goodFile:   goodText,
		"a.md":     "",
		"b/c.md":   "---\ntitle: x\n",
		"d.txt":    "ok\xff",
		"e.md":     "---\ntitle: x\nfoo: 1\nbar: 2\n---\nText.\n",
		"f/g/h.md": "Fine too.\n",
	})
	base, problems, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range problems {
		got = append(got, p.String())
	}
	slices.Sort(got)
	want := []string{
		"a.md:1: empty file: no text to answer from",
		"b/c.md:1: front matter opened with --- is never closed; add a line with --- after it",
		"d.txt:1: invalid UTF-8 at byte 2; save the file as UTF-8",
		"e.md:3: front matter: field foo not found in type knowledge.frontMatter",
		"e.md:4: front matter: field bar not found in type knowledge.frontMatter",
	}
	if !slices.Equal(got, want) {
		t.Errorf("Load problems =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if got, want := docPaths(base), []string{"f/g/h.md", goodFile}; !slices.Equal(got, want) {
		t.Errorf("Load docs = %q; want %q", got, want)
	}
}

func TestProblemString(t *testing.T) {
	tests := []struct {
		p    Problem
		want string
	}{
		{Problem{Path: "a.md", Line: 3, Msg: "front matter: field x not found"}, "a.md:3: front matter: field x not found"},
		{Problem{Path: "sub/b.txt", Line: 1, Msg: "empty file"}, "sub/b.txt:1: empty file"},
		{Problem{Path: "big.txt", Msg: "too big"}, "big.txt: too big"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := tt.p.String(); got != tt.want {
				t.Errorf("%#v.String() = %q; want %q", tt.p, got, tt.want)
			}
		})
	}
}

func TestIsKnowledgeFile(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		{"a.md", true},
		{"a.txt", true},
		{"A.MD", true},
		{"a.Txt", true},
		{"a.b.md", true},
		{"README.md", false},
		{"readme.TXT", false},
		{"ReadMe.md", false},
		{"README", false},
		{"README.md.txt", true},
		{"a.markdown", false},
		{"a.pdf", true},
		{"a.PDF", true},
		{"page.htm", true},
		{"b.docx", true},
		{"c.doc", false},
		{"README.pdf", false},
		{"a.md.bak", false},
		{"md", false},
		{"a", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IsKnowledgeFile(tt.name); got != tt.want {
				t.Errorf("IsKnowledgeFile(%q) = %v; want %v", tt.name, got, tt.want)
			}
		})
	}
}

func TestFrontMatterDateAndAliases(t *testing.T) {
	doc, problems := Parse("a.md", []byte("---\ndate: 2025-12-01\naliases:\n  Manila: [Philippines]\n---\nText.\n"))
	if len(problems) > 0 || doc.Date.Year() != 2025 || doc.Date.Month() != 12 || len(doc.Aliases["Manila"]) != 1 {
		t.Errorf("Parse = date %v aliases %v problems %v", doc.Date, doc.Aliases, problems)
	}
	for _, fm := range []string{"date: next week", "aliases:\n  two words: [x]", "aliases:\n  mods: []"} {
		_, problems := Parse("b.md", []byte("---\n"+fm+"\n---\nText.\n"))
		if len(problems) != 1 || !strings.Contains(problems[0].String(), "b.md:2: front matter") {
			t.Errorf("front matter %q: problems %v; want one naming the file", fm, problems)
		}
	}
}

func TestFrontMatterURL(t *testing.T) {
	doc, problems := Parse("a.md", []byte("---\nurl: https://www.hrw.org/news/2025/11/24/icc\n---\nText.\n"))
	if len(problems) > 0 || doc.URL != "https://www.hrw.org/news/2025/11/24/icc" {
		t.Errorf("Parse = url %q, problems %v", doc.URL, problems)
	}
	for _, u := range []string{"javascript:alert(1)", "www.hrw.org", "ftp://x.org/a"} {
		doc, problems := Parse("b.md", []byte("---\nurl: \""+u+"\"\n---\nText.\n"))
		if len(problems) != 1 || doc.URL != "" {
			t.Errorf("url %q: kept %q, problems %v; want one problem and no link", u, doc.URL, problems)
		}
	}
}
