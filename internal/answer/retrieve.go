package answer

import (
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"iccbot/internal/english"
	"iccbot/internal/knowledge"
	"iccbot/internal/search"
	"iccbot/internal/thesaurus"
	"iccbot/internal/wordnet"
)

// Retrieval and coverage settings. They were tuned on the public question set
// as a whole (see testdata/eval), not on single questions.
const (
	// maxPassages bounds how many ranked passages sentences are drawn from.
	maxPassages = 6
	// runnerUpShare is how near the best sentence's relevance the best one
	// in another passage of its document must come to be quoted with it.
	runnerUpShare = 0.7
	// otherDocPassages bounds the ranked passages a further quote from
	// another document than the best quote's may come from: one ranked
	// lower says less of the question than a second document's quote
	// needs.
	otherDocPassages = 4
	// passageFloor drops passages scoring below this share of the best one.
	passageFloor = 0.35
	// maxQuotes is the most sentences an answer quotes.
	maxQuotes = 3
	// defaultThreshold is the confidence an answer needs to be given,
	// chosen as TestCalibration and the README say: 0.46 until asking
	// "when did…" for a calendar date raised the objective held out by
	// set at higher thresholds, and 0.46 fell under its flatShare; 0.47
	// until a tenure no longer read from months alone put the best
	// threshold held out by group at 0.44; 0.46 until the calibration's
	// trees grew from 150 to 300, whose threshold tuned on every set held
	// out is 0.49.
	defaultThreshold = 0.49
	// unknownPenalty lowers the confidence when some content word of the
	// question occurs nowhere in the knowledge.
	unknownPenalty = 0.1
	// extraGain is the share of the question's weight a further sentence must
	// add (words not yet covered) to be quoted too.
	extraGain = 0.12
	// maxSimilarity is the most word overlap a further sentence may have with
	// one already chosen: the briefing repeats itself, the answer should not.
	maxSimilarity = 0.6
	// typedShare is how much of what the best sentence holds a sentence
	// with the kind of fact asked for must hold to answer a strict
	// question in its place.
	typedShare = 0.6
	// typedBoost favours sentences holding the kind of fact asked for (a
	// number for "how many", a date for "when").
	typedBoost = 1.25
	// untypedStrict and untypedLoose scale the confidence of an answer
	// whose quotes lack the kind of fact asked for: much for a plain
	// "Where…", "When…" or "How many…", less for "Who…" and "Why…", whose
	// answers are often phrases ("those who document crimes").
	untypedStrict = 0.6
	untypedLoose  = 0.85
	// contextRank weighs, in ranking sentences, the question words only
	// their heading or document title holds.
	contextRank = 0.5
	// shortQuestion is how many content words a question may have before
	// the penalties for unknown and missing words shrink with its length.
	shortQuestion = 8
	// headingShare is how much of a question a heading must ask for the
	// opening sentence of its section to be ranked with the heading's words
	// as its own.
	headingShare = 0.6
	// nearBoost favours, for a follow-up, the sentences of the passages
	// the last answer quoted; nextBoost those of the passages next to them.
	nearBoost = 1.5
	nextBoost = 1.2
	// rowRank discounts a table's row against prose: a row holds the
	// question's words packed side by side ("| 10 February 2026 | The
	// Hartley Mill Fire |", a talk's date), which a sentence that answers
	// says at more length ("the fire at Hartley Mill on 2nd March 1882").
	rowRank = 0.85
	// missingPenalty lowers the confidence by the weight of the weightiest
	// question word no quote holds, relative to the weightiest word.
	missingPenalty = 0.3
	// unknownEnglishWeight discounts, in the question's weight, a common
	// English word that the knowledge lacks.
	unknownEnglishWeight = 0.5
	// sameAnswerShare is how close to the best quote's relevance one from
	// another document must come to be quoted as well.
	sameAnswerShare = 0.95
	// namedDocBoost favours the sentences of a document the question names
	// (by its date's year, or by words of its title or publisher).
	namedDocBoost = 1.3
	// spreadWeight discounts the question words that only further quotes
	// hold, in the confidence; otherDocSpread discounts them again when
	// only quotes from another document than the best one's hold them.
	spreadWeight   = 0.5
	otherDocSpread = 0.5
	// phraseBonus weighs question words found side by side in a sentence,
	// for ranking only.
	phraseBonus = 0.5
	// namedShare is how close to the best sentence of any document the
	// best one of a document the question names must come for the answer
	// to be drawn from that document alone.
	namedShare = 0.8
	// countedBoost favours, for a question that asks how many, a sentence
	// with a number just before a word of the question ("34 staff").
	countedBoost = 1.2
	// countedShare is how close to the best sentence's relevance one that
	// counts what "how many" asks about must come to be quoted first.
	countedShare = 0.4
	// negationBoost favours, for a question that says "not" ("Which day
	// doesn't the van run?"), the sentences that say it too ("The van does
	// not run on Wednesdays"). The sentence that says what is not done
	// seldom shares the most words with the question ("which bikes won't
	// they accept?": "We accept donated bikes at any time…" against "We
	// can't take bikes with 12-inch wheels"), so the boost is strong. At 2
	// rather than 1.2, refitted: the dev documents held out answered 64.3%
	// rather than 61.4% at the engine's threshold (one out-of-scope
	// question more answered), the forty-four older blind sets 1,223
	// rather than 1,213 with 138 wrong quotes rather than 135 (+2 by the
	// protocol's count), held out by set 511 rather than 510. At 3 (not
	// refitted) held out by set fell to 503 and the probe sets quoted
	// wrongly four times more.
	negationBoost = 2.0
	// unnegatedScale lowers the confidence of an answer to a question that
	// says "not" whose best quote does not: "Which stops won't be getting
	// raised platforms?" is seldom answered by the stops that will. More
	// often than not such a quote is wrong, and a wrong quote costs more
	// than a missed one.
	unnegatedScale = 0.7
	// otherwiseWeight is how much a question word counts that the best
	// quote says in other words (saidOtherwise).
	otherwiseWeight = 0.5
)

// sentence is one sentence of the knowledge, analysed once when the engine
// is built so that answering only compares numbers.
type sentence struct {
	span knowledge.Span
	// seq holds the term ids of its indexed words, in order.
	seq []int32
	// set holds the same ids sorted, without repeats.
	set   []int32
	facts fact
	// factWords are the words that hold its facts.
	factWords []factWord
	// refers is the order in its passage of the sentence this one is about,
	// whose words it is read with and which is quoted with it, or -1: the
	// one before, for a sentence that opens with a pronoun ("It was started
	// in March 2021…"); the header, for a table's row.
	refers int32
	// counted are the term ids of the words its numbers count, priced
	// those its sums of money are for (countedWords).
	counted, priced []int32
	// negated marks a sentence that says "not", "never" or the like.
	negated bool
	// row marks a table's row (or header).
	row bool
}

// indexSentences analyses every sentence of the knowledge; sentsOf[p] is
// the index in sents of passage p's first sentence.
func (e *Engine) indexSentences() {
	e.sentsOf = make([]int32, len(e.kb.Passages)+1)
	for i, p := range e.kb.Passages {
		e.sentsOf[i] = int32(len(e.sents))
		for _, sp := range p.Sentences {
			text := p.SentenceText(sp)
			seq := e.ix.Seq(text, nil)
			set := slices.Clone(seq)
			slices.Sort(set)
			fs, fws := factWords(text, e.ix.ID)
			// A sentence that opens with a pronoun refers to the one
			// before it; a table's row to its header.
			refers := int32(-1)
			switch n := int32(len(e.sents)) - e.sentsOf[i]; {
			case n > 0 && isTableRow(text):
				refers = 0
				if placeColumn(p.SentenceText(e.sents[e.sentsOf[i]].span), text) {
					// "| Dam car park |" under "Meeting point" says where.
					fs |= factPlace
					fws = append(fws, factWord{f: factPlace, id: -1})
				}
			case n > 0 && opensWithPronoun(text):
				refers = n - 1
			}
			counted, priced := countedWords(text, e.ix.ID)
			e.sents = append(e.sents, sentence{span: sp, seq: seq, set: slices.Compact(set), facts: fs, factWords: fws, refers: refers, counted: counted, priced: priced, negated: negated(text) || restricts(text), row: isTableRow(text)})
		}
	}
	e.sentsOf[len(e.kb.Passages)] = int32(len(e.sents))
}

// isTableRow reports a sentence that is a row of a Markdown table.
func isTableRow(text string) bool {
	return len(text) >= 2 && text[0] == '|' && text[len(text)-1] == '|'
}

// placeColumn reports a table row with a cell filled under a header that
// names a place ("Venue", "Meeting point", "Where"): the cell says where,
// with no "at" or "in" before it.
func placeColumn(header, row string) bool {
	if !isTableRow(header) || header == row {
		return false
	}
	heads := strings.Split(strings.Trim(header, "|"), "|")
	cells := strings.Split(strings.Trim(row, "|"), "|")
	for k, h := range heads {
		if k >= len(cells) || strings.TrimSpace(cells[k]) == "" {
			continue
		}
		words := strings.Fields(strings.ToLower(h))
		if slices.Contains(words, "email") || slices.Contains(words, "e-mail") || slices.Contains(words, "web") {
			continue // "Email address"
		}
		for j, w := range words {
			if placeHeads[w] || w == "point" && j > 0 && (words[j-1] == "meeting" || words[j-1] == "pick-up" || words[j-1] == "collection") {
				return true
			}
		}
	}
	return false
}

// placeHeads are words of a table's header that name a place.
var placeHeads = map[string]bool{
	"venue": true, "venues": true, "location": true, "locations": true, "where": true, "address": true,
	"site": true, "stop": true, "room": true, // not "place": "| Place | Team | Points |" ranks
}

// opensSection reports whether passage p is the first under its heading.
func (e *Engine) opensSection(p int) bool {
	cur := e.kb.Passages[p]
	if cur.Heading == "" {
		return false
	}
	return p == 0 || e.kb.Passages[p-1].Doc != cur.Doc || e.kb.Passages[p-1].Heading != cur.Heading
}

// headTerms are the sorted term ids of passage p's heading.
func (e *Engine) headTerms(p int) []int32 { return e.heads[p] }

// opensWithPronoun reports a sentence whose first word is a pronoun that
// stands for something named before it.
func opensWithPronoun(text string) bool {
	first := ""
	scanWords(text, func(raw string, _ byte) {
		if first == "" {
			first = search.Fold(raw)
		}
	})
	return pronouns[first] && first != "there" // "There are…" points at nothing
}

// indexDocs records which document each passage is in, the words that
// name each document, and the editors' aliases.
func (e *Engine) indexDocs() {
	index := make(map[*knowledge.Document]int32, len(e.kb.Docs))
	for i, d := range e.kb.Docs {
		index[d] = int32(i)
		e.ix.AddAliases(d.Aliases)
		name := d.Title + " " + d.Publisher
		if !d.Date.IsZero() {
			name += " " + strconv.Itoa(d.Date.Year())
		}
		ids := e.ix.Seq(name, nil)
		slices.Sort(ids)
		e.docTerms = append(e.docTerms, slices.Compact(ids))
	}
	for _, ids := range e.docTerms {
		e.titleWords = append(e.titleWords, ids...)
	}
	slices.Sort(e.titleWords)
	e.titleWords = slices.Compact(e.titleWords)
	e.docTopic = e.topicTerms(index)
	e.docOf = make([]int32, len(e.kb.Passages))
	e.context = make([][]int32, len(e.kb.Passages))
	e.passageByID = make(map[string]int32, len(e.kb.Passages))
	e.heads = make([][]int32, len(e.kb.Passages))
	for i, p := range e.kb.Passages {
		if i > 0 && e.kb.Passages[i-1].Heading == p.Heading && e.kb.Passages[i-1].Doc == p.Doc {
			e.heads[i] = e.heads[i-1]
		} else {
			h := e.ix.Seq(p.Heading, nil)
			slices.Sort(h)
			e.heads[i] = slices.Compact(h)
		}
		e.passageByID[p.ID] = int32(i)
		e.docOf[i] = index[p.Doc]
		ids := e.ix.Seq(p.Heading, slices.Clone(e.docTerms[e.docOf[i]]))
		for _, h := range p.Outer {
			ids = e.ix.Seq(h, ids)
		}
		slices.Sort(ids)
		e.context[i] = slices.Compact(ids)
	}
}

// indexLists reads each item of a list with the sentence that announces
// it ("The following are not allowed anywhere on the market:"), as a
// table's row is read with its header: the item's context holds that
// sentence's words, and the item says "not" if it does. "- live animals,
// including pet fish;" is what may not be sold.
func (e *Engine) indexLists() {
	intro := -1 // the sentence announcing the list the passages are in
	announces := false
	for i, p := range e.kb.Passages {
		if !isListItem(p) || !e.follows(i-1, i) {
			intro = -1
		}
		if intro >= 0 {
			s := &e.sents[intro]
			ids := append(slices.Clone(e.context[i]), s.set...)
			slices.Sort(ids)
			e.context[i] = slices.Compact(ids)
			for j := e.sentsOf[i]; j < e.sentsOf[i+1]; j++ {
				e.sents[j].negated = e.sents[j].negated || announces && s.negated
			}
			continue
		}
		if last := e.sentsOf[i+1] - 1; last >= e.sentsOf[i] && !isListItem(p) {
			intro = int(last)
			announces = strings.HasSuffix(strings.TrimSpace(p.SentenceText(e.sents[last].span)), ":")
		}
	}
}

// topicShare and minTopicPassages say when a word is a document's topic:
// found in at least a quarter of its passages, and in three.
const (
	topicShare       = 0.25
	minTopicPassages = 3
)

