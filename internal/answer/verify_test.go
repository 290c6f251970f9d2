package answer

import (
	"reflect"
	"strings"
	"testing"

	"iccbot/internal/prompts"
	"iccbot/internal/prose"
)

// Sentences of the briefing, as the source has them (typographic marks).
const (
	hagueSentence     = "The 20-page report makes detailed recommendations for the annual session of the ICC’s Assembly of States Parties, which will meet in The Hague, Netherlands, from December 1 to 6, 2025."
	sanctionsSentence = "Throughout 2025, the US administration of President Donald Trump has imposed sanctions against court officials, a United Nations expert, and Palestinian civil society organizations in an attack on justice and the international rule of law."
	orderSentence     = "On February 6, President Trump issued an executive order authorizing asset freezes and entry bans on ICC officials and others supporting the court’s work."
	russiaSentence    = "Russian arrest warrants issued in 2023 and 2024 against ICC officials remain pending."
	duterteSentence   = "In March, the Philippines surrendered former President Rodrigo Duterte to the court to face charges of crimes against humanity related to the country’s notorious “war on drugs,” which killed tens of thousands of people."
	cyberSentence     = "In June, the court faced a second serious cyber-attack with the purpose of espionage."
	evensonSentence   = "“Government efforts to undermine the ICC reflect broader attacks on the global rule of law, aiming to disable institutions that seek to hold those responsible for the worst crimes to account,” said Liz Evenson, international justice director at Human Rights Watch."
	janjaweedSentence = "In October, ICC judges handed down a landmark conviction of a former “Janjaweed” militia leader for crimes against humanity and war crimes in Darfur, Sudan."
	ngoSentence       = "Government sanctions should only be used to target those who are committing serious crimes, not those who document and deliver justice for such crimes, Human Rights Watch said."
	fabricated        = "The ICC was dissolved by the United Nations Security Council in 2025."
)

// straight replaces typographic marks with the straight ones models type.
func straight(s string) string {
	return strings.NewReplacer("’", "'", "‘", "'", "“", `"`, "”", `"`).Replace(s)
}

