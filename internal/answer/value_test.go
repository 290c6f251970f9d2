package answer

import (
	"strings"
	"testing"
)

// A question for the value of a quantity or a price is answered by the
// sentence that gives one, not by one that only says the word: "Check the
// fridge temperatures" is no answer to "what temperature…?".
func TestValueAsked(t *testing.T) {
	const src = "# Food bank volunteers\n\n" +
		"Check the fridge and chiller temperatures at the start of every session and write them in the log.\n\n" +
		"The fridge temperature must stay at 5°C or below, and anything warmer goes in the bin.\n\n" +
		"The subscription year runs from 1 April to 31 March.\n\n" +
		"Membership costs £35 a year for each volunteer driver.\n\n" +
		"Our minibus was bought from the council in 2019.\n"
	e := engineOf(t, "foodbank.md", src)
	for _, tt := range []struct{ q, want, not string }{
		{"what temperature do the fridges have to be at?", "5°C", "Check the fridge"},
		// The sentence that names the subscription may come too.
		{"whats the yearly subscription for a volunteer driver", "£35", ""},
	} {
		a, err := e.Answer(t.Context(), tt.q)
		if err != nil {
			t.Fatal(err)
		}
		if !a.Answered || !strings.Contains(a.Text, tt.want) || tt.not != "" && strings.Contains(a.Text, tt.not) {
			t.Errorf("%q: answered %v, %q; want the sentence with %q alone", tt.q, a.Answered, a.Text, tt.want)
		}
	}
}

// "How many of the sixty-four sailors were girls?" asks about a part of a
// group whose number the question gives; a sentence with that number and
// another ("23 of them passed") seems to answer it and seldom does.
func TestPartOfStatedGroup(t *testing.T) {
	for _, tt := range []struct {
		q    string
		want bool
	}{
		{"how many of the sixty four sailors this year were girls?", true},
		{"how many of the 38 homes are empty right now", true},
		{"how many of them passed?", false},
		{"how many of the volunteers were new?", false},
		{"how many sailors took part?", false},
	} {
		if got := questionWants(tt.q).partOfStated; got != tt.want {
			t.Errorf("questionWants(%q).partOfStated = %v; want %v", tt.q, got, tt.want)
		}
	}
}

// "cost" and "price" in a question for a sum only say what kind of answer
// is asked: the price of a pool swim is no answer to what the sauna
// costs, which the knowledge does not say.
func TestPriceOfTheUnknown(t *testing.T) {
	const src = "# Leisure centre\n\nThe pool opens at 7am on weekdays. A pool swim costs £4 for adults.\n\n" +
		"The gym has twelve bikes.\n\nParking is free after 6pm.\n"
	e := engineOf(t, "pool.md", src)
	wantDeclined(t, e, "how much does the sauna cost?")
	wantDeclined(t, e, "what does the sauna cost?")
	wantAnswer(t, e, "what does a pool swim cost?", "£4")
}
