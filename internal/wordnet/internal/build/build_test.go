package build

import (
	"errors"
	"os"
	"slices"
	"testing"

	"iccbot/internal/wordnet/internal/morph"
)

func TestPlain(t *testing.T) {
	tests := []struct {
		lemma string
		want  bool
	}{
		{"court", true},
		{"2", true},
		{"1st", true},
		{"court_of_law", false},
		{"e-mail", false},
		{"u.s.", false},
		{"o'clock", false},
		{"Court", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := plain(tt.lemma); got != tt.want {
			t.Errorf("plain(%q) = %v; want %v", tt.lemma, got, tt.want)
		}
	}
}

func TestAddSynset(t *testing.T) {
	d := &db{synsets: map[key]*synset{}}
	// Lisbon's line, and an adjective satellite with a "(p)" marker.
	lines := []struct {
		pos  uint8
		line string
		k    key
		want synset
	}{
		{
			morph.Noun,
			"08986066 15 n 03 Lisbon 0 Lisboa 0 capital_of_Portugal 0 002 @i 08691669 n 0000 #p 08984788 n 0000 | capital of Portugal",
			key{morph.Noun, 8986066},
			synset{
				words: []string{"lisbon", "lisboa", "capital_of_portugal"},
				ptrs:  []pointer{{"@i", key{morph.Noun, 8691669}, 0, 0}, {"#p", key{morph.Noun, 8984788}, 0, 0}},
			},
		},
		{
			morph.Adj,
			"00019731 00 s 02 handy 0 ready_to_hand(p) 0 002 & 00019131 a 0000 + 04718999 n 0101 | easy to reach",
			key{morph.Adj, 19731},
			synset{
				words: []string{"handy", "ready_to_hand"},
				ptrs:  []pointer{{"&", key{morph.Adj, 19131}, 0, 0}, {"+", key{morph.Noun, 4718999}, 1, 1}},
			},
		},
	}
	for _, tt := range lines {
		if err := d.addSynset(tt.pos, tt.line); err != nil {
			t.Fatalf("addSynset(%q): %v", tt.line, err)
		}
		got := d.synsets[tt.k]
		if got == nil || !slices.Equal(got.words, tt.want.words) || !slices.Equal(got.ptrs, tt.want.ptrs) {
			t.Errorf("addSynset(%q) = %+v; want %+v", tt.line, got, tt.want)
		}
	}
	for _, bad := range []string{"", "08986066 15 n", "08986066 15 n 01 Lisbon 0 002 @i 08691669 n"} {
		if err := d.addSynset(morph.Noun, bad); err == nil {
			t.Errorf("addSynset(%q) = nil; want an error", bad)
		}
	}
}

func TestAddIndexAndCount(t *testing.T) {
	idx := map[string][]uint32{}
	if err := addIndex(idx, "court v 3 3 @ ~ + 3 2 02534492 02534936 02534761  "); err != nil {
		t.Fatal(err)
	}
	if got, want := idx["court"], []uint32{2534492, 2534936, 2534761}; !slices.Equal(got, want) {
		t.Errorf("addIndex: court = %v; want %v", got, want)
	}
	d := &db{counts: map[senseKey]int{}}
	if err := d.addCount("court%2:41:00:: 1 5"); err != nil {
		t.Fatal(err)
	}
	if got := d.counts[senseKey{morph.Verb, "court", 1}]; got != 5 {
		t.Errorf("addCount: court verb sense 1 = %d; want 5", got)
	}
	for _, bad := range []string{"court 1 5", "court%9:41:00:: 1 5", "court%2:41:00:: x 5"} {
		if err := d.addCount(bad); err == nil {
			t.Errorf("addCount(%q) = nil; want an error", bad)
		}
	}
}

func TestBuildMissingDir(t *testing.T) {
	if _, err := Build(t.TempDir()); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Build(empty dir) error = %v; want one wrapping os.ErrNotExist", err)
	}
}
