package search

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
)

func TestWords(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"The ICC’s Assembly", []string{"the", "icc", "s", "assembly"}},
		{"cyber-attack, 20-page", []string{"cyber", "attack", "20", "page"}},
		{"“war on drugs,”", []string{"war", "on", "drugs"}},
		{"États Parties à La Haye", []string{"etats", "parties", "a", "la", "haye"}},
		{"Straße Øresund Łódź", []string{"strasse", "oresund", "lodz"}},
		{"Cafe\u0301", []string{"cafe"}}, // decomposed accent
		{"ΔΙΚΑΣΤΗΡΙΟ", []string{"δικαστηριο"}},
		{"🙂 !!", nil},
		// Signs read as the words people say for them.
		{"68% of 14°C", []string{"68", "percent", "of", "14", "degrees", "c"}},
	}
	for _, tt := range tests {
		var got []string
		Words(tt.in, func(w []byte) { got = append(got, string(w)) })
		if !slices.Equal(got, tt.want) {
			t.Errorf("Words(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestStem(t *testing.T) {
	for in, want := range map[string]string{
		"parties": "parti", "partys": "parti", "sanctions": "sanction",
		"sanctioned": "sanction", "meeting": "meet", "2024": "2024",
	} {
		if got := Stem(in); got != want {
			t.Errorf("Stem(%q) = %q; want %q", in, got, want)
		}
	}
}

var corpus = []string{
	"The Assembly of States Parties will meet in The Hague, Netherlands.",
	"Human Rights Watch said sanctions target the court's officials.",
	"In June, the court faced a second serious cyber-attack.",
	"The Philippines surrendered former President Rodrigo Duterte.",
	"Member countries of the International Criminal Court (ICC) should protect it.",
}

func TestParse(t *testing.T) {
	ix := Build(corpus)
	tests := []struct {
		q         string
		words     []string // Term.Word of each term, in order
		corrected []bool
		unknown   []string
	}{
		{"Where does the Assembly meet?", []string{"assembly", "meet"}, []bool{false, false}, nil},
		{"assmbly partys", []string{"assmbly", "partys"}, []bool{true, false}, nil},
		{"DUTERTE duterte", []string{"duterte"}, []bool{false}, nil},
		{"What did HRW say?", []string{"hrw", "hrw", "hrw"}, []bool{false, false, false}, nil},
		{"cyberattack", []string{"cyberattack", "cyberattack"}, []bool{false, false}, nil},
		{"Who agianst whom?", nil, nil, nil}, // a stop word misspelled
		{"bitcoin price", nil, nil, []string{"bitcoin", "price"}},
		{"How many judges? Please tell me", nil, nil, []string{"judges"}},
		{"what if it gets judges wrong", nil, nil, []string{"judges", "wrong"}},                                          // "gets" as "get"
		{"sit", nil, nil, []string{"sit"}},                                                                               // too short to guess a spelling
		{"how long dose the assembly meet?", []string{"assembly", "meet"}, []bool{false, false}, []string{"long"}},       // "does" misspelt
		{"the assembly dose", []string{"assembly"}, []bool{false}, []string{"dose"}},                                     // a dose
		{"what time dose the assembly meet?", []string{"assembly", "meet"}, []bool{false, false}, []string{"time"}},      // "does" before its subject
		{"what stuff does the assembly meet about altogether?", []string{"assembly", "meet"}, []bool{false, false}, nil}, // words of no subject
		{"who else meets?", []string{"meets"}, []bool{false}, []string{"else"}},
		{"how come the assembly meets?", []string{"assembly", "meets"}, []bool{false, false}, nil},           // why
		{"where is the assembly supposed to meet?", []string{"assembly", "meet"}, []bool{false, false}, nil}, // as "meant to"                                          // "else" asks for others
	}
	for _, tt := range tests {
		q := ix.Parse(tt.q)
		var words []string
		var corrected []bool
		for _, term := range q.Terms {
			words = append(words, term.Word)
			corrected = append(corrected, term.Corrected)
		}
		if !slices.Equal(words, tt.words) || !slices.Equal(corrected, tt.corrected) || !slices.Equal(q.Unknown, tt.unknown) {
			t.Errorf("Parse(%q) = terms %q corrected %v unknown %q; want %q %v %q", tt.q, words, corrected, q.Unknown, tt.words, tt.corrected, tt.unknown)
		}
	}
}

func TestSearchRanks(t *testing.T) {
	ix := Build(corpus)
	tests := []struct {
		q    string
		want int32
	}{
		{"When does the Assembly of States Parties meet?", 0},
		{"sanctions on officials", 1},
		{"cyber attack in June", 2},
		{"Duterte", 3},
		{"Durterte", 3},
		{"ICC member countries", 4},
		{"international criminal court", 4},
	}
	for _, tt := range tests {
		hits := ix.Search(ix.Parse(tt.q), 3)
		if len(hits) == 0 || hits[0].Doc != tt.want {
			t.Errorf("Search(%q) = %v; want text %d first", tt.q, hits, tt.want)
		}
		for i := 1; i < len(hits); i++ {
			if hits[i].Score > hits[i-1].Score {
				t.Errorf("Search(%q) not sorted: %v", tt.q, hits)
			}
		}
	}
	if hits := ix.Search(ix.Parse("bitcoin"), 3); len(hits) != 0 {
		t.Errorf("Search(bitcoin) = %v; want nothing", hits)
	}
}

// BM25 properties: a rarer term outweighs a common one, and a shorter text
// with the same matches outranks a longer one.
func TestBM25(t *testing.T) {
	ix := Build([]string{
		"court court court rare",
		"court",
		"court appeal",
		"court appeal with many other words padding the text out a lot",
	})
	hits := ix.Search(ix.Parse("rare court"), 4)
	if hits[0].Doc != 0 {
		t.Errorf("rare term: %v", hits)
	}
	hits = ix.Search(ix.Parse("appeal"), 4)
	if len(hits) != 2 || hits[0].Doc != 2 || hits[1].Doc != 3 {
		t.Errorf("length normalisation: %v", hits)
	}
	// Ties resolve to the earlier text, so results never depend on map order.
	tie := Build([]string{"same words", "same words", "same words"})
	for range 20 {
		if hits := tie.Search(tie.Parse("words"), 2); hits[0].Doc != 0 || hits[1].Doc != 1 {
			t.Fatalf("ties: %v", hits)
		}
	}
}

func TestTopKKeepsTheBest(t *testing.T) {
	texts := make([]string, 200)
	for i := range texts {
		texts[i] = "common"
		for range i % 17 {
			texts[i] += " target"
		}
	}
	ix := Build(texts)
	hits := ix.Search(ix.Parse("target"), 5)
	if len(hits) != 5 {
		t.Fatalf("got %d hits", len(hits))
	}
	for _, h := range hits {
		if (h.Doc % 17) != 16 {
			t.Errorf("hit %v is not among the texts with the most matches", h)
		}
	}
}

func TestEmptyIndex(t *testing.T) {
	ix := Build(nil)
	if hits := ix.Search(ix.Parse("anything"), 5); hits != nil {
		t.Errorf("empty index returned %v", hits)
	}
}

func TestStopWordTypos(t *testing.T) {
	for _, ws := range stopWordsByLen {
		for _, w := range ws {
			if !IsStopWord(w) {
				t.Errorf("stopWordsByLen has %q, which IsStopWord rejects", w)
			}
		}
	}
	if !slices.Contains(stopWordsByLen[7], "against") || !slices.Contains(stopWordsByLen[5], "tries") {
		t.Error("stopWordsByLen lacks stop words or fillers")
	}
	for w, want := range map[string]bool{
		"agianst": true, "abuot": true, "whihc": true, "thier": true, "becuase": true, "bceuase": false, // two slips
		"betwen": true, "aboutt": true, "court": false, "sanctions": false, "duterte": false,
	} {
		if got := isStopWordTypo(w); got != want {
			t.Errorf("isStopWordTypo(%q) = %v; want %v", w, got, want)
		}
	}
}

func TestSamePrefix(t *testing.T) {
	ix := Build([]string{"Israeli officials and Sudan, Palestinian groups, Russian warrants."})
	for q, want := range map[string]string{"israel": "israeli", "sudanese": "sudan", "palestine": "palestinian", "russia": "russian"} {
		id, ok := ix.samePrefix(q)
		if !ok || id != ix.surface[want] {
			t.Errorf("samePrefix(%q) = %v, %v; want the term of %q", q, id, ok, want)
		}
	}
	if _, ok := ix.samePrefix("isra"); ok {
		t.Error("samePrefix matched a four-letter stub")
	}
}

func TestAlternatives(t *testing.T) {
	ix := Build([]string{
		"The International Criminal Court (ICC) is under assault.",
		"The ICC met. Russian warrants remain. Russia objected.",
	})
	alts := func(q string) []string {
		var out []string
		for _, t := range ix.Parse(q).Terms {
			for _, a := range t.Alts {
				for w, id := range ix.surface {
					if id == a {
						out = append(out, w)
					}
				}
			}
		}
		slices.Sort(out)
		return out
	}
	if got := alts("ICC"); !slices.Equal(got, []string{"court", "criminal", "international"}) {
		t.Errorf("alternatives of ICC = %q; want the words of its name", got)
	}
	if got := alts("russia"); !slices.Equal(got, []string{"russian"}) {
		t.Errorf("alternatives of russia = %q", got)
	}
	// The text that spells the name out ranks first for the acronym.
	if hits := ix.Search(ix.Parse("ICC"), 2); hits[0].Doc != 0 {
		t.Errorf("Search(ICC) = %v; want the text defining it first", hits)
	}

	// An acronym written in capitals is also found spelled out in lower
	// case, when no capitalised name gives it; one of two letters is not.
	ix = Build([]string{
		"Minutes of the AGM. The chair thanked the US delegation.",
		"Annual general meeting: Tuesday 20 May, before club night.",
		"Unused space nearby.",
	})
	if got := alts("agm"); !slices.Equal(got, []string{"annual", "general", "meeting"}) {
		t.Errorf("alternatives of agm = %q; want the words it is spelled out as", got)
	}
	if hits := ix.Search(ix.Parse("agm date"), 3); !slices.ContainsFunc(hits, func(h Hit) bool { return h.Doc == 1 }) {
		t.Errorf("Search(agm date) = %v; want the text spelling it out found", hits)
	}
	if got := alts("us"); len(got) != 0 {
		t.Errorf("alternatives of us = %q; want none", got)
	}
	// An English word written loud is no acronym, and a run of words
	// stops at punctuation.
	ix = Build([]string{
		"Entry is FREE. Families, refugees, elderly and everyone are welcome.",
		"The NCO met us. New, cheap options are coming.",
	})
	if got := alts("free"); len(got) != 0 {
		t.Errorf("alternatives of free = %q; want none", got)
	}
	if got := alts("nco"); len(got) != 0 {
		t.Errorf("alternatives of nco = %q; want none: the run crosses a comma", got)
	}
}

// An index remembers how it resolved a word it lacks; what one question
// does with the terms (an adverb's discount) must not change them for the
// next.
func TestResolvedWordsStayPut(t *testing.T) {
	ix := Build([]string{"The court was set up in 2002 and its original offices were temporary."})
	first := ix.Parse("where did the court originally sit")
	second := ix.Parse("where did the court originally sit")
	if len(first.Terms) != len(second.Terms) {
		t.Fatalf("terms differ: %+v then %+v", first.Terms, second.Terms)
	}
	for i := range first.Terms {
		if first.Terms[i].Weight != second.Terms[i].Weight {
			t.Errorf("term %q weighs %v, then %v", first.Terms[i].Word, first.Terms[i].Weight, second.Terms[i].Weight)
		}
	}
}

func TestIsAdverb(t *testing.T) {
	for w, want := range map[string]bool{"usually": true, "originally": true, "basically": true, "happily": true, "family": false, "only": false, "italy": false, "court": false} {
		if got := isAdverb(w); got != want {
			t.Errorf("isAdverb(%q) = %v; want %v", w, got, want)
		}
	}
}

// A phrasal verb the knowledge lacks is read whole, through WordNet.
func TestPhrasalVerbs(t *testing.T) {
	ix := Build([]string{"The window is expected to return in spring.", "Members should intensify efforts to protect the court."})
	for q, want := range map[string]int32{
		"when is the window coming back?": ix.ID("return"),
		"what should members step up?":    ix.ID("intensify"),
	} {
		found := false
		for _, tm := range ix.Parse(q).Terms {
			found = found || tm.ID == want
		}
		if !found {
			t.Errorf("Parse(%q) = %+v; want the term of %d", q, ix.Parse(q).Terms, want)
		}
	}
}

// An irregular form and its lemma are one term, in the texts and in
// questions: "kept" answers "keep", "paid" answers "pay".
func TestIrregularFormsAreOneTerm(t *testing.T) {
	ix := Build([]string{"He kept the sandstone front.", "The city paid the rest.", "People keep asking."})
	if ix.ID("kept") != ix.ID("keep") || ix.ID("kept") < 0 {
		t.Errorf("kept is term %d, keep %d; want one term", ix.ID("kept"), ix.ID("keep"))
	}
	for q, want := range map[string]string{"what did he keep?": "kept", "who pays the rest?": "paid"} {
		terms := ix.Parse(q).Terms
		if len(terms) == 0 || terms[0].ID != ix.ID(want) || terms[0].Corrected {
			t.Errorf("Parse(%q) = %+v; want the term of %q as written", q, terms, want)
		}
	}
}

// A word that is a lemma of its own but far more often an irregular form
// is filed under the form's lemma: "builders found asbestos" says "find",
// and does not answer a question about when something was founded.
func TestFoundIsFind(t *testing.T) {
	ix := Build([]string{"Builders found asbestos in the roof.", "The museum was founded in 1931.", "Visitors find the owl."})
	if ix.ID("found") != ix.ID("find") || ix.ID("found") < 0 {
		t.Errorf("found is term %d, find %d; want one term", ix.ID("found"), ix.ID("find"))
	}
	if ix.ID("found") == ix.ID("founded") {
		t.Errorf("found and founded are one term %d; want two", ix.ID("found"))
	}
	hits := ix.Search(ix.Parse("when was the founding?"), 5)
	if len(hits) != 1 || hits[0].Doc != 1 {
		t.Errorf("founding found %+v; want the museum's passage alone", hits)
	}
	// Nor when the knowledge has no "founded": the lemma "found" that
	// "founded" is an inflection of is not the index's "found".
	ix = Build([]string{"Builders found asbestos in the roof.", "Visitors find the owl."})
	for _, tm := range ix.Parse("when was the museum founded?").Terms {
		if tm.ID == ix.ID("find") {
			t.Errorf("founded stands for %+v, the term of find", tm)
		}
	}
}

// A light verb before its particle weighs like an adverb; before "from",
// or alone, it weighs in full.
func TestLightVerbBeforeParticle(t *testing.T) {
	// weighs checks that q keeps one of the verbs, at weight want.
	weighs := func(ix *Index, q string, want float32, verbs ...string) {
		t.Helper()
		found := false
		for _, tm := range ix.Parse(q).Terms {
			if slices.ContainsFunc(verbs, func(v string) bool { return tm.ID == ix.ID(v) }) {
				found = true
				if tm.Weight != want {
					t.Errorf("Parse(%q): %s weighs %.2f; want %.2f", q, tm.Word, tm.Weight, want)
				}
			}
		}
		if !found {
			t.Errorf("Parse(%q) lost the verb", q)
		}
	}
	ix := Build([]string{"Volunteers came to the culvert and took 5.9 tonnes out.", "The money comes from donors."})
	for q, want := range map[string]float32{
		"how much rubbish came out at the culvert?": AdverbWeight,
		"who took over the campaign?":               AdverbWeight,
		"where does the money come from?":           1,
		"who came to the culvert?":                  1,
	} {
		weighs(ix, q, want, "came", "took")
	}
	// Turn, get, show, set, give, bring and pick are as light, and so is
	// one with a pronoun before its particle.
	ix = Build([]string{"Thirty-four players turned up, and the club set up a second room.", "The season ended early."})
	for _, q := range []string{"how many turned up for the rapid?", "when did they set up the room?", "why did they set it up?"} {
		weighs(ix, q, AdverbWeight, "turned", "set")
	}
	// "end up" says how it turned out: "how much did it end up costing?"
	// asks what it cost.
	weighs(ix, "how much did the whole project end up costing?", AdverbWeight, "ended")
	// One the knowledge lacks is dropped, not counted as unknown.
	ix = Build([]string{"We removed 5.9 tonnes of rubbish."})
	if u := ix.Parse("how much rubbish went out?").Unknown; len(u) != 0 {
		t.Errorf("Parse(went out) unknown %v; want none", u)
	}
	if u := ix.Parse("how much rubbish went missing?").Unknown; !slices.Equal(u, []string{"went", "missing"}) {
		t.Errorf("Parse(went missing) unknown %v; want went and missing", u)
	}
}

// Indefinite adverbs, a hedge before a number, what a hyphen leaves of
// "clean-ups" and a "though" that turns the sentence say nothing of the
// subject: neither a term nor an unknown word, even where the knowledge
// says them ("though not before spring").
func TestIndefiniteWordsAreFillers(t *testing.T) {
	ix := Build([]string{"Volunteers joined the clean-up at the weir.", "Parking is behind the centre.", "The club has 87 members and a round table.", "We hope to brew a new beer, though not before the spring."})
	filler := func(w string) bool {
		return w == "ups" || w == "anywhere" || w == "always" || w == "around" || w == "though" || w == "tho" || w == "anyway"
	}
	for _, q := range []string{"was it hurt during the clean-ups?", "is there anywhere to park?", "why does junk always end up at the weir?", "how many members does the club have, around 87?", "which days tho?", "anyway, which beer though?"} {
		p := ix.Parse(q)
		for _, tm := range p.Terms {
			if filler(tm.Word) {
				t.Errorf("Parse(%q) has term %q", q, tm.Word)
			}
		}
		for _, w := range p.Unknown {
			if filler(w) {
				t.Errorf("Parse(%q) has unknown word %q", q, w)
			}
		}
	}
}

// Alternatives are remembered per word and term, and never list the term
// itself, whichever of a word's terms asked first.
func TestAlternativesRemembered(t *testing.T) {
	ix := Build([]string{"The International Criminal Court (ICC) sits in The Hague.", "The ICC and the court's judges met."})
	first := ix.Parse("what does the icc do?").Terms
	again := ix.Parse("is the icc busy?").Terms
	if len(first) == 0 || len(again) == 0 || !slices.Equal(first[0].Alts, again[0].Alts) || len(first[0].Alts) == 0 {
		t.Fatalf("alternatives of icc: %v, then %v; want the same, non-empty", first, again)
	}
	for _, tm := range append(first, again...) {
		if slices.Contains(tm.Alts, tm.ID) {
			t.Errorf("term %q lists itself among its alternatives %v", tm.Word, tm.Alts)
		}
	}
	if a, b := ix.alternatives("icc", first[0].Alts[0]), ix.alternatives("icc", first[0].ID); slices.Contains(a, first[0].Alts[0]) || !slices.Equal(b, first[0].Alts) {
		t.Errorf("alternatives keyed by word alone: %v, %v", a, b)
	}
}

// An index is shared by every question at once: what it remembers of
// resolved words and their alternatives is safe to fill from many
// goroutines, and the same question parses the same way.
func TestParseConcurrently(t *testing.T) {
	ix := Build([]string{"The International Criminal Court (ICC) sits in The Hague.", "Russia and the United States attack the ICC.", "Judges were sanctioned."})
	questions := []string{"what does the icc do?", "who attacks the court?", "were the jugdes sanctoined?", "is the ICC in the hague", "russian attacks?"}
	want := make([]Query, len(questions))
	for i, q := range questions {
		want[i] = Build([]string{"The International Criminal Court (ICC) sits in The Hague.", "Russia and the United States attack the ICC.", "Judges were sanctioned."}).Parse(q)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for g := range 8 {
		wg.Go(func() {
			for k := range 20 {
				i := (g + k) % len(questions)
				if got := ix.Parse(questions[i]); !reflect.DeepEqual(got, want[i]) {
					errs <- fmt.Sprintf("Parse(%q) = %+v; want %+v", questions[i], got, want[i])
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

// "won't" is "will not": its "won" is not the past of "win".
func TestWontIsNotWon(t *testing.T) {
	ix := Build([]string{"She won 22 games.", "The club is closed in August."})
	// Typed without its apostrophe too, and with the knowledge lacking
	// "won", where it would count as a word the knowledge does not hold.
	ixNoWin := Build([]string{"The club is closed in August."})
	for _, q := range []string{"which weeks won't the club meet?", "which weeks won’t the club meet?", "which weeks wont the club meet?"} {
		for _, in := range []*Index{ix, ixNoWin} {
			pq := in.Parse(q)
			for _, tm := range pq.Terms {
				if tm.Word == "won" {
					t.Errorf("Parse(%q) reads %q as a word of the question", q, tm.Word)
				}
			}
			if slices.Contains(pq.Unknown, "won") {
				t.Errorf("Parse(%q) counts %q as a word the knowledge lacks", q, "won")
			}
		}
	}
	if terms := ix.Parse("how many games has she won?").Terms; len(terms) != 2 {
		t.Errorf("Parse(games she won) = %+v; want games and won", terms)
	}
}

// "A bit" is "a little": no word of what is asked about ("running a bit
// late", "for a little bit"); "the river bit" is a part of something.
func TestABitIsALittle(t *testing.T) {
	ix := Build([]string{"The bus waits two minutes at each stop.", "The river bit of the course floods.", "The little hall is upstairs."})
	if terms := ix.Parse("can i try it out for a little bit?").Terms; slices.ContainsFunc(terms, func(tm Term) bool { return tm.Word == "little" }) {
		t.Errorf("Parse(for a little bit) reads little as a word: %+v", terms)
	}
	if terms := ix.Parse("where is the little hall?").Terms; !slices.ContainsFunc(terms, func(tm Term) bool { return tm.Word == "little" }) {
		t.Errorf("Parse(the little hall) = %+v; want little among its words", terms)
	}
	for q, want := range map[string]bool{
		"how long will the bus wait if im a bit late?": false,
		"can i try it out for a little bit?":           false,
		"does the river bit of the course get muddy?":  true,
		"which bit of the course floods?":              true,
	} {
		pq := ix.Parse(q)
		got := slices.Contains(pq.Unknown, "bit") || slices.ContainsFunc(pq.Terms, func(tm Term) bool { return tm.Word == "bit" })
		if got != want {
			t.Errorf("Parse(%q) reads bit: %v; want %v", q, got, want)
		}
	}
}

// A slip on an English word the knowledge lacks is counted as that word:
// "totl" is "total", an English word, not a name nobody knows.
func TestEnglishSlip(t *testing.T) {
	for w, want := range map[string]string{
		"totl":   "total", // a letter left out
		"toatl":  "total", // two letters swapped
		"totaal": "total", // a letter too many
		"tha":    "",      // too short to guess
		"plae":   "",      // "place", "plane", "plate": no one word
		"total":  "",      // English already
		"kostov": "",      // no English word that close: a name
	} {
		if got := EnglishSlip(w); got != want {
			t.Errorf("EnglishSlip(%q) = %q; want %q", w, got, want)
		}
	}
	ix := Build([]string{"The plant cost $68 million."})
	q := ix.Parse("how much did the plant cost in totl?")
	if !slices.Equal(q.Unknown, []string{"total"}) || len(q.Strange) != 0 {
		t.Errorf("Parse: unknown %v, strange %v; want the unknown English word total", q.Unknown, q.Strange)
	}
}

// A long word with one letter wrong is the English word it slips on, not a
// name the knowledge lacks: "is ther parking at the surgury?" asks about a
// surgery, and does not need a quote naming "surgury".
func TestWrongLetter(t *testing.T) {
	for w, want := range map[string]string{
		"surgury":    "surgery",
		"minimun":    "minimum",
		"investmant": "investment",
		"pellows":    "", // "fellows", "bellows", "yellows": no one word
		"kostova":    "", // no English word that close: a name
		"surgery":    "", // English already
	} {
		t.Run(w, func(t *testing.T) {
			if got := WrongLetter(w); got != want {
				t.Errorf("WrongLetter(%q) = %q; want %q", w, got, want)
			}
		})
	}
	if got := WrongLetter("lavel"); got != "" {
		t.Errorf("WrongLetter(%q) = %q; want none: shorter than %d letters", "lavel", got, minWrongLetter)
	}
	ix := Build([]string{"Our car park behind the building has eight spaces."})
	q := ix.Parse("is ther parking at the surgury?")
	if !slices.Contains(q.Unknown, "surgery") || len(q.Strange) != 0 {
		t.Errorf("Parse: unknown %v, strange %v; want the unknown English word surgery, no name", q.Unknown, q.Strange)
	}
	for question, strange := range map[string][]string{
		"can kostova park at the building?":     {"kostova"},
		"where is the Medlock bridge car park?": {"medlock"}, // capitalised: a name, not "wedlock"
		"where is the medlock bridge car park?": nil,         // read as "wedlock", as far as can be told
	} {
		t.Run(question, func(t *testing.T) {
			if q := ix.Parse(question); !slices.Equal(q.Strange, strange) {
				t.Errorf("Parse(%q): strange %v; want %v", question, q.Strange, strange)
			}
		})
	}
}

// A slip on a weekday's plural is read as the weekday, though the word
// list lacks "sundays".
func TestCalendarSlip(t *testing.T) {
	ix := Build([]string{"On Sunday the bar shuts at 4pm."})
	q := ix.Parse("wat time does the bar shut on sundys?")
	if !slices.ContainsFunc(q.Terms, func(t Term) bool { return t.ID == ix.ID("sunday") }) || slices.Contains(q.Unknown, "sundys") {
		t.Errorf("Parse: terms %v, unknown %v; want sundys read as sunday", q.Terms, q.Unknown)
	}
}

// A three-letter slip is unknown, not a name: too short to correct, but
// "pik" is no one's name, while "zog" and "lukashenko" may be.
func TestShortSlip(t *testing.T) {
	ix := Build([]string{"You can collect your bread on Saturday."})
	for question, strange := range map[string][]string{
		"wen can i pik up my bread?":            nil, // "pick", a letter left out
		"can i giv my bread away?":              nil, // "give"
		"can zog collect my bread?":             {"zog"},
		"did Liu collect my bread?":             {"liu"}, // capitalised: a name
		"did liu collect my bread?":             nil,     // a slip on "lieu", as far as can be told
		"Thanks. Pik up my bread on Saturday?":  nil,     // a sentence's first word
		"CAN I PIK UP MY BREAD?":                nil,
		"can lukashenko collect my bread?":      {"lukashenko"},
		"can i collect bread at the vilage hal": {"hal"}, // "hall", but Hal is a name too
	} {
		if q := ix.Parse(question); !slices.Equal(q.Strange, strange) {
			t.Errorf("Parse(%q): strange %v; want %v", question, q.Strange, strange)
		}
	}
}

// A short first name written in lower case, a letter short of a common
// word the knowledge uses, is that word misspelt; capitalised, or short of
// a name, it stays a name.
func TestNameSlip(t *testing.T) {
	ix := Build([]string{"Bread is sold at the village hall on Saturday.", "Flights to Iran were cancelled."})
	for question, strange := range map[string][]string{
		"can i get bread at the vilage hal":      nil,
		"can Hal get bread at the hall?":         {"hal"},
		"did ian cancel the flights to the hall": {"ian"}, // "iran" is a name: no slip on a common word
	} {
		q := ix.Parse(question)
		if !slices.Equal(q.Strange, strange) {
			t.Errorf("Parse(%q): strange %v; want %v", question, q.Strange, strange)
		}
		if strange == nil && !slices.ContainsFunc(q.Terms, func(t Term) bool { return t.ID == ix.ID("hall") && t.Corrected }) {
			t.Errorf("Parse(%q): terms %v, unknown %v; want hal read as hall", question, q.Terms, q.Unknown)
		}
	}
}

// A knowledge that writes "8pm" answers "eight pm" too.
func TestAfternoonHoursAsWritten(t *testing.T) {
	ix := Build([]string{"| Folk on the Fell | Thursday, 8pm to 10pm | Sally Brennan |", "The manager is paid to work 20 hours a week."})
	q := ix.Parse("whats on at eight pm on a thursday?")
	if !slices.ContainsFunc(q.Terms, func(t Term) bool { return t.Word == "#20" && slices.Contains(t.Alts, ix.ID("8pm")) }) {
		t.Errorf("Parse = %+v; want the hour 20, or 8pm as written", q.Terms)
	}
	// Never any 8: "The quiz has 8 teams" says nothing of 8pm.
	ix = Build([]string{"The quiz has 8 teams of four.", "Doors open at 8pm."})
	for _, tm := range ix.Parse("what's on at eight pm?").Terms {
		if tm.ID == ix.ID("#8") || slices.Contains(tm.Alts, ix.ID("#8")) {
			t.Errorf("Parse = %+v; want 8pm, not the number 8", tm)
		}
	}
}

func TestAfternoonHours(t *testing.T) {
	ix := Build([]string{"The reading club meets on Sundays at 15:00 UTC.", "The doors open at 3 in the morning."})
	for _, q := range []string{"what's on at three pm?", "anything at 3pm", "is there something at 3 p.m.?"} {
		found := false
		for _, tm := range ix.Parse(q).Terms {
			found = found || tm.Word == "#15"
		}
		if !found {
			t.Errorf("Parse(%q) = %+v; want the hour 15", q, ix.Parse(q).Terms)
		}
	}
}

// A number the knowledge never states is a word it lacks.
func TestUnknownNumbers(t *testing.T) {
	ix := Build([]string{"The server is open to people over 18."})
	q := ix.Parse("is the server open to people under 16?")
	if !slices.Contains(q.Unknown, "#16") {
		t.Errorf("Unknown = %v; want #16", q.Unknown)
	}
	if q := ix.Parse("is it open to people over 18?"); len(q.Unknown) != 0 {
		t.Errorf("Unknown = %v; want none", q.Unknown)
	}
}

// A sum of money is one term however it is said, and stands for the
// numbers and currency words it is said with: "three pound ninety" asks
// after "£3.90", which states neither 3 nor 90.
func TestSums(t *testing.T) {
	ix := Build([]string{"Junior members pay £20 a month.", "An island card single is £3.90; the grant was £4,500.",
		"The hall seats 20 people and 90 chairs in 3 rooms."})
	for _, c := range []struct {
		q, sum  string
		keep    []string // other words still asked about
		unknown []string
	}{
		{"is the junior membership twenty quid?", "#£2000", []string{"junior"}, nil},
		{"is it still three pound ninety for an island card?", "#£390", []string{"island", "card"}, nil},
		{"what did the four and a half grand grant buy?", "#£450000", []string{"grant"}, []string{"buy"}},
		{"is it £3.90?", "#£390", nil, nil},
		// A sum the knowledge never states is read as its words.
		{"is a junior membership fifty quid?", "", []string{"junior"}, []string{"quid", "#50"}},
	} {
		q := ix.Parse(c.q)
		var words []string
		for _, tm := range q.Terms {
			words = append(words, tm.Word)
		}
		if c.sum != "" && !slices.Contains(words, c.sum) {
			t.Errorf("Parse(%q) terms %v; want the sum %s", c.q, words, c.sum)
		}
		for _, w := range c.keep {
			if !slices.Contains(words, w) {
				t.Errorf("Parse(%q) terms %v; want %q kept", c.q, words, w)
			}
		}
		for _, w := range append(words, q.Unknown...) {
			if c.sum != "" && slices.Contains([]string{"#3", "#90", "#20", "#4", "#50", "quid", "pound", "grand", "half"}, w) {
				t.Errorf("Parse(%q) = %v, unknown %v; want %q read as part of the sum", c.q, words, q.Unknown, w)
			}
		}
		if !slices.Equal(q.Unknown, c.unknown) {
			t.Errorf("Parse(%q) unknown %v; want %v", c.q, q.Unknown, c.unknown)
		}
	}
	// "20 pounds" the knowledge never states as a sum is read as 20 and
	// "pounds": a weight, say.
	if q := BuildWithVocabulary([]string{"The largest dog weighs 20 lb.", "Entry is £5."}, nil).Parse("which dog weighs 20 pounds?"); !slices.ContainsFunc(q.Terms, func(t Term) bool { return t.Word == "#20" }) {
		t.Errorf("Parse(20 pounds) = %+v; want the number 20", q.Terms)
	}
	// Numbers that are no sums stay numbers.
	q := ix.Parse("does the hall seat 20 people in 3 rooms?")
	for _, key := range []string{"#20", "#3"} {
		if !slices.ContainsFunc(q.Terms, func(t Term) bool { return t.Word == key }) {
			t.Errorf("Parse(seat 20 in 3 rooms) = %+v; want %s", q.Terms, key)
		}
	}
	// "what % got fixed" and "fifty percent" ask after "68%".
	ix = Build([]string{"We fixed 68% of the items.", "The store is kept at 50% humidity and 14°C."})
	for q, want := range map[string][]string{
		"what % got fixed?":                      {"percent"},
		"is the store at fifty percent humidity": {"percent", "humidity", "#50"},
		"is it fourteen degrees?":                {"degrees", "#14"},
	} {
		var words []string
		for _, tm := range ix.Parse(q).Terms {
			words = append(words, tm.Word)
		}
		for _, w := range want {
			if !slices.Contains(words, w) {
				t.Errorf("Parse(%q) terms %v; want %q", q, words, w)
			}
		}
	}
	ix = Build([]string{"Junior members pay £20 a month.", "An island card single is £3.90; the grant was £4,500."})
	// The sentence holds the sum as the question reads it.
	if seq := ix.Seq("An island card single is £3.90.", nil); !slices.Contains(seq, ix.ID("#£390")) {
		t.Errorf("Seq = %v; want the sum's id %d", seq, ix.ID("#£390"))
	}
}

// "half", "twice" and "hundreds" make no number on their own: they are
// words the question asks about ("half plots"), and "half a dozen" is 6 too.
func TestAmountWordsOnTheirOwn(t *testing.T) {
	ix := Build([]string{"Full plots cost £50 a year. Half plots now cost £28.", "The group meets twice a month; hundreds came."})
	for _, tt := range []struct{ q, word string }{
		{"how much is a half plot", "half"},
		{"does it meet twice a month", "twice"},
		{"did hundreds come", "hundreds"},
	} {
		q := ix.Parse(tt.q)
		if !slices.ContainsFunc(q.Terms, func(t Term) bool { return t.Word == tt.word }) {
			t.Errorf("Parse(%q) terms = %v; want %q among them", tt.q, q.Terms, tt.word)
		}
	}
	if q := ix.Parse("how many came, like six thousand?"); slices.ContainsFunc(q.Terms, func(t Term) bool { return t.Word == "thousand" }) {
		t.Errorf("Parse(six thousand) = %v; want thousand read as part of the number", q.Terms)
	}
	if q := ix.Parse("half a dozen plots"); !slices.ContainsFunc(q.Terms, func(t Term) bool { return t.Word == "#6" }) && !slices.Contains(q.Unknown, "#6") {
		t.Errorf("Parse(half a dozen plots) = %v, unknown %v; want the number 6", q.Terms, q.Unknown)
	}
}

// "this year" says when the asker is, not what the question is about.
func TestRelativePeriods(t *testing.T) {
	ix := Build([]string{"The Assembly will meet in The Hague this December.", "It meets once a year."})
	for _, q := range []string{"Where does the Assembly meet this year?", "where do they meet this yr"} {
		for _, tm := range ix.Parse(q).Terms {
			if tm.Word == "year" {
				t.Errorf("Parse(%q) kept %q of \"this year\"", q, tm.Word)
			}
		}
	}
	found := false
	for _, tm := range ix.Parse("How often, once a year?").Terms {
		found = found || tm.Word == "year"
	}
	if !found {
		t.Error("a year that is not \"this year\" was dropped")
	}
}

// TestEnglishSlips: a word one common slip away from an English word the
// index has in another form reaches it; a slip onto an English word the
// index lacks is a slip, not a name.
func TestEnglishSlips(t *testing.T) {
	ix := Build([]string{"The library reopened on Saturday.", "Sanctions were imposed on judges."})
	tests := []struct {
		word string
		want string // the indexed word it reaches; "" for none
		slip bool
	}{
		{"reopning", "reopened", true},  // a letter left out
		{"santcion", "sanctions", true}, // two letters swapped
		{"curent", "", true},            // "current": English, not in the index
		{"lukashenko", "", false},       // a name
	}
	for _, tt := range tests {
		id, ok, slip := ix.correctEnglish(tt.word)
		got := ""
		if ok {
			got = ix.sorted[slices.IndexFunc(ix.sorted, func(w string) bool { return ix.surface[w] == id })]
		}
		if got != tt.want || (tt.want == "" && slip != tt.slip) {
			t.Errorf("correctEnglish(%q) = %q, slip %v; want %q, slip %v", tt.word, got, slip, tt.want, tt.slip)
		}
	}
}

// A long word with two slips the deletion index cannot see, a letter left
// out and another changed, is still corrected: "indepndant" is
// "independent", not a name.
func TestTwoSlipsInALongWord(t *testing.T) {
	ix := Build([]string{"The association checked the figures with an independent surveyor."})
	q := ix.Parse("whos the indepndant surveyer")
	if len(q.Terms) == 0 || q.Terms[0].ID != ix.ID("independent") || !q.Terms[0].Corrected || len(q.Strange) > 0 {
		t.Errorf("Parse = terms %v, strange %v; want indepndant corrected to independent", q.Terms, q.Strange)
	}
	if q := ix.Parse("whos the xndepndant surveyer"); len(q.Terms) > 0 && q.Terms[0].ID == ix.ID("independent") {
		t.Errorf("xndepndant corrected to independent; the first letter is seldom the slip")
	}
}

// One slip in a long word is a surer guess than two, or one in a short
// word: "wheelchiar" stands for "wheelchair" nearly as the word would.
func TestSureSlipWeighsMore(t *testing.T) {
	ix := Build([]string{"Every wheelchair user travels with a carer. The boat holds twelve people."})
	for _, tt := range []struct {
		question, word string
		weight         float32
	}{
		{"how many wheelchiar users", "wheelchair", sureSlipWeight},
		{"how many whelchiar users", "wheelchair", correctedWeight},
		{"how many poeple", "people", sureSlipWeight},
		{"is there a bota", "boat", correctedWeight},
	} {
		q := ix.Parse(tt.question)
		i := slices.IndexFunc(q.Terms, func(t Term) bool { return t.ID == ix.ID(tt.word) })
		if i < 0 || !q.Terms[i].Corrected || q.Terms[i].Weight != tt.weight {
			t.Errorf("Parse(%q) = %v; want %s corrected, weighing %v", tt.question, q.Terms, tt.word, tt.weight)
		}
	}
}

// A word of seven letters that is no English word may hold two slips:
// "welfair" is "welfare". (An English one is not read so: TestFoundIsFind's
// "founded" stays itself.)
func TestTwoSlipsInASevenLetterWord(t *testing.T) {
	ix := Build([]string{"Our welfare officer is Grace Adeyemi."})
	q := ix.Parse("whos the welfair oficer")
	if len(q.Terms) == 0 || q.Terms[0].ID != ix.ID("welfare") || !q.Terms[0].Corrected || len(q.Strange) > 0 {
		t.Errorf("Parse = terms %v, strange %v; want welfair corrected to welfare", q.Terms, q.Strange)
	}
}

// A word of three letters is corrected only to a word of four with the
// letter put back: "fod" is "food", "bok" is "book"; a name ("ian",
// "hal") never.
func TestThreeLetterSlips(t *testing.T) {
	ix := Build([]string{"We handed out 41.5 tonnes of food.", "The book club meets every week.", "The bay is calm.", "Full membership is £32."})
	// "ful" is in WordNet (a language), but in no English word list: a
	// slip, as people write.
	for _, tt := range []struct{ q, want string }{{"how much fod", "food"}, {"when does the bok club meet", "book"}, {"how much is ful membership", "full"}} {
		q := ix.Parse(tt.q)
		if !slices.ContainsFunc(q.Terms, func(u Term) bool { return u.ID == ix.ID(tt.want) && u.Corrected }) {
			t.Errorf("Parse(%q) = %v, unknown %v; want %q guessed", tt.q, q.Terms, q.Unknown, tt.want)
		}
	}
	// A name is no slip: "ian" is not "iran".
	if q := Build([]string{"Sanctions on Iran were extended."}).Parse("who is ian"); len(q.Terms) > 0 {
		t.Errorf("Parse(who is ian) = %v; want no guess", q.Terms)
	}
	// "bax" is no letter short of a word here: "bay" is a letter changed.
	if q := ix.Parse("bax"); len(q.Terms) > 0 {
		t.Errorf("Parse(bax) = %v; want no guess", q.Terms)
	}
}

// A city stands for its country, in whatever form the knowledge names it:
// "moscow's warrants" are the "Russian arrest warrants".
func TestPlaceStandsForItsCountry(t *testing.T) {
	ix := Build([]string{"Russian arrest warrants remain pending.", "The court sits in The Hague."})
	q := ix.Parse("are moscow's warrants still open?")
	if !slices.ContainsFunc(q.Terms, func(u Term) bool { return u.ID == ix.ID("russian") }) {
		t.Errorf("Parse = %v, unknown %v; want moscow read as russian", q.Terms, q.Unknown)
	}
	// By the forms WordNet derives, not by a shared start: "delhi" is not
	// "Indiana".
	ix = Build([]string{"French officials welcomed the ruling.", "Indiana Jones night is on Friday."})
	if q := ix.Parse("what did paris say?"); !slices.ContainsFunc(q.Terms, func(u Term) bool { return u.ID == ix.ID("french") }) {
		t.Errorf("Parse(paris) = %v; want paris read as french", q.Terms)
	}
	if q := ix.Parse("when is delhi night?"); slices.ContainsFunc(q.Terms, func(u Term) bool { return u.ID == ix.ID("indiana") }) {
		t.Errorf("Parse(delhi) = %v; want no indiana", q.Terms)
	}
}

// Prepositions Snowball's list lacks name no subject: a quote need not
// hold "onto" or "along" to answer "…added onto our service charge?" or
// "can i bring my dog along?". "Along" after a light verb is its particle.
func TestPlainPrepositionsAreStopWords(t *testing.T) {
	for _, w := range []string{"onto", "upon", "via", "along", "among", "across", "despite", "towards", "roughly", "approximately"} {
		if !IsStopWord(w) {
			t.Errorf("IsStopWord(%q) = false", w)
		}
	}
	ix := Build([]string{"Dogs are welcome on a short lead.", "Benches were installed along Meadow Lane.", "The manager is coming to the meeting."})
	for _, tm := range ix.Parse("can i bring my dog along?").Terms {
		if tm.Word == "along" {
			t.Errorf(`Parse kept "along" as a term`)
		}
	}
	found := false
	for _, tm := range ix.Parse("who's coming along to the meeting?").Terms {
		if tm.ID == ix.ID("coming") {
			found = true
			if tm.Weight != AdverbWeight {
				t.Errorf("coming weighs %.2f before its particle; want %.2f", tm.Weight, AdverbWeight)
			}
		}
	}
	if !found {
		t.Error("Parse lost the verb coming")
	}
}

// Vocabulary words are terms no text is found by, weighing as a word of
// one text.
func TestBuildWithVocabulary(t *testing.T) {
	ix := BuildWithVocabulary([]string{"The treasurer reported a surplus.", "Rehearsals are on Tuesdays."}, []string{"Millbrook Players"})
	id := ix.ID("players")
	if id < 0 {
		t.Fatal("players: not a term")
	}
	if ix.DF(id) != 0 || ix.IDF(id) != ix.IDF(ix.ID("surplus")) {
		t.Errorf("players: df %d, idf %.3f; want 0 and a one-text word's %.3f", ix.DF(id), ix.IDF(id), ix.IDF(ix.ID("surplus")))
	}
	if q := ix.Parse("what surplus are the players reporting"); !slices.ContainsFunc(q.Terms, func(tm Term) bool { return tm.ID == id }) {
		t.Errorf("Parse = %+v; want the vocabulary's players", q.Terms)
	}
	if ix.ID("millbrook") < 0 {
		t.Error("millbrook: not a term")
	}
}

// A question's "yearly" is matched by "annual" in the text (and by "a
// year", which the stemmer reads as "yearly"), even when the knowledge
// says "yearly" elsewhere; "daily" by "every day".
func TestPeriodEquivalents(t *testing.T) {
	ix := Build([]string{"The annual subscription is £42.", "The arch costs £6,000 a year.", "We publish a yearly report.", "It is open every day.", "Daily checks."})
	for _, tt := range []struct{ question, word, alt string }{
		{"how much are the yearly dues", "yearly", "annual"},
		{"is the annual report out", "annual", "year"},
		{"daily hours?", "daily", "day"},
	} {
		var term *Term
		q := ix.Parse(tt.question)
		for i := range q.Terms {
			if q.Terms[i].Word == tt.word {
				term = &q.Terms[i]
			}
		}
		if term == nil {
			t.Errorf("Parse(%q) = %v; want a term for %s", tt.question, q.Terms, tt.word)
			continue
		}
		if !slices.Contains(term.Alts, ix.ID(tt.alt)) {
			t.Errorf("Parse(%q): %s's alternatives %v lack %s (%d)", tt.question, tt.word, term.Alts, tt.alt, ix.ID(tt.alt))
		}
	}
}

// A noun split in two ("grown ups", "life guard") is read as the noun, or
// as its synonym where the knowledge says that instead; two words that
// make no noun stay two words.
func TestSplitNoun(t *testing.T) {
	ix := Build([]string{"Adults pay £20 a year.", "A lifeguard is on duty at every session.", "The car park opens at 8am."})
	for q, want := range map[string]string{
		"how much do grown ups pay?":  "adults",
		"is there a life guard?":      "lifeguard",
		"is every day a session day?": "",
	} {
		var got string
		for _, term := range ix.Parse(q).Terms {
			if strings.Contains(term.Word, " ") {
				ix.EachWord(func(w string, id int32) {
					if id == term.ID {
						got = w
					}
				})
			}
		}
		if got != want {
			t.Errorf("Parse(%q): the pair's term %q; want %q", q, got, want)
		}
	}
}

// A word the knowledge lacks that WordNet relates to several of its words
// is one term, the commonest of them with the others as alternatives: it
// is asked once, so a sentence that says one of them ("Our head baker")
// holds it as fully as one that says another, and the word weighs no more
// than a word of its own ("baker").
func TestRelatedWordsAreOneTerm(t *testing.T) {
	ix := Build([]string{
		"The team leader keeps the keys.",
		"The peal was conducted by Owen Pryce, and the leader rang the tenor.",
		"Read the guide before your first shift.",
		"Our head baker, Tom Ashdown, trained in Bristol.",
	})
	q := ix.Parse("who's the lead baker?")
	var lead []Term
	for _, u := range q.Terms {
		if u.Word == "lead" {
			lead = append(lead, u)
		}
	}
	if len(lead) != 1 {
		t.Fatalf("Parse = %v; want lead read as one term", q.Terms)
	}
	ids := append([]int32{lead[0].ID}, lead[0].Alts...)
	if lead[0].ID != ix.ID("leader") || !slices.Contains(ids, ix.ID("conducted")) || !slices.Contains(ids, ix.ID("guide")) {
		t.Errorf("lead = %v; want leader (the commonest) with conducted and guide as alternatives", lead[0])
	}
}
