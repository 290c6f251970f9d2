package search

import (
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"iccbot/internal/english"
	"iccbot/internal/wordnet"
)

// Term is one distinct content word of a question, as the index knows it.
type Term struct {
	ID int32
	// Word is the folded word that produced the term.
	Word string
	// Corrected marks a word that was not in the index and was matched to a
	// close spelling that is; it weighs less than an exact match.
	Corrected bool
	// Weight scales the term's contribution (1, or less when corrected).
	Weight float32
	// Pos is the position of the word among the question's content words,
	// so that callers can tell which terms stood side by side.
	Pos int
	// Alts are other terms that stand for the same thing: other forms of a
	// name ("russian" for "russia") and the words of a name the term
	// abbreviates ("international", "criminal", "court" for "icc"). A text
	// with an alternative matches the term, at a lower weight in ranking.
	// The slice may be shared with other queries: never change it.
	Alts []int32
	// Light marks a word that colours the question more than it says what
	// is asked: an adverb ("usually"), a light verb before its particle
	// ("came" in "came out"). It weighs AdverbWeight.
	Light bool
}

// Query is a question analysed against one index.
type Query struct {
	Terms []Term
	// Unknown holds content words found nowhere in the index, even after
	// spelling correction: strong evidence the question is about something
	// the knowledge does not cover.
	Unknown []string
	// Strange holds the unknown words that are not English either, nor a
	// slip on an English word: names ("lukashenko") or words of another
	// language. A question naming someone the knowledge never mentions is
	// not covered, however well the rest of it matches.
	Strange []string
}

// correctedWeight discounts a guessed spelling: it helps ranking but should
// not, on its own, make an off-topic question look covered.
const correctedWeight = 0.7

// sureSlipWeight is the weight of a guess one slip from a word of the
// knowledge of at least sureSlipLen letters ("wheelchiar", "membrship"):
// so long a word with one letter wrong, left out or swapped is seldom
// another word, and it stands for the asker's word nearly as surely as
// the word itself.
const (
	sureSlipWeight = 0.85
	sureSlipLen    = 6
)

