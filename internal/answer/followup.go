package answer

import (
	"context"
	"slices"
	"strings"
	"sync"
	"time"

	"iccbot/internal/english"
	"iccbot/internal/search"
)

// Conversations remembers, per conversation, the last question as the
// engine resolved it and the stable ids of the passages its answer quoted,
// so that a follow-up ("and russia?", "when?", "what did she say?") is
// answered as the whole question would be. Memory keeps them in this
// process; a store shared by several processes is another. The empty key
// is no conversation: nothing is remembered for it. The resolved question
// may end with answerMark ("\x1e") and the name the answer gave, taken from
// the knowledge: a store keeps the text as it is given.
type Conversations interface {
	// Last returns the conversation's last resolved question and the
	// passages its answer quoted, or "" if none is remembered or it is
	// older than the memory's window. The passages are those the engine
	// was sure of by its hand-made score (rememberScore), which a reply
	// that declined may not have shown.
	Last(ctx context.Context, key string) (question string, passages []string, err error)
	// Remember stores the conversation's resolved question and the
	// passages its answer quoted, replacing what was there.
	Remember(ctx context.Context, key, question string, passages []string) error
}

// Memory is Conversations in process memory. It holds question text only,
// never who asked; it forgets a conversation after a quiet spell
// (MemoryTTL), and keeps at most MemoryConversations, dropping the least
// recently used. It outlives engines: a reload keeps conversations.
type Memory struct {
	now func() time.Time
	ttl time.Duration
	max int

	mu    sync.Mutex
	convs map[string]remembered
}

var _ Conversations = (*Memory)(nil)

type remembered struct {
	question string
	// passages are the stable ids of the passages its answer quoted: a
	// follow-up is often answered next to them.
	passages []string
	at       time.Time
}

// Conversation memory bounds, as the LLM's memory has them: a shared
// store keeps the same window.
const (
	MemoryTTL           = 30 * time.Minute
	MemoryConversations = 10000
	// maxResolved bounds the remembered text of a chain of follow-ups.
	maxResolved = 600
)

// NewMemory makes an empty memory; now is the clock (time.Now in
// production).
func NewMemory(now func() time.Time) *Memory {
	return &Memory{now: now, ttl: MemoryTTL, max: MemoryConversations, convs: map[string]remembered{}}
}

// Last implements Conversations. It never fails.
func (m *Memory) Last(_ context.Context, key string) (string, []string, error) {
	if m == nil || key == "" {
		return "", nil, nil
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	r, ok := m.convs[key]
	if !ok {
		return "", nil, nil
	}
	if m.now().Sub(r.at) > m.ttl {
		delete(m.convs, key)
		return "", nil, nil
	}
	return r.question, r.passages, nil
}

// Remember implements Conversations. It never fails.
func (m *Memory) Remember(_ context.Context, key, question string, passages []string) error {
	if m == nil || key == "" {
		return nil
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	if _, ok := m.convs[key]; !ok && len(m.convs) >= m.max {
		m.evict(now)
	}
	m.convs[key] = remembered{question: question, passages: passages, at: now}
	return nil
}

// boundResolved keeps the end of a long chain of follow-ups: its latest
// questions say most about the next one.
func boundResolved(question string) string {
	if len(question) > maxResolved {
		return question[len(question)-maxResolved:]
	}
	return question
}

// evict drops expired conversations, and if none had expired, the least
// recently used. It runs only when the memory is full, so its linear scan
// is paid once per new conversation at most.
func (m *Memory) evict(now time.Time) {
	oldest, oldestAt := "", now
	for k, r := range m.convs {
		if now.Sub(r.at) > m.ttl {
			delete(m.convs, k)
			continue
		}
		if r.at.Before(oldestAt) || oldest == "" {
			oldest, oldestAt = k, r.at
		}
	}
	if len(m.convs) >= m.max {
		delete(m.convs, oldest)
	}
}

// Len is how many conversations are remembered.
func (m *Memory) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.convs)
}

// contextPos is added to the positions of the words a follow-up borrows,
// which sets them apart from its own.
const contextPos = 1000

