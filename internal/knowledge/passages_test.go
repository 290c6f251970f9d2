package knowledge

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// cut is the part of a passage the cutting tests compare.
type cut struct {
	Text               string
	StartLine, EndLine int
	Heading            string
}

func (c cut) String() string {
	return fmt.Sprintf("{%q %d-%d %q}", c.Text, c.StartLine, c.EndLine, c.Heading)
}

func cuts(doc *Document) []cut {
	var out []cut
	for _, p := range doc.Passages {
		out = append(out, cut{p.Text(), p.StartLine, p.EndLine, p.Heading})
	}
	return out
}

func TestParsePassages(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []cut
	}{
		{
			name: "blank-line paragraphs",
			src:  "First paragraph.\n\nSecond paragraph.\n\n\n\nThird paragraph.\n",
			want: []cut{{"First paragraph.", 1, 1, ""}, {"Second paragraph.", 3, 3, ""}, {"Third paragraph.", 7, 7, ""}},
		},
		{
			name: "hard-wrapped paragraph",
			src:  "Member countries of the\nInternational Criminal Court\nshould intensify efforts.\n\nNext one.\n",
			want: []cut{
				{"Member countries of the\nInternational Criminal Court\nshould intensify efforts.", 1, 3, ""},
				{"Next one.", 5, 5, ""},
			},
		},
		{
			name: "hard-wrapped then a new paragraph on the next line",
			src:  "A wrapped\nsentence ends here.\nA new line after a full stop starts a passage.\n",
			want: []cut{{"A wrapped\nsentence ends here.", 1, 2, ""}, {"A new line after a full stop starts a passage.", 3, 3, ""}},
		},
		{
			name: "hard-wrapped with a full stop inside a line",
			src:  "It ended. Then it\ncontinued on.\n",
			want: []cut{{"It ended. Then it\ncontinued on.", 1, 2, ""}},
		},
		{
			name: "one paragraph per line",
			src:  "One sentence.\nA question?\nAn exclamation!\n“A closing quote.”\n(A bracket.)\nA colon:\nAn ellipsis…\nLast line without a newline.",
			want: []cut{
				{"One sentence.", 1, 1, ""},
				{"A question?", 2, 2, ""},
				{"An exclamation!", 3, 3, ""},
				{"“A closing quote.”", 4, 4, ""},
				{"(A bracket.)", 5, 5, ""},
				{"A colon:", 6, 6, ""},
				{"An ellipsis…", 7, 7, ""},
				{"Last line without a newline.", 8, 8, ""},
			},
		},
		{
			name: "list items",
			src:  "Intro:\n- dash item\n* star item\n+ plus item\n1. numbered item\n2) paren item\n10. tenth item\n",
			want: []cut{
				{"Intro:", 1, 1, ""},
				{"dash item", 2, 2, ""},
				{"star item", 3, 3, ""},
				{"plus item", 4, 4, ""},
				{"numbered item", 5, 5, ""},
				{"paren item", 6, 6, ""},
				{"tenth item", 7, 7, ""},
			},
		},
		{
			name: "list items after a line without punctuation",
			src:  "Things to know\n- one\n- two\n",
			want: []cut{{"Things to know", 1, 1, ""}, {"one", 2, 2, ""}, {"two", 3, 3, ""}},
		},
		{
			name: "indented and wrapped list items",
			src:  "  - nested item\n\t- tab item\n- a long item that\n  wraps onto the next line.\n-   spaced marker\n",
			want: []cut{
				{"nested item", 1, 1, ""},
				{"tab item", 2, 2, ""},
				{"a long item that\n  wraps onto the next line.", 3, 4, ""},
				{"spaced marker", 5, 5, ""},
			},
		},
		{
			name: "not list markers",
			src:  "-5 degrees outside\nin winter.\n\n3.5 percent growth\nwas reported.\n\n*emphasis* is not a list\nitem.\n",
			want: []cut{
				{"-5 degrees outside\nin winter.", 1, 2, ""},
				{"3.5 percent growth\nwas reported.", 4, 5, ""},
				{"*emphasis* is not a list\nitem.", 7, 8, ""},
			},
		},
		{
			// Regression: a hard-wrapped line that begins with a number and a full stop
			// ("2025. ") is taken for an ordered-list marker, so the paragraph is cut in
			// two and "2025." belongs to no passage at all: it can never be quoted or
			// found. Got: {"The session runs from December 1 to 6,", 1-1}, {"The next
			// one is later.", 2-2} Fix (as CommonMark does): a numbered marker only
			// interrupts an open paragraph when it is "1." / "1)"; otherwise, when cur
			// is open and does not end a sentence, treat the line as a continuation.
			name: "wrapped line starting with a year",
			src:  "The session runs from December 1 to 6,\n2025. The next one is later.\n",
			want: []cut{{"The session runs from December 1 to 6,\n2025. The next one is later.", 1, 2, ""}},
		},
		{
			name: "headings set Heading and are not passages",
			src:  "# Title\nUnder the title.\n\n## Section ##\n\nIn the section.\n### Sub\t\nIn the sub.\n#hashtag is text.\n    # four spaces is not a heading\n",
			want: []cut{
				{"Under the title.", 2, 2, "Title"},
				{"In the section.", 6, 6, "Section"},
				{"In the sub.", 8, 8, "Sub"},
				{"#hashtag is text.", 9, 9, "Sub"},
				{"# four spaces is not a heading", 10, 10, "Sub"},
			},
		},
		{
			name: "heading ends a wrapped paragraph",
			src:  "A paragraph that\n# Heading\ncontinues.\n",
			want: []cut{{"A paragraph that", 1, 1, ""}, {"continues.", 3, 3, "Heading"}},
		},
		{
			name: "separator lines end passages",
			src:  "One\n…\nTwo\n...\nThree\n---\nFour\n***\nFive\n[…]\nSix\n[...]\nSeven\n___\nEight\n  …  \nNine\n* * *\nTen\n",
			want: []cut{
				{"One", 1, 1, ""}, {"Two", 3, 3, ""}, {"Three", 5, 5, ""}, {"Four", 7, 7, ""}, {"Five", 9, 9, ""},
				{"Six", 11, 11, ""}, {"Seven", 13, 13, ""}, {"Eight", 15, 15, ""}, {"Nine", 17, 17, ""}, {"Ten", 19, 19, ""},
			},
		},
		{
			name: "ellipsis inside a line is text",
			src:  "He paused … and went on.\n",
			want: []cut{{"He paused … and went on.", 1, 1, ""}},
		},
		{
			name: "CRLF line endings",
			src:  "# Head\r\nFirst line.\r\nSecond line.\r\n\r\n- item\r\n…\r\nA wrapped\r\nparagraph.\r\n",
			want: []cut{
				{"First line.", 2, 2, "Head"},
				{"Second line.", 3, 3, "Head"},
				{"item", 5, 5, "Head"},
				{"A wrapped\r\nparagraph.", 7, 8, "Head"},
			},
		},
		{
			name: "BOM at start",
			src:  "\uFEFFFirst line after a BOM.\nSecond.\n",
			want: []cut{{"First line after a BOM.", 1, 1, ""}, {"Second.", 2, 2, ""}},
		},
		{
			name: "BOM before front matter",
			src:  "\uFEFF---\ntitle: T\n---\nBody.\n",
			want: []cut{{"Body.", 4, 4, ""}},
		},
		{
			name: "front matter shifts lines",
			src:  "---\ntitle: T\nexamples:\n  - Q?\n---\n\n# H\nBody text.\n",
			want: []cut{{"Body text.", 8, 8, "H"}},
		},
		{
			name: "leading and trailing white space trimmed",
			src:  "   Indented.   \n\t Tabbed.\t\n",
			want: []cut{{"Indented.", 1, 1, ""}, {"Tabbed.", 2, 2, ""}},
		},
		{
			name: "no trailing newline",
			src:  "Only line",
			want: []cut{{"Only line", 1, 1, ""}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := mustParse(t, "doc.md", tt.src)
			if got := cuts(doc); !slices.Equal(got, tt.want) {
				t.Errorf("Parse(%q) passages =\n  %v\nwant\n  %v", tt.src, got, tt.want)
			}
			checkInvariants(t, doc)
			for _, p := range doc.Passages {
				if strings.HasSuffix(p.Text(), "\r") || strings.HasPrefix(p.Text(), "\uFEFF") {
					t.Errorf("Parse(%q) passage %q carries a \\r or BOM", tt.src, p.Text())
				}
			}
		})
	}
}