// Parse analyses a question: stop words and fillers dropped, words stemmed,
// misspellings matched to the index's vocabulary, duplicates merged.
func (ix *Index) Parse(question string) Query {
	q := Query{Terms: make([]Term, 0, 8)}
	// The words the asker capitalised, read only when a strange word of
	// three letters asks (few questions have one).
	var capitalised map[string]bool
	capitalisedRead := false
	isCapitalised := func(w string) bool {
		if !capitalisedRead {
			capitalised, capitalisedRead = capitalisedWords(question), true
		}
		return capitalised[w]
	}
	var buf [4]Term
	pos := -1
	addTerms := func(word string, terms []Term) {
		for _, t := range terms {
			if !slices.ContainsFunc(q.Terms, func(u Term) bool { return u.ID == t.ID }) {
				if !t.Corrected {
					t.Alts = append(t.Alts, ix.alternatives(word, t.ID)...)
				}
				t.Pos = pos
				q.Terms = append(q.Terms, t)
			}
		}
	}
	light := false // the word being read is a light verb before its particle
	var word func(w string)
	word = func(w string) {
		// Shorthand is expanded unless the knowledge uses the word itself
		// or a moderator made it an alias ("mods" for "stewards").
		_, known := ix.surface[w]
		_, aliased := ix.aliases[w]
		if exp := english.Shorthand(w); len(exp) > 0 && !known && !aliased {
			for i, e := range exp {
				if e == "won" && i+1 < len(exp) && exp[i+1] == "t" {
					continue // "wont" is "won't", as below: not the past of "win"
				}
				if e != w {
					word(e)
				}
			}
			return
		}
		if len(w) < 2 || stopWords[w] || fillers[w] || isNumber(w) {
			return // numbers are read from the whole question below
		}
		pos++
		var terms []Term
		if id, ok := ix.surface[w]; ok {
			terms = append(buf[:0], Term{ID: id, Word: w, Weight: 1})
		} else {
			r := ix.resolve(w)
			found := r.terms
			// "the vilage hal": a short first name the asker did not
			// capitalise, a letter short of a common word of the
			// knowledge, is that word misspelt.
			slip := int32(-1)
			if len(r.terms) == 0 && r.strange && !light && english.IsName(w) && !isCapitalised(w) {
				slip = ix.nameSlip(w)
			}
			switch {
			case r.skip:
				return // "waht", "agianst": a slip on a word that carries no subject
			case len(r.terms) == 0 && light:
				return // "came out" where the knowledge never says "came"
			case slip >= 0:
				found = []Term{{ID: slip, Word: w, Corrected: true, Weight: correctedWeight}}
			case len(r.terms) == 0:
				strange := r.strange && (!r.short || isCapitalised(w))
				if r.wrong && isCapitalised(w) {
					// "the Medlock bridge": a name, though one letter
					// from "wedlock".
					strange = true
				} else if r.english != "" {
					w = r.english // an English word the knowledge lacks, misspelt
				}
				if !slices.Contains(q.Unknown, w) {
					q.Unknown = append(q.Unknown, w)
					if strange {
						q.Strange = append(q.Strange, w)
					}
				}
				return
			}
			terms = append(buf[:0], found...) // a copy: r is shared
		}
		if isAdverb(w) || light {
			for i := range terms {
				terms[i].Weight *= AdverbWeight
				terms[i].Light = true
			}
		}
		addTerms(w, terms)
	}
	words := make([]string, 0, 16)
	Words(question, func(w []byte) { words = append(words, string(w)) })
	// A sum of money is one thing however it is said: "three pound
	// ninety" asks after "£3.90", which states neither 3 nor 90, and
	// "twenty quid" after "£20", which never says "quid". A sum the
	// knowledge states stands for the words and numbers it is said with
	// (read below); one it never states is read as its words ("which dog
	// weighs 20 pounds?" may be answered by "20 lb").
	amounts := slices.DeleteFunc(english.Amounts(question), func(a english.Amount) bool {
		_, known := ix.surface[AmountKey(a.Minor)]
		return !known
	})
	var inSums map[string]int // the words of the sums, each as often as said
	var sumNumbers []string   // the number keys of the sums' numbers
	var nums [8]int64
	for _, a := range amounts {
		said := question[a.Start:a.End]
		Words(said, func(w []byte) {
			if inSums == nil {
				inSums = map[string]int{}
			}
			inSums[string(w)]++
		})
		for _, v := range english.AppendNumbers(nums[:0], said) {
			sumNumbers = append(sumNumbers, numberKey(v))
		}
	}
	for i := 0; i < len(words); i++ {
		w := words[i]
		if inSums[w] > 0 {
			inSums[w]--
			continue
		}
		if len(w) < 2 && english.Shorthand(w) == nil {
			continue
		}
		if stopWords[w] || fillers[w] {
			continue
		}
		if w == "won" && i+1 < len(words) && words[i+1] == "t" {
			continue // "won't": will not, not the past of "win"
		}
		if w == "come" && i > 0 && words[i-1] == "how" {
			continue // "how come…?": why
		}
		if w == "dose" && (i == 0 || auxBefore[words[i-1]] || i+1 < len(words) && subjectsAfter[words[i+1]]) {
			continue // "what dose the club charge?": "does" misspelt, a stop word
		}
		if w == "bit" && i > 0 && (words[i-1] == "a" || words[i-1] == "little" && i > 1 && words[i-2] == "a") ||
			w == "little" && i > 0 && words[i-1] == "a" && i+1 < len(words) && words[i+1] == "bit" {
			continue // "a bit late", "for a little bit": a little, not a part
		}
		if i > 0 && deictic[words[i-1]] && (periods[w] || isPeriodShorthand(w)) {
			continue // "this year", "last week": when the asker is, not what they ask about
		}
		// A phrasal verb or two-word term the knowledge lacks ("hand over",
		// "come back") is looked up whole: its parts say something else.
		if i+1 < len(words) {
			if terms := ix.resolvePair(w, words[i+1]); len(terms) > 0 {
				if _, known := ix.surface[w]; !known {
					pos++
					addTerms(w, terms)
					i++
					continue
				}
				// The knowledge has the first word too ("coming"): the
				// pair's meaning joins the words, which stay.
				word(w)
				addTerms(w, terms)
				continue
			}
		}
		// "came out", and "brought it in", "turn them off": a pronoun may
		// stand between the verb and its particle.
		light = lightVerbs[w] && i+1 < len(words) && (particles[words[i+1]] ||
			i+2 < len(words) && objectPronouns[words[i+1]] && particles[words[i+2]])
		word(w)
		light = false
	}
	afternoon := pmHours(words)
	for _, v := range english.AppendNumbers(nums[:0], question) {
		if i := slices.Index(sumNumbers, numberKey(v)); i >= 0 {
			sumNumbers = slices.Delete(sumNumbers, i, i+1)
			continue // part of a sum, read below
		}
		var alts []int32
		if afternoon[v] {
			// "3 pm" is 15:00 if the knowledge writes it so, and "3pm"
			// if it writes that (never any 3).
			if id, ok := ix.surface[strconv.FormatInt(v, 10)+"pm"]; ok {
				alts = append(alts, id)
			}
			v += 12
		}
		if !numberTerm(v) {
			continue
		}
		key := numberKey(v)
		id, ok := ix.surface[key]
		if !ok && len(alts) > 0 {
			id, ok, alts = alts[0], true, nil
		}
		if ok {
			pos++
			addTerms("", []Term{{ID: id, Word: key, Weight: 1, Alts: alts}})
		} else if !slices.Contains(q.Unknown, key) {
			// A number the knowledge never states ("people under 16"): the
			// question is about something it does not say.
			q.Unknown = append(q.Unknown, key)
		}
	}
	for _, a := range amounts {
		key := AmountKey(a.Minor)
		pos++
		addTerms("", []Term{{ID: ix.surface[key], Word: key, Weight: 1}})
	}
	return q
}

// AmountKey is the index word that stands for a sum of money, in
// hundredths, however it was written: "£3.90" and "three pound ninety" both
// index as "#£390". It begins as numberKey's do: a sum is read as a number
// wherever the engine asks whether a word is one.
func AmountKey(minor int64) string { return "#£" + strconv.FormatInt(minor, 10) }

// pmHours finds the hours said with "pm" ("3 pm", "three p.m.", "3pm"):
// a question's afternoon hour is the knowledge's 24-hour one.
func pmHours(words []string) map[int64]bool {
	var out map[int64]bool
	for i, w := range words {
		h := w
		pm := strings.HasSuffix(w, "pm") && len(w) > 2 && w[0] >= '0' && w[0] <= '9'
		if pm {
			h = strings.TrimSuffix(w, "pm")
		} else if i+1 < len(words) && (words[i+1] == "pm" || (words[i+1] == "p" && i+2 < len(words) && words[i+2] == "m")) {
			pm = true
		}
		if !pm {
			continue
		}
		v, _, ok := english.Number([]string{h})
		if ok && v >= 1 && v <= 11 {
			if out == nil {
				out = map[int64]bool{}
			}
			out[v] = true
		}
	}
	return out
}

var monthNames = [12]string{"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"}

