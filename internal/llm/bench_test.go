package llm

import (
	"strings"
	"testing"

	"iccbot/internal/lang"
)

// BenchmarkVerify measures what every LLM answer costs after the model
// replies: reading the JSON, locating and verifying its quotes (one with
// straight quote marks for typographic ones, one with an ellipsis, one
// with an en dash for a hyphen, one invented), widening them to whole
// sentences, and checking the answer's sentences against them (one
// supported, one not) and, in Spanish, the translations. The goal is under
// 100 µs a reply, so that verification is never the reason to skip it.
func BenchmarkVerify(b *testing.B) {
	e := briefing(b)
	sent := e.Passages("Who imposed sanctions on ICC officials and what did the executive order do?", DefaultPassages)
	ix := newKBIndex(e.Knowledge())
	ps, err := checkedPrompts(repoPrompts(b))
	if err != nil {
		b.Fatal(err)
	}
	det := lang.NewDetector()
	quotes := []jq{
		{Passage: 2, Text: sanctionsSentence, Translation: "A lo largo de 2025, la administración estadounidense del presidente Donald Trump ha impuesto sanciones contra funcionarios de la corte, un experto de las Naciones Unidas y organizaciones palestinas de la sociedad civil, en un ataque a la justicia y al Estado de derecho internacional."},
		{Passage: 1, Text: straight(orderSentence), Translation: "El 6 de febrero, el presidente Trump firmó una orden ejecutiva que autoriza la congelación de activos y prohibiciones de entrada contra funcionarios de la CPI y otras personas que apoyan el trabajo de la corte."},
		{Passage: 3, Text: "The order clearly seeks to shield US … from facing charges before the ICC."},
		{Passage: 4, Text: strings.Replace(hagueSentence, "20-page", "20–page", 1)},
		{Passage: 1, Text: fabricated},
	}
	for _, tt := range []struct {
		lang, answer string
		sentences    int // sentences of the answer kept
	}{
		{"en", `The US administration of President Donald Trump imposed sanctions against court officials. Human Rights Watch said the ICC should be abolished by member countries.`, 1},
		{"es", `La administración Trump impuso sanciones contra funcionarios de la corte.`, 0},
	} {
		content := replyJSON(true, tt.lang, tt.answer, quotes...)
		b.Run(tt.lang, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				v := &verifier{loc: ix.loc, ix: ix, sent: sent, prompt: ps.leak, lang: tt.lang, det: det}
				r := parseReply(content)
				cs := v.quotes(r.Quotes)
				cs = v.addQuotes(cs, leadQuotes(r.Answer))
				lead := v.lead(r.Answer, cs)
				if len(cs) != 4 || v.dropped.quotes != 1 || (lead != "") != (tt.sentences > 0) {
					b.Fatalf("got %d citations, %d dropped, lead %q", len(cs), v.dropped.quotes, lead)
				}
			}
		})
	}
}