func TestParseTitle(t *testing.T) {
	tests := []struct {
		name, rel, src, want string
	}{
		{"front matter", "a.md", "---\ntitle: '  From YAML  '\n---\n# Heading\nText.\n", "From YAML"},
		{"first heading", "a.md", "Intro.\n## First heading\nText.\n# Second\nMore.\n", "First heading"},
		{"heading without text", "a.md", "# Clinic\n\n## Cancelling\n\nCancel a day ahead.\n", "Clinic"},
		{"file name", "sub/some-file.txt", "Just text.\n", "some-file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := mustParse(t, tt.rel, tt.src).Title; got != tt.want {
				t.Errorf("Parse(%q, %q).Title = %q; want %q", tt.rel, tt.src, got, tt.want)
			}
		})
	}
}

func TestParseFrontMatter(t *testing.T) {
	src := "---\ntitle: T\npublisher: ' P '\nlanguage: de\ndate: 2025-11-28\nurl: https://example.org/x\nexamples:\n  - First?\n  - '   '\n  - \" Second? \"\n...\nBody.\n"
	doc := mustParse(t, "fm.md", src)
	if doc.Title != "T" || doc.Publisher != "P" || doc.Language != "de" {
		t.Errorf("Parse(%q) = title %q, publisher %q, language %q; want T, P, de", src, doc.Title, doc.Publisher, doc.Language)
	}
	if want := []string{"First?", "Second?"}; !slices.Equal(doc.Examples, want) {
		t.Errorf("Parse(%q).Examples = %q; want %q", src, doc.Examples, want)
	}
	if got := cuts(doc); !slices.Equal(got, []cut{{"Body.", 12, 12, ""}}) {
		t.Errorf("Parse(%q) passages = %v; want only Body. on line 12", src, got)
	}
}

