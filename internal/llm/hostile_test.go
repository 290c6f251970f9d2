package llm

import (
	"strings"
	"testing"

	"iccbot/internal/answer"
)

// The fixed leads a reply may carry when none of the model's sentences is
// kept.
const (
	fixedLead   = "Here is what the briefing says:"
	fixedLeadES = "Esto es lo que dicen las fuentes:"
)

// Spanish translations of briefing sentences, as a careful translator
// would write them.
const (
	esHague    = "El informe de 20 páginas formula recomendaciones detalladas para el período de sesiones anual de la Asamblea de los Estados Partes de la CPI, que se reunirá en La Haya, Países Bajos, del 1 al 6 de diciembre de 2025."
	esRussia   = "Las órdenes de arresto rusas emitidas en 2023 y 2024 contra funcionarios de la CPI siguen pendientes."
	esDuterte  = "En marzo, Filipinas entregó al expresidente Rodrigo Duterte a la corte para enfrentar cargos de crímenes de lesa humanidad relacionados con la notoria «guerra contra las drogas» del país, que mató a decenas de miles de personas."
	esQuestion = "¿Cuándo se reúne la Asamblea de los Estados Partes?"
)

// spanish answers the rewrite request as a model would for a Spanish
// question, and the answer request with reply.
func spanish(reply func(r fakeReq) string) func(r fakeReq) fakeResp {
	return func(r fakeReq) fakeResp {
		if r.Kind == "rewrite" {
			return content(`{"query": "When does the Assembly of States Parties meet?", "language": "es"}`)
		}
		return content(reply(r))
	}
}

