package answer

import (
	"strings"
	"testing"

	"iccbot/internal/knowledge"
)

func TestPassages(t *testing.T) {
	e := briefing(t)
	tests := []struct {
		question string
		first    string // the best passage contains this
		none     bool
	}{
		{"Who imposed sanctions on ICC officials?", "imposed sanctions", false},
		{"Rodrigo Duterte", "Rodrigo Duterte", false},
		{"What is the boiling point of water at sea level?", "", true},
	}
	for _, tt := range tests {
		ps := e.Passages(tt.question, 3)
		if tt.none {
			if len(ps) != 0 {
				t.Errorf("Passages(%q) = %d passages; want none", tt.question, len(ps))
			}
			continue
		}
		if len(ps) == 0 || len(ps) > 3 || !strings.Contains(ps[0].Text(), tt.first) {
			t.Errorf("Passages(%q, 3) = %d passages, first %q; want at most 3, the first holding %q", tt.question, len(ps), firstText(ps), tt.first)
		}
	}
}

func firstText(ps []*knowledge.Passage) string {
	if len(ps) == 0 {
		return ""
	}
	return ps[0].Text()
}

func TestNotCovered(t *testing.T) {
	e := briefing(t)
	a := e.NotCovered("Who won the World Cup?")
	want, _ := e.Answer(t.Context(), "Who won the World Cup?")
	if a.Answered || a.Citations == nil || len(a.Citations) != 0 || a.Text != want.Text || a.Question != "Who won the World Cup?" {
		t.Errorf("NotCovered = %+v; want the engine's not-covered answer %+v", a, want)
	}
}
