package llm

import "testing"

// BenchmarkVerify measures what every LLM answer costs after the model
// replies: reading the JSON, locating and verifying its quotes (one with
// straight quote marks for typographic ones, one with an ellipsis, one
// invented) and cleaning its answer. The goal is under 100 µs, so that
// verification is never the reason to skip it.
func BenchmarkVerify(b *testing.B) {
	e := briefing(b)
	sent := e.Passages("Who imposed sanctions on ICC officials and what did the executive order do?", DefaultPassages)
	ix := newKBIndex(e.Knowledge())
	v0 := &verifier{
		loc:     ix.loc,
		words:   ix.passageWords,
		sent:    sent,
		english: true,
	}
	ps, err := checkedPrompts(repoPrompts(b))
	if err != nil {
		b.Fatal(err)
	}
	v0.prompt = ps.leak
	content := replyJSON(true, "en",
		`The US administration of President Donald Trump imposed sanctions "against court officials". An executive order authorized asset freezes and entry bans.`,
		jq{Passage: 2, Text: sanctionsSentence},
		jq{Passage: 1, Text: straight(orderSentence)},
		jq{Passage: 3, Text: "The order clearly seeks to shield US … from facing charges before the ICC."},
		jq{Passage: 1, Text: fabricated},
	)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		v := *v0
		r := parseReply(content)
		cs, dropped := v.quotes(r.Quotes, false)
		lead := v.lead(r.Answer)
		if len(cs) != 3 || dropped != 1 || lead == "" {
			b.Fatalf("got %d citations, %d dropped, lead %q", len(cs), dropped, lead)
		}
	}
}