func TestTidy(t *testing.T) {
	tests := []struct{ in, want string }{
		{"  a\n\tb  ", "a b"},
		{"ping @everyone and @here", "ping everyone and here"},
		{"see [1] and [2, 3] (passage 4) ¶5.", "see and."},
		{"bidi\u202e text\x1b[31m", "bidi text[31m"},
	}
	for _, tt := range tests {
		if got := tidy(tt.in); got != tt.want {
			t.Errorf("tidy(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func testVerifier(t testing.TB) *verifier {
	t.Helper()
	e := briefing(t)
	return e.newVerifier(e.Passages("Who imposed sanctions on ICC officials?", 5), newLeakSet("You answer questions about a set of documents"), "")
}

// citing returns the verified citations of the quotes, failing if any is
// dropped.
func citing(t *testing.T, v *verifier, quotes ...string) []cited {
	t.Helper()
	var qs []DraftQuote
	for _, q := range quotes {
		qs = append(qs, DraftQuote{Text: q})
	}
	cs := v.quotes(qs)
	if v.dropped.quotes > 0 {
		t.Fatalf("quotes %q: %d dropped", quotes, v.dropped.quotes)
	}
	return cs
}

func TestLead(t *testing.T) {
	tests := []struct {
		name   string
		quotes []string
		in     string
		want   string
	}{
		{"a faithful paraphrase", []string{sanctionsSentence}, "The Trump administration imposed sanctions against court officials.", "The Trump administration imposed sanctions against court officials."},
		{"the quote's own words", []string{hagueSentence}, "The Assembly of States Parties will meet in The Hague, Netherlands, from December 1 to 6, 2025.", "The Assembly of States Parties will meet in The Hague, Netherlands, from December 1 to 6, 2025."},
		{"a date moved to the front", []string{hagueSentence}, "From December 1 to 6, 2025, the Assembly meets in The Hague.", "From December 1 to 6, 2025, the Assembly meets in The Hague."},
		{"wrong dates", []string{hagueSentence}, "The Assembly will meet in The Hague from December 6 to 20, 2025.", ""},
		{"a wrong year", []string{hagueSentence}, "The Assembly will meet in The Hague in December 2026.", ""},
		{"a number in words that is not there", []string{russiaSentence}, "Three Russian arrest warrants remain pending.", ""},
		{"a number in words that is there", []string{russiaSentence}, "Russian arrest warrants issued in two thousand twenty-three remain pending.", "Russian arrest warrants issued in two thousand twenty-three remain pending."},
		{"a wrong month", []string{orderSentence}, "President Trump issued the executive order in March.", ""},
		{"not inserted", []string{hagueSentence}, "The Assembly of States Parties will not meet in The Hague.", ""},
		{"n't inserted", []string{russiaSentence}, "Russian arrest warrants against ICC officials aren't pending.", ""},
		{"never inserted", []string{orderSentence}, "President Trump never issued an executive order.", ""},
		{"a negation the quote has", []string{ngoSentence}, "Sanctions should not target those who document and deliver justice.", "Sanctions should not target those who document and deliver justice."},
		{"a negation moved to other words", []string{ngoSentence}, "Government sanctions should not target those who are committing serious crimes.", ""},
		{"a negation of the quote dropped", []string{ngoSentence}, "Government sanctions should target those who document and deliver justice for such crimes.", ""},
		{"the negation's other side kept", []string{ngoSentence}, "Government sanctions should only target those committing serious crimes.", "Government sanctions should only target those committing serious crimes."},
		{"an invented claim", []string{hagueSentence}, "Human Rights Watch said the ICC should be abolished by member countries.", ""},
		{"an invented verb among true words", []string{sanctionsSentence}, "The Trump administration lifted sanctions against court officials.", ""},
		{"a name from elsewhere", []string{sanctionsSentence}, "President Vladimir Putin imposed sanctions against court officials.", ""},
		{"names swapped", []string{duterteSentence}, "In March, Rodrigo Duterte surrendered the Philippines to the court.", ""},
		{"names in order", []string{duterteSentence}, "In March, the Philippines surrendered Rodrigo Duterte to the court.", "In March, the Philippines surrendered Rodrigo Duterte to the court."},
		{"a name another quote holds", []string{sanctionsSentence, duterteSentence}, "Donald Trump surrendered Rodrigo Duterte.", ""},
		{"off-topic defamation", []string{evensonSentence, janjaweedSentence}, "Liz Evenson was convicted of war crimes in Darfur.", ""},
		{"a sentence from outside the knowledge", []string{hagueSentence}, "The Netherlands is a founding member of the European Union.", ""},
		{"nothing to check", []string{hagueSentence}, "Yes.", ""},
		{"words about the sources only", []string{hagueSentence}, "The briefing says so.", ""},
		{"a synonym", []string{sanctionsSentence}, "The Trump administration imposed sanctions against tribunal officials.", "The Trump administration imposed sanctions against tribunal officials."},
		{"another form of a name", []string{russiaSentence}, "Arrest warrants from Russia against ICC officials remain pending.", "Arrest warrants from Russia against ICC officials remain pending."},
		{"quoted words go to the citations", []string{sanctionsSentence}, `They came "in an attack on justice". Trump imposed sanctions.`, "Trump imposed sanctions."},
		{"the system prompt", []string{sanctionsSentence}, "You answer questions about a set of documents. Trump imposed sanctions.", "Trump imposed sanctions."},
		{"at most three sentences", []string{sanctionsSentence}, "Trump imposed sanctions. Sanctions were imposed against court officials. Sanctions were imposed against a United Nations expert. Sanctions were imposed against civil society organizations.", "Trump imposed sanctions. Sanctions were imposed against court officials. Sanctions were imposed against a United Nations expert."},
		{"an unclosed quote", []string{sanctionsSentence}, `An "unclosed quote about sanctions.`, ""},
		{"empty", []string{sanctionsSentence}, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := testVerifier(t)
			cs := citing(t, v, tt.quotes...)
			if got := v.lead(tt.in, cs); got != tt.want {
				t.Errorf("lead(%q) citing %d quotes = %q; want %q", tt.in, len(cs), got, tt.want)
			}
		})
	}
	v := testVerifier(t)
	cs := citing(t, v, sanctionsSentence)
	long := strings.Repeat("Trump imposed sanctions against court officials and ", 15) + "Palestinian organizations."
	if got := v.lead(long, cs); got != "" {
		t.Errorf("lead of %d runes = %q; want it dropped, not cut", len([]rune(long)), got)
	}
}

// The model's own sentences in another language cannot be checked word
// for word against English quotes, so none is kept.
func TestLeadInOtherLanguagesIsDropped(t *testing.T) {
	v := testVerifier(t)
	v.lang = "es"
	cs := citing(t, v, sanctionsSentence)
	for _, in := range []string{
		"La administración Trump impuso sanciones en 2025.",
		"La CPI fue disuelta por el Consejo de Seguridad en 2025.",
	} {
		if got := v.lead(in, cs); got != "" {
			t.Errorf("lead(%q) in Spanish = %q; want it dropped", in, got)
		}
	}
}

func TestVerifyQuotes(t *testing.T) {
	tests := []struct {
		name    string
		in      []DraftQuote
		want    []string
		dropped int
	}{
		{"verbatim", []DraftQuote{{Passage: 1, Text: russiaSentence}}, []string{russiaSentence}, 0},
		{"overlapping quotes merge into one", []DraftQuote{{Text: "Russian arrest warrants issued in 2023"}, {Text: russiaSentence}}, []string{russiaSentence}, 0},
		{"a repeated quote is kept once", []DraftQuote{{Text: russiaSentence}, {Text: straight(russiaSentence)}}, []string{russiaSentence}, 0},
		{"fragments out of order are separate quotes, each a whole sentence", []DraftQuote{{Text: "In June, the court faced … Russian arrest warrants issued"}}, []string{cyberSentence, russiaSentence}, 0},
		{"a fragment is widened to its sentence", []DraftQuote{{Text: "ssian arrest warrants issued in 20"}}, []string{russiaSentence}, 0},
		{"a fragment that reverses its sentence is widened", []DraftQuote{{Text: "those who document and deliver justice for such crimes, Human Rights Watch said"}}, []string{ngoSentence}, 0},
		{"a trailing full stop the source lacks", []DraftQuote{{Text: "the global rule of law, aiming to disable institutions."}}, []string{evensonSentence}, 0},
		{"pieces of two sentences become both", []DraftQuote{{Text: "cyber-attack with the purpose of espionage. “Government efforts"}}, nil, 1},
		{"an en dash for a hyphen", []DraftQuote{{Text: strings.Replace(hagueSentence, "20-page", "20–page", 1)}}, []string{hagueSentence}, 0},
		{"an em dash and spaces for a hyphen", []DraftQuote{{Text: strings.Replace(cyberSentence, "cyber-attack", "cyber — attack", 1)}}, []string{cyberSentence}, 0},
		{"line breaks and runs of spaces", []DraftQuote{{Text: strings.ReplaceAll(orderSentence, " ", "  \n ")}}, []string{orderSentence}, 0},
		{"guillemets for curly quotes", []DraftQuote{{Text: strings.NewReplacer("“", "« ", "”", " »").Replace(duterteSentence)}}, []string{duterteSentence}, 0},
		{"invented", []DraftQuote{{Text: fabricated}}, nil, 1},
		{"too short", []DraftQuote{{Text: "remain pending"}}, nil, 1},
		{"at most four", []DraftQuote{
			{Text: russiaSentence}, {Text: sanctionsSentence}, {Text: orderSentence}, {Text: hagueSentence}, {Text: duterteSentence},
		}, []string{russiaSentence, sanctionsSentence, orderSentence, hagueSentence}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := testVerifier(t)
			cs := v.quotes(tt.in)
			var got []string
			for _, c := range cs {
				got = append(got, c.Quote)
				if !v.loc.Base().Verify(c.Source, c.Span, c.Quote) {
					t.Errorf("citation %q does not verify", c.Quote)
				}
			}
			if !reflect.DeepEqual(got, tt.want) || v.dropped.quotes != tt.dropped {
				t.Errorf("quotes(%+v) = %q, %d dropped; want %q, %d", tt.in, got, v.dropped.quotes, tt.want, tt.dropped)
			}
		})
	}
}

func TestTranslations(t *testing.T) {
	const (
		esHague    = "El informe de 20 páginas formula recomendaciones detalladas para el período de sesiones anual de la Asamblea de los Estados Partes de la CPI, que se reunirá en La Haya, Países Bajos, del 1 al 6 de diciembre de 2025."
		esRussia   = "Las órdenes de arresto rusas emitidas en 2023 y 2024 contra funcionarios de la CPI siguen pendientes."
		esDuterte  = "En marzo, Filipinas entregó al expresidente Rodrigo Duterte a la corte para enfrentar cargos de crímenes de lesa humanidad relacionados con la notoria «guerra contra las drogas» del país, que mató a decenas de miles de personas."
		ruRussia   = "Российские ордера на арест должностных лиц МУС, выданные в 2023 и 2024 годах, остаются в силе."
		zhHague    = "这份20页的报告为国际刑事法院缔约国大会年度会议提出了详细建议，会议将于2025年12月1日至6日在荷兰海牙举行。"
		jaRussia   = "2023年と2024年にICC職員に対して発付されたロシアの逮捕状は、現在も係属中である。"
		deDecember = "Der 20-seitige Bericht enthält detaillierte Empfehlungen für die Jahrestagung der Versammlung der Vertragsstaaten des IStGH, die vom 1. bis 6. Dezember 2025 in Den Haag, Niederlande, stattfindet."
	)
	tests := []struct {
		name, lang, quote, translation string
		keep                           bool
	}{
		{"faithful", "es", hagueSentence, esHague, true},
		{"faithful, with a name kept", "es", duterteSentence, esDuterte, true},
		{"in Cyrillic", "ru", russiaSentence, ruRussia, true},
		{"in Chinese, with 12月", "zh", hagueSentence, zhHague, true},
		{"in Japanese", "ja", russiaSentence, jaRussia, true},
		{"German month, dotted days", "de", hagueSentence, deDecember, true},
		{"made up", "es", russiaSentence, "La CPI fue disuelta por el Consejo de Seguridad de las Naciones Unidas.", false},
		{"a number changed", "es", russiaSentence, strings.Replace(esRussia, "2024", "2025", 1), false},
		{"a number added", "es", russiaSentence, strings.Replace(esRussia, "pendientes", "pendientes desde hace 3 años", 1), false},
		{"a month changed", "es", hagueSentence, strings.Replace(esHague, "diciembre", "noviembre", 1), false},
		{"a name changed", "es", duterteSentence, strings.Replace(esDuterte, "Duterte", "Marcos", 1), false},
		{"too short", "es", hagueSentence, "La Asamblea se reúne del 1 al 6 de diciembre de 2025 en La Haya, 20.", false},
		{"too long", "es", russiaSentence, strings.Repeat(esRussia+" ", 3), false},
		{"the wrong script", "ru", russiaSentence, esRussia, false},
		{"Japanese for Chinese", "zh", russiaSentence, jaRussia, false},
		{"English passed off as Spanish", "es", russiaSentence, "The Russian arrest warrants issued in 2023 and 2024 against officials of the court are still pending.", false},
		{"a language without a known script", "xx", russiaSentence, esRussia, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := testVerifier(t)
			v.lang = tt.lang
			cs := v.quotes([]DraftQuote{{Text: tt.quote, Translation: tt.translation}})
			if len(cs) != 1 {
				t.Fatalf("%d citations", len(cs))
			}
			if got := cs[0].Translation != ""; got != tt.keep {
				t.Errorf("translation %q of %q kept = %v; want %v", tt.translation, tt.quote, got, tt.keep)
			}
		})
	}
}

