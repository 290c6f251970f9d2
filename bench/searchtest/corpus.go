// Package searchtest generates deterministic synthetic text for testing and
// benchmarking search: paragraphs in the style of news and legal reports,
// and questions a reader might ask of them.
//
// The text is not meant to make sense, only to have the statistics of real
// prose that matter to a search engine: a Zipf-like vocabulary of a few
// thousand words, many proper names, numbers and dates, capitalisation and
// punctuation, stop words, and paragraphs that keep returning to a topic so
// that words repeat within them.
package searchtest

import (
	"math"
	"math/rand/v2"
	"sort"
	"strconv"
)

// Corpus returns n paragraphs of 40–120 words each. The same n and seed
// always give the same paragraphs, and a longer corpus begins with a
// shorter one's paragraphs.
func Corpus(n int, seed int64) []string {
	g := newGen(seed)
	out := make([]string, n)
	for i := range out {
		out[i] = g.paragraph()
	}
	return out
}

// Queries returns n questions of 3–10 words drawn from the vocabulary of
// Corpus: mostly common words with some rare ones, stop words and question
// words, and now and then a misspelling (one in sixteen). They are not about
// any particular paragraph.
func Queries(n int, seed int64) []string {
	g := newGen(seed)
	out := make([]string, n)
	for i := range out {
		out[i] = g.question()
	}
	return out
}

// lexicon is the vocabulary, the same for every seed so that queries made
// with one seed use the words of a corpus made with another.
type lexicon struct {
	nouns, plurals     []string
	verbs, past, third []string
	adjs, advs         []string
	first, last        []string
	places, companies  []string

	nounZ, verbZ, adjZ, advZ   zipf
	firstZ, lastZ, placeZ, coZ zipf
}

// lexiconSeed fixes the generated names; it is not the caller's seed.
const lexiconSeed = 0x1cc_b07

func newLexicon() *lexicon {
	r := rand.New(rand.NewPCG(lexiconSeed, lexiconSeed))
	lx := &lexicon{nouns: nouns, adjs: adjectives, advs: adverbs, first: firstNames}
	for _, n := range nouns {
		lx.plurals = append(lx.plurals, plural(n))
	}
	lx.verbs = verbs
	for _, v := range verbs {
		lx.past = append(lx.past, past(v))
		lx.third = append(lx.third, third(v))
	}
	seen := map[string]bool{}
	name := func(ends []string) string {
		for {
			s := syllable(r)
			if r.IntN(3) == 0 {
				s += syllable(r)
			}
			s = capitalise(s + pick(r, ends))
			if !seen[s] {
				seen[s] = true
				return s
			}
		}
	}
	for range 3000 {
		lx.last = append(lx.last, name(ends))
	}
	for range 600 {
		lx.places = append(lx.places, name(placeEnds))
	}
	for range 400 {
		lx.companies = append(lx.companies, name(ends)+" "+pick(r, orgKinds))
	}
	lx.nounZ = newZipf(len(lx.nouns), 1.0)
	lx.verbZ = newZipf(len(lx.verbs), 1.0)
	lx.adjZ = newZipf(len(lx.adjs), 1.0)
	lx.advZ = newZipf(len(lx.advs), 1.0)
	lx.firstZ = newZipf(len(lx.first), 0.7)
	lx.lastZ = newZipf(len(lx.last), 1.0)
	lx.placeZ = newZipf(len(lx.places), 1.0)
	lx.coZ = newZipf(len(lx.companies), 1.0)
	return lx
}

func syllable(r *rand.Rand) string {
	s := pick(r, onsets) + pick(r, nuclei)
	if c := pick(r, codas); c != "_" {
		s += c
	}
	return s
}

func pick(r *rand.Rand, words []string) string { return words[r.IntN(len(words))] }