// topicTerms returns, per document, the terms found in at least a quarter
// of its passages (and three of them): what the whole document is about.
func (e *Engine) topicTerms(index map[*knowledge.Document]int32) [][]int32 {
	counts := make([]map[int32]int, len(e.kb.Docs))
	passages := make([]int, len(e.kb.Docs))
	for p := range e.kb.Passages {
		d := index[e.kb.Passages[p].Doc]
		if counts[d] == nil {
			counts[d] = map[int32]int{}
		}
		passages[d]++
		seen := map[int32]bool{}
		for s := e.sentsOf[p]; s < e.sentsOf[p+1]; s++ {
			for _, id := range e.sents[s].set {
				if !seen[id] {
					seen[id] = true
					counts[d][id]++
				}
			}
		}
	}
	out := make([][]int32, len(e.kb.Docs))
	for d, c := range counts {
		for id, n := range c {
			if n >= minTopicPassages && float64(n) >= topicShare*float64(passages[d]) {
				out[d] = append(out[d], id)
			}
		}
		slices.Sort(out[d])
	}
	return out
}

// preferred reports which documents a question names: by a year of their
// date or title, or by two or more words of their title and publisher.
// titleOnlyOf reports a term of document d's title that no other
// document's title holds.
func (e *Engine) titleOnlyOf(d int, id int32) bool {
	for o, terms := range e.docTerms {
		if _, ok := slices.BinarySearch(terms, id); ok && o != d {
			return false
		}
	}
	return true
}

func (e *Engine) preferred(question string, q search.Query) []bool {
	if len(e.docTerms) < 2 {
		return nil
	}
	nums := english.Numbers(question)
	var out []bool
	for d, terms := range e.docTerms {
		n, own := 0, 0
		year := !e.kb.Docs[d].Date.IsZero() && slices.Contains(nums, int64(e.kb.Docs[d].Date.Year()))
		for _, t := range q.Terms {
			if _, ok := slices.BinarySearch(terms, t.ID); ok {
				n++
				year = year || isYearKey(t.Word)
				if t.Pos < contextPos && e.titleOnlyOf(d, t.ID) {
					own++
				}
			}
		}
		// One word of the title counts when no other document's title
		// has it: "how much did the trust give the orchard?" names the
		// orchard's newsletter, not the radio station's, which the trust
		// gave money too.
		if n >= 2 || year || own > 0 {
			if out == nil {
				out = make([]bool, len(e.docTerms))
			}
			out[d] = true
		}
	}
	return out
}

// otherYear reports whether the question names a year (a word of it, not
// a number offered as a guess: "is it more than two thousand?") that the
// best quote's passage (its heading too) never says, while the quote gives
// another: it is about another year's event. A year the quote does not
// give at all may still be the one asked ("The final is on 15 March").
func (e *Engine) otherYear(terms []search.Term, lead pick) bool {
	var asked []int64
	for _, t := range terms {
		if isYearKey(t.Word) && t.Pos < asidePos {
			y, _ := strconv.ParseInt(t.Word[1:], 10, 64)
			asked = append(asked, y)
		}
	}
	if len(asked) == 0 {
		return false
	}
	p := e.kb.Passages[lead.passage]
	given := years(p.SentenceText(lead.span))
	if len(given) == 0 {
		return false
	}
	for _, y := range years(p.Heading + "\n" + p.Text()) {
		if slices.Contains(asked, y) {
			return false
		}
	}
	return true
}

// years returns the years text gives, in digits or words ("twenty twenty
// four").
func years(text string) []int64 {
	var out []int64
	for _, n := range english.Numbers(text) {
		if n >= 1900 && n < 2100 {
			out = append(out, n)
		}
	}
	return out
}

func isYearKey(w string) bool { return len(w) == 5 && w[0] == '#' && isYear(w[1:]) }

// pick is one sentence (or a run of adjacent sentences) chosen for quoting.
type pick struct {
	passage int // index into kb.Passages
	rank    int // rank of its passage in the search results
	order   int // sentence index within the passage
	span    knowledge.Span
	s       *sentence
	has     uint64 // which question terms it holds
	own     uint64 // those it holds in its own words, not its heading's or title's
	rel     float32
	typed   bool // holds the kind of fact the question asks for
	counted bool // puts a number before what "how many" asks about
	facts   int  // how many words holding it
	near    bool // in or next to a passage the last answer quoted
	// negated: it says "not" or the like, or the opposite of the word a
	// question's "not" turns round (closed, for "not open")
	negated bool
}

// evidence is what the engine learned about a question, kept for tests and
// for deciding whether it is covered.
type evidence struct {
	query    search.Query
	total    float32 // weight of all content words, unknown ones included
	covered  float32 // weight of the content words the chosen sentences hold
	picks    []pick
	coverage float32
	// wants is the kind of fact the question asks for; typed is whether a
	// chosen sentence holds one.
	wants wants
	typed bool
	// named is whether every name in the question appears in the passages
	// quoted from.
	named bool
	// titleOnly marks a best quote that holds only words of its
	// document's title.
	titleOnly bool
	// lead is the best quote; picks holds it and the others in document
	// order.
	lead pick
	// nearTyped marks a follow-up whose best quote is in or next to the
	// passages the last answer quoted and holds the kind of fact asked for.
	nearTyped bool
	// parts, when jointSet, are the signals of the two parts of a question
	// of two parts (joinParts), whose confidence is both parts' together
	// (bothParts); jointScore is the less covered part's score.
	parts      [2]signalled
	jointSet   bool
	jointScore float32
	// capped marks a question of two parts read whole, whose confidence is
	// no more than its parts' together (bothParts).
	capped bool
	// best is the share of the question's weight the best sentence holds;
	// missing the weight of the weightiest question word no quote holds,
	// as a share of the weightiest word's.
	best, missing float32
	// typedBest is the share of the question's weight held by the surest
	// quote that gives the kind of fact asked for: "what time does the
	// plant sale start?" quoted with a heritage tour's "starting at 2pm"
	// beside "Our plant sale in May raised £415" has the time in a quote
	// that says little of the question.
	typedBest float32
	// verdict marks a yes/no question whose best quote says yes or no:
	// "Dogs are welcome", "We do not run junior sessions".
	verdict bool
	// kindless marks a "Which X…?" question whose best quote names no X.
	kindless bool
	// headMissing marks a question whose first word after the question
	// word (headWord) the best quote neither holds nor says otherwise.
	headMissing bool
	// unnegated marks a question that says "not" answered by a sentence
	// that does not.
	unnegated bool
	// otherYear marks a question that names a year answered by a quote
	// that gives another year where its passage never says the one asked:
	// "who won the singles final in 2024?" by "The 2025 singles final on
	// 15 March was won by Sunita Rao".
	otherYear bool
	// sig is what else the search saw, read by the calibration.
	sig signals
}

// signals are what examineQuery saw beside the coverage, read by the
// calibration: how the best sentence stood against the others, and what
// kind of question it was.
type signals struct {
	// rel0 is the best sentence's relevance as a share of the question's
	// weight, boosts included (the kind of fact asked for, words side by
	// side); rel1 that of the best rival in another passage: a clear
	// winner is likelier right than one of several near equals.
	rel0, rel1 float32
	// own0 is the share of the question's weight the best sentence holds
	// in its own words, not its heading's or title's.
	own0 float32
	// rank is the search rank of the best sentence's passage: when the
	// passages that say most of the question are not where the best
	// sentence is, the two readings disagree.
	rank int
	// counted is, for a "how many" that names what it counts, 1 when the
	// best sentence counts it ("34 staff") and -1 when it does not.
	counted int
	// followUp marks a question read with the question before; foreign one
	// in another language.
	followUp, foreign bool
	// said is the share of the question's weight the best quote holds
	// only as other words (a synonym, a derived form: "subsidy" said
	// "grant"): coverage counts it in part, and the calibration learns how
	// far to trust it. asides is the share of the question's words that
	// coverage sets aside or discounts (Pos at contextPos or beyond): a
	// long message's story, a follow-up's borrowed context, and the words
	// that only say what kind of answer is wanted ("email address", "phone",
	// "allowed"): a message matched on its few asking words is weaker
	// evidence, and the calibration learns how much.
	said, asides float32
	// dense is the share of the best sentence's own indexed words that
	// the question asks with (its words or their alternatives): a short
	// sentence mostly made of the question's words answers it more
	// surely than a long one that mentions them among other things.
	// denseFacts is dense among the sentence's names, numbers and dates
	// alone: a question in another language is answered from these
	// (and from English-looking words it happens to share), so they are
	// what its density is read on (examineForeign).
	dense, denseFacts float32
	// askBest is the share of the weight of the words that ask (not a
	// long message's story, not a follow-up's borrowed words) the best
	// quote holds or says otherwise.
	askBest float32
}

// density returns the share of a sentence's distinct terms (set) that are
// the question's terms or their alternatives.
func density(set []int32, terms []search.Term) float32 {
	if len(set) == 0 {
		return 0
	}
	n := 0
	for _, id := range set {
		if slices.ContainsFunc(terms, func(t search.Term) bool { return t.ID == id || slices.Contains(t.Alts, id) }) {
			n++
		}
	}
	return float32(n) / float32(len(set))
}

// confidence is the one relevance score of the answer examine found: how
// likely its quotes answer the question, as the calibration reads the
// evidence (see calibrate.go); 0 when there is nothing to quote or the
// quotes lack a name the question uses. A question is answered when it
// reaches the engine's threshold.
func (ev evidence) confidence(c *calibration) float32 {
	if !ev.jointSet && !ev.capped {
		return ev.signalled().confidence(c)
	}
	parts := bothParts(ev.parts[0].confidence(c), ev.parts[1].confidence(c))
	if ev.capped {
		return min(ev.signalled().confidence(c), parts)
	}
	return parts
}

// surePart returns, for a question of two parts sure enough as a whole
// (bothParts) of which one part alone is not, the index of the part that
// is, so the reply can say that it is not sure of the other. Its quotes
// stay: dropping them lost more right answers than it spared wrong ones,
// and each is verbatim and cited. It returns -1 for any other question.
func (ev evidence) surePart(c *calibration, threshold float32) int {
	if !ev.jointSet && !ev.capped {
		return -1
	}
	a, b := ev.parts[0].confidence(c), ev.parts[1].confidence(c)
	switch {
	case a >= threshold && b < threshold:
		return 0
	case b >= threshold && a < threshold:
		return 1
	}
	return -1
}

// bothParts is how sure the answer to a question of two parts is, given
// how sure each part's quotes are: their geometric mean. The less sure
// part alone (the minimum) declined questions whose quotes answer both
// parts for the vaguer half's doubt; the surer part alone answers a
// question half of which the knowledge lacks as if it had all of it.
// Held at one calibration, the plain mean answered more on the probe and
// blind sets but quoted more wrongly; the geometric mean answered more
// without that.
func bothParts(a, b float32) float32 {
	return float32(math.Sqrt(float64(a) * float64(b)))
}

// signalled is what the calibration reads of evidence: its features, if
// it calibrates. A plain "Where…", "When…" or "How many…" whose quotes
// lack the kind of fact asked for is declined outright, whatever else they
// hold: "what time does school finish on the last day of term?" is not
// answered by the day.
func (ev evidence) signalled() signalled {
	if !ev.calibrates() || ev.wants.strict && !ev.typed || ev.otherYear {
		return signalled{}
	}
	return signalled{x: ev.features(), ok: true}
}

// calibrates reports whether the evidence has quotes that hold every name
// the question uses, whose confidence the calibration gives.
func (ev evidence) calibrates() bool {
	return len(ev.picks) > 0 && ev.total > 0 && ev.named && !ev.titleOnly && len(ev.query.Strange) == 0
}

// score is the hand-made relevance score the calibration starts from: the
// share of the question's weight its quotes hold, less when they lack the
// kind of fact asked for or a weighty word of the question. It chooses
// between readings of a question (examineIn), where only the order counts.
func (ev evidence) score() float32 {
	if ev.jointSet {
		return ev.jointScore
	}
	if !ev.calibrates() {
		return 0
	}
	c := ev.coverage
	if ev.kindless {
		c *= untypedStrict // as a "When…?" answered without a date
	}
	if ev.unnegated {
		c *= unnegatedScale // "which stops won't get platforms?" by those that will
	}
	if !ev.typed {
		if ev.wants.strict {
			c *= untypedStrict
		} else {
			c *= untypedLoose
		}
	}
	// In a short question every word counts; in a long message one word
	// the knowledge lacks, or no quote holds, says less.
	scale := float32(1)
	if n := len(ev.query.Terms) + len(ev.query.Unknown); n > shortQuestion {
		scale = float32(shortQuestion) / float32(n)
	}
	if len(ev.query.Unknown) > 0 {
		c -= unknownPenalty * scale
	}
	// The weightiest question word that no quote holds is often what the
	// question is about ("How many parking spaces…"). Not so for a
	// follow-up answered next to the last answer with the kind of fact it
	// asks for: "and where are they based?" is answered by "from
	// Rotterdam", which does not say "based".
	if ev.nearTyped {
		return c
	}
	return c - missingPenalty*ev.missing*scale
}

func (e *Engine) examine(question string) evidence {
	ev, _ := e.examineIn("", nil, question)
	return ev
}

// examineIn examines a question asked after prev (the conversation's last
// resolved question, or ""), and returns the question as resolved, to be
// remembered for the next turn.
func (e *Engine) examineIn(prev string, near []int32, question string) (evidence, string) {
	ev, resolved := e.examineWhole(prev, near, question)
	// A question of two parts ("How many judges are there, and how long is
	// their term?") is answered part by part, each with its own quote, the
	// second read as a follow-up to the first; it is covered as well as
	// its less covered part.
	if first, second, ok := splitParts(question); ok {
		a, firstResolved := e.examineWhole(prev, near, first)
		var at []int32
		for _, p := range a.picks {
			at = append(at, int32(p.passage))
		}
		b, _ := e.examineWhole(firstResolved, at, second)
		// The second part mostly goes on about what the first asked
		// about, whether or not it says "it" ("…leave the wharf, and how
		// long does a trip take?"): read it as "and…", a follow-up, too,
		// and keep the better reading, the follow-up on a tie. Not when
		// it names something the knowledge lacks ("…and what does the
		// sauna cost?"): the first part's words would cover for it.
		// That reading is the engine's, not the asker's: the part is a
		// follow-up for the calibration only if, as asked, it points back
		// at the first part ("…and when does it go off again?"), not when
		// it asks after something of its own ("…and who is the
		// chairman?").
		if b2, _ := e.examineWhole(firstResolved, at, "and "+second); b2.score() >= b.score() && len(b.query.Unknown) == 0 {
			b = b2
		}
		b.sig.followUp = b.sig.followUp && holdsPronoun(second)
		// The second part's quotes may answer the first better than what
		// the first found alone ("…how many judges, and how long is their
		// term?": "The court's 18 judges are elected… for a nine-year
		// term").
		if len(b.picks) > 0 {
			var bt []int32
			for _, p := range b.picks {
				bt = append(bt, int32(p.passage))
			}
			q := e.ix.Parse(first)
			focus(first, &q)
			a2 := e.examineQuery(first, first, q, bt)
			a2.nearTyped = false // not a follow-up: a missing word counts
			if a2.score() > a.score() {
				a = a2
			}
		}
		both := joinParts(a, b)
		if both.score() > ev.score() {
			return both, resolved
		}
		// Read whole, it is still two questions, covered no better than
		// its less covered part: "when does the pool open and what does
		// the sauna cost?" is not answered by the pool's hours and prices,
		// nor at all when a part finds nothing to quote.
		ev.parts, ev.capped = [2]signalled{a.signalled(), b.signalled()}, true
	}
	return ev, resolved
}