func TestTranslationIsNotAQuote(t *testing.T) {
	v := testVerifier(t)
	v.lang = "es"
	cs := v.quotes([]DraftQuote{{Text: russiaSentence, Translation: "«Las órdenes» de arresto rusas emitidas en 2023 y 2024 contra funcionarios de la CPI siguen \"pendientes\" @everyone"}})
	if len(cs) != 1 {
		t.Fatalf("%d citations", len(cs))
	}
	if got, want := cs[0].Translation, "Las órdenes de arresto rusas emitidas en 2023 y 2024 contra funcionarios de la CPI siguen pendientes everyone"; got != want {
		t.Errorf("translation = %q; want %q", got, want)
	}
	v = testVerifier(t)
	cs = v.quotes([]DraftQuote{{Text: russiaSentence, Translation: "Las órdenes de arresto rusas emitidas en 2023 y 2024 siguen pendientes."}})
	if cs[0].Translation != "" {
		t.Errorf("translation kept for an English answer: %q", cs[0].Translation)
	}
}

func TestLooksEnglish(t *testing.T) {
	tests := []struct {
		q    string
		want bool
	}{
		{"Who imposed sanctions on ICC officials?", true},
		{"Duterte", true},
		{"Rodrigo Duterte", true},
		{"What charges does he face?", true},
		{"¿Quién impuso sanciones?", false},
		{"Qui a imposé des sanctions contre les responsables de la CPI ?", false},
		{"Wer hat Sanktionen gegen den IStGH verhängt?", false},
		{"Кто ввёл санкции против МУС?", false},
		{"国际刑事法院", false},
	}
	for _, tt := range tests {
		if got := looksEnglish(tt.q); got != tt.want {
			t.Errorf("looksEnglish(%q) = %v; want %v", tt.q, got, tt.want)
		}
	}
}

