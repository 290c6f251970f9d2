package english

import (
	"strconv"
	"strings"
	"testing"
)

func TestIsWord(t *testing.T) {
	tests := []struct {
		w          string
		word, name bool
	}{
		{"recently", true, false},
		{"courts", true, false}, // an inflection
		{"a", true, false},      // the first entry
		{"zygote", true, false},
		{"cafe", true, false},   // "café", folded
		{"eclair", true, false}, // "éclair"
		{"paris", false, true},
		{"english", false, true},
		{"monday", false, true},
		{"nato", false, true},   // an acronym
		{"bogota", false, true}, // "Bogotá", folded
		{"bill", true, false},   // listed both ways: common
		{"lukashenko", false, false},
		{"teh", false, false},
		{"", false, false},
		{"Paris", false, false},     // not folded
		{"recently1", false, false}, // not a word
		{"it's", false, false},
		{"zzzzzzzz", false, false}, // after the last entry
		{"aaaa", false, false},     // between early entries
		{strings.Repeat("a", 40), false, false},
	}
	for _, tt := range tests {
		t.Run(tt.w, func(t *testing.T) {
			if got := IsWord(tt.w); got != tt.word {
				t.Errorf("IsWord(%q) = %v; want %v", tt.w, got, tt.word)
			}
			if got := IsName(tt.w); got != tt.name {
				t.Errorf("IsName(%q) = %v; want %v", tt.w, got, tt.name)
			}
		})
	}
}

// TestEveryEntry decodes the whole embedded list and checks that it is
// sorted and well formed, and that lookup finds every entry with its kind,
// along with words just before and after each one.
func TestEveryEntry(t *testing.T) {
	var entries []string
	names := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSuffix(words, "\n"), "\n") {
		prev := ""
		for i := 0; i < len(line); {
			j := i
			for j < len(line) && '0' <= line[j] && line[j] <= '9' {
				j++
			}
			shared := 0
			if j > i {
				n, err := strconv.Atoi(line[i:j])
				if err != nil || n > len(prev) {
					t.Fatalf("bad shared count %q after %q", line[i:j], prev)
				}
				shared = n
			}
			k := j
			for k < len(line) && line[k] >= 'A' {
				k++
			}
			if k == j {
				t.Fatalf("empty word after %q", prev)
			}
			w := prev[:shared] + strings.ToLower(line[j:k])
			names[w] = 'A' <= line[j] && line[j] <= 'Z'
			entries = append(entries, w)
			prev, i = w, k
		}
	}
	if len(entries) < 50000 {
		t.Fatalf("%d entries; want the whole list", len(entries))
	}
	for i, w := range entries {
		if i > 0 && entries[i-1] >= w {
			t.Fatalf("entries %q, %q out of order", entries[i-1], w)
		}
		if len(w) > maxWordLen || strings.Trim(w, "abcdefghijklmnopqrstuvwxyz") != "" {
			t.Fatalf("entry %q is not folded", w)
		}
		found, name := lookup(w)
		if !found || name != names[w] {
			t.Fatalf("lookup(%q) = %v, %v; want true, %v", w, found, name, names[w])
		}
		for _, near := range []string{w[:len(w)-1], w + "a", w + "zz"} {
			if _, listed := names[near]; listed {
				continue
			}
			if found, _ := lookup(near); found {
				t.Fatalf("lookup(%q) = true for a word not in the list", near)
			}
		}
	}
}

func BenchmarkIsWord(b *testing.B) {
	ws := []string{"recently", "the", "lukashenko", "zygote", "paris", "abandonment", "question", "xqzt"}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		IsWord(ws[i%len(ws)])
	}
}

// The Bloom filter never turns away a word the list has.
func TestBloomKeepsEveryWord(t *testing.T) {
	n := 0
	eachWord(func(w []byte) {
		n++
		if !bloom().mayHave(string(w)) {
			t.Errorf("bloom filter lacks %q", w)
		}
	})
	if n < 70000 {
		t.Errorf("decoded %d words; want the whole list", n)
	}
	misses := 0
	for _, w := range []string{"qzxv", "lukashenko", "asdfgh", "bramvdb", "santcion", "curent"} {
		if bloom().mayHave(w) {
			misses++
		}
	}
	if misses > 1 {
		t.Errorf("%d of 6 non-words pass the filter; want at most one", misses)
	}
}