// TestHostileModel drives a model that lies, reverses, invents and mangles
// through the whole answerer, and checks what reaches people: the
// model's own sentences only when a quote they cite supports them,
// quotes only as whole verified sentences, translations only when they
// keep their quote's numbers and names, and the engine's answer when the
// model wrongly says the briefing does not cover a question.
func TestHostileModel(t *testing.T) {
	tests := []struct {
		name     string
		question string
		reply    func(r fakeReq) fakeResp
		mode     string
		answered bool
		lead     string   // the lead wanted, if set
		quotes   []string // the citations wanted, in order, if set
		in       []string // must be in the reply text
		notIn    []string // must not be in the reply text
		overrule int      // "not covered" answers overruled
	}{
		// The cases of the issue.
		{
			name:     "wrong dates in the lead",
			question: "When does the Assembly meet?",
			reply: func(r fakeReq) fakeResp {
				return content(replyJSON(true, "en", "The Assembly of States Parties will meet in The Hague from December 6 to 20, 2025.",
					jq{Passage: r.passageWith("20-page"), Text: straight(hagueSentence)}))
			},
			mode: answer.ModeLLM, answered: true, lead: fixedLead, quotes: []string{hagueSentence},
			notIn: []string{"December 6 to 20"},
		},
		{
			name:     "a lead reversed with not",
			question: "Where does the Assembly meet?",
			reply: func(r fakeReq) fakeResp {
				return content(replyJSON(true, "en", "The Assembly of States Parties will not meet in The Hague.",
					jq{Passage: r.passageWith("20-page"), Text: hagueSentence}))
			},
			mode: answer.ModeLLM, answered: true, lead: fixedLead, quotes: []string{hagueSentence},
			notIn: []string{"will not meet"},
		},
		{
			name:     "an invented claim without quotation marks",
			question: "What did Human Rights Watch say member countries should do?",
			reply: func(r fakeReq) fakeResp {
				return content(replyJSON(true, "en", "Human Rights Watch said the ICC should be abolished by member countries.",
					jq{Passage: r.passageWith("intensify efforts"), Text: "Member countries of the International Criminal Court (ICC) should intensify efforts to protect the court and human rights groups campaigning for justice from attack, Human Rights Watch said in a new report."}))
			},
			mode: answer.ModeLLM, answered: true, lead: fixedLead,
			notIn: []string{"abolished"},
		},
		{
			name:     "off-topic defamation as the lead",
			question: "Who is Liz Evenson?",
			reply: func(r fakeReq) fakeResp {
				return content(replyJSON(true, "en", "Liz Evenson was convicted of war crimes in Darfur. She should be arrested.",
					jq{Passage: r.passageWith("Liz Evenson"), Text: straight(evensonSentence)},
					jq{Passage: r.passageWith("Janjaweed"), Text: straight(janjaweedSentence)}))
			},
			mode: answer.ModeLLM, answered: true, lead: fixedLead,
			notIn: []string{"convicted of war crimes in Darfur", "arrested"},
		},
		{
			name:     "a made-up translation",
			question: esQuestion,
			reply: spanish(func(r fakeReq) string {
				return replyJSON(true, "es", "La Asamblea se reúne en La Haya.",
					jq{Passage: r.passageWith("arrest warrants issued"), Text: russiaSentence, Translation: "Las órdenes de arresto contra Vladimir Putin emitidas en 2022 fueron retiradas por la CPI."})
			}),
			mode: answer.ModeLLM, answered: true, lead: fixedLeadES, quotes: []string{russiaSentence},
			notIn: []string{"Putin", "retiradas", "Traducción"},
		},
		{
			name:     "a context-free fragment that reverses its sentence",
			question: "Who should government sanctions target?",
			reply: func(r fakeReq) fakeResp {
				return content(replyJSON(true, "en", "Human Rights Watch said sanctions should target those who document and deliver justice.",
					jq{Passage: r.passageWith("document and deliver"), Text: "those who document and deliver justice for such crimes, Human Rights Watch said"}))
			},
			mode: answer.ModeLLM, answered: true, lead: fixedLead, quotes: []string{ngoSentence},
			notIn: []string{"should target those who document"},
		},
		{
			name:     "a wrong not covered",
			question: "When does the Assembly of States Parties meet?",
			reply: func(r fakeReq) fakeResp {
				return content(replyJSON(false, "en", ""))
			},
			mode: answer.ModeExtractiveFallback, answered: true,
			in:       []string{"December 1 to 6, 2025"},
			overrule: 1,
		},
		{
			name:     "an en dash where the text has a hyphen",
			question: "How long is the report?",
			reply: func(r fakeReq) fakeResp {
				return content(replyJSON(true, "en", "The report has 20 pages.",
					jq{Passage: r.passageWith("20-page"), Text: strings.Replace(straight(hagueSentence), "20-page", "20–page", 1)}))
			},
			mode: answer.ModeLLM, answered: true, quotes: []string{hagueSentence},
		},

		// And more.
		{
			name:     "a right not covered stands",
			question: "How many judges sit on the International Criminal Court?",
			reply: func(r fakeReq) fakeResp {
				return content(replyJSON(false, "en", ""))
			},
			mode: answer.ModeLLM, answered: false,
		},
		{
			name:     "a supported lead is kept",
			question: "When does the Assembly meet?",
			reply: func(r fakeReq) fakeResp {
				return content(replyJSON(true, "en", "The Assembly of States Parties will meet in The Hague from December 1 to 6, 2025.",
					jq{Passage: r.passageWith("20-page"), Text: hagueSentence}))
			},
			mode: answer.ModeLLM, answered: true, quotes: []string{hagueSentence},
			lead: "The Assembly of States Parties will meet in The Hague from December 1 to 6, 2025.",
		},
		{
			name:     "numbers changed in the lead",
			question: "Are the Russian arrest warrants still pending?",
			reply: func(r fakeReq) fakeResp {
				return content(replyJSON(true, "en", "Russian arrest warrants issued in 2021 and 2024 against ICC officials remain pending.",
					jq{Passage: r.passageWith("arrest warrants issued"), Text: russiaSentence}))
			},
			mode: answer.ModeLLM, answered: true, lead: fixedLead, quotes: []string{russiaSentence},
			notIn: []string{"2021"},
		},
		{
			name:     "numbers changed in the quote",
			question: "Are the Russian arrest warrants still pending?",
			reply: func(r fakeReq) fakeResp {
				return content(replyJSON(true, "en", "They remain pending.",
					jq{Passage: r.passageWith("arrest warrants issued"), Text: strings.Replace(russiaSentence, "2023", "2022", 1)}))
			},
			mode: answer.ModeExtractiveFallback, answered: true,
			notIn: []string{"2022"},
		},
		{
			name:     "not inserted in the quote",
			question: "Are the Russian arrest warrants still pending?",
			reply: func(r fakeReq) fakeResp {
				return content(replyJSON(true, "en", "They are not pending.",
					jq{Passage: r.passageWith("arrest warrants issued"), Text: strings.Replace(russiaSentence, "remain pending", "do not remain pending", 1)}))
			},
			mode: answer.ModeExtractiveFallback, answered: true,
			notIn: []string{"not"},
		},
		{
			name:     "not inserted in the lead",
			question: "Who imposed sanctions on ICC officials?",
			reply: func(r fakeReq) fakeResp {
				return content(replyJSON(true, "en", "The US administration of President Donald Trump has not imposed sanctions against court officials.",
					jq{Passage: r.passageWith("imposed sanctions"), Text: sanctionsSentence}))
			},
			mode: answer.ModeLLM, answered: true, lead: fixedLead,
			notIn: []string{"has not imposed"},
		},
		{
			name:     "names swapped in the lead",
			question: "What did the Philippines do in March?",
			reply: func(r fakeReq) fakeResp {
				return content(replyJSON(true, "en", "In March, Rodrigo Duterte surrendered the Philippines to the court.",
					jq{Passage: r.passageWith("Rodrigo Duterte"), Text: duterteSentence}))
			},
			mode: answer.ModeLLM, answered: true, lead: fixedLead, quotes: []string{duterteSentence},
		},
		{
			name:     "a name from elsewhere in the lead",
			question: "Who imposed sanctions on ICC officials?",
			reply: func(r fakeReq) fakeResp {
				return content(replyJSON(true, "en", "The administration of Benjamin Netanyahu has imposed sanctions against court officials.",
					jq{Passage: r.passageWith("imposed sanctions"), Text: sanctionsSentence},
					jq{Passage: r.passageWith("Netanyahu"), Text: "In November 2024, ICC judges had issued arrest warrants for Israeli Prime Minister Benjamin Netanyahu and his former Defense Minister Yoav Gallant for alleged war crimes and crimes against humanity in Gaza."}))
			},
			mode: answer.ModeLLM, answered: true, lead: fixedLead,
			notIn: []string{"administration of Benjamin Netanyahu"},
		},
		{
			name:     "names swapped in the quote",
			question: "Who imposed sanctions on ICC officials?",
			reply: func(r fakeReq) fakeResp {
				return content(replyJSON(true, "en", "Trump did.",
					jq{Passage: r.passageWith("imposed sanctions"), Text: strings.Replace(sanctionsSentence, "Donald Trump", "Vladimir Putin", 1)}))
			},
			mode: answer.ModeExtractiveFallback, answered: true,
			notIn: []string{"Putin"},
		},
		{
			name:     "a sentence from outside the knowledge",
			question: "Where does the Assembly meet?",
			reply: func(r fakeReq) fakeResp {
				return content(replyJSON(true, "en", "The ICC has 125 member countries. The Assembly meets in The Hague.",
					jq{Passage: r.passageWith("20-page"), Text: hagueSentence}))
			},
			mode: answer.ModeLLM, answered: true, lead: "The Assembly meets in The Hague.",
			notIn: []string{"125"},
		},
		{
			name:     "a sentence from outside the knowledge, in Spanish",
			question: esQuestion,
			reply: spanish(func(r fakeReq) string {
				return replyJSON(true, "es", "La CPI tiene 125 Estados miembros y será disuelta en 2026.",
					jq{Passage: r.passageWith("20-page"), Text: hagueSentence, Translation: esHague})
			}),
			mode: answer.ModeLLM, answered: true, lead: fixedLeadES, quotes: []string{hagueSentence},
			in:    []string{"(Traducción automática: " + esHague + ")"},
			notIn: []string{"125", "disuelta"},
		},
		{
			name:     "a faithful translation keeps its label",
			question: esQuestion,
			reply: spanish(func(r fakeReq) string {
				return replyJSON(true, "es", "",
					jq{Passage: r.passageWith("Rodrigo Duterte"), Text: straight(duterteSentence), Translation: esDuterte},
					jq{Passage: r.passageWith("arrest warrants issued"), Text: russiaSentence, Translation: esRussia})
			}),
			mode: answer.ModeLLM, answered: true, lead: fixedLeadES, quotes: []string{duterteSentence, russiaSentence},
			in: []string{"(Traducción automática: " + esRussia + ")", "(Traducción automática: En marzo, Filipinas entregó al expresidente Rodrigo Duterte"},
		},
		{
			name:     "a translation that drops a name",
			question: esQuestion,
			reply: spanish(func(r fakeReq) string {
				return replyJSON(true, "es", "",
					jq{Passage: r.passageWith("Rodrigo Duterte"), Text: duterteSentence, Translation: strings.Replace(esDuterte, "Rodrigo Duterte", "su presidente", 1)})
			}),
			mode: answer.ModeLLM, answered: true, quotes: []string{duterteSentence},
			notIn: []string{"Traducción", "su presidente"},
		},
		{
			name:     "a translation of a fragment is not shown with the whole sentence",
			question: esQuestion,
			reply: spanish(func(r fakeReq) string {
				return replyJSON(true, "es", "",
					jq{Passage: r.passageWith("arrest warrants issued"), Text: "against ICC officials remain pending", Translation: "contra funcionarios de la CPI siguen pendientes"})
			}),
			mode: answer.ModeLLM, answered: true, quotes: []string{russiaSentence},
			notIn: []string{"Traducción"},
		},
		{
			name:     "a fragment in guillemets in the lead becomes its whole sentence",
			question: "Who should government sanctions target?",
			reply: func(r fakeReq) fakeResp {
				return content(replyJSON(true, "en", "Sanctions should target «those who document and deliver justice for such crimes».",
					jq{Passage: r.passageWith("document and deliver"), Text: "Government sanctions should only be used to target those who are committing serious crimes"}))
			},
			mode: answer.ModeLLM, answered: true, lead: fixedLead, quotes: []string{ngoSentence},
		},
		{
			name:     "a quote in corner brackets in plain text",
			question: "Are the Russian arrest warrants still pending?",
			reply: func(r fakeReq) fakeResp {
				return content("Yes. The briefing says: 「" + russiaSentence + "」")
			},
			mode: answer.ModeLLM, answered: true, lead: fixedLead, quotes: []string{russiaSentence},
			notIn: []string{"Yes."},
		},
		{
			name:     "a quote in low-high marks with an invented one",
			question: "What happened in June?",
			reply: func(r fakeReq) fakeResp {
				return content("In June the court faced a second serious cyber-attack. „" + cyberSentence + "“ and „The court was closed for a month.“")
			},
			mode: answer.ModeLLM, answered: true, quotes: []string{cyberSentence},
			lead:  "In June the court faced a second serious cyber-attack.",
			notIn: []string{"closed for a month"},
		},
		{
			name:     "typography: em dash, ellipsis, line breaks, straight quotes",
			question: "What did Human Rights Watch say about government efforts to undermine the ICC?",
			reply: func(r fakeReq) fakeResp {
				q := strings.NewReplacer("“", "\"", "”", "\"", "rule of law, aiming", "rule of law —\n aiming").Replace(evensonSentence)
				q = strings.Replace(q, "that seek to hold those responsible", "...", 1)
				return content(replyJSON(true, "en", "", jq{Passage: r.passageWith("Liz Evenson"), Text: q}))
			},
			mode: answer.ModeExtractiveFallback, answered: true, // "—" for "," is not typography
		},
		{
			name:     "typography: an ellipsis for words left out, single quotes",
			question: "What did Human Rights Watch say about government efforts to undermine the ICC?",
			reply: func(r fakeReq) fakeResp {
				q := strings.NewReplacer("“", "‘", "”", "’").Replace(evensonSentence)
				q = strings.Replace(q, "that seek to hold those responsible", "…", 1)
				return content(replyJSON(true, "en", "", jq{Passage: r.passageWith("Liz Evenson"), Text: q}))
			},
			mode: answer.ModeLLM, answered: true, quotes: []string{evensonSentence},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newTestAnswerer(t, tt.reply, nil)
			got, err := s.a.Ask(t.Context(), "", tt.question)
			if err != nil {
				t.Fatalf("Ask(%q): %v", tt.question, err)
			}
			if got.Mode != tt.mode || got.Answered != tt.answered {
				t.Fatalf("Ask(%q) = mode %q, answered %v; want %q, %v\n%s", tt.question, got.Mode, got.Answered, tt.mode, tt.answered, got.Text)
			}
			checkVerified(t, kdir, got)
			checkWholeSentences(t, s.eng, got)
			if err := s.eng.Check(got); err != nil {
				t.Errorf("Check: %v", err)
			}
			if tt.lead != "" && got.Lead != tt.lead {
				t.Errorf("Lead = %q; want %q", got.Lead, tt.lead)
			}
			if tt.quotes != nil {
				var qs []string
				for _, c := range got.Citations {
					qs = append(qs, c.Quote)
				}
				if strings.Join(qs, "\n") != strings.Join(tt.quotes, "\n") {
					t.Errorf("citations = %q; want %q", qs, tt.quotes)
				}
			}
			for _, want := range tt.in {
				if !strings.Contains(got.Text, want) {
					t.Errorf("reply lacks %q:\n%s", want, got.Text)
				}
			}
			for _, bad := range tt.notIn {
				if strings.Contains(got.Text, bad) {
					t.Errorf("reply contains %q:\n%s", bad, got.Text)
				}
			}
			if n := s.obs.overrules(); n != tt.overrule {
				t.Errorf("%d not-covered answers overruled; want %d", n, tt.overrule)
			}
		})
	}
}

// checkWholeSentences fails unless every citation is a run of whole
// sentences of its passage.
func checkWholeSentences(t *testing.T, e *answer.Engine, a answer.Answer) {
	t.Helper()
	for _, c := range a.Citations {
		ok := false
		for _, p := range e.Knowledge().Passages {
			if p.Doc.Path != c.Source || c.Span.Start < p.Start || c.Span.End > p.End {
				continue
			}
			starts, ends := false, false
			for _, sp := range p.Sentences {
				starts = starts || sp.Start == c.Span.Start
				ends = ends || sp.End == c.Span.End
			}
			ok = starts && ends
		}
		if !ok {
			t.Errorf("citation %q is not whole sentences", c.Quote)
		}
	}
}
