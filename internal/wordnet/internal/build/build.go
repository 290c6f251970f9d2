// Package build turns the WordNet 3.0 database files into the compact table
// that package wordnet embeds. It is a package of its own, not part of the
// generator's main, so that wordnet's tests can check that the committed
// table is what the database gives.
package build

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"iccbot/internal/wordnet/internal/morph"
)

// Sense selection for synonyms. WordNet lists a lemma's senses most frequent
// first, by their tag counts in the SemCor corpus. Taking the first few per
// part of speech is not enough: "court" the verb ("woo") is the verb's first
// sense but five times rarer than the noun's first ("tribunal"). So a sense
// also has to carry a fair share of the word's most frequent sense.
const (
	// sensesPerPOS bounds the senses looked at per part of speech. With 2,
	// "case" loses "lawsuit"/"suit" (sense 3, 19 tags against 72) and
	// "charge" loses "bill"; with 4, "charge" gains "tear", "shoot", "buck"
	// (to move violently, 6 tags against 16).
	sensesPerPOS = 3
	// minShare: a sense needs at least 1/minShare of the tag count of the
	// word's most frequent sense. It drops "court" → "woo" (5 of 42) and
	// "judge" → "pronounce" (1 of 11) but keeps "judge" → "justice" (6 of 11).
	minShare = 4
	// untaggedSenses is what a word keeps per part of speech when none of
	// its senses is tagged: their order is then arbitrary, so only the first.
	untaggedSenses = 1

	maxSynonyms = 12
	maxDerived  = 12
	maxPlaces   = 12 // countries have several names: the Alps touch five
	maxBases    = 8

	// hypernymLevels is how far up hypernyms climbs: the parent ("kid" →
	// "juvenile") and the grandparent ("person"). A third level brings
	// words too general to widen a search with ("organism", "being").
	hypernymLevels = 2
	maxHypernyms   = 12
	maxAntonyms    = 6
)

// countryRoot is the synset {country, state, land}, "the territory occupied
// by a nation". WordNet marks a country as an instance (@i) of it or of one
// of its hyponyms (European country, African country, kingdom, sultanate…).
var countryRoot = key{morph.Noun, 8544813}

// Build reads the WordNet 3.0 database in dir and returns the encoded table.
// The same database always gives the same bytes.
func Build(dir string) ([]byte, error) {
	d, err := load(dir)
	if err != nil {
		return nil, err
	}
	t, err := newTables(d)
	if err != nil {
		return nil, err
	}
	return t.encode()
}

// tables holds the relations of every folded word, ready to encode. A key
// is a folded word or, for a two-word lemma, two joined by a space ("hand
// over"): see pairKey.
type tables struct {
	d       *db
	pos     map[string]uint8  // key → parts of speech
	raw     map[string]string // key → index lemma, where they differ ("hague" → "the_hague", "hand over" → "hand_over")
	alias   map[string]string // the reverse of raw for the "the_" names alone: lists never hold two-word keys
	country map[key]bool
	entries map[string]*entry
}

// entry is one word's row of the table.
type entry struct {
	pos                                                   uint8
	synonyms, derived, places, bases, hypernyms, antonyms []string
}

func newTables(d *db) (*tables, error) {
	t := &tables{d: d, pos: make(map[string]uint8), raw: make(map[string]string),
		alias: make(map[string]string), entries: make(map[string]*entry)}
	for _, pf := range posFiles {
		for lemma := range d.index[pf.pos] {
			if plain(lemma) {
				t.pos[lemma] |= pf.pos
			}
		}
	}
	t.addTheAliases()
	t.addPairs()
	if err := t.findCountries(); err != nil {
		return nil, err
	}
	for w, p := range t.pos {
		t.entries[w] = &entry{pos: p}
	}
	for w, e := range t.entries {
		e.synonyms = t.synonyms(w)
		e.derived = t.derived(w)
		e.places = t.places(w)
		e.hypernyms = t.hypernyms(w)
		e.antonyms = t.antonyms(w)
	}
	t.dropBarePairs()
	t.addPertainymsBack()
	t.addExceptions()
	return t, nil
}