// splitParts splits a question of two parts joined by "and" before a
// second question word ("…, and when…", "… and how long…"): two
// questions asked at once. Each part must have at least three words.
func splitParts(question string) (first, second string, ok bool) {
	lower := strings.ToLower(question)
	for from := 0; ; {
		i := strings.Index(lower[from:], " and ")
		if i < 0 {
			return "", "", false
		}
		at := from + i
		from = at + len(" and ")
		rest := strings.TrimSpace(question[from:])
		next, _, _ := strings.Cut(strings.ToLower(rest), " ")
		next = strings.NewReplacer("'", "", "\u2019", "").Replace(next) // "who's", "what’s"
		if !partOpeners[strings.Trim(next, "?,.!")] {
			continue
		}
		first = strings.TrimRight(strings.TrimSpace(question[:at]), ",;")
		if len(strings.Fields(first)) < 3 || len(strings.Fields(rest)) < 3 {
			continue
		}
		return first, rest, true
	}
}

// partOpeners are the words that open the second question of two.
var partOpeners = map[string]bool{
	"what": true, "when": true, "where": true, "who": true, "which": true, "why": true,
	"how": true, "whose": true, "whom": true, "in": true,
	"whats": true, "whos": true, "wheres": true, "whens": true, "hows": true,
	"is": true, "are": true, "was": true, "were": true, "does": true, "do": true, "did": true,
	"can": true, "could": true, "will": true, "has": true, "have": true,
}

// joinParts is the evidence for a question of two parts, examined as a
// and b: the quotes of both, covered as well as the less covered part.
func joinParts(a, b evidence) evidence {
	if len(a.picks) == 0 || len(b.picks) == 0 {
		return evidence{}
	}
	out := a
	out.jointSet = true
	out.parts = [2]signalled{a.signalled(), b.signalled()}
	out.jointScore = min(a.score(), b.score())
	out.picks = slices.Clone(a.picks)
	for _, p := range b.picks {
		if !slices.ContainsFunc(out.picks, func(q pick) bool {
			return q.passage == p.passage && q.span.Start < p.span.End && p.span.Start < q.span.End
		}) {
			out.picks = append(out.picks, p)
		}
	}
	sort.SliceStable(out.picks, func(i, j int) bool {
		if out.picks[i].passage != out.picks[j].passage {
			return out.picks[i].passage < out.picks[j].passage
		}
		return out.picks[i].span.Start < out.picks[j].span.Start
	})
	out.picks = mergeAdjacent(out.picks)
	return out
}

// examineWhole examines a question as one question.
func (e *Engine) examineWhole(prev string, near []int32, question string) (evidence, string) {
	prev, answerName, _ := strings.Cut(prev, answerMark)
	q, resolved := e.resolve(prev, question, e.ix.Parse(question))
	if resolved == question {
		near = nil // not a follow-up
	} else if answerName != "" {
		e.borrowAnswerName(question, answerName, &q)
	}
	// A follow-up's own names say whom it is about; without any, it is
	// about those of the question before.
	namesIn := question
	if resolved != question && len(names(question)) == 0 {
		namesIn = resolved
	}
	focus(question, &q)
	guessed(question, &q)
	e.permission(question, &q)
	ev := e.examineQuery(question, namesIn, q, near)
	ev.sig.followUp = resolved != question
	return ev, resolved
}

// permission lets a yes/no question's word of permission be answered by
// the knowledge's own: "are metal studs allowed?" by "metal studs are
// banned", "is it ok to bring a dog?" by "dogs are not permitted". Of the
// others the knowledge has, the two commonest stand for it (see holds). A
// question that only says "can" ("can kids swim off the pontoon?") is
// left as it is.
func (e *Engine) permission(question string, q *search.Query) {
	words := strings.Fields(search.Fold(question))
	if len(words) == 0 || !yesNoOpeners[mend(words[0])] {
		return
	}
	others := func(id int32) []int32 {
		var alts []int32
		for _, w := range permissionStems {
			if a := e.ix.ID(w); a >= 0 && a != id && !slices.Contains(alts, a) {
				alts = append(alts, a)
			}
		}
		slices.SortStableFunc(alts, func(a, b int32) int { return e.ix.DF(b) - e.ix.DF(a) })
		return alts
	}
	for i, t := range q.Terms {
		if permissionWords[t.Word] {
			alts := others(t.ID)
			q.Terms[i].Alts = append(slices.Clone(t.Alts), alts[:min(2, len(alts))]...)
		}
	}
	// One the knowledge never says stands for those it does.
	for _, w := range q.Unknown {
		if !permissionWords[w] {
			continue
		}
		if alts := others(-1); len(alts) > 0 {
			q.Unknown = slices.DeleteFunc(slices.Clone(q.Unknown), func(u string) bool { return u == w })
			pos := 0
			for _, t := range q.Terms {
				if t.Pos < contextPos {
					pos = max(pos, t.Pos+2) // beside none of the question's own words
				}
			}
			q.Terms = append(q.Terms, search.Term{ID: alts[0], Word: w, Corrected: true, Weight: 1, Pos: pos, Alts: alts[1:min(3, len(alts))]})
			return
		}
	}
}

// yesNoOpeners open a question answered yes or no.
var yesNoOpeners = map[string]bool{
	"can": true, "could": true, "is": true, "are": true, "am": true, "do": true, "does": true,
	"will": true, "would": true, "may": true, "might": true, "should": true, "must": true,
	"isnt": true, "arent": true, "r": true,
}

// permissionWords ask whether something may be done; permissionStems are
// the words the knowledge may answer them with.
var permissionWords = map[string]bool{
	"allowed": true, "allow": true, "allows": true, "permitted": true, "permit": true,
	"banned": true, "ban": true, "prohibited": true, "forbidden": true, "ok": true, "okay": true,
}

var permissionStems = []string{"allowed", "permitted", "banned", "prohibited", "forbidden"}

// examineForeign examines a question in another language by the words it
// shares with the knowledge as they are written (names, numbers, words such
// as "bot" or "legal"): no stemming or spelling guesses, which would read
// foreign words as English ones.
func (e *Engine) examineForeign(question string) evidence {
	q := e.ix.Parse(question)
	named := map[string]int{} // a name's word → its name, counted from 1
	for i, run := range names(question) {
		for _, w := range run {
			f := search.Fold(w)
			named[f] = i + 1
			// "Twelfth Night": a number word in a name is the name's.
			if v, _, ok := english.Number([]string{f}); ok {
				named["#"+strconv.FormatInt(v, 10)] = i + 1
			} else if o, ok := english.Ordinal(f); ok {
				named["#"+strconv.Itoa(o)] = i + 1
			}
		}
	}
	shared := q.Terms[:0]
	for _, t := range q.Terms {
		// Only what reads the same in English: numbers, names, and English
		// words long enough not to be another language's little words
		// ("de", "la").
		if !t.Corrected && (strings.HasPrefix(t.Word, "#") || named[t.Word] > 0 || (len(t.Word) > 3 && english.IsWord(t.Word))) {
			shared = append(shared, t)
		}
	}
	q.Terms, q.Unknown, q.Strange = shared, nil, nil
	if n, numbered := e.foreignEvidence(q.Terms, named); n < minForeignTerms || !numbered {
		return evidence{query: q}
	}
	// The names were checked above; another language capitalises more
	// than names (German nouns), so they are not checked again.
	ev := e.examineQuery(question, "", q, nil)
	ev.sig.foreign = true
	// The question can share only names and numbers with a sentence: how
	// much of what it could share it does.
	ev.sig.dense = ev.sig.denseFacts
	return ev
}

// foreignEvidence counts the things a question in another language shares
// with the knowledge that say what it asks about. Not the words of a
// document's title, which only say which document ("Wie viele Laptops hat
// das Repair Café 2024 repariert?" shares "Repair Café" and 2024 with the
// repair café's newsletter, and asks what none of it says). A name of two
// words is one thing: "Wie alt ist Großmeisterin Elena Kostova?" shares
// only whom it asks about, and any sentence naming her would do.
//
// numbered reports a number among them (a count, a sum, a day or a year):
// without one, what the question asks of its names is in words the bot
// cannot read, and a long word that reads as English may mean something
// else ("¿Cuánto costó el telescopio solar que donó Margaret Ibbotson?"
// shares her name and "telescopio"'s neighbours with a sentence on what
// she gave, not on what it cost).
func (e *Engine) foreignEvidence(terms []search.Term, named map[string]int) (n int, numbered bool) {
	seen := map[int]bool{}
	for _, t := range terms {
		if _, titled := slices.BinarySearch(e.titleWords, t.ID); titled {
			continue
		}
		numbered = numbered || strings.HasPrefix(t.Word, "#")
		if name := named[t.Word]; name > 0 {
			if seen[name] {
				continue
			}
			seen[name] = true
		}
		n++
	}
	return n, numbered
}

// askedAs is the word a question term was asked as: the word typed, or,
// for a slip on a word that says what kind of answer is asked, that word
// ("numbr" is "number"), as questionWants read it.
func askedAs(t search.Term) string {
	if t.Corrected {
		return mend(t.Word)
	}
	return t.Word
}

// minForeignTerms is how many words a question in another language must
// share with the knowledge to be answered from them; one must be a number
// (foreignEvidence).
const minForeignTerms = 2

