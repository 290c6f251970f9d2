package llm

import (
	"fmt"
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"unicode"
	"unicode/utf8"

	"iccbot/internal/answer"
	"iccbot/internal/english"
	"iccbot/internal/lang"
	"iccbot/internal/prose"
	"iccbot/internal/search"
)

// maxLeadSentences and maxLeadRunes are answer's bounds on the model's
// own words (a sentence past them is dropped), for predicting what is kept.
const (
	maxLeadSentences = 3
	maxLeadRunes     = 600
)

func isLetters(w string) bool {
	for _, r := range w {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return w != ""
}

// propertyIterations bounds the property test: each iteration is one
// question through the fake model, about a millisecond.
const propertyIterations = 400

// faithfulES are Spanish translations a careful translator would write.
var faithfulES = map[string]string{hagueSentence: esHague, russiaSentence: esRussia, duterteSentence: esDuterte}

// inventedEN and inventedES are sentences no quote supports.
var (
	inventedEN = []string{
		fabricated,
		"Liz Evenson was convicted of war crimes in Darfur.",
		"The Netherlands left the ICC in 2024.",
		"Human Rights Watch said the ICC should be abolished by member countries.",
		"The Assembly of States Parties will not meet in The Hague.",
		"Russia imposed sanctions against court officials in 2025.",
	}
	inventedES = []string{
		"La CPI fue disuelta en 2025.",
		"Liz Evenson fue condenada por crímenes de guerra.",
		"La Asamblea se reúne en La Haya del 1 al 6 de diciembre de 2025.",
	}
	claimWords  = []string{"abolished", "praised", "dissolved", "ignored", "rejected", "welcomed"}
	auxiliaries = []string{" will ", " has ", " have ", " had ", " is ", " are ", " was ", " were ", " should "}
	digitsRun   = regexp.MustCompile(`\d+`)
)

// propCase is one random reply and what the test knows about its parts.
type propCase struct {
	lang    string
	content string // the model's reply
	// legitQuotes are the sentences the reply quotes faithfully, in some
	// typography or as a fragment or with words left out: each must be
	// cited, whole.
	legitQuotes []string
	// legitLead are the reply's sentences of its own that copy a sentence
	// it quotes faithfully; expectLead those of them that must be kept.
	legitLead  []string
	expectLead []string
	// badLead are the reply's sentences that no quote supports.
	badLead []string
	// translations maps a translation the reply gives to whether it is
	// faithful.
	translations map[string]bool
	desc         []string
}

// TestPropertyRepliesAreVerified builds random model replies from the
// knowledge: faithful quotes in any typography, fragments, words left out,
// quotes with a number changed, "not" inserted or dropped, a name swapped,
// a word replaced, invented sentences; the model's own sentences copied
// from its quotes or mutated the same ways, in English and in Spanish;
// translations faithful or made up; JSON or prose with quotation marks of
// every style. Whatever the reply, every sentence that reaches people is a
// verified quote (whole sentences, exactly the source's bytes), a fixed
// template, or a sentence of the model's that a faithful quote supports;
// a faithful quote is never dropped for its typography, and a faithful
// translation is the only kind shown.
func TestPropertyRepliesAreVerified(t *testing.T) {
	rng := rand.New(rand.NewPCG(10, 2025))
	var cur atomic.Pointer[propCase]
	s := newTestAnswerer(t, func(r fakeReq) fakeResp {
		c := cur.Load()
		if r.Kind == "rewrite" {
			return content(`{"query": "When does the Assembly of States Parties meet?", "language": "es"}`)
		}
		return content(c.content)
	}, nil)
	kb := s.eng.Knowledge()
	var sentences []string
	allWords := map[string]bool{}
	for _, p := range kb.Passages {
		for _, sp := range p.Sentences {
			text := p.SentenceText(sp)
			sentences = append(sentences, text)
			search.Words(text, func(w []byte) { allWords[string(w)] = true })
		}
	}
	var names []string // names of the knowledge, for swapping
	for w := range allWords {
		if isLetters(w) && !english.IsWord(w) && len(w) > 3 {
			names = append(names, w)
		}
	}
	slices.Sort(names)

	var stats struct{ llm, fallback, leadsKept, translationsShown, faithfulQuotes, badLeads int }
	defer func() { t.Logf("%+v", stats) }()
	for i := range propertyIterations {
		c := genCase(rng, sentences, names, allWords)
		stats.faithfulQuotes += len(c.legitQuotes)
		stats.badLeads += len(c.badLead)
		cur.Store(c)
		question := "When does the Assembly of States Parties meet?"
		if c.lang == "es" {
			question = esQuestion
		}
		got, err := s.a.Ask(t.Context(), "", question)
		fail := func(format string, args ...any) {
			t.Helper()
			t.Fatalf("iteration %d (%s):\nreply: %s\n\n%s\n\ngot (%s):\n%s", i, strings.Join(c.desc, "; "), c.content,
				fmt.Sprintf(format, args...), got.Mode, got.Text)
		}
		if err != nil {
			fail("Ask: %v", err)
		}
		checkVerified(t, kdir, got)
		if err := s.eng.Check(got); err != nil {
			fail("Check: %v", err)
		}
		if len(c.legitQuotes) > 0 && (got.Mode != answer.ModeLLM || !got.Answered) {
			fail("mode %q answered %v; want an LLM answer: it quotes faithfully", got.Mode, got.Answered)
		}
		if got.Mode != answer.ModeLLM {
			stats.fallback++
			if !isTemplate(got.Lead) {
				fail("fallback lead %q is no template", got.Lead)
			}
			continue
		}
		stats.llm++
		stats.leadsKept += len(c.expectLead)
		checkWholeSentences(t, s.eng, got)
		for _, q := range c.legitQuotes {
			if !citedWhole(got, q) {
				fail("the faithful quote %q was dropped", q)
			}
		}
		// The lead: a template, or the model's supported sentences.
		if !isTemplate(got.Lead) {
			kept, ok := splitInto(got.Lead, c.legitLead)
			if !ok {
				fail("lead %q holds a sentence that is neither a template nor supported", got.Lead)
			}
			if !slices.Equal(kept, c.expectLead) {
				fail("lead kept %q; want %q", kept, c.expectLead)
			}
		} else if len(c.expectLead) > 0 {
			fail("lead is a template; want %q kept", c.expectLead)
		}
		for _, b := range c.badLead {
			if strings.Contains(got.Text, b) {
				fail("unsupported sentence %q reached the reply", b)
			}
		}
		for _, cit := range got.Citations {
			if cit.Translation == "" {
				continue
			}
			if faithful, ok := c.translations[unmarked(cit.Translation)]; !ok || !faithful {
				fail("translation %q is not a faithful one (%v)", cit.Translation, c.translations)
			}
			stats.translationsShown++
			if cit.TranslationLabel != "Traducción automática" {
				fail("translation labelled %q", cit.TranslationLabel)
			}
		}
		if got.Text != answer.Render(got) {
			fail("text is not the rendered answer")
		}
	}
}

// isTemplate reports the fixed leads and notices.
func isTemplate(lead string) bool {
	switch lead {
	case fixedLead, fixedLeadES, "Here is what the sources say:",
		"The briefing does not cover that, so I can't answer it.":
		return true
	}
	return lead == lang.Tag("es").Phrases().NotCovered
}

// citedWhole reports a citation holding the whole sentence q.
func citedWhole(a answer.Answer, q string) bool {
	for _, c := range a.Citations {
		if strings.Contains(search.Fold(c.Quote), search.Fold(q)) {
			return true
		}
	}
	return false
}

// splitInto reads lead as sentences of parts joined by spaces, in order.
func splitInto(lead string, parts []string) ([]string, bool) {
	var kept []string
	rest := lead
	for _, p := range parts {
		if rest == p {
			return append(kept, p), true
		}
		if strings.HasPrefix(rest, p+" ") {
			kept = append(kept, p)
			rest = rest[len(p)+1:]
		}
	}
	return kept, rest == ""
}

func genCase(rng *rand.Rand, sentences, names []string, allWords map[string]bool) *propCase {
	c := &propCase{lang: "en", translations: map[string]bool{}}
	if rng.IntN(5) == 0 {
		c.lang = "es"
	}
	pick := func(ss []string) string { return ss[rng.IntN(len(ss))] }
	// The sentences quoted, distinct.
	var srcs []string
	for n := 1 + rng.IntN(3); len(srcs) < n; {
		s := pick(sentences)
		if rng.IntN(3) == 0 {
			s = pick([]string{hagueSentence, russiaSentence, duterteSentence}) // those with translations
		}
		if !slices.Contains(srcs, s) {
			srcs = append(srcs, s)
		}
	}
	var quotes []jq
	var faithfulSrcs []string
	for _, src := range srcs {
		q := jq{Passage: 1 + rng.IntN(5)}
		kind := rng.IntN(8)
		switch {
		case kind < 3:
			q.Text = typography(rng, src)
			c.desc = append(c.desc, "faithful quote")
		case kind == 3:
			if f, ok := fragment(rng, src); ok {
				q.Text = typography(rng, f)
				c.desc = append(c.desc, "fragment")
			} else {
				q.Text = typography(rng, src)
				c.desc = append(c.desc, "faithful quote")
			}
		case kind == 4:
			if e, ok := elide(rng, src); ok {
				q.Text = typography(rng, e)
				c.desc = append(c.desc, "words left out")
			} else {
				q.Text = typography(rng, src)
				c.desc = append(c.desc, "faithful quote")
			}
		case kind == 5:
			q.Text = pick(inventedEN)
			c.desc = append(c.desc, "invented quote")
		default:
			m, what, ok := mutate(rng, src, names, allWords)
			if !ok {
				q.Text = pick(inventedEN)
				what = "invented quote"
			} else {
				q.Text = typography(rng, m)
			}
			c.desc = append(c.desc, "quote with "+what)
		}
		faithful := !strings.HasPrefix(c.desc[len(c.desc)-1], "quote with") && c.desc[len(c.desc)-1] != "invented quote"
		if faithful {
			c.legitQuotes = append(c.legitQuotes, src)
			faithfulSrcs = append(faithfulSrcs, src)
		}
		if c.lang == "es" && faithful {
			q.Translation = translation(rng, c, src)
		}
		quotes = append(quotes, q)
	}

	// The model's own sentences.
	var lead []string
	runes := 0
	for n := rng.IntN(4); len(lead) < n; {
		var s string
		switch k := rng.IntN(5); {
		case c.lang == "es":
			s = pick(inventedES)
			c.badLead = append(c.badLead, s)
		case k <= 1 && len(faithfulSrcs) > 0:
			s = pick(faithfulSrcs)
			if slices.Contains(lead, s) {
				continue
			}
			c.legitLead = append(c.legitLead, s)
			if len(prose.Quotations(s)) == 0 && len(c.expectLead) < maxLeadSentences && runes+utf8.RuneCountInString(s) <= maxLeadRunes {
				c.expectLead = append(c.expectLead, s)
				runes += utf8.RuneCountInString(s) + 1
			}
		case k == 2 && len(srcs) > 0:
			m, _, ok := mutate(rng, pick(srcs), names, allWords)
			if !ok {
				continue
			}
			s = m
			c.badLead = append(c.badLead, s)
		case k == 3 && len(srcs) > 0:
			// A sentence quoting a piece: the piece is a citation, the
			// sentence is not the model's to keep.
			f, ok := fragment(rng, pick(srcs))
			if !ok || strings.ContainsAny(f, "«»") {
				continue
			}
			s = "The briefing says «" + f + "»."
			c.badLead = append(c.badLead, s)
		default:
			s = pick(inventedEN)
			c.badLead = append(c.badLead, s)
		}
		lead = append(lead, s)
	}
	answerText := strings.Join(lead, " ")

	if rng.IntN(4) == 0 {
		// Prose: the sentences, then the quotes in marks of any style.
		var b strings.Builder
		b.WriteString(answerText)
		for _, q := range quotes {
			open, close := quoteStyle(rng, q.Text)
			b.WriteString(" The briefing says: " + open + q.Text + close)
		}
		c.content = b.String()
		if c.lang == "es" {
			// Prose carries no translations.
			for k := range c.translations {
				delete(c.translations, k)
			}
		}
		c.desc = append(c.desc, "prose")
		return c
	}
	c.content = replyJSON(true, c.lang, answerText, quotes...)
	return c
}

// quoteStyle picks quotation marks that cannot be confused with marks in
// text (the double marks close one another).
func quoteStyle(rng *rand.Rand, text string) (string, string) {
	styles := [][2]string{{"“", "”"}, {"«", "»"}, {"„", "“"}, {"「", "」"}, {"\"", "\""}, {"‘", "’"}}
	for {
		st := styles[rng.IntN(len(styles))]
		clash := strings.ContainsAny(text, st[0]+st[1])
		switch st[0] {
		case "“", "„", "\"":
			clash = clash || strings.ContainsAny(text, "\"“”„")
		case "‘":
			clash = clash || strings.ContainsAny(text, "‘’'")
		}
		if !clash {
			return st[0], st[1]
		}
	}
}

// typography changes what copies change: quote marks, dashes, white
// space, case.
func typography(rng *rand.Rand, s string) string {
	if rng.IntN(2) == 0 {
		s = straight(s)
	}
	if rng.IntN(3) == 0 {
		s = strings.NewReplacer("“", "«", "”", "»").Replace(s)
	}
	if strings.Contains(s, "-") && rng.IntN(2) == 0 {
		s = strings.ReplaceAll(s, "-", []string{"–", "—", " – ", "\u2011", "--"}[rng.IntN(5)])
	}
	if rng.IntN(3) == 0 {
		words := strings.Split(s, " ")
		at := rng.IntN(len(words))
		words[at] = words[at] + []string{"\n", "  ", "\u00a0", "\t"}[rng.IntN(4)]
		s = strings.Join(words, " ")
	}
	if rng.IntN(6) == 0 {
		s = strings.ToUpper(s)
	}
	return s
}

// fragment returns a word-aligned piece of five words or more.
func fragment(rng *rand.Rand, s string) (string, bool) {
	words := strings.Fields(s)
	if len(words) < 7 {
		return "", false
	}
	n := 5 + rng.IntN(len(words)-5)
	at := rng.IntN(len(words) - n + 1)
	return strings.Join(words[at:at+n], " "), true
}

// elide leaves out a run of words in the middle, marked with an ellipsis.
func elide(rng *rand.Rand, s string) (string, bool) {
	words := strings.Fields(s)
	if len(words) < 10 {
		return "", false
	}
	from := 3 + rng.IntN(len(words)-8)
	to := from + 1 + rng.IntN(3)
	mark := []string{"…", "...", "[…]", "(...)"}[rng.IntN(4)]
	return strings.Join(words[:from], " ") + " " + mark + " " + strings.Join(words[to:], " "), true
}

// mutate changes what a sentence says, in one of the ways a model gets it
// wrong: a number, a negation inserted or dropped, a name, a word.
func mutate(rng *rand.Rand, s string, names []string, allWords map[string]bool) (string, string, bool) {
	for range 10 {
		switch rng.IntN(5) {
		case 0:
			locs := digitsRun.FindAllStringIndex(s, -1)
			if len(locs) == 0 {
				continue
			}
			l := locs[rng.IntN(len(locs))]
			var v int
			fmt.Sscan(s[l[0]:l[1]], &v)
			for d := 7; ; d += 6 {
				if w := fmt.Sprint(v + d); !allWords[w] {
					return s[:l[0]] + w + s[l[1]:], "a number changed", true
				}
			}
		case 1:
			for _, aux := range auxiliaries {
				if i := strings.Index(s, aux); i >= 0 && !strings.Contains(s, " not ") {
					return s[:i+len(aux)] + "not " + s[i+len(aux):], "not inserted", true
				}
			}
		case 2:
			if strings.Contains(s, " not ") {
				return strings.Replace(s, " not ", " ", 1), "not dropped", true
			}
		case 3:
			var have []string
			search.Words(s, func(w []byte) { have = append(have, string(w)) })
			for _, w := range strings.Fields(s) {
				bare := strings.Trim(w, ",.“”’s")
				if len(bare) < 4 || !slices.Contains(names, strings.ToLower(bare)) || bare[0] < 'A' || bare[0] > 'Z' {
					continue
				}
				for range 10 {
					other := names[rng.IntN(len(names))]
					clash := false
					for _, h := range have {
						clash = clash || search.SameName(h, other) || h == other
					}
					if !clash {
						other = strings.ToUpper(other[:1]) + other[1:]
						return strings.Replace(s, bare, other, 1), "a name swapped", true
					}
				}
			}
		case 4:
			words := strings.Fields(s)
			for range 10 {
				i := rng.IntN(len(words))
				w := words[i]
				if len(w) >= 6 && isLetters(w) && english.IsWord(w) && !search.IsStopWord(w) {
					words[i] = claimWords[rng.IntN(len(claimWords))]
					return strings.Join(words, " "), "a word replaced", true
				}
			}
		}
	}
	return "", "", false
}

// translation gives a faithful quote a Spanish translation: the faithful
// one, or one made up the ways a model makes them up.
func translation(rng *rand.Rand, c *propCase, src string) string {
	good, ok := faithfulES[src]
	if !ok {
		// No faithful translation to hand: one in the wrong script.
		t := "Это предложение не является переводом цитаты."
		c.translations[unmarked(t)] = false
		return t
	}
	var t string
	faithful := false
	switch rng.IntN(6) {
	case 0, 1:
		t, faithful = good, true
	case 2:
		t = digitsRun.ReplaceAllStringFunc(good, func(d string) string { return d + "1" })
	case 3:
		t = strings.Replace(good, "Duterte", "Marcos", 1)
	case 4:
		t = string([]rune(good)[:utf8.RuneCountInString(good)*2/5])
	default:
		t = straight(src) // the quote passed off as its translation
	}
	if !faithful && t == good {
		t = good + " Esto ocurrió en 2019." // a claim added
	}
	c.translations[unmarked(t)] = faithful
	return t
}

// unmarked is a translation without its quotation marks, as shown.
func unmarked(t string) string {
	return strings.Map(func(r rune) rune {
		if strings.ContainsRune(`"“”„‟«»「」『』＂‚`, r) {
			return -1
		}
		return r
	}, t)
}
