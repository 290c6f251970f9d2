package morph

import (
	"slices"
	"testing"
)

func TestCandidates(t *testing.T) {
	type form struct {
		form string
		pos  uint8
	}
	tests := []struct {
		word string
		want []form
	}{
		{"countries", []form{{"countrie", Noun}, {"country", Noun}, {"countrie", Verb}, {"country", Verb}, {"countrie", Verb}, {"countri", Verb}}},
		{"accused", []form{{"accuse", Verb}, {"accus", Verb}}},
		{"boxes", []form{{"boxe", Noun}, {"box", Noun}, {"boxe", Verb}, {"boxe", Verb}, {"box", Verb}}},
		{"women", []form{{"woman", Noun}}},
		{"taller", []form{{"tall", Adj}, {"talle", Adj}}},
		{"boss", []form{{"bos", Verb}}}, // the noun rules leave -ss alone
		{"as", []form{{"a", Verb}}},     // nouns of two letters are left alone
		{"s", nil},
		{"", nil},
	}
	for _, tt := range tests {
		t.Run(tt.word, func(t *testing.T) {
			var got []form
			for f, pos := range Candidates(tt.word) {
				got = append(got, form{f, pos})
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Candidates(%q) = %v; want %v", tt.word, got, tt.want)
			}
		})
	}
}

func TestCandidatesStops(t *testing.T) {
	n := 0
	for range Candidates("countries") {
		n++
		break
	}
	if n != 1 {
		t.Errorf("Candidates kept yielding after break: %d forms", n)
	}
}