// examineQuery finds the best answer to a parsed question and weighs it.
// namesIn is the text whose names the quotes must mention.
// near are the passages the conversation's last answer quoted, for a
// follow-up: sentences in them and next to them are candidates whatever
// their rank, and favoured.
func (e *Engine) examineQuery(question, namesIn string, q search.Query, near []int32) evidence {
	ev := evidence{wants: questionWants(question)}
	// kindIDs are the words that only say what kind of answer is asked
	// ("email", "phone"): a quote that gives that kind of fact
	// ("westbrook@ellesby.gov.uk") says them, though not in words. Not
	// "cost": any sum says it, and "how much is a guidebook?" is not
	// answered by another thing's price.
	var kindIDs []int32
	if ev.wants.facts&(factTime|factSpan|factDate) != 0 {
		// "In which month?", "what year": the word names the kind of
		// answer, which the sentence gives as "In March", not the word.
		part := askedDayPart(question)
		q.Terms = slices.DeleteFunc(slices.Clone(q.Terms), func(t search.Term) bool { return timeNouns[askedAs(t)] || part != "" && askedAs(t) == part })
		q.Unknown = slices.DeleteFunc(slices.Clone(q.Unknown), func(w string) bool { return timeNouns[w] })
	}
	if ev.wants.facts&factPhone != 0 {
		// "what's the phone number": the number is asked, which the
		// knowledge gives without the word ("Our customer line, 0300 555
		// 0199"), nor "phone" right before it. "phone" counts for a quote
		// that says it ("The shop phone is 01632 960418"), not against one
		// that does not, as "email" does below.
		q.Terms = slices.DeleteFunc(slices.Clone(q.Terms), func(t search.Term) bool {
			return phoneNumberWords[t.Word] || t.Corrected && (t.ID == e.ix.ID("number") || t.ID == e.ix.ID("numbers")) // "numbr"
		})
		if strings.Contains(search.Fold(question), "phone number") {
			for i, t := range q.Terms {
				if askedAs(t) == "phone" && t.Pos < asidePos {
					q.Terms[i].Weight *= asideWeight
					q.Terms[i].Pos += asidePos
					kindIDs = append(kindIDs, t.ID)
				}
			}
		}
		q.Unknown = slices.DeleteFunc(slices.Clone(q.Unknown), func(w string) bool { return phoneNumberWords[w] || phoneWords[w] })
	}
	if ev.wants.facts&factMoney != 0 {
		// "what does the sauna cost?": the word says what kind of answer
		// is asked, a sum, which a quote gives as "£4"; it counts for a
		// quote that says it, not alone for one about something else
		// ("A pool swim costs £4").
		for i, t := range q.Terms {
			if priceWords[askedAs(t)] && t.Pos < asidePos {
				q.Terms[i].Weight *= asideWeight
				q.Terms[i].Pos += asidePos
			}
		}
		q.Terms = slices.DeleteFunc(slices.Clone(q.Terms), func(t search.Term) bool { return earnVerbs[t.Word] })
	}
	if ev.wants.facts&factClock != 0 {
		// "what time does it finish?" of a knowledge that never says
		// "finish": "10am to 12pm" answers it.
		q.Unknown = slices.DeleteFunc(slices.Clone(q.Unknown), func(w string) bool { return clockVerbs[w] })
	}
	if ev.wants.facts&factPlace != 0 {
		// "where is the office located?": a place answers it, said with
		// or without the word.
		q.Unknown = slices.DeleteFunc(slices.Clone(q.Unknown), func(w string) bool { return locatedWords[w] })
	}
	if ev.wants.facts == factPhone|factEmail {
		// "how do i get hold of him": the answer says how, not "hold".
		q.Terms = slices.DeleteFunc(slices.Clone(q.Terms), func(t search.Term) bool { return contactIdioms[t.Word] })
		q.Unknown = slices.DeleteFunc(slices.Clone(q.Unknown), func(w string) bool { return contactIdioms[w] })
	}
	if ev.wants.facts == factEmail {
		// "what's his email": the address is asked, which the knowledge
		// gives with the word ("email secretary@…") or without it
		// ("contact Tom Hadley at westbrook@ellesby.gov.uk"): the word
		// counts for a quote that has it, not against one that does not,
		// and a knowledge that never says it is not the less about it.
		q.Unknown = slices.DeleteFunc(slices.Clone(q.Unknown), func(w string) bool { return emailWords[w] })
		for i, t := range q.Terms {
			if (askedAs(t) == "email" || askedAs(t) == "address") && t.Pos < asidePos {
				q.Terms[i].Weight *= asideWeight
				q.Terms[i].Pos += asidePos
				kindIDs = append(kindIDs, t.ID)
			}
		}
	}
	if k := ev.wants.kindWord; k != "" && !saidTwice(question, k) {
		// "staff count": the staff's number is asked, not the word "count".
		// Said again, the word is part of what is asked about too: "how
		// deep is the pool at the deep end?".
		q.Terms = slices.DeleteFunc(slices.Clone(q.Terms), func(t search.Term) bool { return askedAs(t) == k })
		q.Unknown = slices.DeleteFunc(slices.Clone(q.Unknown), func(w string) bool { return w == k })
	}
	allTerms := q.Terms
	if len(q.Terms) > maxTerms {
		q.Terms = q.Terms[:maxTerms] // a paste, not a question; bits below
	}
	var kindBits uint64 // kindIDs' bits among q.Terms
	for i, t := range q.Terms {
		if slices.Contains(kindIDs, t.ID) {
			kindBits |= 1 << i
		}
	}
	// The word a "not" turns round is said, in a sentence, by its opposite
	// too: "which days is the wall not open?" by "closed on Mondays". The
	// search looks for it as for the word.
	asked := mainClause(question)
	askedNegated := negated(asked)
	var opposites [][]int32 // per question term: ids of its antonyms
	var oppositeWords []string
	if askedNegated {
		opposites, oppositeWords = e.opposites(asked, q.Terms)
		// "who isn't allowed in the plunge tubs?" is answered by "Children
		// under twelve may not use the plunge tubs": a rule says what may
		// not be done as often without the word as with it ("may not",
		// "must be over 18", "only members"). The word counts for a quote
		// that says it, not against one that does not. (Its opposites,
		// read above, still count for it: "what isn't permitted?" is
		// answered by "We forbid glass bottles".)
		for i, t := range q.Terms {
			if permissionWords[t.Word] && t.Pos < asidePos {
				q.Terms[i].Weight *= asideWeight
				q.Terms[i].Pos += asidePos
			}
		}
		q.Unknown = slices.DeleteFunc(slices.Clone(q.Unknown), func(w string) bool { return permissionWords[w] })
	}
	ev.query = q
	ev.query.Terms = allTerms // every word, though only maxTerms are weighed
	weight := make([]float32, len(q.Terms), len(q.Terms)+len(q.Unknown))
	kinds := make([]int32, len(q.Terms), cap(weight))
	for i, t := range q.Terms {
		weight[i] = e.ix.IDF(t.ID) * t.Weight
		ev.total += weight[i]
		kinds[i] = e.kindOfWord(t.Word)
	}
	var unmatched float32 // the weightiest unknown word no kind can match
	var plain []weighed   // those words, for saidOtherwise
	for _, w := range q.Unknown {
		// A common English word the knowledge lacks may be a paraphrase
		// ("folks", "recently"); a word that is no English at all is not.
		u := e.ix.UnknownIDF()
		if english.IsWord(w) {
			u *= unknownEnglishWeight
		}
		ev.total += u
		// One that names a kind of thing ("colour") may be answered by a
		// word of that kind ("green"); it gets a bit of its own.
		if k := e.kindOfWord(w); k >= 0 && len(weight) < maxTerms {
			weight = append(weight, u)
			kinds = append(kinds, k)
			continue
		}
		unmatched = max(unmatched, u)
		plain = append(plain, weighed{w, u})
	}
	sq := q
	if opposites != nil {
		sq.Terms = slices.Clone(q.Terms)
		for i := range sq.Terms {
			sq.Terms[i].Alts = append(slices.Clone(sq.Terms[i].Alts), opposites[i]...)
		}
	}
	hits := e.ix.Search(sq, maxPassages)
	if len(hits) == 0 {
		return ev
	}
	sum := func(bits uint64) float32 {
		var w float32
		for i := range weight {
			if bits&(1<<i) != 0 {
				w += weight[i]
			}
		}
		return w
	}

	prefer := e.preferred(question, q)
	var qids []int32 // what the question states, which its answer must add to
	for _, t := range q.Terms {
		if t.Pos >= asidePos+guessPos && strings.HasPrefix(t.Word, "#") {
			continue // a number offered to be confirmed ("is it 3?") may be the answer
		}
		qids = append(qids, t.ID)
		qids = append(qids, t.Alts...)
	}
	var borrowed uint64 // the follow-up's words from the question before
	for i, t := range q.Terms {
		if t.Pos >= contextPos && t.Pos < asidePos {
			borrowed |= 1 << i
		}
	}
	phrases := phraseParts(q.Terms)
	// A date asked about now or next; not a time of day, a length, a span
	// or how often ("what time does it open?", "how long does it take?"),
	// which a
	// sentence may give beside a year it began ("Since May 2021, the café
	// opens at 8am").
	askedNow := ev.wants.facts&(factTime|factDay) != 0 && ev.wants.facts&(factClock|factSpan|factLength|factNumber) == 0 && asksNow(question)
	// What "how many" counts ("how many leaks…"), when the question names
	// it: a number before another of its words counts something else.
	askedCount := ^uint64(0)
	if c := ev.wants.counted; c != "" {
		for i, t := range q.Terms {
			if t.Word == c {
				askedCount = 1 << i
				break
			}
		}
		// "how many red pandas…": the word counted may be the last of a
		// phrase the question is read by ("red pandas", which WordNet
		// names and the index reads as "pandas"), with no term of its
		// own; the phrase's term is the one a sentence's number counts.
		if askedCount == ^uint64(0) {
			for i, t := range q.Terms {
				if strings.HasSuffix(t.Word, " "+c) {
					askedCount = 1 << i
					break
				}
			}
		}
	}
	var cands []pick
	searched := len(hits)
	hits = e.withNear(hits, near)
	hits, under := e.withUnder(hits, q.Terms, ev.wants, qids)
	for rank, h := range hits {
		same := slices.Contains(near, h.Doc)
		isNear := same || slices.Contains(near, h.Doc-1) || slices.Contains(near, h.Doc+1)
		if h.Score < passageFloor*hits[0].Score && !isNear && !slices.Contains(under, h.Doc) {
			continue
		}
		first := e.sentsOf[h.Doc]
		var titled uint64 // the question's words of this passage's document's title
		if len(e.docTerms) > 1 {
			titled = holds(q.Terms, e.docTerms[e.docOf[h.Doc]])
		}
		for i := range e.sentsOf[h.Doc+1] - first {
			s := &e.sents[first+i]
			own := widen(holds(q.Terms, s.set), phrases)
			own |= e.kindBits(kinds, own, e.kb.Passages[h.Doc].SentenceText(s.span), qids)
			opposed := holdsAny(opposites, s.set) &^ own
			if opposed != 0 && !saysAny(e.kb.Passages[h.Doc].SentenceText(s.span), oppositeWords) {
				opposed = 0 // "close to the station" shares a stem with "closed"
			}
			own |= opposed
			has := own | holds(q.Terms, e.context[h.Doc])
			if s.refers >= 0 {
				has |= holds(q.Terms, e.sents[first+s.refers].set)
			}
			if same {
				// The last answer quoted this passage for the question the
				// follow-up borrows its words from: it holds them.
				has |= borrowed
			}
			// What the heading or title supplies counts fully for coverage
			// but less for choosing among the sentences under it, which
			// all share it.
			rel := sum(own) + contextRank*sum(has&^own)
			// Of several documents, the words of this one's title choose
			// it, not a sentence in it: "Welcome to the newsletter of the
			// Ashcombe Repair Café" says no more about when the repair
			// café meets than "We meet on the second Saturday", which the
			// title's words are read with.
			rel -= (1 - contextRank) * sum(own&titled)
			if rel == 0 {
				continue
			}
			// A heading that asks most of the question ("How can I suggest
			// a new document?") is answered by what opens its section.
			if i == 0 && e.opensSection(int(h.Doc)) && sum(holds(q.Terms, e.headTerms(int(h.Doc)))) >= headingShare*ev.total {
				rel = sum(has) // the heading's words are its own
			}
			rel += phraseBonus * adjacent(q.Terms, weight, s.seq)
			nfacts := e.answersNow(ev.wants, s, int(h.Doc), qids, askedNow)
			typed := nfacts > 0
			if typed {
				has |= kindBits
			}
			if typed && ev.wants.facts != 0 {
				rel *= typedBoost
			}
			counted := ev.wants.facts&factNumber != 0 && counts(s, q.Terms, own&askedCount, ev.wants.counted == "")
			if counted {
				rel *= countedBoost
			}
			if prefer != nil && prefer[e.docOf[h.Doc]] {
				rel *= namedDocBoost
			}
			if askedNegated && (s.negated || opposed != 0) {
				rel *= negationBoost
			}
			// Not for a time of day: a timetable's row is where it is
			// given ("| Early Swim | 6:30am – 8:00am |"), and prose near
			// it gives other hours ("book by 9:00pm the evening before").
			if s.row && ev.wants.facts&factClock == 0 {
				rel *= rowRank
			}
			// Near the last answer is where a follow-up is answered, if
			// there is the kind of fact it asks for: "how much does it
			// cost to enter?" after "whats the kelderdale classic?" is
			// answered by "Entry to the Kelderdale Classic costs £14…",
			// not beside "you must enter online by 7 September".
			switch {
			case ev.wants.strict && !typed:
			case same:
				rel *= nearBoost
			case isNear:
				rel *= nextBoost
			}
			cands = append(cands, pick{passage: int(h.Doc), rank: rank, order: int(i), span: s.span, s: s, has: has, own: own, rel: rel, typed: typed, counted: counted, facts: nfacts, near: isNear, negated: s.negated || opposed != 0})
		}
	}
	if prefer != nil {
		// A question that names a document is answered from it when the
		// document has a sentence nearly as good as the best of any;
		// otherwise the title words it shares were only its topic ("ICC",
		// "States"), and nothing is restricted.
		var all, named float32
		for _, c := range cands {
			all = max(all, c.rel)
			if e.mayQuote(prefer, c) {
				named = max(named, c.rel)
			}
		}
		if named >= namedShare*all {
			cands = slices.DeleteFunc(cands, func(c pick) bool { return !e.mayQuote(prefer, c) })
		} else {
			prefer = nil
		}
	}
	if len(cands) == 0 {
		return ev
	}
	sort.SliceStable(cands, func(i, j int) bool {
		if cands[i].rel != cands[j].rel {
			return cands[i].rel > cands[j].rel
		}
		if fi, fj := min(cands[i].facts, 4), min(cands[j].facts, 4); fi != fj {
			return fi > fj
		}
		di, dj := e.kb.Passages[cands[i].passage].Doc, e.kb.Passages[cands[j].passage].Doc
		if !di.Date.Equal(dj.Date) {
			return di.Date.After(dj.Date) // equally good: the newer document
		}
		return cands[i].rank < cands[j].rank
	})
	// "How many leaks…?" is answered by a sentence that counts leaks
	// ("repaired 1,486 leaks") rather than one that says more of the
	// question but counts nothing of it ("fixed more leaks than in any
	// year… for fifty years"), if it comes near it.
	if askedCount != ^uint64(0) && !cands[0].counted {
		for i, c := range cands[1:] {
			if c.counted && c.rel >= countedShare*cands[0].rel && e.mayQuote(prefer, c) {
				cands[0], cands[i+1] = cands[i+1], cands[0]
				break
			}
		}
	}
	// A strict question ("Where…", "When…", "How many…") whose best
	// sentence lacks the kind of fact asked for is answered by one that
	// has it and holds as much of the question, if there is one: "Where
	// does the club meet?" by "we meet at the Community Centre", not by
	// "Annual general meeting: Tuesday, before club night".
	if ev.wants.strict && !cands[0].typed {
		// Asides (a long message's story, the word "email") say nothing
		// of what is asked.
		var aside uint64
		for i, t := range q.Terms {
			if t.Pos >= asidePos {
				aside |= 1 << i
			}
		}
		top := sum(cands[0].has &^ aside)
		// Failing that, by the surest typed one that holds most of it
		// ("Membership costs £18 a year" for "how much is membership
		// for the photo walks?", where "Membership includes entry to the
		// monthly photo challenge" holds more and says no sum): the best
		// sentence is declined outright, and the calibration weighs the
		// other's lesser coverage.
		swap := -1
		for i, c := range cands[1:] {
			if !c.typed || c.own == 0 || !e.mayQuote(prefer, c) {
				continue
			}
			if h := sum(c.has &^ aside); h >= top {
				swap = i + 1
				break
			} else if swap < 0 && h >= typedShare*top {
				swap = i + 1
			}
		}
		if swap > 0 {
			cands[0], cands[swap] = cands[swap], cands[0]
		}
	}

	// The best sentence, then any that adds enough of the question's
	// weight that the chosen ones lack, most first.
	runs := e.nameChecks(namesIn)
	pw := e.newPassageWords()
	chosen := []pick{cands[0]}
	covered := cands[0].has
	for len(chosen) < maxQuotes {
		best, bestGain := -1, float32(0)
		for i, c := range cands[1:] {
			if isChosen(chosen, c) || c.rel < 0.5*chosen[0].rel || tooSimilar(chosen, c) || !namesAnyIn(runs, c.passage, pw) || !e.mayQuote(prefer, c) ||
				e.docOf[c.passage] != e.docOf[chosen[0].passage] && c.rank >= otherDocPassages && c.rank < searched {
				continue
			}
			if gain := sum(c.has &^ covered); gain >= extraGain*ev.total && gain > bestGain {
				best, bestGain = i+1, gain
			}
		}
		if best < 0 {
			best = e.otherDocument(chosen, cands, prefer, searched)
		}
		if best < 0 {
			break
		}
		chosen = append(chosen, cands[best])
		covered |= cands[best].has
	}
	// The best sentence may say what the question asks about but not the
	// kind of fact asked for, which the next one gives, referring back to
	// it: "The Council may refer a situation… It has done so twice:
	// Darfur, in March 2005…" for "…and in what years?".
	if first := chosen[0]; ev.wants.facts != 0 && !first.typed {
		for _, c := range cands {
			if c.passage == first.passage && c.order == first.order+1 && int(c.s.refers) == first.order && c.typed && !isChosen(chosen, c) {
				chosen = append(chosen, c)
				break
			}
		}
	}
	// Only after a best quote that holds every word of the question: one
	// that lacks some may be about something else, and so are the
	// sentences that go on from it.
	if sum(chosen[0].has) >= ev.total {
		chosen = e.withFactAfter(chosen, ev.wants, qids, askedNow)
	}
	// A "why" whose best sentence states what happened but no reason is
	// answered by what follows it: "The stop will close in March. During
	// an inspection, engineers found cracks in the viaduct…"
	// So is one whose next sentence speaks of it ("Rule 7 was amended so
	// that… This follows an incident in December, when the gate was left
	// open"): the reason often comes after what it explains.
	if first := chosen[0]; ev.wants.facts&factReason != 0 && first.order+1 < e.sentenceCount(first.passage) &&
		(!first.typed || int(e.sents[e.sentsOf[first.passage]+int32(first.order)+1].refers) == first.order) {
		chosen = e.withSentence(chosen, first, first.passage, first.order+1)
	}
	// Likewise the count asked for: "Households on the Lifeline programme
	// receive a 40 percent discount. At the end of 2025, 1,215 households
	// were enrolled."
	if first := chosen[0]; askedCount != ^uint64(0) && !first.counted {
		for _, c := range cands {
			if c.passage == first.passage && c.order == first.order+1 && c.counted && !isChosen(chosen, c) {
				chosen = append(chosen, c)
				covered |= c.has
				break
			}
		}
	}
	ev.covered = sum(covered)
	// The fact asked for counts where the question's names are: "How old
	// is Bram?" is not answered by someone else's age quoted beside him.
	// And only in the best quote's document: "who's the chair of the co-op
	// committee?" is not answered by another club's chair beside it.
	var typedHas float32
	for _, c := range chosen {
		if c.typed && (len(runs) == 0 || namesAnyIn(runs, c.passage, pw)) && e.docOf[c.passage] == e.docOf[chosen[0].passage] {
			ev.typed = true
			typedHas = max(typedHas, sum(c.has))
		}
	}
	// A quote that opens with a pronoun is shown with the sentence it
	// refers to, so that it says what it is about.
	for _, c := range chosen {
		if c.s.refers >= 0 {
			chosen = e.withSentence(chosen, c, c.passage, int(c.s.refers))
		}
	}
	// A quote of a word or two ("Yes.", "No.", "Sometimes.") says nothing
	// alone: it is shown with the sentence after it, which says what it
	// means. Nor does a question (a FAQ's "**Can I buy the bike at the end
	// of my loan?**"): what follows it is the answer.
	// That sentence may open the next passage ("Yes." on a line of its
	// own), if nothing but white space lies between.
	for _, c := range chosen {
		text := e.kb.Passages[c.passage].SentenceText(c.span)
		if isTableRow(text) || wordCount(text) > 2 && !asksQuestion(text) {
			continue
		}
		switch {
		case c.order+1 < e.sentenceCount(c.passage):
			chosen = e.withSentence(chosen, c, c.passage, c.order+1)
		case e.follows(c.passage, c.passage+1) && e.sentenceCount(c.passage+1) > 0:
			chosen = e.withSentence(chosen, c, c.passage+1, 0)
		}
	}
	// What the best sentence holds counts in full, what the others add at a
	// discount: words of a question scattered over several sentences are
	// weaker evidence that the knowledge answers it than the same words in
	// one. A follow-up's borrowed words count as much as its own here: they
	// are discounted to choose what is asked now, but the resolved question
	// is one question, covered or not.
	full := func(bits uint64) (w, total float32) {
		for i := range weight {
			f := weight[i]
			if i < len(q.Terms) && q.Terms[i].Pos >= contextPos && q.Terms[i].Pos < asidePos {
				f /= contextWeight
			}
			if i < len(q.Terms) && q.Terms[i].Pos >= asidePos && covered&(1<<i) == 0 {
				// The story around a long message's question ("my kid is
				// obsessed with the new library") confirms an answer
				// that shares its words; one that does not is no worse.
				continue
			}
			total += f
			if bits&(1<<i) != 0 {
				w += f
			}
		}
		return w, total
	}
	// Words only a quote from another document holds count less again:
	// "How much is the new telescope costing?" is not answered by a van
	// "costing £38,000" in one document and the telescope in another.
	best, _ := full(chosen[0].has)
	all, total := full(covered)
	var sameDoc uint64
	for _, c := range chosen {
		if e.docOf[c.passage] == e.docOf[chosen[0].passage] {
			sameDoc |= c.has
		}
	}
	same, _ := full(sameDoc)
	total += ev.total - sum(^uint64(0)) // unknown words
	ev.coverage = (best + spreadWeight*(same-best) + otherDocSpread*spreadWeight*(all-same)) / total
	ev.coverage *= guessesOnly(q.Terms, covered)
	// A word no quote holds may still be said otherwise in the best one
	// ("subsidy" by "grant", "chief" by "head"): it counts in part, and is
	// not missing.
	var otherwise uint64
	if every := uint64(1)<<len(q.Terms) - 1; covered&every != every || len(plain) > 0 {
		text := e.kb.Passages[chosen[0].passage].SentenceText(chosen[0].span)
		words := sentenceWords(text)
		none := saysNone(text)
		var said float32
		for i, t := range q.Terms {
			if covered&(1<<i) == 0 && t.Pos < contextPos && (saidOtherwise(t.Word, words) || none && indefinites[t.Word]) {
				otherwise |= 1 << i
				said += weight[i]
			}
		}
		unmatched = 0
		for _, u := range plain {
			if saidOtherwise(u.word, words) || none && indefinites[u.word] {
				said += u.weight
			} else {
				unmatched = max(unmatched, u.weight)
			}
		}
		ev.coverage += otherwiseWeight * said / total
		ev.sig.said = said / total
	}
	if n := len(q.Terms); n > 0 {
		asides := 0
		for _, t := range q.Terms {
			if t.Pos >= contextPos {
				asides++
			}
		}
		ev.sig.asides = float32(asides) / float32(n)
	}
	best = sum(chosen[0].has)
	ev.best = best / ev.total
	// What the best quote holds of the words that ask, leaving out a long
	// message's story and a follow-up's borrowed words: "can you pay it
	// by card?" after the repair café's donation is not answered by the
	// donation, however much of the resolved question it holds.
	var askAll, askHeld float32
	for i, w := range weight {
		if i < len(q.Terms) && q.Terms[i].Pos >= contextPos {
			continue
		}
		askAll += w
		if (chosen[0].has|otherwise)&(1<<i) != 0 {
			askHeld += w
		}
	}
	for _, u := range plain {
		askAll += u.weight
	}
	if askAll > 0 {
		ev.sig.askBest = askHeld / askAll
	}
	ev.typedBest = typedHas / ev.total
	ev.verdict = ev.wants.yesNo && chosen[0].s.facts&factVerdict != 0
	var top, miss float32
	for i, w := range weight {
		if i < len(q.Terms) && q.Terms[i].Pos >= contextPos {
			continue // a follow-up's borrowed words are not what it asks
		}
		top = max(top, w)
		// A word weighed as an adverb ("usually", "came" in "came out")
		// colours the question: its absence says little.
		light := i < len(q.Terms) && q.Terms[i].Light
		// So does a word the best quote's whole document is about ("river"
		// in a river clean-up report): that quote is about it too.
		if i < len(q.Terms) {
			if _, ok := slices.BinarySearch(e.docTopic[e.docOf[chosen[0].passage]], q.Terms[i].ID); ok {
				light = true
			}
		}
		if covered&(1<<i) == 0 && otherwise&(1<<i) == 0 && !light {
			miss = max(miss, w)
		}
	}
	miss = max(miss, unmatched)
	top = max(top, miss)
	if top > 0 {
		ev.missing = miss / top
	}
	// The word right after the question word says what is asked about:
	// "who is the chief executive of the hospice?" is not answered by a
	// sentence about the hospice that names no chief executive, however
	// rare the hospice's name is beside "chief". The best quote must hold
	// it: the others only add to it.
	if head := headWord(question); head != "" {
		var leadText string
		var leadWords []string // the best quote's words, read once if needed
		saidInLead := func(w string) bool {
			if leadWords == nil {
				leadText = e.kb.Passages[chosen[0].passage].SentenceText(chosen[0].span)
				leadWords = sentenceWords(leadText)
			}
			return saidOtherwise(w, leadWords) || indefinites[w] && saysNone(leadText)
		}
		for i, t := range q.Terms {
			if (t.Word == head || askedAs(t) == head) && t.Pos < contextPos {
				ev.headMissing = chosen[0].has&(1<<i) == 0 && !saidInLead(t.Word)
			}
		}
		if len(plain) > 0 {
			// An unknown word is kept as the English word it slips on:
			// "titels" as "titles", "surgury" as "surgery".
			slipped := search.EnglishSlip(head)
			if slipped == "" {
				slipped = search.WrongLetter(head)
			}
			for _, u := range plain {
				if u.word == head || u.word == slipped {
					ev.headMissing = !saidInLead(u.word)
				}
			}
		}
	}
	ev.sig.rel0 = cands[0].rel / ev.total
	ev.sig.own0 = sum(cands[0].own) / ev.total
	ev.sig.dense = density(chosen[0].s.set, q.Terms)
	var factIDs []int32
	for _, fw := range chosen[0].s.factWords {
		if fw.id >= 0 && fw.f&(factName|factNumber|factTime) != 0 {
			factIDs = append(factIDs, fw.id)
		}
	}
	slices.Sort(factIDs)
	ev.sig.denseFacts = density(slices.Compact(factIDs), q.Terms)
	// The runner-up is another answer: for a question that wants a kind
	// of fact, answered with one, a sentence without one is no rival ("We
	// received 64 emails" against the one with the address).
	for _, c := range cands[1:] {
		if c.passage != cands[0].passage && (c.typed || !cands[0].typed || ev.wants.facts == 0) {
			ev.sig.rel1 = c.rel / ev.total
			break
		}
	}
	// A passage added for being near the last answer has no rank of its
	// own, and counts as the search's first: it was not searched for, and
	// the follow-up signals say the rest. So does one added for its title
	// and heading (withUnder): ranked last instead, at one calibration, it
	// lost right answers on the blind sets (1,193 against 1,203) and held
	// out by set (502 against 509).
	if cands[0].rank < searched {
		ev.sig.rank = cands[0].rank
	}
	if askedCount != ^uint64(0) {
		ev.sig.counted = -1
		if chosen[0].counted {
			ev.sig.counted = 1
		}
	}
	ev.named = namesFound(runs, chosen, pw)
	ev.lead = chosen[0]
	// A best sentence that holds none of the question's words itself, only
	// its document's title's ("How big is this community?" by "We hold a
	// voice meeting every other Thursday…" in the community's FAQ), was
	// chosen for its kind of fact alone.
	// Not where it is, how to reach it or when it is open: "Where is the
	// repair café?" asks about what the title names, and "We are at 12
	// Mill Street" answers it.
	ev.titleOnly = chosen[0].own == 0 && chosen[0].has&^holds(q.Terms, e.docTerms[e.docOf[chosen[0].passage]]) == 0 &&
		!(chosen[0].typed && ev.wants.facts&(factPlace|factPhone|factEmail|factTime|factDay|factClock|factDate) != 0)
	ev.nearTyped = chosen[0].near && chosen[0].typed && ev.wants.facts != 0
	ev.kindless = e.kindless(question, chosen[0], qids)
	ev.unnegated = askedNegated && !chosen[0].negated
	ev.otherYear = e.otherYear(q.Terms, chosen[0])

	// The next best sentence, when it is nearly as good and in the same
	// document, is quoted too: of two near equals the search cannot tell
	// which answers (a club's page giving this year's annual meeting in
	// its notices and last year's in its minutes), and the asker can. Not
	// from another document: two documents that share a town and its
	// people say alike things about different ones. If that sentence is
	// quoted already, or is in another document, nothing is added.
	if len(chosen) < maxQuotes {
		for _, c := range cands[1:] {
			if isChosen(chosen, c) || e.docOf[c.passage] != e.docOf[cands[0].passage] {
				break
			}
			// It must hold what made the best one best: the question's
			// words it holds, the kind of fact asked for, a count of what
			// "how many" asks about, the "not" the question says; and be
			// of the same kind, prose or a table's row (a row, out of
			// context, may give another event's date).
			alike := c.has&cands[0].has == cands[0].has && c.s.row == cands[0].s.row &&
				(c.typed || !cands[0].typed) && (c.counted || !cands[0].counted) &&
				(!askedNegated || c.negated || !cands[0].negated)
			if alike && c.rel >= runnerUpShare*cands[0].rel && !tooSimilar(chosen, c) && namesAnyIn(runs, c.passage, pw) && e.mayQuote(prefer, c) {
				chosen = append(chosen, c)
				// Shown with the sentence its pronoun points back to.
				if c.s.refers >= 0 {
					chosen = e.withSentence(chosen, c, c.passage, int(c.s.refers))
				}
			}
			break
		}
	}
	// A quote that announces a list ("You do not pay any fees if you
	// are:") is shown with the list: the items are what it says.
	chosen = e.withLists(chosen)

	// Quotes in document order, the newest document first.
	sort.Slice(chosen, func(i, j int) bool {
		di, dj := e.kb.Passages[chosen[i].passage].Doc, e.kb.Passages[chosen[j].passage].Doc
		if di != dj && !di.Date.Equal(dj.Date) {
			return di.Date.After(dj.Date)
		}
		if chosen[i].passage != chosen[j].passage {
			return chosen[i].passage < chosen[j].passage
		}
		return chosen[i].order < chosen[j].order
	})
	ev.picks = mergeAdjacent(chosen)
	return ev
}

