package answer

import (
	"strings"
	"testing"
)

// "What happens if…?" asks what follows, which a rule says with "if" or
// "will": not a sentence that only says the same words.
func TestOutcomeAsked(t *testing.T) {
	const src = "# Island ferry\n\n" +
		"The ferry is cancelled about twice a year because of fog in the harbour.\n\n" +
		"If a sailing is cancelled, your ticket is valid on the next sailing that runs.\n\n" +
		"The ferry leaves Fish Quay at 9am and 2pm every day from April to October.\n"
	e := engineOf(t, "ferry.md", src)
	q := "what happens if the ferry is cancelled?"
	a, err := e.Answer(t.Context(), q)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(a.Text, "valid on the next sailing") || strings.Contains(a.Text, "twice a year") {
		t.Errorf("%q: %q; want the rule for a cancelled sailing alone", q, a.Text)
	}
	for _, tt := range []struct {
		q    string
		want fact
	}{
		{"what happens if i miss three shifts in a row?", factOutcome},
		{"what happens to the bread nobody collects?", factOutcome},
		{"what will happen if it rains on the day?", factOutcome},
		{"what happens at half past eight?", 0},
	} {
		if got := questionWants(tt.q).facts; got != tt.want {
			t.Errorf("questionWants(%q).facts = %b; want %b", tt.q, got, tt.want)
		}
	}
	if got := facts("If a sailing is cancelled, your ticket is valid on the next sailing."); got&factOutcome == 0 {
		t.Errorf("facts of a rule with 'if' = %b; want factOutcome", got)
	}
	if got := facts("The ferry leaves Fish Quay at 9am."); got&factOutcome != 0 {
		t.Errorf("facts of a timetable = %b; want no factOutcome", got)
	}
}