func capitalise(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

func isVowel(c byte) bool {
	switch c {
	case 'a', 'e', 'i', 'o', 'u', 'A', 'E', 'I', 'O', 'U':
		return true
	}
	return false
}

func plural(n string) string {
	if p, ok := irregularPlural[n]; ok {
		return p
	}
	switch {
	case len(n) > 1 && n[len(n)-1] == 'y' && !isVowel(n[len(n)-2]):
		return n[:len(n)-1] + "ies"
	case hasSuffix(n, "s", "x", "ch", "sh"):
		return n + "es"
	}
	return n + "s"
}

func past(v string) string {
	if p, ok := irregularPast[v]; ok {
		return p
	}
	switch {
	case v[len(v)-1] == 'e':
		return v + "d"
	case len(v) > 1 && v[len(v)-1] == 'y' && !isVowel(v[len(v)-2]):
		return v[:len(v)-1] + "ied"
	}
	return v + "ed"
}

func third(v string) string {
	switch {
	case len(v) > 1 && v[len(v)-1] == 'y' && !isVowel(v[len(v)-2]):
		return v[:len(v)-1] + "ies"
	case hasSuffix(v, "s", "x", "ch", "sh", "o"):
		return v + "es"
	}
	return v + "s"
}

func hasSuffix(s string, suffixes ...string) bool {
	for _, x := range suffixes {
		if len(s) >= len(x) && s[len(s)-len(x):] == x {
			return true
		}
	}
	return false
}

// zipf draws ranks 0..n-1 with probability proportional to 1/(rank+2)^s.
// A cumulative table with binary search is several times faster than
// rand.Zipf, which needs a logarithm and an exponential per draw.
type zipf struct{ cum []float64 }

func newZipf(n int, s float64) zipf {
	cum := make([]float64, n)
	total := 0.0
	for i := range cum {
		total += 1 / math.Pow(float64(i+2), s)
		cum[i] = total
	}
	return zipf{cum}
}

func (z zipf) draw(r *rand.Rand) int {
	u := r.Float64() * z.cum[len(z.cum)-1]
	return min(sort.SearchFloat64s(z.cum, u), len(z.cum)-1)
}

// tail draws uniformly from the rarer three quarters: the words that make
// a question specific.
func (z zipf) tail(r *rand.Rand) int {
	n := len(z.cum)
	return n/4 + r.IntN(n-n/4)
}

// topic is what one paragraph is about: words it keeps coming back to.
type topic struct {
	nouns       [3]int
	first, last int
	place, org  int
	year        int
	personIntro bool // after the first full name, a surname will do
}

// gen writes text into buf, tracking words so paragraphs keep their length.
type gen struct {
	r       *rand.Rand
	lx      *lexicon
	buf     []byte
	words   int
	capNext bool
	t       topic
}

func newGen(seed int64) *gen {
	return &gen{
		r:  rand.New(rand.NewPCG(uint64(seed), 0x5ea4c4)),
		lx: newLexicon(),
	}
}

func (g *gen) chance(p float64) bool { return g.r.Float64() < p }

// word appends w, spaced and capitalised as needed.
func (g *gen) word(w string) {
	if len(g.buf) > 0 && g.buf[len(g.buf)-1] != '(' {
		g.buf = append(g.buf, ' ')
	}
	if g.capNext && w != "" && 'a' <= w[0] && w[0] <= 'z' {
		g.buf = append(g.buf, w[0]-'a'+'A')
		w = w[1:]
	}
	g.capNext = false
	g.buf = append(g.buf, w...)
	g.words++
}

// punct appends a mark directly after the previous word.
func (g *gen) punct(p string) { g.buf = append(g.buf, p...) }

func (g *gen) number(n int) {
	g.word(string(strconv.AppendInt(nil, int64(n), 10)))
}

func (g *gen) paragraph() string {
	g.t = topic{
		nouns: [3]int{g.lx.nounZ.draw(g.r), g.lx.nounZ.draw(g.r), g.lx.nounZ.tail(g.r)},
		first: g.lx.firstZ.draw(g.r), last: g.lx.lastZ.draw(g.r),
		place: g.lx.placeZ.draw(g.r), org: g.lx.coZ.draw(g.r),
		year: 1990 + g.r.IntN(36),
	}
	target := 40 + g.r.IntN(81)
	var para []byte
	words := 0
	for words < target {
		g.buf, g.words = g.buf[:0], 0
		g.capNext = true
		g.sentence()
		if words+g.words > 120 {
			if words >= 40 {
				break
			}
			continue // too long for what is left: try another
		}
		if len(para) > 0 {
			para = append(para, ' ')
		}
		para = append(para, g.buf...)
		words += g.words
	}
	return string(para)
}

func (g *gen) topicNoun() int {
	if g.chance(0.45) {
		return g.t.nouns[g.r.IntN(3)]
	}
	return g.lx.nounZ.draw(g.r)
}

// np writes a noun phrase, "the interim ruling" or "several contracts", and
// reports whether it is plural.
func (g *gen) np() (plural bool) {
	n := g.topicNoun()
	plural = g.chance(0.25)
	var adj string
	if g.chance(0.4) {
		adj = g.lx.adjs[g.lx.adjZ.draw(g.r)]
	}
	noun := g.lx.nouns[n]
	if plural {
		noun = g.lx.plurals[n]
	}
	first := noun
	if adj != "" {
		first = adj
	}
	switch x := g.r.IntN(10); {
	case plural && x < 3:
		g.number(2 + g.r.IntN(40))
	case plural && x < 5:
		g.word(pick(g.r, []string{"several", "many", "some", "all", "most", "few"}))
	case plural:
		g.word("the")
	case x < 6:
		g.word("the")
	case x < 8:
		if isVowel(first[0]) {
			g.word("an")
		} else {
			g.word("a")
		}
	default:
		g.word(pick(g.r, []string{"its", "their", "this", "that", "his", "her"}))
	}
	if adj != "" {
		g.word(adj)
	}
	g.word(noun)
	return plural
}

func (g *gen) person() {
	first, last := g.t.first, g.t.last
	if g.chance(0.3) {
		first, last = g.lx.firstZ.draw(g.r), g.lx.lastZ.draw(g.r)
	} else if g.t.personIntro {
		if g.chance(0.5) {
			g.word(pick(g.r, titles))
		}
		g.word(g.lx.last[last])
		return
	} else {
		g.t.personIntro = true
	}
	if g.chance(0.2) {
		g.word(pick(g.r, titles))
	}
	g.word(g.lx.first[first])
	g.word(g.lx.last[last])
}

func (g *gen) org() {
	g.word("the")
	if g.chance(0.4) {
		o := g.t.org
		if g.chance(0.3) {
			o = g.lx.coZ.draw(g.r)
		}
		for _, w := range splitSpace(g.lx.companies[o]) {
			g.word(w)
		}
		return
	}
	kind := pick(g.r, orgKinds)
	if g.chance(0.5) {
		g.word(g.place())
		g.word(kind)
		return
	}
	g.word(kind)
	g.word("of")
	g.word(capitalise(g.lx.nouns[g.topicNoun()]))
}

func splitSpace(s string) []string {
	for i := 0; i < len(s); i++ {
		if s[i] == ' ' {
			return []string{s[:i], s[i+1:]}
		}
	}
	return []string{s}
}

func (g *gen) place() string {
	if g.chance(0.6) {
		return g.lx.places[g.t.place]
	}
	return g.lx.places[g.lx.placeZ.draw(g.r)]
}

func (g *gen) year() int {
	if g.chance(0.5) {
		return g.t.year
	}
	return 1990 + g.r.IntN(36)
}

// date writes a time adverbial: "on 14 March 2021", "in 2019", "last week".
func (g *gen) date() {
	switch g.r.IntN(6) {
	case 0, 1:
		g.word("on")
		g.number(1 + g.r.IntN(28))
		g.word(pick(g.r, months))
		g.number(g.year())
	case 2:
		g.word("in")
		g.word(pick(g.r, months))
		g.number(g.year())
	case 3:
		g.word("in")
		g.number(g.year())
	case 4:
		g.word("on")
		g.word(pick(g.r, weekdays))
	default:
		g.word("last")
		g.word(pick(g.r, []string{"week", "month", "year", "spring", "autumn"}))
	}
}

// amount writes a quantity: "$4.2 million", "12.5 per cent", "3,400".
func (g *gen) amount() {
	var b []byte
	switch g.r.IntN(4) {
	case 0:
		b = append(b, pick(g.r, []string{"$", "€", "£"})...)
		b = strconv.AppendInt(b, int64(1+g.r.IntN(999)), 10)
		if g.chance(0.5) {
			b = append(b, '.')
			b = strconv.AppendInt(b, int64(g.r.IntN(10)), 10)
		}
		g.word(string(b))
		g.word(pick(g.r, []string{"million", "billion", "thousand"}))
	case 1:
		b = strconv.AppendInt(b, int64(g.r.IntN(60)), 10)
		b = append(b, '.')
		b = strconv.AppendInt(b, int64(g.r.IntN(10)), 10)
		g.word(string(b))
		g.word("per")
		g.word("cent")
	case 2:
		b = strconv.AppendInt(b, int64(1+g.r.IntN(99)), 10)
		b = append(b, ',')
		b = strconv.AppendInt(b, int64(100+g.r.IntN(900)), 10)
		g.word(string(b))
	default:
		g.number(2 + g.r.IntN(500))
	}
}

func (g *gen) verbPast() { g.word(g.lx.past[g.lx.verbZ.draw(g.r)]) }

func (g *gen) pp() {
	switch g.r.IntN(8) {
	case 0, 1:
		g.date()
	case 2:
		g.word("in")
		g.word(g.place())
	case 3:
		g.word("under")
		g.word("section")
		g.number(1 + g.r.IntN(120))
		g.word("of")
		g.word("the")
		g.word(capitalise(g.lx.nouns[g.topicNoun()]))
		g.word("Act")
		g.number(1950 + g.r.IntN(75))
	default:
		g.word(pick(g.r, []string{"against", "over", "for", "after", "before", "with", "into", "about", "despite", "following"}))
		g.np()
	}
}

func (g *gen) subject() {
	switch g.r.IntN(3) {
	case 0:
		g.person()
	case 1:
		g.org()
	default:
		g.np()
	}
}

func (g *gen) sentence() {
	switch g.r.IntN(10) {
	case 0:
		g.person()
		if g.chance(0.3) {
			g.word(g.lx.advs[g.lx.advZ.draw(g.r)])
		}
		g.verbPast()
		g.np()
		g.pp()
		g.punct(".")
	case 1:
		g.date()
		g.punct(",")
		g.org()
		g.verbPast()
		g.word("that")
		g.np()
		switch g.r.IntN(4) {
		case 0:
			g.word("had")
			g.word("been")
		case 1:
			g.word("had")
			g.word("not")
			g.word("been")
		default:
			g.word(pick(g.r, []string{"would", "could"}))
			g.word("be")
		}
		g.verbPast()
		g.pp()
		g.punct(".")
	case 2:
		g.word("according")
		g.word("to")
		g.person()
		g.punct(",")
		g.np()
		g.verbPast()
		g.word("by")
		g.amount()
		g.pp()
		g.punct(".")
	case 3:
		g.word(be(g.np()))
		if g.chance(0.3) {
			g.word(g.lx.advs[g.lx.advZ.draw(g.r)])
		}
		g.verbPast()
		g.pp()
		g.word("after")
		g.subject()
		g.verbPast()
		g.np()
		g.punct(".")
	case 4:
		g.np()
		g.word(g.lx.third[g.lx.verbZ.draw(g.r)])
		g.np()
		g.punct(",")
		g.person()
		g.word("said")
		g.punct(".")
	case 5:
		g.word("the")
		g.word(pick(g.r, []string{"report", "review", "audit", "inquiry", "judgment"}))
		g.punct(",")
		g.word("published")
		g.date()
		g.punct(",")
		g.word("found")
		g.word("that")
		g.amount()
		g.word(g.lx.plurals[g.topicNoun()])
		g.word("had")
		g.word("been")
		g.verbPast()
		g.pp()
		g.punct(".")
	case 6:
		g.org()
		g.word("said")
		g.word("it")
		g.word("would")
		g.word(g.lx.verbs[g.lx.verbZ.draw(g.r)])
		g.np()
		g.pp()
		g.punct(".")
	case 7:
		g.word("in")
		g.word(g.place())
		g.punct(",")
		g.np()
		g.verbPast()
		g.np()
		g.punct(",")
		g.word("and")
		g.word(be(g.np()))
		g.verbPast()
		g.word(g.lx.advs[g.lx.advZ.draw(g.r)])
		g.punct(".")
	case 8:
		g.word("the")
		g.word(pick(g.r, []string{"court", "tribunal", "panel", "board", "committee"}))
		g.word("held")
		g.word("that")
		g.np()
		g.verbPast()
		g.np()
		g.pp()
		g.punct(",")
		g.word("but")
		g.word("it")
		g.word(pick(g.r, []string{"did", "could", "would"}))
		g.word("not")
		g.word(g.lx.verbs[g.lx.verbZ.draw(g.r)])
		g.np()
		g.punct(".")
	default:
		g.subject()
		g.verbPast()
		g.np()
		g.punct(",")
		g.word(pick(g.r, []string{"which", "while", "although", "because", "as"}))
		if g.np() {
			g.word(pick(g.r, []string{"were", "remained", "are"}))
		} else {
			g.word(pick(g.r, []string{"was", "remained", "is"}))
		}
		g.word(g.lx.adjs[g.lx.adjZ.draw(g.r)])
		if g.chance(0.3) {
			g.punct(" (")
			g.amount()
			g.punct(")")
		}
		g.punct(".")
	}
}

func be(plural bool) string {
	if plural {
		return "were"
	}
	return "was"
}

// qnoun picks a question's content noun: often a rare one.
func (g *gen) qnoun() string {
	n := g.lx.nounZ.draw(g.r)
	if g.chance(0.3) {
		n = g.lx.nounZ.tail(g.r)
	}
	if g.chance(0.2) {
		return g.lx.plurals[n]
	}
	return g.lx.nouns[n]
}

// qactor names someone who acts: "the Varnell Group", "Minister Kostova".
func (g *gen) qactor() []string {
	if g.chance(0.5) {
		return append([]string{"the"}, splitSpace(g.lx.companies[g.lx.coZ.draw(g.r)])...)
	}
	return []string{pick(g.r, titles), g.lx.last[g.lx.lastZ.draw(g.r)]}
}

func (g *gen) qname() string {
	switch g.r.IntN(3) {
	case 0:
		return g.lx.last[g.lx.lastZ.draw(g.r)]
	case 1:
		return g.lx.places[g.lx.placeZ.draw(g.r)]
	}
	return g.lx.companies[g.lx.coZ.draw(g.r)]
}

func (g *gen) question() string {
	for {
		g.buf, g.words = g.buf[:0], 0
		g.capNext = true
		g.questionWords()
		if g.words >= 3 && g.words <= 10 {
			if g.r.IntN(16) == 0 {
				g.misspell()
			}
			return string(g.buf)
		}
	}
}

func (g *gen) questionWords() {
	verb := func() string { return g.lx.verbs[g.lx.verbZ.draw(g.r)] }
	adj := func() string { return g.lx.adjs[g.lx.adjZ.draw(g.r)] }
	words := func(ws ...string) {
		for _, w := range ws {
			g.word(w)
		}
	}
	switch g.r.IntN(10) {
	case 0:
		words("what", "did")
		words(g.qactor()...)
		words(verb(), "about", "the", g.qnoun())
		g.punct("?")
	case 1:
		words("when", "was", "the", g.qnoun(), g.lx.past[g.lx.verbZ.draw(g.r)])
		g.punct("?")
	case 2:
		words("who", g.lx.past[g.lx.verbZ.draw(g.r)], "the", adj(), g.qnoun(), "in", g.qname())
		g.punct("?")
	case 3:
		words("how", "many", g.lx.plurals[g.lx.nounZ.draw(g.r)], "were", g.lx.past[g.lx.verbZ.draw(g.r)], "in", strconv.Itoa(1990+g.r.IntN(36)))
		g.punct("?")
	case 4:
		words("why", "did")
		words(g.qactor()...)
		words(verb(), "the", g.qnoun())
		g.punct("?")
	case 5:
		words(g.qnoun(), g.qnoun(), g.qname())
		if g.chance(0.5) {
			words(strconv.Itoa(1990 + g.r.IntN(36)))
		}
	case 6:
		words("is", "there", "any", g.qnoun(), "about", g.lx.first[g.lx.firstZ.draw(g.r)], g.lx.last[g.lx.lastZ.draw(g.r)])
		g.punct("?")
	case 7:
		words("what", "is", "the", adj(), g.qnoun(), "of", "the", capitalise(g.qnoun()), "Act")
		g.punct("?")
	case 8:
		words("tell", "me", "about", "the", g.qnoun(), g.qnoun(), "in", g.qname())
	default:
		words("what", "happened", "to", "the", adj(), g.qnoun(), "after", "the", g.qnoun())
		g.punct("?")
	}
}

// misspell swaps two adjacent letters of the question's longest word, the
// commonest typo on a phone keyboard.
func (g *gen) misspell() {
	start, best, end := 0, -1, 0
	for i := 0; i <= len(g.buf); i++ {
		if i == len(g.buf) || !isLetter(g.buf[i]) {
			if i-start > end-best && i-start >= 5 {
				best, end = start, i
			}
			start = i + 1
		}
	}
	if best < 0 {
		return
	}
	j := best + 1 + g.r.IntN(end-best-2)
	g.buf[j], g.buf[j+1] = g.buf[j+1], g.buf[j]
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