// guessesOnly returns, when the quotes hold no word of the question as the
// asker wrote it, only guesses at its words (a spelling, a synonym), the
// weight of the surest guess: the knowledge covers the question no more
// surely than that ("allowed" read as "awarded"). Otherwise it returns 1.
func guessesOnly(terms []search.Term, covered uint64) float32 {
	guess := float32(0)
	for i, t := range terms {
		if covered&(1<<i) == 0 {
			continue
		}
		if !t.Corrected {
			return 1
		}
		guess = max(guess, t.Weight)
	}
	if guess == 0 {
		return 1
	}
	return guess
}

// answersNow is how many of the words of sentence s, in passage, give the
// kind of fact w asks for; none for a question about now (askedNow) when
// every year it names is before its document's: "When does the lido open
// this year?" is not answered by the year it first opened.
func (e *Engine) answersNow(w wants, s *sentence, passage int, qids []int32, askedNow bool) int {
	if s.row && s.refers < 0 && w.facts != 0 && e.sentenceCount(passage) > 1 {
		return 0 // a table's header names the columns; its rows give the facts
	}
	n := w.answers(s.facts, s.factWords, qids)
	if n == 0 {
		return 0
	}
	// Questions whose kind of fact the sentence's words say more finely
	// than its facts: how long until now, a length in space, an end; and
	// one asked about now, which a sentence only of the past does not
	// answer. Only these read the sentence's text.
	if !w.tenure && !dimensionWords[w.kindWord] && !w.ending && w.kindWord != "often" && !w.predecessor && !w.age && !w.day && !askedNow {
		return n
	}
	text := e.kb.Passages[passage].SentenceText(s.span)
	header := ""
	if s.row && s.refers >= 0 {
		// A row says what its cells are in its header: "| Sunday | 12
		// noon | 10:30pm |" under "| Day | Opens | Closes |" gives an end.
		header = e.kb.Passages[passage].SentenceText(e.sents[e.sentsOf[passage]+s.refers].span)
	}
	row := text
	if header != "" {
		text = header + " " + text
	}
	switch {
	case w.tenure && !givesTenure(s.facts, text),
		dimensionWords[w.kindWord] && !givesSpace(text),
		w.kindWord == "often" && !givesFrequency(text),
		w.predecessor && !givesPredecessor(text),
		w.age && !givesAge(row, header, w.ageOfThing),
		w.day && !givesDay(text),
		w.ending && !givesEnd(text):
		return 0
	}
	if askedNow {
		if d := e.kb.Passages[passage].Doc.Date; !d.IsZero() && pastOnly(text, d.Year()) {
			return 0
		}
	}
	return n
}