// resolved is what a word that is not itself in the index stands for.
type resolved struct {
	terms   []Term
	skip    bool // a slip on a word that carries no subject
	strange bool // unknown, and not English either
	// short marks a strange word of three letters that is an English
	// word slipped (shortSlip): no name, unless the asker capitalised it.
	short bool
	// wrong marks a word read as English with one letter wrong
	// (WrongLetter): no name either, unless the asker capitalised it.
	wrong bool
	// english is the English word an unknown slip stands for, when one
	// alone is that close ("totl" → "total"), or "".
	english string
}

// maxResolved bounds the words an index remembers resolving: enough for
// the words people actually use, never a way to grow memory without end.
const maxResolved = 8192

// resolve looks for a word the index lacks through stems, acronyms,
// WordNet and spelling, which costs microseconds; an index is immutable, so
// the outcome is remembered for the next question that uses the word.
func (ix *Index) resolve(w string) resolved {
	if r, ok := ix.resolvedWords.Load(w); ok {
		return r.(resolved)
	}
	var r resolved
	r.terms = ix.lookup(w, nil)
	if len(r.terms) == 0 {
		if _, ok := english.FixFunctionWord(w); ok || isStopWordTypo(w) {
			r.skip = true
		} else if id, ok, slip := ix.correctEnglish(w); ok {
			r.terms = []Term{{ID: id, Word: w, Corrected: true, Weight: correctedWeight}}
		} else {
			wrong := ""
			if !slip {
				wrong = WrongLetter(w) // "" for an English word
			}
			r.strange = !slip && wrong == "" && !isEnglish(w)
			r.short = r.strange && shortSlip(w)
			switch {
			case slip:
				r.english = EnglishSlip(w)
			case wrong != "":
				r.english, r.wrong = wrong, true
			}
			if r.strange {
				// "reeson", "tempreture": two slips from a word that
				// sounds the same are a misspelling, not a name.
				if v := english.SoundSlip(w); v != "" {
					r.strange, r.short, r.english = false, false, v
					if id, ok := ix.surface[v]; ok {
						r.terms = []Term{{ID: id, Word: w, Corrected: true, Weight: correctedWeight}}
					} else if id, ok := ix.terms[termKey(v)]; ok {
						r.terms = []Term{{ID: id, Word: w, Corrected: true, Weight: correctedWeight}}
					}
				}
			}
		}
	}
	if ix.resolvedCount.Load() < maxResolved {
		if _, loaded := ix.resolvedWords.LoadOrStore(w, r); !loaded {
			ix.resolvedCount.Add(1)
		}
	}
	return r
}

// subjectsAfter are the words before which "dose" is the auxiliary "does"
// asking about them: "what time dose the race start?", "dose it cost
// anything?"; a dose is measured, not followed by a subject.
var subjectsAfter = map[string]bool{
	"the": true, "it": true, "he": true, "she": true, "they": true, "this": true, "that": true,
	"your": true, "my": true, "our": true, "their": true, "his": true, "her": true, "anyone": true,
	"everyone": true, "someone": true, "u": true, "ur": true,
}

// auxBefore are the words after which "dose" is the auxiliary "does"
// misspelt: a question word, or the word a "how" asks with.
var auxBefore = map[string]bool{
	"what": true, "wat": true, "how": true, "when": true, "where": true, "why": true, "who": true,
	"which": true, "much": true, "many": true, "long": true, "often": true, "far": true,
}

// AdverbWeight discounts an adverb of manner or frequency in a question
// ("how long does it usually last?", "which room was it originally in?"):
// it colours the question more than it says what is asked. A light verb
// before its particle ("came out", "taking over", "put in") weighs as
// little: the phrase says what is meant, and the knowledge says it in
// other words ("removed", "hand over", "contributed").
const AdverbWeight = 0.5

// isPeriodShorthand reports chat shorthand for a period: "this yr" is
// "this year".
func isPeriodShorthand(w string) bool {
	exp := english.Shorthand(w)
	return len(exp) == 1 && periods[exp[0]]
}

// lightVerbs mean little of their own before a particle ("turned up" is
// came, "picked up" collected, "set up" started, "ended up costing" cost).
var lightVerbs = map[string]bool{
	"come": true, "came": true, "comes": true, "coming": true,
	"go": true, "goes": true, "went": true, "gone": true, "going": true,
	"take": true, "took": true, "taken": true, "takes": true, "taking": true,
	"make": true, "made": true, "makes": true, "making": true,
	"put": true, "puts": true, "putting": true,
	"turn": true, "turned": true, "turns": true, "turning": true,
	"get": true, "got": true, "gets": true, "getting": true, "gotten": true,
	"show": true, "showed": true, "shows": true, "showing": true, "shown": true,
	"set": true, "sets": true, "setting": true,
	"give": true, "gave": true, "given": true, "gives": true, "giving": true,
	"bring": true, "brought": true, "brings": true, "bringing": true,
	"pick": true, "picked": true, "picks": true, "picking": true,
	"end": true, "ended": true, "ends": true, "ending": true,
}

// objectPronouns may stand between a light verb and its particle.
var objectPronouns = map[string]bool{
	"it": true, "them": true, "that": true, "this": true, "him": true, "her": true, "us": true, "me": true, "you": true,
}

// particles make a phrasal verb of a light verb. Not "from": where
// something comes from is a question of its own ("Can two judges come
// from the same country?").
// "In", "on" and "about" may start a phrase of their own instead ("were
// made on Monday"), which weighs the light verb as little: it says little
// either way.
var particles = map[string]bool{
	"out": true, "up": true, "in": true, "into": true, "over": true, "off": true,
	"on": true, "down": true, "back": true, "away": true, "about": true, "along": true,
}

