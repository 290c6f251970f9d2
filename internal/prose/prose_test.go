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

func TestSplit(t *testing.T) {
	tests := []struct {
		in     string
		edited bool
		want   []string
	}{
		{"Dr. Smith came. He left.", false, []string{"Dr.", "Smith came.", "He left."}},
		{"Dr. Smith came. He left.", true, []string{"Dr. Smith came.", "He left."}},
		{"The group is chaired by Rev. Anne Okafor. Cllr. Jo Bell is its treasurer.", true, []string{"The group is chaired by Rev. Anne Okafor.", "Cllr. Jo Bell is its treasurer."}},
		{"John F. Kennedy spoke. See No. 5 and art. 12.", true, []string{"John F. Kennedy spoke.", "See No. 5 and art. 12."}},
		{"It was no. Then he went.", true, []string{"It was no.", "Then he went."}},
		{"It rose 3.5 percent in the U.S. Then fell.", true, []string{"It rose 3.5 percent in the U.S. Then fell."}},
		{"a lowercase. next one", true, []string{"a lowercase. next one"}},
		{"a lowercase. next one", false, []string{"a lowercase.", "next one"}},
		{"Line one.\nLine two?! And “three.” Four", false, []string{"Line one.", "Line two?!", "And “three.”", "Four"}},
		{"  padded.   ", false, []string{"padded."}},
		{"会议在海牙举行。法院受到攻击！", false, []string{"会议在海牙举行。", "法院受到攻击！"}},
		{"", false, nil},
	}
	for _, tt := range tests {
		var got []string
		for _, sp := range Split(tt.in, Rules{Edited: tt.edited}) {
			got = append(got, tt.in[sp.Start:sp.End])
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Split(%q, edited=%v) = %q; want %q", tt.in, tt.edited, got, tt.want)
		}
	}
}