// factAfter is how many sentences after the best quote withFactAfter
// looks for the kind of fact asked for.
const factAfter = 2

// withFactAfter adds to chosen the sentence that gives the kind of fact
// asked for when no chosen quote gives it: the next one or the one after
// in the best quote's paragraph, going on about what the best quote names
// without naming it again ("…our summer coach trip goes to Saltaire on
// Saturday 28 June 2025. The coach leaves the Market Square at 8.45am…
// The cost is £27…" for "how much is the saltaire coach trip"). Every
// sentence on the way must go on (goesOn): in "…sells bacon rolls. A
// defibrillator hangs on the wall. It was bought with a grant of £1,150."
// the "It" is the defibrillator. Prose seldom changes subject within a
// paragraph without saying so; a table's rows do, so they are not read
// on. Nor is a "how many X", which a number in the next sentence answers
// only if it counts X (examineQuery's rule for a count that follows):
// "The 20-page report" is no count of member countries. askedNow is as
// for answersNow.
func (e *Engine) withFactAfter(chosen []pick, w wants, qids []int32, askedNow bool) []pick {
	first := chosen[0]
	if w.facts == 0 || w.counted != "" || slices.ContainsFunc(chosen, func(c pick) bool { return c.typed }) {
		return chosen
	}
	p := e.kb.Passages[first.passage]
	prev := p.SentenceText(first.span)
	for o := first.order + 1; o <= first.order+factAfter && o < e.sentenceCount(first.passage); o++ {
		s := &e.sents[e.sentsOf[first.passage]+int32(o)]
		text := p.SentenceText(s.span)
		if s.row || !goesOn(prev, text, o == first.order+1) {
			break
		}
		if n := e.answersNow(w, s, first.passage, qids, askedNow); n > 0 {
			add := first
			add.order, add.s, add.span, add.typed, add.facts = o, s, s.span, true, n
			if isChosen(chosen, add) {
				break
			}
			return append(chosen, add)
		}
		prev = text
	}
	return chosen
}

// goesOn reports whether text goes on about what the sentence before it
// (prev) names rather than bringing in something new: it opens with "the"
// or a pronoun ("The cost is £27", "It opened in 1927"), or with a phrase
// such as "In 2025" followed soon by a pronoun ("In 2025 it takes place
// on…"; not "In the spring a kiln was bought", whose "the" is the
// phrase's own). When labelled, prev may be a bold label, all of it one
// bold span, which the sentence right after it describes ("**Beginners'
// wheel course.** Ten weeks, £165."). "A defibrillator hangs on the
// wall…" or "Email us…" starts something else.
func goesOn(prev, text string, labelled bool) bool {
	if p := strings.TrimSpace(prev); labelled && strings.HasPrefix(p, "**") && strings.HasSuffix(p, "**") && strings.Count(p, "**") == 2 {
		return true
	}
	var words []string
	scanWords(text, func(raw string, _ byte) {
		if len(words) < 5 {
			words = append(words, search.Fold(raw))
		}
	})
	pronoun := func(w string) bool { return pronouns[w] && w != "there" } // "There are…" points at nothing
	switch {
	case len(words) == 0:
		return false
	case words[0] == "the" || pronoun(words[0]):
		return true
	case openers[words[0]]:
		return slices.ContainsFunc(words[1:], pronoun)
	}
	return false
}

// openers are prepositions that open a phrase of time or place before a
// sentence's subject.
var openers = map[string]bool{
	"in": true, "on": true, "at": true, "for": true, "from": true, "during": true,
	"after": true, "before": true, "until": true, "since": true, "by": true,
}

// sentenceCount is how many sentences passage p has.
func (e *Engine) sentenceCount(p int) int { return int(e.sentsOf[p+1] - e.sentsOf[p]) }

// withSentence appends to chosen, unless it is there already, the
// sentence at order in passage, as a pick like from (whose relevance and
// words it keeps: it is quoted for from's sake, not chosen on its own).
func (e *Engine) withSentence(chosen []pick, from pick, passage, order int) []pick {
	add := from
	add.passage, add.order = passage, order
	add.s = &e.sents[e.sentsOf[passage]+int32(order)]
	add.span = add.s.span
	if isChosen(chosen, add) {
		return chosen
	}
	return append(chosen, add)
}

// maxListItems bounds the list items quoted after a sentence that
// announces them; the chat adapters split a long reply into messages.
const maxListItems = 12

// withLists adds to chosen the items of the list that a chosen sentence
// announces: one ending with a colon, last in its passage, followed by
// list items with nothing but white space between (no heading, no
// separator).
func (e *Engine) withLists(chosen []pick) []pick {
	for _, c := range slices.Clone(chosen) {
		p := c.passage
		last := e.sentenceCount(p) - 1
		text := strings.TrimSpace(e.kb.Passages[p].SentenceText(c.span))
		if c.order != last || !strings.HasSuffix(text, ":") {
			continue
		}
		for next, n := p+1, 0; next < len(e.kb.Passages) && n < maxListItems; next, n = next+1, n+1 {
			if !e.follows(next-1, next) || !isListItem(e.kb.Passages[next]) {
				break
			}
			for i := range e.sentenceCount(next) {
				chosen = e.withSentence(chosen, pick{}, next, i)
			}
		}
	}
	return chosen
}

// follows reports whether passage b comes right after passage a in one
// document, with nothing between them but white space and list markers: no
// heading, no separator ("…", "---"), no comment.
func (e *Engine) follows(a, b int) bool {
	if b >= len(e.kb.Passages) || a < 0 || e.kb.Passages[a].Doc != e.kb.Passages[b].Doc {
		return false
	}
	between := e.kb.Passages[a].Doc.Src[e.kb.Passages[a].End:e.kb.Passages[b].Start]
	for _, line := range strings.Split(string(between), "\n") {
		switch t := strings.TrimSpace(line); {
		case t == "", t == "-" || t == "*" || t == "+":
		case len(t) >= 2 && (t[len(t)-1] == '.' || t[len(t)-1] == ')') && strings.Trim(t[:len(t)-1], "0123456789") == "":
		default:
			return false
		}
	}
	return true
}

// asksQuestion reports whether a sentence of the knowledge is a question:
// it ends with a question mark, before any closing emphasis, quotes or
// brackets.
func asksQuestion(text string) bool {
	return strings.HasSuffix(strings.TrimRight(text, "*_\"'”’) \t"), "?")
}

// wordCount counts the words of text, as the index reads them.
func wordCount(text string) int {
	n := 0
	search.Words(text, func([]byte) { n++ })
	return n
}

// isListItem reports a passage that is an item of a list: a bullet ("-",
// "*", "+") or a number ("1.", "2)") before its text on its line.
func isListItem(p *knowledge.Passage) bool {
	src := p.Doc.Src
	start := p.Start
	for start > 0 && src[start-1] != '\n' {
		start--
	}
	marker := strings.TrimSpace(string(src[start:p.Start]))
	switch {
	case marker == "-" || marker == "*" || marker == "+":
		return true
	case len(marker) >= 2 && (strings.HasSuffix(marker, ".") || strings.HasSuffix(marker, ")")):
		return strings.Trim(marker[:len(marker)-1], "0123456789") == ""
	}
	return false
}

// otherDocument finds a candidate from a document not yet quoted that
// answers as well as the best quote (the same question words, nearly the
// same relevance): when two documents answer, each is quoted with its own
// citation. It returns -1 when there is none.
func (e *Engine) otherDocument(chosen, cands []pick, prefer []bool, searched int) int {
	for i, c := range cands[1:] {
		if c.rel < sameAnswerShare*chosen[0].rel {
			break
		}
		if c.has&chosen[0].has != chosen[0].has || !e.mayQuote(prefer, c) || c.rank >= otherDocPassages && c.rank < searched {
			continue
		}
		quoted := false
		for _, p := range chosen {
			quoted = quoted || e.docOf[p.passage] == e.docOf[c.passage]
		}
		if !quoted {
			return i + 1
		}
	}
	return -1
}

// weighed is a question word the knowledge lacks, with its weight.
type weighed struct {
	word   string
	weight float32
}

// sentenceWords returns the folded words of a sentence and their WordNet
// base forms, stop words and words of one or two letters left out.
func sentenceWords(text string) []string {
	var out []string
	search.Words(text, func(b []byte) {
		if w := string(b); len(w) > 2 && !search.IsStopWord(w) {
			out = append(out, w)
			out = append(out, wordnet.Base(w)...)
		}
	})
	return out
}

// saidOtherwise reports whether one of a sentence's words (sentenceWords:
// the words and their base forms) is among those WordNet puts nearest to
// question word w (wordnet.Near: a synonym of a common sense, a derived
// form, or the first more general word; "subsidy" → "grant", "ngos" →
// "organization"), or is paired with w or its base forms in the thesaurus
// ("boss" → "leader", "verdict" → "judgment"). Only the best sentence is
// asked, once it is chosen: it decides how well the question is covered,
// never which sentence is quoted, so the wider relations cannot draw an
// answer from a sentence about something else. (Used to find sentences,
// the thesaurus lowered the held-out scores.)
func saidOtherwise(w string, words []string) bool {
	if strings.ContainsRune(w, ' ') || strings.HasPrefix(w, "#") {
		return false // a phrase or a number: read as such already
	}
	for _, x := range wordnet.Near(w) {
		if slices.Contains(words, x) {
			return true
		}
	}
	// A lemma is read as itself: "parking" (a noun) is not the verb
	// "park", whose pairs include "lay".
	forms := []string{w}
	if !wordnet.Lemma(w) {
		forms = append(forms, wordnet.Base(w)...)
	}
	for _, form := range forms {
		for _, x := range thesaurus.Words(form) {
			if slices.Contains(words, x) {
				return true
			}
		}
	}
	return false
}

// indefinites ask whether there is anyone of a kind ("did anyone get
// sick?"), which a sentence answers by saying there was none ("No illness
// was reported", "Nobody was killed"), never with the word itself.
// ("anything" and "something" are no terms: see search.IsStopWord.)
var indefinites = map[string]bool{
	"anyone": true, "anybody": true, "someone": true, "somebody": true,
}

// saysNone reports a sentence that says there is none of something:
// "nobody", "none", "nothing", or "no" before a word that is not a number
// ("No. 7") nor one of the phrases where "no" says nothing of how many
// ("no later than", "no longer", "no matter").
func saysNone(text string) bool {
	found, prevNo := false, false
	search.Words(text, func(b []byte) {
		w := string(b)
		if prevNo && !hasDigit(w) && !notNone[w] {
			found = true
		}
		prevNo = w == "no"
		switch w {
		case "nobody", "none", "nothing", "noone":
			found = true
		}
	})
	return found
}

// notNone follow "no" where it counts nothing: "no later than", "no
// longer", "no more than", "no matter".
var notNone = map[string]bool{
	"later": true, "longer": true, "more": true, "less": true, "sooner": true,
	"matter": true, "need": true, "doubt": true, "earlier": true, "fewer": true,
}