func TestParseDuplicateParagraphs(t *testing.T) {
	for _, n := range []int{2, 3, 9, 12} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			// Regression: repeats are numbered with string(rune('0'+min(n, 9))), so the
			// 10th and later copies all get the suffix "-9", the same ID as the 9th.
			src := strings.Repeat("The same paragraph.\n\n", n)
			doc := mustParse(t, "dup.md", src)
			if len(doc.Passages) != n {
				t.Fatalf("Parse(%d copies) = %d passages; want %d", n, len(doc.Passages), n)
			}
			seen := map[string]int{}
			for _, p := range doc.Passages {
				if prev, ok := seen[p.ID]; ok {
					t.Errorf("Parse(%d copies): ¶%d and ¶%d share ID %q", n, prev, p.Number, p.ID)
				}
				seen[p.ID] = p.Number
			}
			// The first copy keeps the ID it would have alone.
			single := mustParse(t, "dup.md", "The same paragraph.\n")
			if got, want := doc.Passages[0].ID, single.Passages[0].ID; got != want {
				t.Errorf("first copy ID = %q; want %q, as when alone", got, want)
			}
		})
	}
}

// ids maps each passage's text to its ID; texts in these tests are unique.
func ids(t *testing.T, doc *Document) map[string]string {
	t.Helper()
	m := map[string]string{}
	for _, p := range doc.Passages {
		if _, dup := m[p.Text()]; dup {
			t.Fatalf("test texts must be unique; %q repeats", p.Text())
		}
		m[p.Text()] = p.ID
	}
	return m
}

func TestStableIDsAcrossFiles(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"a.md":     "Alpha one.\n\nAlpha two.\n",
		"b.md":     "Bravo one.\n",
		"sub/c.md": "Charlie one.\n",
	})
	load := func() map[string]string {
		t.Helper()
		base, problems, err := Load(dir)
		if err != nil || len(problems) > 0 {
			t.Fatalf("Load = %v, %v", problems, err)
		}
		m := map[string]string{}
		for _, d := range base.Docs {
			for text, id := range ids(t, d) {
				m[d.Path+"|"+text] = id
			}
		}
		return m
	}
	before := load()

	// Change, add and remove other files.
	writeFiles(t, dir, map[string]string{
		"b.md":     "Bravo one, edited.\n\nBravo new.\n",
		"0-new.md": "A new first file.\n",
	})
	if err := os.Remove(filepath.Join(dir, "sub", "c.md")); err != nil {
		t.Fatal(err)
	}
	after := load()
	for _, key := range []string{"a.md|Alpha one.", "a.md|Alpha two."} {
		if before[key] == "" || after[key] != before[key] {
			t.Errorf("ID of %s = %q after editing other files; want %q", key, after[key], before[key])
		}
	}
	if before["b.md|Bravo one."] == after["b.md|Bravo one, edited."] {
		t.Errorf("edited passage kept its ID %q", before["b.md|Bravo one."])
	}
}