// isAdverb reports an English word made of an English word and "-ly"
// ("usually", "originally"), or with "-ally"/"-ily" ("basically",
// "happily").
func isAdverb(w string) bool {
	base, ok := strings.CutSuffix(w, "ly")
	if !ok || len(base) < 3 || !english.IsWord(w) {
		return false
	}
	if english.IsWord(base) {
		return true
	}
	if b, ok := strings.CutSuffix(base, "al"); ok && english.IsWord(b) {
		return true
	}
	if b, ok := strings.CutSuffix(base, "i"); ok && english.IsWord(b+"y") {
		return true
	}
	return false
}

// numberTerm reports whether a number read from a text becomes a term.
// One is not: "one" is as often a pronoun ("including one on its own
// territory") and "first" an order of events as either is the number 1,
// so they stay words of their own.
func numberTerm(v int64) bool { return v != 1 }

// deictic words make a period ("this year") a time relative to the asker.
var deictic = map[string]bool{"this": true, "next": true, "last": true, "past": true, "coming": true}

var periods = map[string]bool{"year": true, "month": true, "week": true, "weekend": true, "time": true}

// resolvePair finds the words of the knowledge that a two-word WordNet
// lemma ("hand over", "step up") stands for, by its synonyms and those of
// its base form ("handed over" → "hand over"); remembered like words.
func (ix *Index) resolvePair(w1, w2 string) []Term {
	if len(w1) < 2 || len(w2) < 2 || !isLetters(w1) || !isLetters(w2) {
		return nil
	}
	pair := w1 + " " + w2
	if r, ok := ix.resolvedWords.Load(pair); ok {
		return r.(resolved).terms
	}
	var terms []Term
	switch joined := w1 + w2; {
	case wordnet.Known(pair):
		if terms = ix.synonymTerms(pair, pair, maxRelated); len(terms) > 0 {
			terms = []Term{anyOf(terms)}
		}
	case !stopWords[w2] && wordnet.Noun(joined) && english.IsWord(joined):
		// Two words a noun is often split into ("grown ups", "life
		// guard", "bed bugs"): the noun, or failing it in the knowledge,
		// a synonym of it.
		terms = ix.lookup(joined, nil)
		if len(terms) == 0 {
			terms = ix.synonymTerms(joined, pair, 1)
		}
		for i := range terms {
			terms[i].Word, terms[i].Corrected = pair, true
			terms[i].Weight = min(terms[i].Weight, correctedWeight)
		}
	}
	if ix.resolvedCount.Load() < maxResolved {
		if _, loaded := ix.resolvedWords.LoadOrStore(pair, resolved{terms: terms}); !loaded {
			ix.resolvedCount.Add(1)
		}
	}
	return slices.Clone(terms)
}

// synonymTerms returns the index's terms for the WordNet synonyms of key
// and of its base forms ("handed over" → "hand over"), at most limit of
// them, each standing for word.
func (ix *Index) synonymTerms(key, word string, limit int) []Term {
	var terms []Term
	for _, lemma := range append([]string{key}, wordnet.Base(key)...) {
		for _, syn := range wordnet.Synonyms(lemma) {
			id, ok := ix.surface[syn]
			if !ok {
				id, ok = ix.terms[termKey(syn)]
			}
			if ok && len(terms) < limit && !slices.ContainsFunc(terms, func(t Term) bool { return t.ID == id }) {
				terms = append(terms, Term{ID: id, Word: word, Corrected: true, Weight: relatedWeight})
			}
		}
	}
	return terms
}

// termKey is the key a word is indexed and looked up under: its stem, or
// for an irregular inflection its lemma's ("kept" and "keep" are one term,
// which no stemmer sees).
func termKey(word string) string {
	if b, ok := wordnet.Irregular(word); ok {
		return Stem(b)
	}
	return Stem(word)
}

// numberKey is the index word that stands for a number's value, however
// it was written: "17", "seventeen" and "17th" all index as "#17". Words
// never hold '#', so the keys cannot meet a real word.
func numberKey(v int64) string { return "#" + strconv.FormatInt(v, 10) }

// isNumber reports words that Numbers reads as (part of) a number: digits,
// number words and ordinals.
func isNumber(w string) bool {
	if w == "one" || w == "first" {
		return false // see numberTerm: a word like any other
	}
	if w[0] >= '0' && w[0] <= '9' {
		return true
	}
	if english.IsNumberWord(w) {
		// "half", "twice", "hundreds" make no number on their own: they
		// are words to find ("half plots", "meets twice a month").
		// "hundred" and "thousand" are part of the number before them.
		return !amountWords[w]
	}
	_, ok := english.Ordinal(w)
	return ok
}

// amountWords are number words that name no number of their own.
var amountWords = map[string]bool{
	"half": true, "once": true, "twice": true, "thrice": true, "tens": true, "dozens": true,
	"hundreds": true, "thousands": true, "millions": true, "billions": true, "trillions": true,
}

// isEnglish reports a common English word, or an inflection of one that
// WordNet knows.
func isEnglish(w string) bool {
	return english.IsWord(w) || wordnet.Known(w)
}