// kindless reports a "Which X…?" question whose best quote names no X:
// "Which countries still haven't ratified the Statute?" is not answered by
// "ten countries deposited their instruments", which names none. A quote
// names an X with a word WordNet files under X ("Russia" for "countries"),
// with X said of a particular one ("the old reading room" for "which
// room"), by opening the section whose heading has X ("What languages
// does the bot support?"), or with a name nothing knows (namesUnknown).
// Only X the knowledge has kinds of is checked:
// for others, nothing could tell. qids are the question's term ids, which
// name no answer.
func (e *Engine) kindless(question string, best pick, qids []int32) bool {
	noun, k := e.whichAsked(question)
	if k < 0 || timeNouns[noun] {
		return false // "Which day…?" is answered by a date: the fact type checks that
	}
	text := e.kb.Passages[best.passage].SentenceText(best.span)
	if slices.Contains(e.kindsIn(text, qids), k) {
		return false
	}
	if best.order == 0 && e.opensSection(best.passage) {
		for _, t := range e.ix.Parse(noun).Terms {
			if slices.Contains(e.headTerms(best.passage), t.ID) {
				return false
			}
		}
	}
	return !particular(text, noun) && !namesUnknown(text, qids, e.ix.ID)
}

// namesUnknown reports a sentence with a name neither WordNet nor the word
// list knows ("built by Arup"), which may be the X a "Which X…?" asks for:
// nothing can tell that it is not. Names the question uses (qids) and a
// sentence's first word do not count.
func namesUnknown(text string, qids []int32, id func(string) int32) bool {
	found, first := false, true
	scanWords(text, func(raw string, _ byte) {
		if !first && !found && startsUpper(raw) && !hasDigit(raw) {
			w := search.Fold(raw)
			found = !english.IsWord(w) && !english.IsName(w) && !wordnet.Known(w) && !slices.Contains(qids, id(w))
		}
		first = false
	})
	return found
}

// whichAsked returns the noun after a "which" that opens the question or
// one of its parts ("Which countries…?", "and in which room…?"; not "the
// court, which judges…") and the kind id it names, or -1.
func (e *Engine) whichAsked(question string) (string, int32) {
	words := strings.Fields(search.Fold(question))
	opens := func(i int) bool { // whether words[i] opens a part
		return i == 0 || words[i-1] == "and" || words[i-1] == "so" || words[i-1] == "but" || words[i-1] == "or"
	}
	// The phrase's last word names what is asked ("Which UN expert
	// was…?" asks for an expert), when an auxiliary or a participle shows
	// where the phrase ends: most verbs are nouns too, and "Which
	// countries support the court?" asks for countries.
	// After "the name of", a noun phrase may end the question, or a
	// clause may follow it ("…the cafe that's opening").
	phrase := func(from int, named bool) (string, int32) {
		head := words[from]
		for n := 1; n <= 2 && from+n < len(words); n++ {
			w := words[from+n]
			if search.IsStopWord(w) || !wordnet.Noun(w) {
				break
			}
			next := from + n + 1
			if next < len(words) && phraseEnds(words[next]) || named && (next == len(words) || search.IsStopWord(words[next])) {
				head = w
			}
		}
		return head, e.kindOfWord(head)
	}
	for i, w := range words {
		if w != "which" || i+1 >= len(words) || search.IsStopWord(words[i+1]) {
			continue
		}
		if opens(i) || (clausePrepositions[words[i-1]] && opens(i-1)) {
			return phrase(i+1, false)
		}
	}
	// "What is the name of the militia leader…?" asks which leader.
	for i := 0; i+2 < len(words); i++ {
		if (words[i] == "name" || words[i] == "names") && words[i+1] == "of" && asksWhatName(words[:i]) {
			j := i + 2
			for j < len(words) && search.IsStopWord(words[j]) {
				j++
			}
			if j < len(words) {
				return phrase(j, true)
			}
		}
	}
	return "", -1
}

// phraseEnds reports a word that ends the noun phrase before it: an
// auxiliary ("…expert was targeted"), a participle ("…leader convicted
// in October") or any other word WordNet has as no noun (few: most
// verbs are nouns too, and "got" is "get").
func phraseEnds(w string) bool {
	switch w {
	case "is", "are", "was", "were", "do", "does", "did", "has", "have", "had",
		"will", "would", "can", "could", "should", "may", "might", "must":
		return true
	}
	return len(w) > 4 && strings.HasSuffix(w, "ed") || !search.IsStopWord(w) && !wordnet.Noun(w)
}

// asksWhatName reports words that end by asking for a name: "what is
// the", "whats the full", "can you tell me the", "do you know the"
// (before "name of"); not "who changed the".
func asksWhatName(before []string) bool {
	n := len(before)
	if n > 0 && before[n-1] == "full" {
		n--
	}
	if n < 2 || before[n-1] != "the" {
		return false
	}
	switch before[n-2] {
	case "whats", "is", "was", "are", "were", "s", "me", "know": // Fold splits "what's" into "what s"
		return true
	}
	return false
}

// particular reports noun said in text of a particular one, after a word
// that is not a stop word or a number: "the old reading room", not "ten
// countries".
func particular(text, noun string) bool {
	// The text's words, folded ("expert's" is "expert" and "s",
	// "reading-room" "reading" and "room"), each marked when punctuation
	// follows it.
	type word struct {
		w   string
		end bool
	}
	var words []word
	for _, t := range strings.Fields(text) {
		pieces := strings.Fields(search.Fold(t))
		for k, w := range pieces {
			words = append(words, word{w, k == len(pieces)-1 && strings.ContainsAny(t[len(t)-1:], ",.;:!?)")})
		}
	}
	stem := search.Stem(noun)
	for i := 1; i < len(words); i++ {
		if search.Stem(words[i].w) != stem {
			continue
		}
		if p := words[i-1]; p.end || search.IsStopWord(p.w) || hasDigit(p.w) || english.IsNumberWord(p.w) {
			continue
		}
		// "a United Nations expert" is some expert, not a particular one:
		// the phrase's determiner says so. The phrase ends, going back, at
		// punctuation ("In a statement, UN expert Francesca Albanese…")
		// or a stop word.
		indefinite := false
		for j := i - 1; j >= 0; j-- {
			if indefiniteDeterminers[words[j].w] {
				indefinite = true
				break
			}
			if j < i-1 && words[j].end || search.IsStopWord(words[j].w) {
				break
			}
		}
		if !indefinite {
			return true
		}
	}
	return false
}

// indefiniteDeterminers open a phrase that names some one of a kind.
var indefiniteDeterminers = map[string]bool{"a": true, "an": true, "another": true, "some": true, "any": true}

// mayQuote reports whether a quote may come from c's document: a question
// that names documents (preferred) is answered from them alone when they
// have anything to say, so "…for the library renovation?" is not answered
// from a treaty's fund that speaks of donors.
func (e *Engine) mayQuote(prefer []bool, c pick) bool {
	return prefer == nil || prefer[e.docOf[c.passage]]
}

// withNear adds to the search hits the passages in and next to near
// (within their documents) that are not there yet, scoring them as the
// weakest hit.
func (e *Engine) withNear(hits []search.Hit, near []int32) []search.Hit {
	if len(near) == 0 || len(hits) == 0 {
		return hits
	}
	out := slices.Clone(hits)
	low := hits[len(hits)-1].Score
	for _, p := range near {
		for _, n := range []int32{p - 1, p, p + 1} {
			if n < 0 || int(n) >= len(e.kb.Passages) || e.docOf[n] != e.docOf[p] {
				continue
			}
			if !slices.ContainsFunc(out, func(h search.Hit) bool { return h.Doc == n }) {
				out = append(out, search.Hit{Doc: n, Score: low})
			}
		}
	}
	return out
}

// saidTwice reports a kind word the question says again, outside a
// phrase that asks for that kind ("how deep is the pool at the deep
// end?"; not "how far is the ride and how far is the walk?").
func saidTwice(question, word string) bool {
	all, outside, prev := 0, 0, ""
	for _, w := range strings.Fields(search.Fold(question)) {
		w = strings.Trim(w, "?!.,;:'\"")
		if w == word {
			all++
			if prev != "how" {
				outside++
			}
		}
		prev = w
	}
	return all > 1 && outside > 0
}

// maxUnder is how many passages withUnder may find, whether or not search
// found them too: with more, the document's name does not single out
// where the answer is ("village guide phone number?" in a guide with a
// number in every section), and it adds none. (At one calibration that
// did a little worse held out by set than keeping the first three, 509
// against 515, and the same on the blind sets.)
const maxUnder = 3

// withUnder finds the passages whose document name (title, publisher,
// year) and heading hold every word a question asks with, and that have a
// sentence with the kind of fact it asks for, though that sentence
// repeats none of its words: "what's the phone number for the dental
// practice?" is answered by "Call us on 0161 496 0732" in the dental
// practice's leaflet, which search, reading the words of passages alone,
// ranks low. It adds those hits lack after the rest, and returns them
// all, to be weighed whatever their rank; none when more than maxUnder
// qualify.
func (e *Engine) withUnder(hits []search.Hit, terms []search.Term, w wants, qids []int32) ([]search.Hit, []int32) {
	if w.facts == 0 {
		return hits, nil
	}
	var asked uint64
	for i, t := range terms {
		if t.Pos < contextPos {
			asked |= 1 << i
		}
	}
	if asked == 0 {
		return hits, nil
	}
	var under []int32
	for d, ids := range e.docTerms {
		if holds(terms, ids)&asked == 0 {
			continue
		}
		// A document's passages are one run (knowledge.NewBase).
		from, _ := slices.BinarySearch(e.docOf, int32(d))
		to, _ := slices.BinarySearch(e.docOf, int32(d+1))
		for p := from; p < to; p++ {
			if holds(terms, e.context[p])&asked != asked {
				continue
			}
			for i := e.sentsOf[p]; i < e.sentsOf[p+1]; i++ {
				if w.answers(e.sents[i].facts, e.sents[i].factWords, qids) > 0 {
					under = append(under, int32(p))
					break
				}
			}
			if len(under) > maxUnder {
				return hits, nil
			}
		}
	}
	for _, p := range under {
		if !slices.ContainsFunc(hits, func(h search.Hit) bool { return h.Doc == p }) {
			hits = append(hits, search.Hit{Doc: p})
		}
	}
	return hits, under
}

// passageIndexes maps stable passage ids to this engine's passages;
// ids of passages no longer in the knowledge are dropped.
func (e *Engine) passageIndexes(ids []string) []int32 {
	var out []int32
	for _, id := range ids {
		if i, ok := e.passageByID[id]; ok {
			out = append(out, i)
		}
	}
	return out
}

// adjacent weighs the pairs of question words that stand side by side in
// the question and, in the same order, within two words of each other in
// the sentence: "Assembly of States Parties" is better matched by a
// sentence that has the name than by one that has its words apart.
func adjacent(qterms []search.Term, weight []float32, seq []int32) float32 {
	var bonus float32
	for i := 1; i < len(qterms); i++ {
		a, b := qterms[i-1], qterms[i]
		if b.Pos != a.Pos+1 {
			continue
		}
		for j, id := range seq {
			if id != a.ID {
				continue
			}
			if (j+1 < len(seq) && seq[j+1] == b.ID) || (j+2 < len(seq) && seq[j+2] == b.ID) {
				bonus += min(weight[i-1], weight[i])
				break
			}
		}
	}
	return bonus
}

// mainClause is the question without a condition it sets ("can i borrow
// woods if i dont have my own set?"): a "not" there is not what is asked.
// Not so when the condition is all the question says ("what happens if
// i dont pay?").
func mainClause(question string) string {
	// Cut the lowered text, where the index was found: lowering may change
	// a string's length ("Ⱥ"), and negated reads any case.
	lower := strings.ToLower(question)
	// A condition first: "if i dont have a set can i borrow woods?" asks
	// from its question word on.
	if strings.HasPrefix(lower, "if ") || strings.HasPrefix(lower, "unless ") {
		words := strings.Fields(lower)
		for j := 2; j < len(words); j++ {
			if askingWords[strings.Trim(words[j], ",;")] {
				return strings.Join(words[j:], " ")
			}
		}
	}
	for _, sub := range []string{" if ", " unless ", " in case "} {
		if i := strings.Index(lower, sub); i > 0 && len(strings.Fields(lower[:i])) > 2 {
			return lower[:i]
		}
	}
	return lower
}

// restricts reports a sentence that limits or excludes without saying
// "not": "closed on Mondays", "all classes apart from the children's",
// "members only", "parents must stay". To a question that says "not"
// ("which days isn't it open?", "who can't join?") it answers as a
// sentence with "not" does.
func restricts(text string) bool {
	found := false
	search.Words(text, func(b []byte) {
		found = found || restrictionWords[string(b)]
	})
	return found
}

// restrictionWords limit or exclude: the words of rules and exceptions.
// "Only" and "must" can restrict what the question does not ask about
// ("The cafe is close to the river and serves breakfast only" is no answer
// to "which things are not close to the river?"), but more often what it
// does ("card only", "parents must stay"): without them, 7 fewer held out
// by set at the engine's threshold. "Instead" made no difference and is
// left out.
var restrictionWords = map[string]bool{
	"only": true, "must": true, "except": true, "excepting": true, "apart": true, "excluding": true,
	"excluded": true, "exclude": true, "excludes": true, "closed": true, "banned": true,
	"ban": true, "bans": true, "prohibited": true, "forbidden": true, "refuse": true,
	"refused": true, "refuses": true, "denied": true, "denies": true,
	"exempt": true, "unless": true, "cancelled": true, "canceled": true,
	"unable": true, "restricted": true, "barred": true, "ineligible": true,
}

