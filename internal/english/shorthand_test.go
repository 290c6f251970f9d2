package english

import (
	"slices"
	"strings"
	"testing"
)

func TestShorthand(t *testing.T) {
	tests := []struct {
		in   string
		want string // folded words joined by spaces; "" for none
	}{
		{"u", "you"},
		{"ur", "your"},
		{"r", "are"},
		{"pls", "please"},
		{"plz", "please"},
		{"bc", "because"},
		{"cuz", "because"},
		{"coz", "because"},
		{"govt", "government"},
		{"rn", "now"}, // "right now": "right" is no subject
		{"til", "until"},
		{"ww2", "second world war"},
		{"ave", "avenue"},
		{"rd", "road"},
		{"uni", "university"},
		{"max", "maximum"},
		{"mods", "moderators"},
		{"yrs", "years"},
		{"gov", "government"},
		{"tbh", "to be honest"},
		{"imo", "in my opinion"},
		{"idk", "i don t know"},
		{"btw", "by the way"},
		{"thx", "thanks"},
		{"ty", "thank you"},
		{"q", "question"},
		{"ppl", "people"},
		{"hiya", "hi"}, // a greeting, not a name to be found in the quote
		{"agm", "annual general meeting"},
		{"bbq", "barbecue"},
		{"msg", "message"},
		{"info", "information"},
		{"abt", "about"},
		{"wat", "what"},
		{"hw", "how"},
		{"wut", "what"},
		{"y", "why"},
		{"b4", "before"},
		{"2day", "today"},
		{"tmrw", "tomorrow"},
		{"dont", "don t"},
		{"theyre", "they re"},
		{"whats", "what s"},
		{"wats", "what is"},
		{"fone", "phone"},
		{"nite", "night"},
		{"yous", "you"},
		{"cant", "can t"},
		{"lets", ""}, // a common word
		{"were", ""},
		{"you", ""},
		{"court", ""},
		{"w", ""},
		{"sat", ""},
		{"U", ""}, // not folded
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got := Shorthand(tt.in)
			if want := strings.Fields(tt.want); !slices.Equal(got, want) {
				t.Errorf("Shorthand(%q) = %q; want %q", tt.in, got, want)
			}
		})
	}
}

// TestShorthandTable checks that every expansion is folded words, so that
// callers can use it like the rest of a folded question, and that a
// caller's change to a result does not reach the table.
func TestShorthandTable(t *testing.T) {
	for abbr, exp := range shorthands {
		if len(exp) == 0 {
			t.Errorf("shorthands[%q] is empty", abbr)
		}
		for _, w := range append([]string{abbr}, exp...) {
			if w == "" || strings.Trim(w, "abcdefghijklmnopqrstuvwxyz0123456789") != "" {
				t.Errorf("shorthands[%q] = %q: %q is not folded", abbr, exp, w)
			}
		}
		for _, w := range exp {
			if !IsWord(w) {
				t.Errorf("shorthands[%q] = %q: %q is not in the word list", abbr, exp, w)
			}
		}
	}
	for c, exp := range contractions {
		if _, dup := shorthands[c]; dup {
			t.Errorf("%q is both in shorthands and in contractions", c)
		}
		if strings.Join(exp, "") != c {
			t.Errorf("contractions[%q] = %q; want words that spell the key", c, exp)
		}
	}
	Shorthand("u")[0] = "changed"
	if got := Shorthand("u"); got[0] != "you" {
		t.Errorf("Shorthand(%q) = %q after a caller changed a result; want %q", "u", got, "you")
	}
}
