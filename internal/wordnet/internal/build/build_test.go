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

// TestHypernymsClimb checks, on a made-up database, that the walk counts a
// level of multiword lemmas and climbs through it, stops after two levels,
// takes a word's common senses among its nouns and verbs alone, and lets the
// synsets of a level take turns.
func TestHypernymsClimb(t *testing.T) {
	n := func(off uint32) key { return key{morph.Noun, off} }
	v := func(off uint32) key { return key{morph.Verb, off} }
	isa := func(to key) []pointer { return []pointer{{"@", to, 0, 0}} }
	d := &db{
		synsets: map[key]*synset{
			n(1):            {words: []string{"green", "greenness"}, ptrs: isa(n(2))},
			n(2):            {words: []string{"chromatic_color"}, ptrs: isa(n(3))},
			n(3):            {words: []string{"color", "colour"}, ptrs: isa(n(4))},
			n(4):            {words: []string{"property"}},
			{morph.Adj, 10}: {words: []string{"green", "greenish"}},
			n(5):            {words: []string{"ban", "prohibition"}, ptrs: isa(n(6))},
			n(6):            {words: []string{"decree", "edict"}},
			v(20):           {words: []string{"ban"}, ptrs: isa(v(21))},
			v(21):           {words: []string{"outlaw", "criminalize"}},
		},
		index: map[uint8]map[string][]uint32{
			morph.Noun: {"green": {1}, "ban": {5}},
			morph.Verb: {"ban": {20}},
			morph.Adj:  {"green": {10}},
		},
		counts: map[senseKey]int{
			{morph.Noun, "green", 1}: 6, {morph.Adj, "green", 1}: 26,
			{morph.Noun, "ban", 1}: 1, {morph.Verb, "ban", 1}: 2,
		},
	}
	tb := &tables{d: d}
	tests := []struct {
		word     string
		hyp, syn []string
	}{
		// The noun is too rare against the adjective for synonyms, but is
		// the common one among nouns and verbs; "property" is three up.
		{"green", []string{"color", "colour"}, []string{"greenish"}},
		{"ban", []string{"outlaw", "decree", "criminalize", "edict"}, []string{"prohibition"}},
	}
	for _, tt := range tests {
		if got := tb.hypernyms(tt.word); !slices.Equal(got, tt.hyp) {
			t.Errorf("hypernyms(%q) = %v; want %v", tt.word, got, tt.hyp)
		}
		if got := tb.synonyms(tt.word); !slices.Equal(got, tt.syn) {
			t.Errorf("synonyms(%q) = %v; want %v", tt.word, got, tt.syn)
		}
	}
}

func TestPairKey(t *testing.T) {
	tests := []struct {
		lemma, want string
	}{
		{"hand_over", "hand over"},
		{"new_york", "new york"},
		{"mi5_agent", "mi5 agent"},
		{"court", ""},
		{"court_of_law", ""},
		{"e-mail", ""},
		{"x-ray_machine", ""},
		{"o'er_here", ""},
		{"_over", ""},
		{"hand_", ""},
	}
	for _, tt := range tests {
		got, ok := pairKey(tt.lemma)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("pairKey(%q) = %q, %v; want %q", tt.lemma, got, ok, tt.want)
		}
	}
}

// TestPairExceptions checks, on a made-up database, that an exception's base
// forms have as many words as the form: a two-word form gets two-word keys,
// and a single word never gains one.
func TestPairExceptions(t *testing.T) {
	tb := &tables{
		d: &db{exc: map[uint8]map[string][]string{
			morph.Noun: {
				"comics":         {"comic_strip", "comic"},
				"courts_martial": {"court_martial"},
				"mass_media":     {"mass_medium", "medium"},
			},
		}},
		pos: map[string]uint8{"comic": morph.Noun, "comic strip": morph.Noun, "court martial": morph.Verb,
			"mass medium": morph.Noun, "medium": morph.Noun},
	}
	tests := []struct {
		form string
		want []string
	}{
		{"comics", []string{"comic"}},
		{"courts_martial", nil}, // not a noun here
		{"mass_media", []string{"mass medium"}},
	}
	for _, tt := range tests {
		if got := tb.exceptions(tt.form); !slices.Equal(got, tt.want) {
			t.Errorf("exceptions(%q) = %v; want %v", tt.form, got, tt.want)
		}
	}
}

// TestMostlyInflected checks, on a made-up database, that a noun or verb
// lemma is read as an inflection only when its base's senses, in the parts
// of speech whose exception list makes it one, are tagged six times as
// often as its own, and that a word with no tags of its base never is.
func TestMostlyInflected(t *testing.T) {
	d := &db{
		index: map[uint8]map[string][]uint32{
			morph.Noun: {"found": {1}, "left": {2}, "ground": {3}},
			morph.Verb: {"find": {10}, "found": {11}, "leave": {12}, "grind": {13}},
			morph.Adj:  {"left": {20}},
		},
		counts: map[senseKey]int{
			{morph.Verb, "find", 1}: 700, {morph.Verb, "found", 1}: 14, {morph.Noun, "found", 1}: 1,
			{morph.Verb, "leave", 1}: 400, {morph.Adj, "left", 1}: 60, {morph.Noun, "left", 1}: 18,
			{morph.Noun, "ground", 1}: 100,
		},
		exc: map[uint8]map[string][]string{
			morph.Verb: {"found": {"find"}, "left": {"leave"}, "ground": {"grind"}},
		},
	}
	tb := &tables{d: d, pos: map[string]uint8{
		"found": morph.Noun | morph.Verb, "left": morph.Noun | morph.Adj, "ground": morph.Noun,
		"find": morph.Verb, "leave": morph.Verb, "grind": morph.Verb,
	}}
	for _, tt := range []struct {
		form, base string
		want       bool
	}{
		{"found", "find", true},    // 700 against 15
		{"left", "leave", false},   // 400 against 78, the adjective's tags counting
		{"ground", "grind", false}, // "grind" has no tags at all
		{"found", "leave", false},  // no exception list makes it so
	} {
		if got := tb.mostlyInflected(tt.form, tt.base); got != tt.want {
			t.Errorf("mostlyInflected(%q, %q) = %v; want %v", tt.form, tt.base, got, tt.want)
		}
	}
}
