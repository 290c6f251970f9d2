package prose

import (
	"reflect"
	"strings"
	"testing"
)

func TestQuotations(t *testing.T) {
	tests := []struct {
		in   string
		want []string // inner texts; a trailing "!" marks an unclosed one
	}{
		{`He said "yes" and “no”.`, []string{"yes", "no"}},
		{`The court’s work and the states' duty.`, nil},
		{`It is 'the court of last resort' they say.`, []string{"the court of last resort"}},
		{`Ein „Angriff“ und «une attaque» und 「攻撃」.`, []string{"Angriff", "une attaque", "攻撃"}},
		{`Mixed "marks” work.`, []string{"marks"}},
		{`An "open quote never closed.`, []string{"open quote never closed.!"}},
		{`A stray” closer.`, []string{" closer.!"}},
	}
	for _, tt := range tests {
		var got []string
		for _, s := range Quotations(tt.in) {
			g := s.Inner
			if !s.Closed {
				g += "!"
			}
			got = append(got, g)
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Quotations(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestSentences(t *testing.T) {
	s := `One. Two "has. a stop" inside? Three!) Four`
	var got []string
	for _, sp := range Sentences(s, Quotations(s)) {
		got = append(got, strings.TrimSpace(s[sp.Start:sp.End]))
	}
	want := []string{"One.", `Two "has. a stop" inside?`, "Three!)", "Four"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Sentences(%q) = %q; want %q", s, got, want)
	}
}

func TestQuote(t *testing.T) {
	tests := []struct {
		in   string
		want []bool
	}{
		{`A "scare" quote and “a real quotation here”.`, []bool{false, true}},
		{`An "unclosed quotation of many words`, []bool{false}},
	}
	for _, tt := range tests {
		var got []bool
		for _, g := range Quotations(tt.in) {
			got = append(got, g.Quote())
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Quote() of the runs of %q = %v; want %v", tt.in, got, tt.want)
		}
	}
}

func TestWordCount(t *testing.T) {
	for in, want := range map[string]int{"": 0, "The Hague": 2, "20-page report": 3, "国际 法院": 2, "  ,  ": 0} {
		if got := WordCount(in); got != want {
			t.Errorf("WordCount(%q) = %d; want %d", in, got, want)
		}
	}
}