// correctEnglish reads an unknown word as a slip on an English word (one
// letter dropped, added, changed, or two swapped), and finds that word in
// the index by its stem: "santcion" is "sanction", which the index has as
// "sanctions". slip reports that the word is such a slip even when the
// index lacks the intended word. Of several, the most common in the
// knowledge wins.
func (ix *Index) correctEnglish(w string) (id int32, ok, slip bool) {
	if len(w) < 4 || len(w) > maxCorrectLen || !isLetters(w) || !isASCII(w) || isEnglish(w) || english.IsName(w) {
		return 0, false, false
	}
	best, bestDF := int32(-1), -1
	// try takes v, a spelling one slip from w, if it is an English word,
	// and the index's form of it if it has one, the commonest first.
	try := func(v []byte) {
		if v == nil || !english.IsWord(string(v)) && !isCalendarWord(string(v)) {
			return
		}
		slip = true
		cand, found := ix.surface[string(v)]
		if !found {
			cand, found = ix.terms[termKey(string(v))]
		}
		if found && ix.DF(cand) > bestDF {
			best, bestDF = cand, ix.DF(cand)
		}
	}
	// Slips onto the index's own words were tried before this (correct);
	// what is left is a slip onto an English word that the index has in
	// another form. Only a letter added, left out or two swapped, the
	// commonest slips, are tried against the word list: "santcion" is
	// "sanction", which the index has as "sanctions", and "reopning" is
	// "reopening", which it has as "reopened".
	b := []byte(w)
	for i := range len(b) {
		try(append(append([]byte(nil), b[:i]...), b[i+1:]...))
		try(swapped(b, i))
	}
	withLetterAdded(b, try)
	return best, best >= 0, slip
}

// minWrongLetter is the shortest word read as an English word with one
// letter wrong: shorter ones are as often a name the list lacks.
const minWrongLetter = 7

// WrongLetter returns the one English word that w, a word of at least
// minWrongLetter letters that is neither English nor a listed name, is with
// one letter wrong ("minimun", "surgury", "investmant"), or "" when there
// is none or more than one ("pellows": "fellows", "bellows").
func WrongLetter(w string) string {
	if len(w) < minWrongLetter || len(w) > maxCorrectLen || !isLetters(w) || !isASCII(w) || isEnglish(w) || english.IsName(w) {
		return ""
	}
	found := ""
	v := []byte(w)
	for i := range v {
		orig := v[i]
		for c := byte('a'); c <= 'z'; c++ {
			if c == orig {
				continue
			}
			v[i] = c
			if english.IsWord(string(v)) {
				if found != "" {
					return ""
				}
				found = string(v)
			}
		}
		v[i] = orig
	}
	return found
}

// isCalendarWord reports the full name of a weekday or a month other
// than May (a word of its own), or a weekday's plural ("sundays"), which
// the word list may lack as proper nouns: "sundys" is a slip on "sundays".
// Abbreviations ("wed", "sept") are not.
func isCalendarWord(w string) bool {
	if _, ok := english.Weekday(w); ok && len(w) > 5 {
		return true
	}
	_, ok := english.Month(w)
	return ok && len(w) > 3 && w != "sept"
}

// withLetterAdded calls fn with b and one letter a–z added, at every
// place; fn must not keep the slice, which is reused.
func withLetterAdded(b []byte, fn func(v []byte)) {
	v := make([]byte, len(b)+1)
	for i := 0; i <= len(b); i++ {
		copy(v, b[:i])
		copy(v[i+1:], b[i:])
		for c := byte('a'); c <= 'z'; c++ {
			v[i] = c
			fn(v)
		}
	}
}

// EnglishSlip returns the English word that w, no English word itself,
// is a slip on, when only one is that close: first a letter left out
// ("totl" → "total"), the commonest slip, then two letters swapped, then a
// letter too many. "" when there is none, or more than one of the kind
// found first ("plae": "place", "plane", "plate").
func EnglishSlip(w string) string {
	if len(w) < 4 || len(w) > maxCorrectLen || !isLetters(w) || !isASCII(w) || isEnglish(w) {
		return ""
	}
	b := []byte(w)
	var found []string
	keep := func(v []byte) {
		if v != nil && english.IsWord(string(v)) && !slices.Contains(found, string(v)) {
			found = append(found, string(v))
		}
	}
	withLetterAdded(b, keep)
	for step := range 2 {
		if len(found) > 0 {
			break
		}
		for i := range len(b) {
			if step == 0 {
				keep(swapped(b, i))
			} else {
				keep(append(append([]byte(nil), b[:i]...), b[i+1:]...))
			}
		}
	}
	if len(found) != 1 {
		return ""
	}
	return found[0]
}

// shortSlip reports a three-letter word that no name list knows and that
// is an English word with a letter left out or two swapped ("pik", "giv"):
// a slip too short to say which word was meant, and likely no name, unless
// the asker capitalised it (see Parse: "Liu", "Abu").
func shortSlip(w string) bool {
	if len(w) != 3 || !isLetters(w) || !isASCII(w) || english.IsName(w) {
		return false
	}
	b := []byte(w)
	found := false
	for i := range len(b) {
		if v := swapped(b, i); v != nil && english.IsWord(string(v)) {
			found = true
		}
	}
	withLetterAdded(b, func(v []byte) {
		found = found || english.IsWord(string(v))
	})
	return found
}

// capitalisedWords returns the folded words that the question writes
// with a capital, other than a sentence's first: names, as the asker
// wrote them. A question in capitals throughout has none.
func capitalisedWords(question string) map[string]bool {
	if !strings.ContainsFunc(question, unicode.IsLower) {
		return nil
	}
	var out map[string]bool
	opens := true // the word opens a sentence
	for _, f := range strings.Fields(question) {
		first := opens
		opens = strings.ContainsAny(f[len(f)-1:], ".!?")
		f = strings.TrimLeft(f, "\"'“‘(")
		if r, _ := utf8.DecodeRuneInString(f); first || f == "" || !unicode.IsUpper(r) {
			continue
		}
		Words(f, func(w []byte) {
			if out == nil {
				out = map[string]bool{}
			}
			out[string(w)] = true
		})
	}
	return out
}

// swapped returns b with letters i and i+1 exchanged, or nil at the end.
func swapped(b []byte, i int) []byte {
	if i+1 >= len(b) {
		return nil
	}
	v := append([]byte(nil), b...)
	v[i], v[i+1] = v[i+1], v[i]
	return v
}

