package english

import "testing"

func TestFixAmong(t *testing.T) {
	words := []string{"time", "number", "phone", "hours"}
	tests := []struct {
		in   string
		want string // "" for no correction
	}{
		{"tiem", "time"},
		{"numbr", "number"},
		{"phnoe", "phone"},
		{"hous", "hours"}, // FixAmong knows only words; the caller checks the slip is unambiguous
		{"time", ""},      // a listed word itself
		{"house", ""},     // an English word is never a slip
		{"tim", ""},       // a name in the list
		{"xyzzy", ""},
	}
	for _, tt := range tests {
		got, ok := FixAmong(tt.in, words)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("FixAmong(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
		}
	}
}

func TestFixFunctionWord(t *testing.T) {
	tests := []struct {
		in   string
		want string // "" for no correction
	}{
		{"waht", "what"},
		{"teh", "the"},
		{"hte", "the"},
		{"wen", "when"}, // listed, but in typoWords
		{"whet", "what"},
		{"hwo", "how"}, // also a swap from "who": "how" is more frequent
		{"wher", "where"},
		{"whne", "when"},
		{"becuase", "because"},
		{"beacuse", "because"},
		{"becuse", "because"},
		{"abotu", "about"},
		{"thier", "their"},
		{"tehy", "they"},
		{"wiht", "with"},
		{"adn", "and"},
		{"frm", "from"},
		{"wich", "which"},
		{"shoud", "should"},
		{"whatt", "what"},
		{"wgat", "what"},
		{"yuo", "you"},
		{"si", ""}, // listed: the symbol for silicon
		{"fo", "of"},
		{"wat", ""},    // shorthand: left to Shorthand
		{"theyre", ""}, // a contraction, not "there"
		{"whos", ""},   // a contraction, not "whose"
		{"evrey", "every"},
		{"court", ""}, // a word
		{"thy", ""},   // a word, though close to "they"
		{"hwy", ""},   // a word (highway)
		{"paris", ""}, // a name
		{"wto", ""},   // listed acronym
		{"icc", ""},
		{"what", ""}, // already right
		{"the", ""},
		{"xyzzy", ""},
		{"wgt", ""}, // a letter wrong: not trusted in three letters
		{"tthe", "the"},
		{"ab", ""}, // two letters: swaps only
		{"a", ""},
		{"", ""},
		{"Waht", ""}, // not folded
		{"w4t", ""},
		{"becauuuse", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := FixFunctionWord(tt.in)
			if got != tt.want || ok != (tt.want != "") {
				t.Errorf("FixFunctionWord(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.want != "")
			}
		})
	}
}

// TestFunctionWords checks the lists FixFunctionWord relies on: every
// function word is a common word, none is listed twice, and
// longestFunctionWord is right.
func TestFunctionWords(t *testing.T) {
	seen := map[string]bool{}
	longest := 0
	for _, f := range functionWords {
		if seen[f] {
			t.Errorf("functionWords lists %q twice", f)
		}
		seen[f] = true
		if !IsWord(f) {
			t.Errorf("function word %q is not a common word in the list", f)
		}
		longest = max(longest, len(f))
	}
	if longest != longestFunctionWord {
		t.Errorf("longestFunctionWord = %d; want %d", longestFunctionWord, longest)
	}
	for w := range typoWords {
		if !IsWord(w) {
			t.Errorf("typoWords holds %q, which is not in the word list", w)
		}
	}
}
