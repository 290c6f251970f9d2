package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// dicts are the word lists package english is generated from.
var dicts = []string{"/usr/share/dict/american-english", "/usr/share/dict/british-english"}

// TestEmbeddedMatchesGenerator checks that the committed words.txt is what
// the generator makes from the installed word lists, so that nobody edits it
// by hand and a changed generator is noticed.
func TestEmbeddedMatchesGenerator(t *testing.T) {
	for _, d := range dicts {
		if _, err := os.Stat(d); os.IsNotExist(err) {
			t.Skipf("%s is not installed (Debian packages wamerican and wbritish), so there is nothing to compare words.txt with", d)
		}
	}
	out := filepath.Join(t.TempDir(), "words.txt")
	if err := run(strings.Join(dicts, ","), out); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("../../words.txt")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("the lists %v make other than words.txt; run go generate in internal/english", dicts)
	}
}

func TestBuild(t *testing.T) {
	in := strings.Join([]string{
		"Paris", "Paris's", "abandon", "abandoned", "abandons", "Bill", "bill",
		"café", "Bogotá", "I'd", "Hallowe'en", "NATO", "æon", "3D", "", "x×y",
	}, "\n")
	got, err := build(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	// Sorted: abandon abandoned abandons aeon bill Bogota cafe NATO Paris,
	// all in the first block.
	want := "abandon7ed7s1eon0bill1Ogota0cafe0Nato0Paris\n"
	if string(got) != want {
		t.Errorf("build = %q; want %q", got, want)
	}
}

func TestFold(t *testing.T) {
	tests := []struct {
		in    string
		word  string
		lower bool
		ok    bool
	}{
		{"recently", "recently", true, true},
		{"Paris", "paris", false, true},
		{"Paris's", "", false, false},
		{"NATO", "nato", false, true},
		{"éclair", "eclair", true, true},
		{"Atatürk", "ataturk", false, true},
		{"Ångström", "angstrom", false, true},
		{"I'd", "", false, false},
		{"Hallowe'en", "", false, false},
		{"3D", "", false, false},
		{"", "", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			word, lower, ok := fold(tt.in)
			if word != tt.word || lower != tt.lower || ok != tt.ok {
				t.Errorf("fold(%q) = %q, %v, %v; want %q, %v, %v", tt.in, word, lower, ok, tt.word, tt.lower, tt.ok)
			}
		})
	}
}

// TestRunUnion checks that run reads every list named and keeps a word the
// lists disagree on as common: one list's "Colour" is the other's "colour".
func TestRunUnion(t *testing.T) {
	dir := t.TempDir()
	us, gb, out := filepath.Join(dir, "us"), filepath.Join(dir, "gb"), filepath.Join(dir, "out")
	if err := os.WriteFile(us, []byte("color\nParis\nColour"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(gb, []byte("colour\ncheque\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := run(us+","+gb, out); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if want := "cheque1olor4ur0Paris\n"; string(got) != want {
		t.Errorf("run = %q; want %q", got, want)
	}
}