// plain reports whether s is one folded word: lower case ASCII letters and
// digits, as the question side's folding produces. Lemmas with spaces,
// hyphens, dots or apostrophes ("court_of_law", "e-mail", "u.s.", "o'clock")
// fold to several words and are left out, but for the two-word nouns and
// verbs of pairKey.
func plain(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < 'a' || c > 'z') && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}

// pairKey returns the key of a lemma of exactly two plain words,
// "hand_over" → "hand over", the way a question folds them; ok is false for
// any other lemma. Lemmas with a hyphen, dot or apostrophe in either word
// ("x-ray_machine", "o'er_the_top") and hyphenated single lemmas ("e-mail",
// "cross-examine") are left out like their single-word kind: their words
// inflect and fold otherwise than a phrasal verb's or a compound noun's.
func pairKey(lemma string) (key string, ok bool) {
	a, b, ok := strings.Cut(lemma, "_")
	if !ok || !plain(a) || !plain(b) {
		return "", false
	}
	return a + " " + b, true
}

// addPairs adds the two-word lemmas that are nouns or verbs ("hand_over",
// "step_up", "war_crime", "new_york"), keyed "hand over". Their lists are
// single words like everyone's: no list of any row names a two-word key,
// except the base forms of two-word exceptions ("courts martial").
func (t *tables) addPairs() {
	for _, pf := range posFiles {
		if pf.pos&(morph.Noun|morph.Verb) == 0 {
			continue
		}
		for lemma := range t.d.index[pf.pos] {
			if k, ok := pairKey(lemma); ok {
				t.raw[k] = lemma
			}
		}
	}
	for k, lemma := range t.raw {
		if !strings.Contains(k, " ") {
			continue
		}
		for _, pf := range posFiles {
			if _, ok := t.d.index[pf.pos][lemma]; ok {
				t.pos[k] |= pf.pos
			}
		}
	}
}

// dropBarePairs removes the two-word lemmas for which the table has nothing
// to say: no single-word synonym, hypernym, derived word or place. Such a
// row would only make Known true, and most are names ("abu_sayyaf") and
// terms ("abdominal_wall") that a search finds by their words anyway.
func (t *tables) dropBarePairs() {
	for w, e := range t.entries {
		if strings.Contains(w, " ") && len(e.synonyms)+len(e.hypernyms)+len(e.derived)+len(e.places) == 0 {
			delete(t.entries, w)
			delete(t.pos, w)
		}
	}
}

// is reports whether lemma, as a synset spells it, is the lemma of key.
func (t *tables) is(lemma, key string) bool {
	return t.fold(lemma) == key || lemma == t.raw[key]
}

// addTheAliases lets a name that WordNet spells with its article answer to
// the word that remains once a question's stop words are gone: "the_hague" is
// found as "hague", "the_gambia" as "gambia". Only when that word is not a
// lemma already and not an inflection of one: "the_states" must not turn the
// plural of "state" into a name for America, nor "the_city" add the City of
// London to "city".
func (t *tables) addTheAliases() {
	for _, pf := range posFiles {
		for lemma := range t.d.index[pf.pos] {
			name, ok := strings.CutPrefix(lemma, "the_")
			if !ok || !plain(name) || t.pos[name] != 0 || len(t.bases(name)) > 0 {
				continue
			}
			t.raw[name], t.alias[lemma] = lemma, name
		}
	}
	for name, lemma := range t.raw {
		for _, pf := range posFiles {
			if _, ok := t.d.index[pf.pos][lemma]; ok {
				t.pos[name] |= pf.pos
			}
		}
	}
}

// fold maps a lemma as the database spells it to the folded word, or "".
func (t *tables) fold(lemma string) string {
	if plain(lemma) {
		return lemma
	}
	return t.alias[lemma]
}

// senses returns the synsets of word in one part of speech, most frequent
// first, with their tag counts.
func (t *tables) senses(word string, pos uint8) (keys []key, counts []int) {
	lemma := cmp.Or(t.raw[word], word)
	for i, off := range t.d.index[pos][lemma] {
		keys = append(keys, key{pos, off})
		counts = append(counts, t.d.counts[senseKey{pos, lemma, i + 1}])
	}
	return keys, counts
}

