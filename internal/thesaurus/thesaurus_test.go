package thesaurus

import (
	"slices"
	"strings"
	"testing"
)

func TestWords(t *testing.T) {
	tests := []struct {
		word       string
		has, lacks []string
	}{
		{"boss", []string{"leader", "chief", "supervisor"}, []string{"visitor"}},
		{"verdict", []string{"judgment", "finding"}, []string{"acquittal"}},
		{"penalty", []string{"fine", "punishment"}, []string{"cargo", "freight"}},
		{"subsidy", []string{"grant"}, nil},
		// Moby lists "auditor" under "visitor", but WordNet does not put
		// them near each other.
		{"visitor", []string{"caller"}, []string{"auditor", "chief", "boss"}},
		{"tribunal", []string{"court"}, nil},
	}
	for _, tt := range tests {
		got := Words(tt.word)
		for _, w := range tt.has {
			if !slices.Contains(got, w) || !Has(tt.word, w) || !Has(w, tt.word) {
				t.Errorf("Words(%q) = %v; want %q among them, both ways", tt.word, got, w)
			}
		}
		for _, w := range tt.lacks {
			if slices.Contains(got, w) || Has(tt.word, w) {
				t.Errorf("Words(%q) = %v; want no %q", tt.word, got, w)
			}
		}
	}
	for _, w := range []string{"", "xyzzy", "Boss", "boss leader", "bosses", "a", "zzzzzz", "\n"} {
		if got := Words(w); got != nil {
			t.Errorf("Words(%q) = %v; want nil", w, got)
		}
	}
}

// TestTable checks the whole table: sorted lines of plain words, each pair
// listed both ways, no word paired with itself.
func TestTable(t *testing.T) {
	lines := strings.Split(strings.TrimSuffix(data, "\n"), "\n")
	if len(lines) < 10000 || !strings.HasSuffix(data, "\n") {
		t.Fatalf("table has %d lines; want a generated table ending in a newline", len(lines))
	}
	prev := ""
	for _, line := range lines {
		fields := strings.Fields(line)
		if len(fields) < 2 || strings.Join(fields, " ") != line {
			t.Fatalf("line %q: want a word and its pairs, one space apart", line)
		}
		w := fields[0]
		if w <= prev {
			t.Fatalf("line of %q after %q; want lines sorted", w, prev)
		}
		prev = w
		if !slices.IsSorted(fields[1:]) {
			t.Errorf("pairs of %q not sorted", w)
		}
		for _, x := range fields {
			if strings.Trim(x, "abcdefghijklmnopqrstuvwxyz") != "" {
				t.Fatalf("line of %q: %q is no plain word", w, x)
			}
		}
		for _, x := range fields[1:] {
			if x == w || !Has(x, w) {
				t.Errorf("%q lists %q, which does not list it back", w, x)
			}
		}
		// Every word is found where it is.
		if got := Words(w); !slices.Equal(got, fields[1:]) {
			t.Fatalf("Words(%q) = %v; want %v", w, got, fields[1:])
		}
	}
}

func BenchmarkWords(b *testing.B) {
	for b.Loop() {
		Has("verdict", "judgment")
		Words("boss")
	}
}