// contextWeight discounts the words a follow-up takes from the question
// before it: the asker's new words say what is asked now.
const contextWeight = 0.6

// isFollowUp reports whether a question leans on the one before it: it
// opens with "and", "what about" and the like, or it is short and holds a
// pronoun or no subject of its own ("when?", "why did they do that?").
func isFollowUp(question string, q search.Query) bool {
	words := strings.Fields(search.Fold(question))
	if len(words) == 0 {
		return false
	}
	for i, w := range words {
		words[i] = mend(w)
	}
	switch words[0] {
	case "and", "also", "plus", "but", "so", "then":
		return true
	}
	if len(words) >= 2 && (words[0] == "what" || words[0] == "how") && words[1] == "about" {
		return true
	}
	if len(q.Terms) == 0 {
		return true
	}
	if len(words) > 8 {
		return false
	}
	if len(words) <= 5 && (prepositions[words[0]] || askingWords[words[len(words)-1]]) {
		return true // "for crimes committed where?", "in which year?"
	}
	for _, w := range words {
		if pronouns[w] {
			return true
		}
	}
	return false
}

var prepositions = map[string]bool{
	"for": true, "in": true, "on": true, "at": true, "with": true, "by": true,
	"from": true, "about": true, "to": true, "since": true, "after": true, "before": true,
}

// holdsPronoun reports a text with one of the pronouns.
func holdsPronoun(text string) bool {
	for _, w := range strings.Fields(search.Fold(text)) {
		if pronouns[mend(w)] {
			return true
		}
	}
	return false
}

// pronouns stand for something named in an earlier turn.
var pronouns = map[string]bool{
	"he": true, "she": true, "him": true, "her": true, "his": true, "hers": true,
	"they": true, "them": true, "their": true, "it": true, "its": true,
	"that": true, "those": true, "these": true, "this": true, "there": true,
}

// resolve merges a follow-up with the question before it: the previous
// question's terms join the new ones at a discount (contextWeight), and
// the text remembered for the next turn is both questions.
func (e *Engine) resolve(prev, question string, q search.Query) (search.Query, string) {
	if prev == "" || !isFollowUp(question, q) {
		return q, question
	}
	pq := e.ix.Parse(prev)
	// A follow-up that asks its own question ("how long had it been
	// running?") borrows what the last one was about, not what it asked
	// for: after "What was the name of the old plant?", the plant, not
	// its name. An elliptical one ("and the old one?") borrows both.
	words := strings.Fields(search.Fold(question))
	ownQuestion := false
	for i, w := range words {
		// "what about the new one?" is elliptical all the same.
		if whWords[mend(w)] && !(i+1 < len(words) && words[i+1] == "about") {
			ownQuestion = true
		}
	}
	for _, t := range pq.Terms {
		dup := false
		for _, u := range q.Terms {
			if u.ID == t.ID {
				dup = true
				break
			}
		}
		if dup || ownQuestion && askedNouns[t.Word] {
			continue
		}
		t.Weight *= contextWeight
		t.Pos += contextPos // never adjacent to the new question's words
		q.Terms = append(q.Terms, t)
	}
	return q, prev + " " + question
}

// askedNouns name what a question asks for rather than what it is about:
// "the name of…", "the date of…".
var askedNouns = map[string]bool{
	"name": true, "names": true, "date": true, "dates": true, "time": true, "times": true,
	"number": true, "amount": true, "cost": true, "price": true, "reason": true, "location": true,
}

