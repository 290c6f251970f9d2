package llm

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"iccbot/internal/answer"
)

var update = flag.Bool("update", false, "rewrite the .golden files of testdata/replies and testdata/rewrites")

// goldenReply is what a reply reads as, in the golden files.
type goldenReply struct {
	NotCovered bool          `json:"not_covered,omitempty"`
	Language   string        `json:"language,omitempty"`
	Lead       string        `json:"lead,omitempty"`
	Quotes     []goldenQuote `json:"quotes,omitempty"`
}

type goldenQuote struct {
	Passage     int    `json:"passage,omitempty"`
	Text        string `json:"text"`
	Translation string `json:"translation,omitempty"`
}

func golden(d answer.Draft) goldenReply {
	g := goldenReply{NotCovered: d.NotCovered, Language: d.Language, Lead: d.Lead}
	for _, q := range d.Quotes {
		g.Quotes = append(g.Quotes, goldenQuote{q.Passage, q.Text, q.Translation})
	}
	return g
}

// checkGolden compares got, as indented JSON, with the .golden file beside
// the reply file name, or rewrites it with -update.
func checkGolden(t *testing.T, name string, got any) {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(got); err != nil {
		t.Fatal(err)
	}
	path := strings.TrimSuffix(name, ".txt") + ".golden"
	if *update {
		if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to write it)", err)
	}
	if !bytes.Equal(b.Bytes(), want) {
		t.Errorf("%s reads as\n%s\nwant (%s)\n%s", name, b.Bytes(), path, want)
	}
}

func replyFiles(t *testing.T, dir string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", dir, "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no replies in testdata/%s: %v", dir, err)
	}
	return files
}

// TestParseReplyGolden reads each recorded kind of model reply (see the
// comment at the top of reply.go) and compares what it reads as with its
// golden file.
func TestParseReplyGolden(t *testing.T) {
	for _, name := range replyFiles(t, "replies") {
		t.Run(filepath.Base(name), func(t *testing.T) {
			content, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			checkGolden(t, name, golden(parseReply(string(content))))
		})
	}
}

// TestParseRewriteGolden does the same for the rewrite call's replies.
func TestParseRewriteGolden(t *testing.T) {
	for _, name := range replyFiles(t, "rewrites") {
		t.Run(filepath.Base(name), func(t *testing.T) {
			content, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			rw := parseRewrite(string(content))
			checkGolden(t, name, struct {
				Query    string `json:"query"`
				Language string `json:"language,omitempty"`
			}{rw.Query, rw.Language})
		})
	}
}

// TestParseReplyOther: what is none of the recorded kinds (other field
// names, quotes as bare strings, the object encoded again as a string)
// reads as an empty draft, and gets the extractive answer.
func TestParseReplyOther(t *testing.T) {
	for _, in := range []string{
		"",
		`{"Answered": "yes", "Lead": "A.", "citations": [{"source": "Passage 3", "quote": "B c d."}]}`,
		`{"covered": true, "answer": "A.", "quotes": "B c d."}`,
		`"{\"covered\": true, \"answer\": \"A.\", \"quotes\": []}"`,
		`{"not_covered": true}`,
	} {
		if got := parseReply(in); !reflect.DeepEqual(got, answer.Draft{}) {
			t.Errorf("parseReply(%q) = %+v; want an empty draft", in, got)
		}
	}
}

func TestRepairJSON(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{`{"a": 1}`, `{"a": 1}`, true},
		{`{"a": [{"b": 1}, {"b": 2`, `{"a": [{"b": 1}]}`, true},
		{`{"a": [{"b": "}"}, {"b": "x`, `{"a": [{"b": "}"}]}`, true},
		{`{"a": "x", "b": [{"c": "y`, `{"a": "x"}`, true},
		{`{"a": "no end`, "", false},
		{`]`, "", false},
	}
	for _, tt := range tests {
		got, ok := repairJSON(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("repairJSON(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestDropTrailingCommas(t *testing.T) {
	in := `{"a": [1, 2,], "b": "x,}", "c": {"d": 3 ,
	},}`
	want := `{"a": [1, 2], "b": "x,}", "c": {"d": 3 
	}}`
	if got := dropTrailingCommas(in); got != want {
		t.Errorf("dropTrailingCommas(%q) = %q; want %q", in, got, want)
	}
}

func TestNormLang(t *testing.T) {
	for in, want := range map[string]string{"es": "es", "ES-mx": "es", "Spanish": "es", "pt_BR": "pt", "": "", "xx-long-tag": "xx", "es!": ""} {
		if got := normLang(in); got != want {
			t.Errorf("normLang(%q) = %q; want %q", in, got, want)
		}
	}
}

func FuzzParseReply(f *testing.F) {
	for _, s := range []string{
		`{"covered": true, "answer": "A.", "quotes": [{"passage": 1, "text": "B c d."}]}`,
		`{"covered": true, "quotes": [{"passage": 1, "text": "B`,
		"“a b c” and \"d e f\"",
		"```json\n{}\n```",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d := parseReply(s) // must not panic
		for _, q := range d.Quotes {
			if q.Text == "" {
				t.Errorf("parseReply(%q) gave an empty quote", s)
			}
		}
		parseRewrite(s)
	})
}

// BenchmarkParseReply measures reading a well-formed reply, what every
// LLM answer costs before verification (BenchmarkVerify, in
// internal/answer).
func BenchmarkParseReply(b *testing.B) {
	content, err := os.ReadFile("testdata/replies/json-mode-spanish.txt")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if d := parseReply(string(content)); len(d.Quotes) != 2 {
			b.Fatalf("%d quotes", len(d.Quotes))
		}
	}
}
