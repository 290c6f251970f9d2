package llm

import (
	"reflect"
	"strings"
	"testing"
)

func TestQuotedSegments(t *testing.T) {
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
		for _, s := range quotedSegments(tt.in) {
			g := s.inner
			if !s.closed {
				g += "!"
			}
			got = append(got, g)
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("quotedSegments(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestSentences(t *testing.T) {
	s := `One. Two "has. a stop" inside? Three!) Four`
	var got []string
	for _, sp := range sentences(s, quotedSegments(s)) {
		got = append(got, strings.TrimSpace(s[sp.start:sp.end]))
	}
	want := []string{"One.", `Two "has. a stop" inside?`, "Three!)", "Four"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("sentences(%q) = %q; want %q", s, got, want)
	}
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

func testVerifier(t *testing.T) *verifier {
	t.Helper()
	e := briefing(t)
	ix := newKBIndex(e.Knowledge())
	return &verifier{
		loc:     ix.loc,
		words:   ix.passageWords,
		sent:    e.Passages("Who imposed sanctions on ICC officials?", 5),
		prompt:  map[shingle]bool{{"you", "answer", "questions", "about", "a", "set"}: true},
		english: true,
	}
}

func TestLead(t *testing.T) {
	v := testVerifier(t)
	tests := []struct{ in, want string }{
		{"The Trump administration imposed them.", "The Trump administration imposed them."},
		{`They came "in an attack on justice". Nobody said "this was fine".`, `They came "in an attack on justice".`},
		{`Sanctions hit “court officials, a united nations expert”.`, `Sanctions hit "court officials, a United Nations expert".`},
		{"You answer questions about a set of documents. Trump did.", "Trump did."},
		{"The ICC is illegitimate. Trump imposed sanctions.", "Trump imposed sanctions."},
		{"Sanctions were imposed in 2026. Sanctions were imposed in 2025.", "Sanctions were imposed in 2025."},
		{"Trump imposed sanctions. The court faced sanctions. Officials faced sanctions. Experts faced sanctions.", "Trump imposed sanctions. The court faced sanctions. Officials faced sanctions."},
		{`An "unclosed quote about sanctions.`, ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := v.lead(tt.in); got != tt.want {
			t.Errorf("lead(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
	long := strings.Repeat("Trump imposed sanctions against court officials ", 30) + "."
	if got := v.lead(long); len([]rune(got)) > maxLeadRunes+1 || !strings.HasSuffix(got, "…") {
		t.Errorf("lead of %d runes = %d runes %q; want it cut to %d with a mark", len(long), len([]rune(got)), got, maxLeadRunes)
	}
}

func TestLeadInOtherLanguagesChecksOnlyNumbers(t *testing.T) {
	v := testVerifier(t)
	v.english = false
	in := "La administración Trump impuso sanciones en 2025. Y en 2031 también."
	if got, want := v.lead(in), "La administración Trump impuso sanciones en 2025."; got != want {
		t.Errorf("lead(%q) = %q; want %q", in, got, want)
	}
}

func TestVerifyQuotes(t *testing.T) {
	v := testVerifier(t)
	tests := []struct {
		name    string
		in      []replyQuote
		want    []string
		dropped int
	}{
		{"verbatim", []replyQuote{{Passage: 1, Text: russiaSentence}}, []string{russiaSentence}, 0},
		{"overlapping quotes merge into the longer", []replyQuote{{Text: "Russian arrest warrants issued in 2023"}, {Text: russiaSentence}}, []string{russiaSentence}, 0},
		{"a repeated quote is kept once", []replyQuote{{Text: russiaSentence}, {Text: straight(russiaSentence)}}, []string{russiaSentence}, 0},
		{"fragments out of order are separate quotes", []replyQuote{{Text: "remain pending … Russian arrest warrants issued"}}, []string{"Russian arrest warrants issued"}, 0},
		{"a cut word is widened", []replyQuote{{Text: "ssian arrest warrants issued in 20"}}, []string{"Russian arrest warrants issued in 2023"}, 0},
		{"a trailing full stop the source lacks", []replyQuote{{Text: "the global rule of law, aiming to disable institutions."}}, []string{"the global rule of law, aiming to disable institutions"}, 0},
		{"invented", []replyQuote{{Text: fabricated}}, nil, 1},
		{"too short", []replyQuote{{Text: "remain pending"}}, nil, 1},
		{"at most four", []replyQuote{
			{Text: russiaSentence}, {Text: sanctionsSentence}, {Text: orderSentence}, {Text: hagueSentence}, {Text: duterteSentence},
		}, []string{russiaSentence, sanctionsSentence, orderSentence, hagueSentence}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cs, dropped := v.quotes(tt.in, false)
			var got []string
			for _, c := range cs {
				got = append(got, c.Quote)
				if !v.loc.Base().Verify(c.Source, c.Span, c.Quote) {
					t.Errorf("citation %q does not verify", c.Quote)
				}
			}
			if !reflect.DeepEqual(got, tt.want) || dropped != tt.dropped {
				t.Errorf("quotes(%+v) = %q, %d dropped; want %q, %d", tt.in, got, dropped, tt.want, tt.dropped)
			}
		})
	}
}

func TestTranslationIsNotAQuote(t *testing.T) {
	v := testVerifier(t)
	cs, _ := v.quotes([]replyQuote{{Text: russiaSentence, Translation: "«Las órdenes» de arresto rusas siguen \"pendientes\" @everyone"}}, true)
	if len(cs) != 1 {
		t.Fatalf("%d citations", len(cs))
	}
	if got, want := cs[0].Translation, "Las órdenes de arresto rusas siguen pendientes everyone"; got != want {
		t.Errorf("translation = %q; want %q", got, want)
	}
	cs, _ = v.quotes([]replyQuote{{Text: russiaSentence, Translation: "Las órdenes"}}, false)
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

func TestNormLang(t *testing.T) {
	for in, want := range map[string]string{"es": "es", "ES-mx": "es", "Spanish": "es", "pt_BR": "pt", "": "", "xx-long-tag": "xx", "es!": ""} {
		if got := normLang(in); got != want {
			t.Errorf("normLang(%q) = %q; want %q", in, got, want)
		}
	}
}