// withAnswerName adds to a "who" question remembered for the next turn the
// person its answer named, after answerMark: after "whos the league
// secretary?", answered "Dan Okafor, League Secretary", the "him" of "how
// do i get hold of him" is Dan Okafor. The person is the first run of
// capitalised words in the best quote that the question does not state and
// that names no place or body ("Millbrook Town Hall", "Northvale Housing
// Trust"); it comes from the knowledge, never from the asker. A question
// with a name of its own ("who is Liz Evenson?", "who chairs the Ashcombe
// Repair Café?") keeps no other: its own name, or the body it asks about,
// is what a later pronoun most likely means.
func (e *Engine) withAnswerName(question, resolved string, ev evidence) string {
	if ev.wants.facts&factName == 0 || len(ev.picks) == 0 || len(names(question)) > 0 {
		return resolved
	}
	p := ev.lead
	stated := map[string]bool{}
	for _, w := range strings.Fields(search.Fold(resolved)) {
		stated[w] = true
	}
	for _, run := range personRuns(e.kb.Passages[p.passage].SentenceText(p.span)) {
		if !slices.ContainsFunc(run, func(w string) bool { return stated[search.Fold(w)] }) {
			return resolved + answerMark + strings.Join(run, " ")
		}
	}
	return resolved
}

// personRuns returns the runs of capitalised words in a sentence that may
// name a person: the sentence's first word counts when the next is
// capitalised too ("Dan Okafor, League Secretary"); runs ending in a noun of
// place or of a body, or after a preposition of place, and month and day
// names do not.
func personRuns(text string) [][]string {
	var runs [][]string
	var run []string
	atStart, place := false, false // the run opens the sentence; it follows a preposition of place
	prev, n := "", 0
	flush := func() {
		keep := len(run) > 0 && !place && !placeNouns[search.Fold(run[len(run)-1])] && !bodyNouns[search.Fold(run[len(run)-1])]
		if atStart && len(run) == 1 {
			keep = false // a sentence's first word alone: "Members completed 46 projects"
		}
		if keep {
			runs = append(runs, run)
		}
		run, place, atStart = nil, false, false
	}
	scanWords(text, func(raw string, before byte) {
		f := search.Fold(raw)
		if before != ' ' && before != '\'' {
			flush()
		}
		if startsUpper(raw) && !hasDigit(raw) && !search.IsStopWord(f) && !isDateWord(raw) {
			if len(run) == 0 {
				place, atStart = placeWords[prev], n == 0
			}
			run = append(run, raw)
		} else {
			flush()
		}
		prev = f
		n++
	})
	flush()
	return runs
}

// bodyNouns end the name of an organisation or a group, not a person.
var bodyNouns = map[string]bool{
	"trust": true, "council": true, "society": true, "association": true, "club": true,
	"company": true, "ltd": true, "services": true, "group": true, "team": true, "fund": true,
	"foundation": true, "committee": true, "league": true, "party": true, "office": true,
	"agency": true, "authority": true, "board": true, "department": true, "court": true,
	"cafe": true, "fc": true, "players": true, "choir": true, "orchestra": true, "bank": true,
}

// answerMark separates a remembered question from the name its answer
// gave (withAnswerName).
const answerMark = "\x1e"

// isDateWord reports a month or weekday name: capitalised, but no name.
func isDateWord(w string) bool {
	f := search.Fold(w)
	_, month := english.Month(f)
	_, day := english.Weekday(f)
	return month || day
}

// borrowAnswerName reads a follow-up that speaks of someone ("how do i get
// hold of him", "when is his show on?") as about the name the last answer
// gave: the name's words replace those borrowed from the last question,
// which only served to find the person. A follow-up that asks who ("and
// who came after him?") asks after someone else.
func (e *Engine) borrowAnswerName(question, name string, q *search.Query) {
	personal := false
	for _, w := range strings.Fields(search.Fold(question)) {
		switch mend(w) {
		case "who", "whos", "whom":
			return
		case "he", "him", "his", "she", "her", "hers":
			personal = true
		}
	}
	terms := e.ix.Parse(name).Terms
	if !personal || len(terms) == 0 {
		return
	}
	q.Terms = slices.DeleteFunc(q.Terms, func(t search.Term) bool { return t.Pos >= contextPos && t.Pos < asidePos })
	for _, t := range terms {
		if slices.ContainsFunc(q.Terms, func(u search.Term) bool { return u.ID == t.ID }) {
			continue
		}
		t.Weight *= contextWeight
		t.Pos += contextPos
		q.Terms = append(q.Terms, t)
	}
}