// commonSenses returns the synsets of word's common senses among the parts
// of speech in mask, most frequent first: at most sensesPerPOS per part of
// speech, each tagged at least 1/minShare as often as the most frequent of
// those senses. When word has no tagged sense at all, in any part of speech,
// the first untaggedSenses of each count instead.
//
// Synonyms look at every part of speech; hypernyms only at nouns and verbs,
// so that a word used mostly as an adjective keeps its common noun sense
// ("green" the colour: 6 tags, against 26 for the adjective).
func (t *tables) commonSenses(word string, mask uint8) []key {
	type sense struct {
		k     key
		count int
	}
	var all [][]sense
	top, tagged := 0, false
	for _, pf := range posFiles {
		keys, counts := t.senses(word, pf.pos)
		var ss []sense
		for i, k := range keys {
			tagged = tagged || counts[i] > 0
			if pf.pos&mask != 0 {
				ss = append(ss, sense{k, counts[i]})
				top = max(top, counts[i])
			}
		}
		all = append(all, ss)
	}
	var chosen []sense
	for _, ss := range all {
		for i, s := range ss {
			if !tagged && i < untaggedSenses || top > 0 && i < sensesPerPOS && s.count > 0 && s.count*minShare >= top {
				chosen = append(chosen, s)
			}
		}
	}
	slices.SortStableFunc(chosen, func(a, b sense) int { return b.count - a.count })
	keys := make([]key, len(chosen))
	for i, s := range chosen {
		keys[i] = s.k
	}
	return keys
}

// synonyms: the other single words of the synsets of word's common senses,
// most frequent sense first. See sensesPerPOS and minShare.
func (t *tables) synonyms(word string) []string {
	var out []string
	for _, k := range t.commonSenses(word, morph.Noun|morph.Verb|morph.Adj|morph.Adv) {
		for _, w := range t.d.synsets[k].words {
			out = add(out, t.fold(w), word)
		}
	}
	return limit(out, maxSynonyms)
}

// hypernyms: the single words of the hypernyms ("@", and "@i" for a named
// instance) of word's common noun and verb senses (see commonSenses),
// hypernymLevels levels up, all parents before any grandparent. A level
// whose lemmas are all multiword still counts and is climbed through:
// "green" is a chromatic_color, which is a "color".
//
// Within a level the synsets take turns, in the order of the senses they
// come from, each giving its next word: a synset's first word is its most
// usual one, and a verb's long synsets would otherwise fill the list alone
// ("ban": "outlaw", "forbid", "decree", "criminalize", "prohibit", "edict"…
// rather than all five spellings of "outlaw" first).
func (t *tables) hypernyms(word string) []string {
	level := t.commonSenses(word, morph.Noun|morph.Verb)
	var out []string
	for range hypernymLevels {
		var next []key
		for _, k := range level {
			for _, p := range t.d.synsets[k].ptrs {
				if (p.sym == "@" || p.sym == "@i") && !slices.Contains(next, p.to) {
					next = append(next, p.to)
				}
			}
		}
		for i, more := 0, true; more; i++ {
			more = false
			for _, k := range next {
				if ws := t.d.synsets[k].words; i < len(ws) {
					out = add(out, t.fold(ws[i]), word)
					more = true
				}
			}
		}
		level = next
	}
	return limit(out, maxHypernyms)
}