func TestStableIDsWithinFile(t *testing.T) {
	orig := "# H\nFirst paragraph.\n\nSecond paragraph.\n\nThird paragraph.\n"
	base := ids(t, mustParse(t, "a.md", orig))

	tests := []struct {
		name      string
		src       string
		same      []string // texts whose IDs must not change
		changedTo map[string]string
	}{
		{
			name: "edit another paragraph",
			src:  "# H\nFirst paragraph.\n\nSecond paragraph, edited.\n\nThird paragraph.\n",
			same: []string{"First paragraph.", "Third paragraph."},
		},
		{
			name: "insert a paragraph above",
			src:  "# H\nNew opening.\n\nFirst paragraph.\n\nSecond paragraph.\n\nThird paragraph.\n",
			same: []string{"First paragraph.", "Second paragraph.", "Third paragraph."},
		},
		{
			name: "delete a paragraph, move lines and change the heading",
			src:  "---\ntitle: Now with front matter\n---\n\n\n# Other heading\n\nThird paragraph.\n\n\nFirst paragraph.\n",
			same: []string{"First paragraph.", "Third paragraph."},
		},
		{
			name:      "own text changes",
			src:       "# H\nFirst paragraph.\n\nSecond paragraph!\n\nThird paragraph.\n",
			same:      []string{"First paragraph.", "Third paragraph."},
			changedTo: map[string]string{"Second paragraph.": "Second paragraph!"},
		},
		{
			name:      "own white space changes",
			src:       "# H\nFirst  paragraph.\n\nSecond paragraph.\n\nThird paragraph.\n",
			same:      []string{"Second paragraph.", "Third paragraph."},
			changedTo: map[string]string{"First paragraph.": "First  paragraph."},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ids(t, mustParse(t, "a.md", tt.src))
			for _, text := range tt.same {
				if got[text] != base[text] {
					t.Errorf("ID of %q = %q; want unchanged %q", text, got[text], base[text])
				}
			}
			for old, now := range tt.changedTo {
				if got[now] == "" || got[now] == base[old] {
					t.Errorf("ID of %q after editing it from %q = %q; want a new ID", now, old, got[now])
				}
			}
		})
	}

	t.Run("Number follows position", func(t *testing.T) {
		doc := mustParse(t, "a.md", tests[1].src)
		for _, p := range doc.Passages {
			if p.Text() == "First paragraph." && p.Number != 2 {
				t.Errorf("Number of First paragraph. after inserting one above = %d; want 2", p.Number)
			}
		}
	})

	t.Run("same text in another file", func(t *testing.T) {
		other := ids(t, mustParse(t, "b.md", orig))
		if other["First paragraph."] == base["First paragraph."] {
			t.Errorf("same paragraph in a.md and b.md share ID %q; want distinct", base["First paragraph."])
		}
	})

	t.Run("deterministic", func(t *testing.T) {
		again := ids(t, mustParse(t, "a.md", orig))
		if !equalMaps(again, base) {
			t.Errorf("IDs differ between two parses of the same file: %v vs %v", again, base)
		}
	})
}

