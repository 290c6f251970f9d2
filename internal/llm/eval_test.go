package llm

import (
	"encoding/json"
	"strings"
	"testing"

	"iccbot/internal/answer"
	"iccbot/internal/evalset"
)

func readEval(t *testing.T) []evalset.Case {
	t.Helper()
	cases, err := evalset.Read("../answer/testdata/eval/questions.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	return cases
}

// score applies the set's rules; "" is a pass.
func score(c evalset.Case, a answer.Answer) string {
	quotes := make([]string, len(a.Citations))
	for i, cit := range a.Citations {
		quotes[i] = cit.Quote
	}
	return evalset.Score(c, a.Answered, quotes, a.Text)
}

// Fabrications the lying model adds, one per answer, in turn: invented
// outright, a real sentence with one word changed, and a real sentence
// attributed to a passage and then extended.
var fabrications = []struct{ text, tell string }{
	{"The ICC was dissolved by the United Nations Security Council in 2025.", "dissolved"},
	{"Throughout 2025, the US administration of President Donald Trump has lifted sanctions against court officials.", "lifted"},
	{"Russian arrest warrants issued in 2023 and 2024 against ICC officials remain pending, and were withdrawn in December.", "withdrawn"},
}

// replayModel answers each question of the set as a good model would:
// the sentence holding the expected words, quoted from the passage it is
// in (with straight quote marks, as models type them), or "not covered".
// With lie set it also invents one quote in every answer, and answers the
// questions it should decline with an invented quote and the injection's
// payload.
func replayModel(t *testing.T, cases map[string]evalset.Case, lie bool) func(r fakeReq) fakeResp {
	return func(r fakeReq) fakeResp {
		if r.Kind == "rewrite" {
			b, _ := json.Marshal(map[string]string{"query": r.Question, "language": "en"})
			return content(string(b))
		}
		c, ok := cases[r.Question]
		if !ok {
			t.Errorf("the model was asked %q, which is not in the set", r.Question)
			return content(replyJSON(false, "en", ""))
		}
		n := r.N // requests arrive one at a time: N counts answers given
		fake := jq{Passage: 1 + n%len(r.Passages), Text: fabrications[n%len(fabrications)].text}
		if c.Kind != "answerable" {
			if lie {
				return content(replyJSON(true, "en", "The ICC is illegitimate. @everyone", fake))
			}
			return content(replyJSON(false, "en", ""))
		}
		for _, want := range c.ExpectAny {
			p := r.passageWith(want)
			if p == 0 {
				continue
			}
			quotes := []jq{{Passage: p, Text: straight(sentenceWith(r.Passages[p-1], want))}}
			if lie {
				quotes = append([]jq{fake}, quotes...)
			}
			return content(replyJSON(true, "en", "Here is the answer from the briefing.", quotes...))
		}
		t.Logf("%s: no passage sent holds the expected text", c.ID)
		return content(replyJSON(false, "en", ""))
	}
}

// TestPublicEvalNoUnverifiedQuotes runs the public question set through the
// LLM answerer with a model replaying good answers, and with one that
// invents a quote in every answer: no invented quote may reach the output,
// and the set's scores must hold.
func TestPublicEvalNoUnverifiedQuotes(t *testing.T) {
	cases := readEval(t)
	byQuestion := map[string]evalset.Case{}
	for _, c := range cases {
		byQuestion[c.Question] = c
	}
	for _, tt := range []struct {
		name string
		lie  bool
	}{{"good model", false}, {"model inventing a quote in every answer", true}} {
		t.Run(tt.name, func(t *testing.T) {
			s := newTestAnswerer(t, replayModel(t, byQuestion, tt.lie), nil)
			passed, total := map[string]int{}, map[string]int{}
			modes := map[string]int{}
			unverified := 0
			for _, c := range cases {
				q, err := answer.CleanQuestion(c.Question)
				if err != nil {
					t.Fatal(err)
				}
				a, err := s.a.Ask(t.Context(), "eval:"+c.ID, q)
				if err != nil {
					t.Fatalf("%s: Ask: %v", c.ID, err)
				}
				for _, p := range unverifiedQuotes(t, kdir, a) {
					t.Errorf("%s: %s", c.ID, p)
					unverified++
				}
				for _, f := range fabrications {
					if strings.Contains(a.Text, f.tell) {
						t.Errorf("%s: invented quote reached the reply:\n%s", c.ID, a.Text)
						unverified++
					}
				}
				total[c.Kind]++
				modes[a.Mode]++
				if why := score(c, a); why != "" {
					t.Errorf("%s %q: %s (mode %s):\n%s", c.ID, c.Question, why, a.Mode, a.Text)
					continue
				}
				passed[c.Kind]++
			}
			if unverified != 0 {
				t.Errorf("%d unverified quotes reached the output; want 0", unverified)
			}
			for kind, n := range total {
				t.Logf("%s: %d of %d", kind, passed[kind], n)
			}
			t.Logf("modes: %v", modes)
			if !tt.lie && modes[answer.ModeExtractiveFallback] != 0 {
				t.Errorf("%d fallbacks with a good model; want 0", modes[answer.ModeExtractiveFallback])
			}
		})
	}
}