// derived: the derivationally related forms (WordNet's "+" pointers, which
// link words, not synsets) and pertainyms ("\": "russian" → "russia",
// "quickly" → "quick") of word in all its senses, in sense order. The
// reverse direction of pertainyms, which WordNet does not store, is added by
// addPertainymsBack.
func (t *tables) derived(word string) []string {
	var out []string
	for _, pf := range posFiles {
		keys, _ := t.senses(word, pf.pos)
		for _, k := range keys {
			s := t.d.synsets[k]
			for _, p := range s.ptrs {
				if (p.sym == "+" || p.sym == `\`) && p.src > 0 && p.src <= len(s.words) && t.is(s.words[p.src-1], word) {
					out = add(out, t.target(p), word)
				}
			}
		}
	}
	return out // limited after addPertainymsBack
}

// antonyms returns the words WordNet opposes to word ("!") in its common
// senses: "open" → "closed", "allow" → "forbid", "eligible" →
// "ineligible". A question that says "not open" asks after what a
// sentence says is closed.
func (t *tables) antonyms(word string) []string {
	var out []string
	for _, k := range t.commonSenses(word, morph.Noun|morph.Verb|morph.Adj|morph.Adv) {
		s := t.d.synsets[k]
		for _, p := range s.ptrs {
			if p.sym == "!" && p.src > 0 && p.src <= len(s.words) && t.is(s.words[p.src-1], word) {
				if a := t.target(p); t.entries[a] != nil {
					out = add(out, a, word)
				}
			}
		}
	}
	return limit(out, maxAntonyms)
}

// target returns the folded word a lexical pointer points to, or "".
func (t *tables) target(p pointer) string {
	to := t.d.synsets[p.to]
	if to == nil || p.tgt < 1 || p.tgt > len(to.words) {
		return ""
	}
	return t.fold(to.words[p.tgt-1])
}

// addPertainymsBack gives "russia" the adjective "russian" and "quick" the
// adverb "quickly": WordNet has the pertainym pointer only on the adjective or
// adverb side.
func (t *tables) addPertainymsBack() {
	for _, k := range t.d.order {
		s := t.d.synsets[k]
		for _, p := range s.ptrs {
			if p.sym != `\` || p.src < 1 || p.src > len(s.words) {
				continue
			}
			from, to := t.fold(s.words[p.src-1]), t.target(p)
			if e := t.entries[to]; from != "" && e != nil {
				e.derived = add(e.derived, from, to)
			}
		}
	}
	for _, e := range t.entries {
		e.derived = limit(e.derived, maxDerived)
	}
}

// findCountries marks the synsets that are instances of countryRoot or of
// its hyponyms, found by walking hypernym pointers backwards.
func (t *tables) findCountries() error {
	if r := t.d.synsets[countryRoot]; r == nil || r.words[0] != "country" {
		return fmt.Errorf("synset %08d is not {country, state, land}: not WordNet 3.0?", countryRoot.off)
	}
	hyponyms := make(map[key][]key)
	for _, k := range t.d.order {
		for _, p := range t.d.synsets[k].ptrs {
			if p.sym == "@" {
				hyponyms[p.to] = append(hyponyms[p.to], k)
			}
		}
	}
	kinds := map[key]bool{}
	for stack := []key{countryRoot}; len(stack) > 0; {
		k := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if !kinds[k] {
			kinds[k] = true
			stack = append(stack, hyponyms[k]...)
		}
	}
	t.country = make(map[key]bool)
	for _, k := range t.d.order {
		for _, p := range t.d.synsets[k].ptrs {
			if p.sym == "@i" && kinds[p.to] {
				t.country[k] = true
			}
		}
	}
	return nil
}

// places: the countries that the first place sense of word lies in. A place
// sense is a noun instance (a named thing); from it the walk follows part
// holonyms ("#p": Kampala is part of Buganda, which is part of Uganda) and,
// for the first step only, the instance hypernym ("@i": Martinique is an
// instance of a French region, which is part of France). It goes on past a
// country, so that Edinburgh gives Scotland and the United Kingdom.
//
// Only the first sense that reaches a country counts: "paris" is in France,
// not also in Texas. A country that word itself names is left out: the city
// of Kuwait lies in Kuwait, which says nothing.
func (t *tables) places(word string) []string {
	keys, _ := t.senses(word, morph.Noun)
	for _, start := range keys {
		if !slices.ContainsFunc(t.d.synsets[start].ptrs, func(p pointer) bool { return p.sym == "@i" }) {
			continue
		}
		var found []key
		seen := map[key]bool{start: true}
		queue := []key{start}
		for len(queue) > 0 {
			k := queue[0]
			queue = queue[1:]
			for _, p := range t.d.synsets[k].ptrs {
				if (p.sym == "#p" || p.sym == "@i" && k == start) && !seen[p.to] {
					seen[p.to] = true
					queue = append(queue, p.to)
					if t.country[p.to] {
						found = append(found, p.to)
					}
				}
			}
		}
		var out []string
		for _, c := range found {
			names := t.d.synsets[c].words
			if slices.ContainsFunc(names, func(w string) bool { return t.is(w, word) }) {
				continue
			}
			for _, w := range names {
				out = add(out, t.fold(w), word)
			}
		}
		if len(out) > 0 {
			return limit(out, maxPlaces)
		}
	}
	return nil
}

// bases returns the lemmas word may be an inflection of, from the exception
// lists and then the detachment rules, each counted only where the base is a
// lemma of the part of speech the list or rule is for. The run-time lookup
// applies the rules itself; the table stores only the exceptions.
func (t *tables) bases(word string) []string {
	out := t.exceptions(word)
	for form, pos := range morph.Candidates(word) {
		if t.pos[form]&pos != 0 {
			out = add(out, form, word)
		}
	}
	return out
}

// exceptions returns the keys of the base forms that the exception lists give
// for form, as the lists spell it: "went" → "go", "courts_martial" → "court
// martial". A single word's bases are single words and a pair's are pairs, so
// that "comics" does not gain "comic_strip".
func (t *tables) exceptions(form string) []string {
	self, pair := form, false
	if k, ok := pairKey(form); ok {
		self, pair = k, true
	}
	var out []string
	for _, pf := range posFiles {
		for _, b := range t.d.exc[pf.pos][form] {
			if pair {
				b, _ = pairKey(b)
			}
			if t.pos[b]&pf.pos != 0 {
				out = add(out, b, self)
			}
		}
	}
	return limit(out, maxBases)
}

// addExceptions records the exception lists' base forms, adding rows for
// inflected forms that are no lemma themselves ("went", "courts martial").
// Inflections of two-word lemmas that the rules find from one of the words
// ("handed over", "war crimes") are left to the run-time lookup.
func (t *tables) addExceptions() {
	seen := map[string]bool{}
	for _, pf := range posFiles {
		for form := range t.d.exc[pf.pos] {
			k, ok := form, plain(form)
			if !ok {
				k, ok = pairKey(form)
			}
			if !ok || seen[form] {
				continue
			}
			seen[form] = true
			bs := t.exceptions(form)
			if len(bs) == 0 {
				continue
			}
			e := t.entries[k]
			if e == nil {
				e = &entry{}
				t.entries[k] = e
			}
			e.bases = bs
			if len(bs) == 1 && t.mostlyInflected(form, bs[0]) {
				e.pos |= morph.Inflected
			}
		}
	}
}

// inflectedRatio is how many times more often a base's senses must be tagged
// than a word's own for the word to be read as the base's inflection.
const inflectedRatio = 6

// mostlyInflected reports a noun or verb lemma whose own senses, in every
// part of speech, are tagged at most a sixth as often as those of base, the
// one lemma the exception lists make it an inflection of, in the parts of
// speech that make it so: "found" (15 tags) is the past of "find" (705),
// "saw" (1) of "see" (1,214), "lost" (19) of "lose" (175); "left" (78
// against 414 for "leave": "turn left" is common), "thought", "lay",
// "ground" and "wound" stay words of their own.
func (t *tables) mostlyInflected(form, base string) bool {
	if !plain(form) || t.pos[form]&(morph.Noun|morph.Verb) == 0 {
		return false
	}
	own, of := 0, 0
	for _, pf := range posFiles {
		_, counts := t.senses(form, pf.pos)
		for _, c := range counts {
			own += c
		}
		if slices.Contains(t.d.exc[pf.pos][form], base) {
			_, counts := t.senses(base, pf.pos)
			for _, c := range counts {
				of += c
			}
		}
	}
	return of > 0 && of >= inflectedRatio*own
}

// add appends w to list unless it is empty, the word itself or already there.
func add(list []string, w, self string) []string {
	if w == "" || w == self || slices.Contains(list, w) {
		return list
	}
	return append(list, w)
}

func limit(list []string, n int) []string {
	if len(list) > n {
		return list[:n:n]
	}
	return list
}