func equalMaps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func TestSplitSentences(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string
	}{
		{"one sentence", "Only one sentence.", []string{"Only one sentence."}},
		{"no final stop", "No final stop", []string{"No final stop"}},
		{"full stop", "First one. Second one.", []string{"First one.", "Second one."}},
		{"question and exclamation", "Really? Yes! Indeed.", []string{"Really?", "Yes!", "Indeed."}},
		{"before a digit", "It met in 2024. 2025 was busier.", []string{"It met in 2024.", "2025 was busier."}},
		{"several spaces and a wrapped line", "First.   Second\nwraps. Third.", []string{"First.", "Second\nwraps.", "Third."}},
		{"before an opening curly quote", "He spoke. “Then she did.”", []string{"He spoke.", "“Then she did.”"}},
		{"before an opening straight quote", "He spoke. \"Then she did.\"", []string{"He spoke.", "\"Then she did.\""}},
		{"before a bracket", "It cost $5. (Cheap.) Then more.", []string{"It cost $5.", "(Cheap.)", "Then more."}},
		{
			"closing curly quote stays",
			"“Government efforts reflect attacks,” said Liz Evenson, director at Human Rights Watch. “ICC member countries need to stay firm.”",
			[]string{"“Government efforts reflect attacks,” said Liz Evenson, director at Human Rights Watch.", "“ICC member countries need to stay firm.”"},
		},
		{"closing quote after the stop", "She said “stop.” Then he did.", []string{"She said “stop.”", "Then he did."}},
		{"closing straight quotes", "He said \"go.\" 'Fine.' Done.", []string{"He said \"go.\"", "'Fine.'", "Done."}},
		{"closing bracket after the stop", "(See the annex.) The rest follows.", []string{"(See the annex.)", "The rest follows."}},
		{"question inside a quote", "“Why?” she asked. Nobody knew.", []string{"“Why?” she asked.", "Nobody knew."}},
		{"Mr. and Dr.", "Mr. Smith met Dr. Jones. They spoke.", []string{"Mr. Smith met Dr. Jones.", "They spoke."}},
		{"Mrs. Ms. Prof. St.", "Mrs. Lee, Ms. Roe, Prof. Kim and St. John. All came.", []string{"Mrs. Lee, Ms. Roe, Prof. Kim and St. John.", "All came."}},
		{"U.S.", "The U.S. Treasury imposed sanctions. The court objected.", []string{"The U.S. Treasury imposed sanctions.", "The court objected."}},
		{"U.N. and U.K.", "The U.N. and U.K. Governments met. Talks failed.", []string{"The U.N. and U.K. Governments met.", "Talks failed."}},
		{"e.g. and i.e.", "Some states, e.g. Hungary, left; i.e. Two did. Others stayed.", []string{"Some states, e.g. Hungary, left; i.e. Two did.", "Others stayed."}},
		{"initials", "John F. Kennedy spoke. Then he left.", []string{"John F. Kennedy spoke.", "Then he left."}},
		{"two initials", "J. R. R. Tolkien wrote. Readers read.", []string{"J. R. R. Tolkien wrote.", "Readers read."}},
		{"No. and Art.", "See No. 5 and Art. 70 of the Statute. It applies.", []string{"See No. 5 and Art. 70 of the Statute.", "It applies."}},
		{"month abbreviation", "On Dec. 6 it ends. Then a break.", []string{"On Dec. 6 it ends.", "Then a break."}},
		{"decimal number", "Growth was 3.5 percent. Next year 4.", []string{"Growth was 3.5 percent.", "Next year 4."}},
		{"version-like number", "Rule 1.2.3 applies. Rule 4 too.", []string{"Rule 1.2.3 applies.", "Rule 4 too."}},
		{"lower-case continuation", "It was approx. five. Then it ended.", []string{"It was approx. five.", "Then it ended."}},
		{"lower-case after full stop", "This ends. but this is not a new sentence.", []string{"This ends. but this is not a new sentence."}},
		{"lower-case after question", "Who? the court asked.", []string{"Who? the court asked."}},
		{"no space after stop", "See hrw.org/news for more.", []string{"See hrw.org/news for more."}},
		// Regression: isAbbreviation treats any word containing a dot as an
		// abbreviation, so a domain name ending a sentence never splits: got one
		// sentence.
		{"domain name ends a sentence", "Read it at hrw.org. The report is long.", []string{"Read it at hrw.org.", "The report is long."}},
		// Regression: "no" is in the abbreviation list for "No. 5", so the ordinary
		// word ending a sentence never splits: got one sentence.
		{"the word no ends a sentence", "The answer was no. The court moved on.", []string{"The answer was no.", "The court moved on."}},
		{"stop at the very end with spaces", "One. Two.", []string{"One.", "Two."}},
		{"non-ASCII capital", "It ended. Ñandú came next.", []string{"It ended.", "Ñandú came next."}},
		// A table's rows are its sentences; the dashes under the header
		// are none.
		{"table", "| Site | Tonnes |\n|---|:--:|\n| Kelby Bridge. North | 2.1 |\n  | Orchard Road | 5.9 |", []string{"| Site | Tonnes |", "| Kelby Bridge. North | 2.1 |", "| Orchard Road | 5.9 |"}},
		{"not a table: a line without bars", "| Site | Tonnes |\nKelby Bridge. It is north.", []string{"| Site | Tonnes |\nKelby Bridge.", "It is north."}},
		// Only the second line is the dashes: a row of dashes further down
		// means "none" and is a row.
		{"table with an empty row", "| Site | Tonnes |\n|---|---|\n| Kelby | - |\n| - | - |", []string{"| Site | Tonnes |", "| Kelby | - |", "| - | - |"}},
		// A row that starts with another kind of space is no table row.
		{"not a table: a no-break space", "| Site | Tonnes |\n\u00a0| Kelby | 2.1 |", []string{"| Site | Tonnes |\n\u00a0| Kelby | 2.1 |"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := mustParse(t, "s.md", tt.text)
			if len(doc.Passages) != 1 {
				t.Fatalf("Parse(%q) = %d passages; want 1", tt.text, len(doc.Passages))
			}
			p := doc.Passages[0]
			var got []string
			for _, s := range p.Sentences {
				got = append(got, p.SentenceText(s))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("sentences of %q = %q; want %q", tt.text, got, tt.want)
			}
			checkInvariants(t, doc)
		})
	}
}