// TestEverySentenceSupportsItself: the strict reading of "supported" still
// keeps a model sentence that repeats its quote, for every sentence of the
// briefing (those holding quotation marks are quotes, not the model's).
func TestEverySentenceSupportsItself(t *testing.T) {
	v := testVerifier(t)
	for _, p := range v.loc.Base().Passages {
		for _, sp := range p.Sentences {
			s := p.SentenceText(sp)
			if len(prose.Quotations(s)) > 0 {
				continue
			}
			cs := citing(t, v, s)
			if got := v.lead(s, cs); got != s {
				t.Errorf("lead(%q) citing itself = %q; want it kept", s, got)
			}
		}
	}
}

// BenchmarkVerify measures what every LLM answer costs after its reply is
// read (BenchmarkParseReply, in internal/llm, measures the reading):
// locating and verifying its quotes (one with straight quote marks for
// typographic ones, one with an ellipsis, one with an en dash for a
// hyphen, one invented), widening them to whole sentences, and checking
// the answer's sentences against them (one supported, one not) and, in
// Spanish, the translations. The goal is under 100 µs a reply, so that
// verification is never the reason to skip it.
func BenchmarkVerify(b *testing.B) {
	e := briefing(b)
	sent := e.Passages("Who imposed sanctions on ICC officials and what did the executive order do?", DefaultModelPassages)
	set, problems := prompts.Load("../../prompts")
	if len(problems) > 0 {
		b.Fatal(problems)
	}
	var instructions []string
	for _, name := range []string{"system.tmpl", "rewrite-system.tmpl"} {
		text, err := set.Execute(name, struct{ Tag string }{"data"})
		if err != nil {
			b.Fatal(err)
		}
		instructions = append(instructions, text)
	}
	leak := newLeakSet(instructions...)
	quotes := []DraftQuote{
		{Passage: 2, Text: sanctionsSentence, Translation: "A lo largo de 2025, la administración estadounidense del presidente Donald Trump ha impuesto sanciones contra funcionarios de la corte, un experto de las Naciones Unidas y organizaciones palestinas de la sociedad civil, en un ataque a la justicia y al Estado de derecho internacional."},
		{Passage: 1, Text: straight(orderSentence), Translation: "El 6 de febrero, el presidente Trump firmó una orden ejecutiva que autoriza la congelación de activos y prohibiciones de entrada contra funcionarios de la CPI y otras personas que apoyan el trabajo de la corte."},
		{Passage: 3, Text: "The order clearly seeks to shield US … from facing charges before the ICC."},
		{Passage: 4, Text: strings.Replace(hagueSentence, "20-page", "20–page", 1)},
		{Passage: 1, Text: fabricated},
	}
	e.verification() // built once per knowledge base, on the first answer
	for _, tt := range []struct {
		lang, answer string
		sentences    int // sentences of the answer kept
	}{
		{"en", `The US administration of President Donald Trump imposed sanctions against court officials. Human Rights Watch said the ICC should be abolished by member countries.`, 1},
		{"es", `La administración Trump impuso sanciones contra funcionarios de la corte.`, 0},
	} {
		d := Draft{Language: tt.lang, Lead: tt.answer, Quotes: quotes}
		b.Run(tt.lang, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				v := e.newVerifier(sent, leak, tt.lang)
				cs, lead := v.draft(d)
				if len(cs) != 4 || v.dropped.quotes != 1 || (lead != "") != (tt.sentences > 0) {
					b.Fatalf("got %d citations, %d dropped, lead %q", len(cs), v.dropped.quotes, lead)
				}
			}
		})
	}
}