// lookup maps a question word to index terms, trying in turn: the word as
// written, its stem, an acronym of a name in the texts ("hrw"), two indexed
// words run together ("cyberattack"), a related word ("accused" →
// "alleged"), a close spelling, and another form of a name ("israel").
func (ix *Index) lookup(word string, dst []Term) []Term {
	exact := func(id int32) Term { return Term{ID: id, Word: word, Weight: 1} }
	guess := func(id int32) Term { return Term{ID: id, Word: word, Corrected: true, Weight: correctedWeight} }
	if id, ok := ix.surface[word]; ok {
		return append(dst, exact(id))
	}
	if id, ok := ix.terms[termKey(word)]; ok {
		return append(dst, exact(id))
	}
	if ids, ok := ix.aliases[word]; ok {
		for _, id := range ids {
			dst = append(dst, exact(id))
		}
		return dst
	}
	if m, ok := english.Month(word); ok {
		if id, ok := ix.surface[monthNames[m-1]]; ok {
			return append(dst, exact(id)) // "dec", "sept"
		}
	}
	if d, ok := english.Weekday(word); ok {
		if id, ok := ix.terms[Stem(strings.ToLower(d.String()))]; ok {
			return append(dst, exact(id)) // "thu", "thurs"
		}
	}
	if ids, ok := ix.acronyms[word]; ok {
		for _, id := range ids {
			dst = append(dst, exact(id))
		}
		return dst
	}
	if len(word) >= 6 && isLetters(word) {
		for i := 3; i <= len(word)-3; i++ {
			a, okA := ix.surface[word[:i]]
			b, okB := ix.surface[word[i:]]
			if okA && okB {
				return append(dst, exact(a), exact(b))
			}
		}
	}
	if ts := ix.related(word); len(ts) > 0 {
		slices.SortStableFunc(ts, func(a, b Term) int { return ix.DF(b.ID) - ix.DF(a.ID) })
		return append(dst, anyOf(ts))
	}
	if id, dist, ok := ix.correct(word); ok {
		t := guess(id)
		if dist == 1 && len(word) >= sureSlipLen {
			t.Weight = sureSlipWeight
		}
		return append(dst, t)
	}
	if id, ok := ix.samePrefix(word); ok {
		return append(dst, guess(id))
	}
	return dst
}

// anyOf makes one term of the indexed words one question word stands for
// ("lead": "leader", "conducted", "guide"), the first its ID and the
// others its alternatives: the word is asked once, and a sentence that
// says any of them says it. As separate terms, each would weigh as much
// as a word of its own, and a sentence with the one the asker meant would
// seem to hold a third of the word.
func anyOf(ts []Term) Term {
	t := ts[0]
	for _, u := range ts[1:] {
		t.Alts = append(t.Alts, u.ID)
	}
	return t
}

// relatedWeight discounts a word matched through WordNet (a synonym or a
// derived form): it stands for the asker's word, less surely than the word.
const relatedWeight = 0.6

// maxRelated bounds how many indexed words one question word may stand for.
const maxRelated = 3

// related finds indexed words that WordNet relates to word, with the
// weight each stands for it: its base form ("accused" → "accuse"),
// derived forms ("accusation"), the country of a city ("manila" →
// "philippines"), words of the knowledge that name it among their synonyms
// ("undermine" lists "weaken"; not the other way round: "pull" lists
// "force", whose own senses have nothing of pulling).
func (ix *Index) related(word string) []Term {
	if !isLetters(word) {
		return nil
	}
	var out []Term
	add := func(w string, weight float32) {
		id, ok := ix.surface[w]
		if !ok {
			id, ok = ix.terms[termKey(w)]
		}
		if ok && len(out) < maxRelated && !slices.ContainsFunc(out, func(t Term) bool { return t.ID == id }) {
			out = append(out, Term{ID: id, Word: word, Corrected: true, Weight: weight})
		}
	}
	// A lemma the index files under another one is not looked up: the
	// index's "found" is "find", which "founded" does not stand for.
	lemma := func(w string) {
		if _, ok := wordnet.Irregular(w); !ok {
			add(w, relatedWeight)
		}
	}
	for _, b := range wordnet.Base(word) {
		lemma(b)
	}
	if len(out) > 0 {
		return out
	}
	for _, list := range [][]string{wordnet.Derived(word), wordnet.Places(word)} {
		for _, w := range list {
			lemma(w)
		}
	}
	// A place's country stands in the forms WordNet derives from it too:
	// "moscow's warrants" are the "Russian arrest warrants", a question
	// about Paris may be answered by "French".
	for _, w := range wordnet.Places(word) {
		for _, d := range wordnet.Derived(w) {
			lemma(d)
		}
	}
	syn := ix.synonymOf()
	for _, id := range syn[word] {
		add(ix.sorted[id], relatedWeight)
	}
	for _, b := range wordnet.Base(word) {
		for _, id := range syn[b] {
			add(ix.sorted[id], relatedWeight)
		}
	}
	return out
}

// synonymOf maps each word that some word of the index lists among its
// WordNet synonyms to those words' positions in sorted, built on first use.
func (ix *Index) synonymOf() map[string][]int32 {
	ix.synOnce.Do(func() {
		ix.synOf = map[string][]int32{}
		for pos, w := range ix.sorted {
			for _, s := range wordnet.Synonyms(w) {
				if len(ix.synOf[s]) < maxRelated {
					ix.synOf[s] = append(ix.synOf[s], int32(pos))
				}
			}
		}
	})
	return ix.synOf
}