// TestSplitSentencesOffsets checks spans directly, with text before the
// passage so that offsets are not relative to 0.
func TestSplitSentencesOffsets(t *testing.T) {
	src := "---\ntitle: T\n---\n- Ünïcode first.  “Second” one! Third?\n"
	doc := mustParse(t, "o.md", src)
	p := doc.Passages[0]
	want := []string{"Ünïcode first.", "“Second” one!", "Third?"}
	if len(p.Sentences) != len(want) {
		t.Fatalf("sentences = %d; want %d", len(p.Sentences), len(want))
	}
	for i, s := range p.Sentences {
		if got := src[s.Start:s.End]; got != want[i] {
			t.Errorf("src[%d:%d] = %q; want %q", s.Start, s.End, got, want[i])
		}
	}
	if start := strings.Index(src, "Ünïcode"); p.Start != start || p.Sentences[0].Start != start {
		t.Errorf("passage starts at %d, first sentence at %d; want %d", p.Start, p.Sentences[0].Start, start)
	}
}

// TestParsePages: page markers (as extraction writes them for PDFs) set the
// page of the passages after them, and comment lines are never quoted.
func TestParsePages(t *testing.T) {
	src := "---\ntitle: Report\npages: 3\n---\n\n<!-- page 1 -->\n\n# Summary\n\nFirst page text.\n<!-- a note for editors -->\nStill page one.\n\n<!-- page 2 -->\n\nSecond page text.\n\n<!--page 3-->\n- An item on page three.\n"
	doc, problems := Parse("report.md", []byte(src))
	if len(problems) != 0 {
		t.Fatalf("problems: %v", problems)
	}
	if doc.Pages != 3 {
		t.Errorf("Pages = %d; want 3", doc.Pages)
	}
	type paged struct {
		Text string
		Page int
	}
	var got []paged
	for _, p := range doc.Passages {
		got = append(got, paged{p.Text(), p.Page})
	}
	want := []paged{{"First page text.", 1}, {"Still page one.", 1}, {"Second page text.", 2}, {"An item on page three.", 3}}
	if !slices.Equal(got, want) {
		t.Errorf("passages = %v; want %v", got, want)
	}

	plain, _ := Parse("plain.md", []byte("No pages here.\n"))
	if p := plain.Passages[0].Page; p != 0 {
		t.Errorf("a file without markers: Page = %d; want 0", p)
	}
	if _, problems := Parse("bad.md", []byte("---\npages: -2\n---\nText.\n")); len(problems) != 1 || !strings.Contains(problems[0].Msg, "pages") {
		t.Errorf("negative pages: problems = %v; want one about pages", problems)
	}
}

// A passage knows the headings of the sections around its own, outermost
// first; a heading of the same or a higher level closes the sections
// below it.
func TestParseOuterHeadings(t *testing.T) {
	src := "# Club guide\n\nIntro.\n\n## Membership\n\nJoin any time.\n\n### Juniors\n\nUnder 18s pay £60.\n\n#### Kit\n\nShirts are £12.\n\n### Adults\n\nAdults pay £265.\n\n## Courts\n\nThree courts.\n"
	doc, problems := Parse("guide.md", []byte(src))
	if len(problems) != 0 {
		t.Fatalf("problems: %v", problems)
	}
	want := map[string][]string{
		"Intro.":             nil,
		"Join any time.":     {"Club guide"},
		"Under 18s pay £60.": {"Club guide", "Membership"},
		"Shirts are £12.":    {"Club guide", "Membership", "Juniors"},
		"Adults pay £265.":   {"Club guide", "Membership"},
		"Three courts.":      {"Club guide"},
	}
	for _, p := range doc.Passages {
		if w, ok := want[p.Text()]; !ok || !slices.Equal(p.Outer, w) {
			t.Errorf("%q (under %q): Outer = %q; want %q", p.Text(), p.Heading, p.Outer, w)
		}
	}
}