// opposites returns, for each of the question's terms, the ids of the
// knowledge's words WordNet opposes to it, and those words as written
// (a sentence must say one of them: its id is its stem's, which "close to
// the station" shares with "closed"), for the word that the first
// "not" of clause turns round ("open" in "which days is it not open?",
// "allowed" in "what isn't allowed?"): the first word after it that is not
// a stop word. Only that word: "days" is not turned round, and its
// opposite, "nights", would answer it. Nil when there are none.
func (e *Engine) opposites(clause string, terms []search.Term) ([][]int32, []string) {
	var turned string
	after, prev := false, ""
	search.Words(clause, func(b []byte) {
		w := string(b)
		switch {
		case turned != "":
		case negationWords[w] || w == "t" && ntStems[prev]:
			after = true
		case after && !search.IsStopWord(w) && len(w) > 1:
			turned = w
		}
		prev = w
	})
	if turned == "" {
		return nil, nil
	}
	// Of an opposite and its own inflection ("close", "closed"), the
	// inflection: the bare form is often another word too ("close to the
	// station").
	opposite := wordnet.Antonyms(turned)
	opposite = slices.DeleteFunc(slices.Clone(opposite), func(a string) bool {
		return slices.ContainsFunc(opposite, func(b string) bool { return b != a && slices.Contains(wordnet.Base(b), a) })
	})
	var out [][]int32
	for i, t := range terms {
		if t.Word != turned || t.Pos >= contextPos {
			continue
		}
		for _, a := range opposite {
			if id := e.ix.ID(a); id >= 0 && id != t.ID {
				if out == nil {
					out = make([][]int32, len(terms))
				}
				out[i] = append(out[i], id)
			}
		}
	}
	if out == nil {
		return nil, nil
	}
	return out, opposite
}

// saysAny reports whether text says one of words (folded, as written).
func saysAny(text string, words []string) bool {
	found := false
	search.Words(text, func(b []byte) {
		found = found || slices.Contains(words, string(b))
	})
	return found
}

// holdsAny is holds for alternatives: bit i is set when set holds any of
// ids[i].
func holdsAny(ids [][]int32, set []int32) uint64 {
	var bits uint64
	for i, alts := range ids {
		for _, id := range alts {
			if _, ok := slices.BinarySearch(set, id); ok {
				bits |= 1 << i
				break
			}
		}
	}
	return bits
}

// negated reports a text that says "not", "never", "doesn't" or the like.
func negated(text string) bool {
	found, prev := false, ""
	search.Words(text, func(b []byte) {
		w := string(b)
		if negationWords[w] || w == "t" && ntStems[prev] {
			found = true
		}
		prev = w
	})
	return found
}

// counts reports whether a sentence puts a number just before one of the
// question's words that it holds (own): "34 staff", "seventeen purple
// umbrellas". For "how many staff?" that is the count asked for, where
// "staff counted 3,870 visitors" counts something else.
//
// A sum of money counts nothing for "how many" ("£3 a night for members"
// is no count of members); for "how much" (priced) it is what is asked
// ("£185 per Cub").
func counts(s *sentence, qterms []search.Term, own uint64, priced bool) bool {
	for i, t := range qterms {
		if own&(1<<i) == 0 {
			continue
		}
		is := func(id int32) bool { return id == t.ID || slices.Contains(t.Alts, id) }
		if slices.ContainsFunc(s.counted, is) || priced && slices.ContainsFunc(s.priced, is) {
			return true
		}
	}
	return false
}

// countedWords returns the term ids of the words a number in text counts:
// the first two words after it that are not stop words, a hyphenated word
// counting once ("34 staff", "34 full-time staff", "four thousand donors",
// "seventeen purple umbrellas", "20-page report"). Years count nothing.
func countedWords(text string, id func(word string) int32) (counted, priced []int32) {
	left := 0         // words after the last number still to take
	tookLast := false // whether the last word was taken
	money := false    // whether the last number was an amount of money
	// prev is the word before, a candidate for what the number after it
	// counts when it is a verb of the thing counted: "the hall seats 118".
	var prev string
	scanWords(text, func(raw string, before byte) {
		last := prev
		prev = ""
		defer func() {
			if before == ' ' && !hasDigit(raw) && raw == strings.ToLower(raw) && !search.IsStopWord(raw) && !english.IsNumberWord(raw) {
				prev = raw
			}
		}()
		if before != ' ' && before != 0 && before != '$' && before != '-' {
			left = 0 // "in 2022, staff…": punctuation ends what a number counts
		}
		lower := strings.ToLower(raw) // no copy for a word already in lower case
		took := false
		switch {
		case isYear(raw):
			left = 0
		case hasDigit(raw) || english.IsNumberWord(lower):
			left, money = 2, before == '$' || isPence(lower)
			if last != "" && before == ' ' && !money {
				if i := id(search.Fold(last)); i >= 0 {
					counted = append(counted, i)
				}
			}
		case before == '-' && tookLast:
			took = true // "full-time": the second half of a word already taken
		case left > 0 && !money && before == ' ' && rateWords[lower]:
			// "six per plot" counts hens, not plots; "£185 per Scout" is
			// still the price of a Scout.
			left = 0
		case left > 0 && !search.IsStopWord(lower):
			took = true
			left--
		}
		if took {
			if i := id(search.Fold(raw)); i >= 0 && money {
				priced = append(priced, i)
			} else if i >= 0 {
				counted = append(counted, i)
			}
		}
		tookLast = took
	})
	return counted, priced
}

// rateWords after a number make it a rate: what comes after them is what
// the number is per, not what it counts.
var rateWords = map[string]bool{"per": true, "a": true, "an": true, "each": true, "every": true}

// phraseParts returns, for each question term that stands for a two-word
// phrase ("came after" for "followed", "coming back" for "return"), the
// bits of the terms of its two words, and 0 for other terms.
func phraseParts(qterms []search.Term) []uint64 {
	var out []uint64
	for j, t := range qterms {
		first, second, ok := strings.Cut(t.Word, " ")
		if !ok {
			continue
		}
		if out == nil {
			out = make([]uint64, len(qterms))
		}
		for i, u := range qterms {
			if i != j && ((u.Pos == t.Pos && u.Word == first) || (u.Pos == t.Pos+1 && u.Word == second)) {
				out[j] |= 1 << i
			}
		}
	}
	return out
}

// widen adds to the bits of the terms a sentence holds those of the words
// of the phrases it holds: "Fatou Bensouda followed" says what "who came
// after him" asks in full, "came" included. (Not the other way round: a
// sentence with both words, "a United Nations expert", is not thereby about
// what the phrase means, and counting it so answered "Is the ICC part of
// the United Nations?" from the wrong sentence.)
func widen(bits uint64, parts []uint64) uint64 {
	for j, m := range parts {
		if bits&(1<<j) != 0 {
			bits |= m
		}
	}
	return bits
}

// minNameWords is how many alternatives a term must have for them to be
// read as the words of one name (see holds).
const minNameWords = 3

// maxTerms bounds the question terms weighed, one bit each.
const maxTerms = 64

// holds returns a bit for each question term that a sentence's terms
// contain, itself or one of its alternatives. A term with minNameWords
// alternatives or more, as the words of the name an acronym abbreviates
// are, is held when two of them are there: "General Manager" does not say
// AGM, the annual general meeting, nor "Court of Appeal" ICC.
func holds(qterms []search.Term, set []int32) uint64 {
	var bits uint64
	for i, t := range qterms {
		if _, ok := slices.BinarySearch(set, t.ID); ok {
			bits |= 1 << i
			continue
		}
		n := 0
		for _, a := range t.Alts {
			if _, ok := slices.BinarySearch(set, a); ok {
				n++
			}
		}
		if n > 0 && (len(t.Alts) < minNameWords || n >= 2) {
			bits |= 1 << i
		}
	}
	return bits
}

func isChosen(chosen []pick, c pick) bool {
	for _, p := range chosen {
		if p.passage == c.passage && p.order == c.order {
			return true
		}
	}
	return false
}

// tooSimilar compares the words two sentences share (Jaccard over terms).
func tooSimilar(chosen []pick, c pick) bool {
	for _, p := range chosen {
		inter, union := 0, len(p.s.set)
		for _, id := range c.s.set {
			if _, ok := slices.BinarySearch(p.s.set, id); ok {
				inter++
			} else {
				union++
			}
		}
		if union > 0 && float32(inter)/float32(union) > maxSimilarity {
			return true
		}
	}
	return false
}

// mergeAdjacent joins consecutive sentences of one passage into one quote,
// which reads better and is still one verbatim span (with the space between).
func mergeAdjacent(ps []pick) []pick {
	out := ps[:0]
	for _, p := range ps {
		// A table's rows stay apart: between the header and the first row
		// lies the row of dashes.
		if n := len(out); n > 0 && out[n-1].passage == p.passage && out[n-1].order+1 == p.order && !p.s.row {
			out[n-1].span.End = p.span.End
			out[n-1].order = p.order
			continue
		}
		out = append(out, p)
	}
	return out
}

// nameRun is one name the question uses ("Dutch", "Liz Evenson"), as the
// index knows its words.
type nameRun struct {
	words   []string  // folded
	terms   [][]int32 // per word: its terms and their alternatives
	known   bool      // some word of it is in the knowledge
	topical bool      // found in most passages (the court's own names)
}

// nameChecks reads the names in a question. Word overlap alone would answer
// "Who is the Dutch prime minister?" with the sentence about Israel's; a
// name must appear, in one of its words or another form of it ("Russia",
// "Russian"), in what is quoted.
func (e *Engine) nameChecks(question string) []nameRun {
	var out []nameRun
	for _, run := range names(question) {
		nr := nameRun{}
		for _, w := range run {
			folded := search.Fold(w)
			var ids []int32
			for _, t := range e.ix.Parse(w).Terms {
				ids = append(ids, t.ID)
				ids = append(ids, t.Alts...)
				if e.ix.DF(t.ID)*2 >= e.ix.Len() {
					nr.topical = true
				}
			}
			nr.known = nr.known || len(ids) > 0
			nr.words = append(nr.words, folded)
			nr.terms = append(nr.terms, ids)
		}
		out = append(out, nr)
	}
	return out
}

// foundIn reports whether the name appears in a passage's words.
func (nr nameRun) foundIn(terms map[int32]int, words map[string]bool) bool {
	for i, w := range nr.words {
		for _, id := range nr.terms[i] {
			if terms[id] > 0 {
				return true
			}
		}
		for pw := range words {
			if search.SameName(w, pw) {
				return true
			}
		}
	}
	return false
}

// passageWords gives a passage's terms and folded words, for name checks,
// reading each passage once per question.
type passageWords struct {
	e     *Engine
	terms map[int]map[int32]int
	words map[int]map[string]bool
}

func (e *Engine) newPassageWords() *passageWords {
	return &passageWords{e: e, terms: map[int]map[int32]int{}, words: map[int]map[string]bool{}}
}

func (pw *passageWords) of(passage int) (map[int32]int, map[string]bool) {
	if t, ok := pw.terms[passage]; ok {
		return t, pw.words[passage]
	}
	text := pw.e.kb.Passages[passage].Text()
	words := map[string]bool{}
	search.Words(text, func(w []byte) { words[string(w)] = true })
	terms := pw.e.ix.TermIDs(text)
	// The passage's heading and its document's title name what it is
	// about: "the court" in a document titled "…the International
	// Criminal Court…" is the ICC.
	for _, id := range pw.e.context[passage] {
		terms[id]++
	}
	pw.terms[passage], pw.words[passage] = terms, words
	return terms, words
}

// namesFound checks the names against the passages quoted from: a name the
// knowledge lacks entirely ("Who is Karim Khan?") means the question is not
// covered, and every other name must appear in some quoted passage. Names
// found in most passages (the court's own) say nothing about which passage
// is meant and are skipped.
func namesFound(runs []nameRun, chosen []pick, pw *passageWords) bool {
	for _, nr := range runs {
		if !nr.known {
			return false
		}
		if nr.topical {
			continue
		}
		found := false
		for _, c := range chosen {
			if found = nr.foundIn(pw.of(c.passage)); found {
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// namesAnyIn reports whether a passage mentions at least one of the
// question's (non-topical) names, or the question has none: a further quote
// from a passage about someone else only adds noise.
func namesAnyIn(runs []nameRun, passage int, pw *passageWords) bool {
	checked := false
	for _, nr := range runs {
		if !nr.known || nr.topical {
			continue
		}
		checked = true
		if nr.foundIn(pw.of(passage)) {
			return true
		}
	}
	return !checked
}

// asksNow reports a "when" question about now or what is to come ("when
// does the lido open this year?", "what days is the shed open", "when will
// the work start?"), not about the past ("when did it open?").
func asksNow(question string) bool {
	now := false
	for _, w := range strings.Fields(search.Fold(question)) {
		switch w {
		case "did", "was", "were", "had", "ago", "first", "originally", "founded", "built", "established", "last", "used":
			return false
		case "will", "does", "do", "is", "are", "next", "upcoming", "coming", "now", "currently", "usually", "this":
			now = true
		}
	}
	return now
}

// pastOnly reports a sentence whose dates all lie in years before year,
// the year of its document, and which names no weekday and no year from
// then on ("the Shed opened in October 2019"): it tells of another time
// than now or next. A date is a month with the year after it, or a year
// after "in"; a month without a year may be any year's. "Since" and
// "from" begin what may still hold ("Since May 2021 we open at 8am").
func pastOnly(text string, year int) bool {
	words := strings.Fields(search.Fold(text)) // Fold leaves no punctuation
	yearAt := func(i int) int {
		if i < 0 || i >= len(words) || len(words[i]) != 4 {
			return 0
		}
		v, err := strconv.Atoi(words[i])
		if err != nil || v < 1000 || v > 2999 {
			return 0
		}
		return v
	}
	past := false
	for i, w := range words {
		if _, ok := english.Weekday(w); ok && len(w) > 3 {
			return false
		}
		if y := yearAt(i); y >= year {
			return false
		}
		switch _, month := english.Month(w); {
		case month && len(w) > 2:
			y := max(yearAt(i+1), yearAt(i+2))
			// "since May 2021", "since 1 May 2021"
			before := ""
			if i > 0 {
				before = words[i-1]
				if isDayOfMonth(before) && i > 1 {
					before = words[i-2]
				}
			}
			if y == 0 || before == "since" || before == "from" {
				return false
			}
			past = true
		case w == "in" && yearAt(i+1) > 0 && (i == 0 || words[i-1] != "since"):
			past = true
		}
	}
	return past
}