// alternatives lists the other terms that stand for the same thing as word
// (whose own term is id): the words of the name it abbreviates, and other
// forms of it as a name.
func (ix *Index) alternatives(word string, id int32) []int32 {
	// Remembered like resolved words, per word and term: the look-ups
	// below cost more than the search itself on a small index. The slice
	// is shared, never changed.
	key := altKey{word, id}
	if a, ok := ix.altWords.Load(key); ok {
		return a.([]int32)
	}
	alts := ix.findAlternatives(word, id)
	if ix.altCount.Load() < maxResolved {
		if _, loaded := ix.altWords.LoadOrStore(key, alts); !loaded {
			ix.altCount.Add(1)
		}
	}
	return alts
}

// altKey is a word and the term it was read as: alternatives never list
// the term itself.
type altKey struct {
	word string
	id   int32
}

func (ix *Index) findAlternatives(word string, id int32) []int32 {
	var alts []int32
	add := func(a int32) {
		if a != id && !slices.Contains(alts, a) {
			alts = append(alts, a)
		}
	}
	for _, a := range ix.expansions[word] {
		add(a)
	}
	for _, e := range periodEquivalents[word] {
		a, ok := ix.surface[e]
		if !ok {
			a, ok = ix.terms[termKey(e)]
		}
		if ok {
			add(a)
		}
	}
	// Other forms of a name only: "librarian" is not another form of
	// "library", though it looks like one.
	if len(word) >= 5 && isLetters(word) && !english.IsWord(word) {
		prefix := word[:5]
		for i := sort.SearchStrings(ix.sorted, prefix); i < len(ix.sorted) && strings.HasPrefix(ix.sorted[i], prefix); i++ {
			if SameName(word, ix.sorted[i]) {
				add(ix.surface[ix.sorted[i]])
			}
		}
	}
	return alts
}

// periodEquivalents say how often in other words: "yearly" is "annual";
// "daily" is "every day". The stemmer already makes "weekly" "week" and
// "yearly" "year", but not "annual" or "daily"; WordNet relates them but
// the search widens only words the knowledge lacks, and a question's
// "yearly" is as often elsewhere in the knowledge as not.
var periodEquivalents = map[string][]string{
	"yearly": {"annual"}, "annual": {"yearly"}, "annually": {"yearly"},
	"daily": {"day"}, "nightly": {"night"}, "hourly": {"hour"},
	"fortnightly": {"fortnight"}, "quarterly": {"quarter"},
}

// samePrefix matches another form of a name: "israel" to "israeli",
// "sudanese" to "sudan", "palestine" to "palestinian", which stemming keeps
// apart. The shared start must be at least five letters and most of the
// shorter word.
func (ix *Index) samePrefix(word string) (int32, bool) {
	if len(word) < 5 || !isLetters(word) {
		return 0, false
	}
	// Candidates share the first five letters: a range of the sorted words.
	prefix := word[:5]
	i := sort.SearchStrings(ix.sorted, prefix)
	best, bestLen := int32(-1), 0
	for ; i < len(ix.sorted) && strings.HasPrefix(ix.sorted[i], prefix); i++ {
		cand := ix.sorted[i]
		if _, ok := wordnet.Irregular(cand); ok {
			continue // an English word's inflection ("found"), no name's form
		}
		if n := commonPrefix(word, cand); n > bestLen && SameName(word, cand) {
			best, bestLen = ix.surface[cand], n
		}
	}
	return best, best >= 0
}

// SameName reports whether two folded words look like forms of one name
// ("russia", "russian"): a shared start of at least five letters that makes
// up most of the shorter word.
func SameName(a, b string) bool {
	n := commonPrefix(a, b)
	return n >= 5 && n*5 >= min(len(a), len(b))*4
}

