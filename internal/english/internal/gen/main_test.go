package main

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

// dict is the word list package english is generated from.
const dict = "/usr/share/dict/american-english"

// TestEmbeddedMatchesGenerator checks that the committed words.txt is what
// the generator makes from the installed word list, so that nobody edits it
// by hand and a changed generator is noticed.
func TestEmbeddedMatchesGenerator(t *testing.T) {
	f, err := os.Open(dict)
	if os.IsNotExist(err) {
		t.Skipf("%s is not installed (Debian package wamerican), so there is nothing to compare words.txt with", dict)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, err := build(f)
	if err != nil {
		t.Fatalf("build(%s): %v", dict, err)
	}
	want, err := os.ReadFile("../../words.txt")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("build(%s) differs from words.txt; run go generate in internal/english", dict)
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