func commonPrefix(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

// correct finds the indexed word closest to a misspelled one: within one
// edit for words of 4–6 letters and English words of 7, two for longer
// ones; ties go to the more common word. A word of three letters is only
// read as one of four with a letter left out, and never when it is an
// English word of the word list (WordNet's rarities do not count: "ful" is
// "full") or a name ("ian"); shorter words and numbers are never guessed
// at: too many unrelated words lie one edit apart.
func (ix *Index) correct(word string) (int32, int, bool) {
	n := len(word)
	// Only plain a–z words: lengths here are bytes, and the knowledge is
	// English. (Accented words are folded to a–z before they get here.)
	if n == 3 && isLetters(word) && !english.IsWord(word) && !english.IsName(word) {
		// A short word is too close to too many to guess at, but a
		// letter left out of a word of four ("fod", "bok") is
		// the commonest slip, and the ways to make one are few.
		best, bestDF := int32(-1), -1
		for _, pos := range ix.deletes[word] {
			cand := ix.sorted[pos]
			if len(cand) != n+1 {
				continue
			}
			if id := ix.surface[cand]; ix.DF(id) > bestDF {
				best, bestDF = id, ix.DF(id)
			}
		}
		return best, 1, best >= 0
	}
	if n < 4 || n > maxCorrectLen || !isLetters(word) || !isASCII(word) {
		return 0, 0, false
	}
	maxDist := 1
	if n >= 8 || n == 7 && !isEnglish(word) {
		// Two slips in a word of seven letters that is no English word
		// ("welfair", "stuards") are still one word of the knowledge;
		// an English word that long ("founded") is itself.
		maxDist = 2
	}
	return ix.correctByDeletes(word, maxDist)
}

// nameSlip returns the word of the knowledge that a three-letter first
// name is with a letter left out ("hal" for "hall"), if that word is a
// common English word and no name, or -1. The one the knowledge uses most
// wins.
func (ix *Index) nameSlip(w string) int32 {
	if len(w) != 3 || !isLetters(w) {
		return -1
	}
	best, bestDF := int32(-1), -1
	for _, pos := range ix.deletes[w] {
		cand := ix.sorted[pos]
		if len(cand) != 4 || !english.IsWord(cand) || english.IsName(cand) {
			continue
		}
		if id := ix.surface[cand]; ix.DF(id) > bestDF {
			best, bestDF = id, ix.DF(id)
		}
	}
	return best
}

// maxCorrectLen bounds the words spelling correction looks at.
const maxCorrectLen = 40

// correctByDeletes finds the indexed words close to word through the
// deletion index (the symmetric-delete method): two words one edit apart
// share a string made by dropping at most one letter from each. With
// maxDist 2 it also accepts what that finds two edits away (a letter moved,
// or dropped here and doubled there), without the cost of a full search.
// The closest wins, then the most common, then the first alphabetically.
func (ix *Index) correctByDeletes(word string, maxDist int) (int32, int, bool) {
	best, bestDist, bestDF, bestPos := int32(-1), maxDist+1, -1, len(ix.sorted)
	consider := func(pos int32) {
		cand := ix.sorted[pos]
		d := english.EditDistance(word, cand, maxDist)
		if d > maxDist {
			return
		}
		id := ix.surface[cand]
		df := ix.DF(id)
		if d < bestDist || (d == bestDist && (df > bestDF || (df == bestDF && int(pos) < bestPos))) {
			best, bestDist, bestDF, bestPos = id, d, df, int(pos)
		}
	}
	for _, pos := range ix.deletes[word] { // a word with one letter more
		consider(pos)
	}
	var buf [maxCorrectLen]byte
	for i := range len(word) {
		k := copy(buf[:], word[:i])
		k += copy(buf[k:], word[i+1:])
		d := buf[:k]
		if _, ok := ix.surface[string(d)]; ok { // a word with one letter less
			if pos, ok := ix.sortedPos(string(d)); ok {
				consider(pos)
			}
		}
		for _, pos := range ix.deletes[string(d)] { // one letter changed or swapped
			consider(pos)
		}
	}
	if best < 0 && maxDist >= 2 {
		// Two slips the deletion index cannot see, a letter left out and
		// another changed ("indepndant" → "independent"): a long word
		// has few neighbours that far, so every word of about its length
		// is tried. Only for a word nothing else found, and remembered.
		for pos, cand := range ix.sorted {
			if abs(len(cand)-len(word)) <= maxDist && cand[0] == word[0] {
				consider(int32(pos))
			}
		}
	}
	return best, bestDist, best >= 0
}

// sortedPos finds an exact word among the sorted words.
func (ix *Index) sortedPos(w string) (int32, bool) {
	i := sort.SearchStrings(ix.sorted, w)
	return int32(i), i < len(ix.sorted) && ix.sorted[i] == w
}

// isStopWordTypo reports a word of five or more letters that becomes a stop
// word by swapping two adjacent letters, or dropping or adding one. (Not by
// replacing one: too many content words are a letter away from a stop word.)
func isStopWordTypo(w string) bool {
	if len(w) < 5 || !isLetters(w) {
		return false
	}
	for l := len(w) - 1; l <= len(w)+1; l++ {
		for _, s := range stopWordsByLen[l] {
			if oneSlipApart(w, s) {
				return true
			}
		}
	}
	return false
}

// oneSlipApart reports whether a and b differ by one adjacent swap, or by one
// letter dropped or added.
func oneSlipApart(a, b string) bool {
	if len(a) < len(b) {
		a, b = b, a
	}
	i := 0
	for i < len(b) && a[i] == b[i] {
		i++
	}
	switch len(a) - len(b) {
	case 0:
		return i+1 < len(a) && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:]
	case 1:
		return a[i+1:] == b[i:]
	}
	return false
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// Seq appends to dst the term ids of text's indexed words, in order (stop
// words and words the index lacks are skipped), so that callers can see
// which terms a sentence holds and which stand side by side.
func (ix *Index) Seq(text string, dst []int32) []int32 {
	Words(text, func(w []byte) {
		if id, ok := ix.surface[string(w)]; ok {
			dst = append(dst, id)
		}
	})
	for _, v := range english.Numbers(text) {
		if id, ok := ix.surface[numberKey(v)]; ok {
			dst = append(dst, id)
		}
	}
	for _, a := range english.Amounts(text) {
		if id, ok := ix.surface[AmountKey(a.Minor)]; ok {
			dst = append(dst, id)
		}
	}
	return dst
}

// TermIDs returns the distinct term ids of an indexed text's words (without
// spelling correction: the text is the index's own). The answer engine uses
// it to see which question terms each sentence contains.
func (ix *Index) TermIDs(text string) map[int32]int {
	out := map[int32]int{}
	Words(text, func(w []byte) {
		if id, ok := ix.surface[string(w)]; ok {
			out[id]++
		}
	})
	return out
}

// ID returns the term id of a folded word as the index has it (a number as
// its key, "#17"), or -1 when the index lacks it.
func (ix *Index) ID(word string) int32 {
	if id, ok := ix.surface[word]; ok {
		return id
	}
	return -1
}

// IDF returns a term's inverse document frequency.
func (ix *Index) IDF(id int32) float32 { return ix.idf[id] }

// DF returns how many texts contain a term.
func (ix *Index) DF(id int32) int { return int(ix.postStart[id+1] - ix.postStart[id]) }

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// EachWord calls fn with every word of the index as written (folded) and
// its term id; words that stem alike share an id.
func (ix *Index) EachWord(fn func(word string, id int32)) {
	for w, id := range ix.surface {
		fn(w, id)
	}
}

// NumTerms is how many distinct terms the index has; ids run below it.
func (ix *Index) NumTerms() int { return len(ix.idf) }
