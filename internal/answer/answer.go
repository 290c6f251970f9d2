// Package answer turns a question into a reply made of verbatim, cited
// quotes from the knowledge base, or a plain statement that the knowledge
// does not cover it: by itself (Engine, extractive), or from a language
// model's draft (Generated, with a Drafter such as internal/llm), which it
// verifies (verify*.go) and falls back from to the Engine's answer.
//
// The rule this package exists to keep: no quote leaves it unless its text is
// byte for byte the cited span of a knowledge file, and no sentence of a
// model's unless a quote it cites supports it.
package answer

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"sync"

	"iccbot/internal/knowledge"
	"iccbot/internal/lang"
	"iccbot/internal/search"
)

// Modes reported in Answer.Mode.
const (
	ModeExtractive         = "extractive"
	ModeLLM                = "llm"
	ModeExtractiveFallback = "extractive-fallback"
)

// Citation is one verbatim quote and where it comes from.
type Citation struct {
	Source  string `json:"source"`  // path relative to the knowledge folder
	Title   string `json:"title"`   // document title
	Passage string `json:"passage"` // stable passage id
	Quote   string `json:"quote"`   // exactly Src[Span.Start:Span.End]
	// URL is where the document can be read, from its front matter; the
	// platforms show the citation as a link to it.
	URL string `json:"url,omitempty"`
	// Page is the page the quote is on, for documents with pages (a PDF);
	// Section is the heading it is under, for web pages and Word
	// documents, whose paragraphs people find by their headings. Citations
	// name one or the other: "Title, p. 7".
	Page    int    `json:"page,omitempty"`
	Section string `json:"section,omitempty"`

	// Translation is the quote in the asker's language, when an LLM answered
	// in another language; it is the model's, not the source's, and is
	// always shown marked with TranslationLabel ("Traducción").
	Translation      string `json:"translation,omitempty"`
	TranslationLabel string `json:"-"`

	// Number is the passage's position in its document, for people ("¶4").
	Number int `json:"-"`
	// Span locates Quote in the source file.
	Span knowledge.Span `json:"-"`
}

// Answer is the reply to one question, ready for any platform to render.
type Answer struct {
	Question  string     `json:"question"`
	Answered  bool       `json:"answered"`
	Text      string     `json:"answer"` // the reply as plain text
	Citations []Citation `json:"citations"`
	Mode      string     `json:"mode"`

	// Confidence is the engine's one relevance score for its answer (see
	// the README); an answer is given when it reaches the engine's
	// threshold. Other answerers compare with it (Threshold).
	Confidence float32 `json:"-"`

	// Lead is the one line before the quotes; it makes no claim about the
	// knowledge of its own (for a question of two parts it may say which
	// part the quotes answer: see partLead).
	Lead string `json:"-"`
	// Suggestions are example questions offered when Answered is false,
	// introduced by SuggestionsIntro (in the asker's language; English when
	// empty).
	Suggestions      []string `json:"-"`
	SuggestionsIntro string   `json:"-"`

	// lang is the asker's language when it is not English.
	lang lang.Tag
}

// Engine answers from one loaded knowledge base. It is immutable and safe
// for concurrent use; a reload builds a new Engine.
type Engine struct {
	kb          *knowledge.Base
	ix          *search.Index
	suggestions []string
	// threshold is the confidence an answer needs (see evidence.confidence).
	threshold float32
	// cal turns the evidence for an answer into its confidence: the
	// calibration fitted on every question we have, or, in the dev
	// protocol, the one fitted without the held-out document's.
	cal *calibration
	// sents are the knowledge's sentences, analysed; those of passage p are
	// sents[sentsOf[p]:sentsOf[p+1]].
	sents   []sentence
	sentsOf []int32
	// memory, when set, remembers conversations for follow-ups.
	memory Conversations
	// docOf maps a passage to its document's index in kb.Docs; docTerms
	// holds each document's title, publisher and date year as sorted term
	// ids, so a question naming them can prefer that document.
	docOf    []int32
	docTerms [][]int32
	// docTopic holds each document's topic terms, sorted (topicTerms).
	docTopic [][]int32
	// titleWords are the term ids of every document's title, publisher
	// and year, sorted.
	titleWords []int32
	// context holds, per passage, the term ids of its heading and of its
	// document's title: words a sentence is understood with, though it
	// does not say them ("When does the community meet?" over "We hold a
	// voice meeting every other Thursday").
	context [][]int32
	// heads holds, per passage, the term ids of its heading alone.
	heads [][]int32
	// kindOf numbers the kinds (WordNet hypernyms) of the index's words;
	// wordKinds lists each word's, as written (see kinds.go).
	kindOf    map[string]int32
	wordKinds map[string][]int32
	// passageByID finds a passage by its stable id (conversation memory
	// keeps ids, which survive reloads).
	passageByID map[string]int32
	// verification is what verifying a model's drafts needs from this
	// knowledge (see verify.go), made on first use.
	verification func() *verification
}

// Option configures an Engine.
type Option func(*Engine)

// WithMemory lets the engine read follow-ups in the light of the
// conversation's last question. One memory (a Memory, or a store shared
// by several processes) is shared by the engines of successive reloads,
// so conversations survive them.
func WithMemory(m Conversations) Option { return func(e *Engine) { e.memory = m } }

// Threshold is the confidence an answer needs to be given.
func (e *Engine) Threshold() float32 { return e.threshold }

// WithThreshold sets the confidence an answer needs, in place of the one
// the development protocol chose (see the README); tests use it to reach
// answers the default would decline.
func WithThreshold(th float32) Option { return func(e *Engine) { e.threshold = th } }

// withCalibration sets the calibration in place of the one fitted on every
// question we have: the dev protocol answers a held-out document with the
// one fitted without it.
func withCalibration(c calibration) Option { return func(e *Engine) { e.cal = &c } }

// New indexes a knowledge base.
func New(kb *knowledge.Base, opts ...Option) *Engine {
	texts := make([]string, len(kb.Passages))
	for i, p := range kb.Passages {
		// The heading a passage sits under says what it is about ("When
		// does the community meet?"), so it is searched with the passage,
		// though never quoted.
		texts[i] = p.Text() + "\n" + p.Heading
		if !p.Doc.Date.IsZero() {
			// And so is the year the document was published in.
			texts[i] += "\n" + strconv.Itoa(p.Doc.Date.Year())
		}
	}
	// A document's title is no passage's text, but a question may name
	// the document by it: its words are terms, held by every sentence of
	// the document through docTerms.
	titles := make([]string, len(kb.Docs))
	for i, d := range kb.Docs {
		titles[i] = d.Title
	}
	e := &Engine{kb: kb, ix: search.BuildWithVocabulary(texts, titles), threshold: defaultThreshold, cal: &calibrated}
	e.verification = sync.OnceValue(func() *verification { return newVerification(kb) })
	for _, d := range kb.Docs {
		e.suggestions = append(e.suggestions, d.Examples...)
	}
	e.indexSentences()
	e.indexDocs()
	e.indexLists()
	e.indexKinds()
	for _, o := range opts {
		o(e)
	}
	return e
}

// Knowledge returns the base the engine answers from.
func (e *Engine) Knowledge() *knowledge.Base { return e.kb }

// Answer answers a question (already cleaned by CleanQuestion) from the
// knowledge base alone. It never fails for a well-formed question; ctx is
// there for the callers that wrap it with slower generators.
func (e *Engine) Answer(ctx context.Context, question string) (Answer, error) {
	return e.Ask(ctx, "", question)
}

// Ask answers a question asked in a conversation: with a Memory (see
// WithMemory), a follow-up is read in the light of the conversation's last
// question; without one, or with the empty key, every question stands alone.
func (e *Engine) Ask(ctx context.Context, conversation, question string) (Answer, error) {
	if err := ctx.Err(); err != nil {
		return Answer{}, fmt.Errorf("answer: %w", err)
	}
	a, conf := e.respondIn(ctx, conversation, question)
	a.Confidence = conf
	if a.Answered && conf < e.threshold {
		a = e.decline(a)
		a.Confidence = conf
	}
	return a, nil
}

// respond finds the best answer whatever its confidence, and the
// confidence; the caller compares it with the threshold. Keeping the two
// apart lets the evaluation sweep thresholds without answering again.
func (e *Engine) respond(question string) (Answer, float32) {
	return e.respondIn(context.Background(), "", question)
}

// respondIn is respond within a conversation: a follow-up is read in the
// light of the conversation's last question. A memory that fails (a shared
// store out of reach) only costs the context: the question is read alone,
// and the store reports its own failures.
func (e *Engine) respondIn(ctx context.Context, conversation, question string) (Answer, float32) {
	a, conf, _ := e.respondWith(ctx, conversation, question)
	return a, conf
}

// rememberScore is the hand-made score from which an answer's passages and
// name are remembered for a follow-up. Held out by fold of sets, it did as
// well as remembering them from the engine's threshold (2,446 against
// 2,422 by the protocol's count at 0.47; 0.6 did 2,439).
const rememberScore = 0.5

// respondWith is respondIn that also returns the evidence weighed, for the
// tests that fit the calibration.
func (e *Engine) respondWith(ctx context.Context, conversation, question string) (Answer, float32, evidence) {
	l := detector().Detect(question)
	if l.Lang != lang.English {
		return e.respondForeign(question, l.Lang)
	}
	if !l.Confident && lang.OtherScript(question) {
		// A language the bot has no words for: it says, in English, what
		// it can read, rather than that the knowledge lacks the answer.
		return e.notUnderstood(question, lang.English.Phrases()), 0, evidence{}
	}
	remembering := e.memory != nil && conversation != ""
	var prev string
	var near []string
	if remembering {
		prev, near, _ = e.memory.Last(ctx, conversation)
	}
	ev, resolved := e.examineIn(prev, e.passageIndexes(near), question)
	if remembering {
		var quoted []string
		// The passages are remembered when the hand-made score is sure of
		// them, not the calibration: the calibration is fitted on answers
		// to follow-ups, which would then depend on it, and boosted trees
		// refitted on answers they changed need not settle. An answer
		// declined outright (a name or the kind of fact asked for
		// missing) leaves nothing.
		if ev.signalled().ok && ev.score() >= rememberScore {
			for _, p := range ev.picks {
				quoted = append(quoted, e.kb.Passages[p.passage].ID)
			}
			resolved = e.withAnswerName(question, resolved, ev)
		}
		_ = e.memory.Remember(ctx, conversation, boundResolved(resolved), quoted)
	}
	a, conf := e.cite(question, ev)
	return a, conf, ev
}

// detector identifies the asker's language; built once, on first use.
var detector = sync.OnceValue(lang.NewDetector)

// respondForeign answers a question in another language from the words it
// shares with the knowledge, with the lead in that language. When those
// are too few, the reply, in that language, says that without a language
// model the bot understands English, and gives an English example: never
// "not covered" for a question it did not understand.
func (e *Engine) respondForeign(question string, l lang.Tag) (Answer, float32, evidence) {
	ev := e.examineForeign(question)
	a, conf := e.cite(question, ev)
	a.lang = l
	if !a.Answered {
		return e.decline(a), 0, evidence{}
	}
	a.Lead = l.Phrases().Lead
	a.Text = Render(a)
	return a, conf, ev
}

// decline turns an answer into the reply for a question the engine will
// not answer: not covered, or, for a question in another language, not
// understood.
func (e *Engine) decline(a Answer) Answer {
	if a.lang != "" && a.lang != lang.English {
		d := e.notUnderstood(a.Question, a.lang.Phrases())
		d.lang = a.lang
		return d
	}
	return e.notCovered(a)
}

// notUnderstood is the reply to a question in a language the engine cannot
// read without a language model.
func (e *Engine) notUnderstood(question string, ph lang.Phrases) Answer {
	a := Answer{Question: question, Mode: ModeExtractive, Citations: []Citation{}}
	a.SuggestionsIntro = ph.EnglishOnly
	a.Suggestions = []string{defaultExample}
	if len(e.suggestions) > 0 {
		a.Suggestions = e.suggestions[:1]
	}
	a.Text = Render(a)
	return a
}

// defaultExample is offered when no document gives examples of its own.
const defaultExample = "What does the knowledge say about …?"

// cite turns what examine found into an answer, whatever its confidence.
func (e *Engine) cite(question string, ev evidence) (Answer, float32) {
	a := Answer{Question: question, Mode: ModeExtractive, Citations: []Citation{}}
	if len(ev.picks) == 0 {
		return e.notCovered(a), 0
	}
	for _, s := range ev.picks {
		a.Citations = append(a.Citations, citationOf(e.kb.Passages[s.passage], s.span))
	}
	a.Citations = e.verified(a.Citations)
	if len(a.Citations) == 0 {
		return e.notCovered(a), 0
	}
	a.Answered = true
	a.Lead = e.lead(a.Citations)
	if part := ev.surePart(e.cal, e.threshold); part >= 0 {
		a.Lead = partLead(a.Lead, part)
	}
	a.Text = Render(a)
	return a, ev.confidence(e.cal)
}

// verified drops any citation whose quote is not exactly its source span.
// Extractive quotes are cut from the source, so this only ever fires on a
// bug; it is here so that no future change can skip it.
func (e *Engine) verified(cs []Citation) []Citation {
	out := cs[:0]
	for _, c := range cs {
		if e.kb.Verify(c.Source, c.Span, c.Quote) {
			out = append(out, c)
		}
	}
	return out
}

// lead introduces the quotes. With several documents loaded, "the
// briefing" would be wrong: the lead names the one document quoted, or
// speaks of the sources.
func (e *Engine) lead(cs []Citation) string {
	for _, c := range cs[1:] {
		if c.Source != cs[0].Source {
			return "Here is what the sources say:"
		}
	}
	if len(e.kb.Docs) > 1 {
		return "Here is what “" + cs[0].Title + "” says:"
	}
	return "Here is what the briefing says:"
}

// partLead is the lead of an answer to a question of two parts only one
// of which it is sure of (evidence.surePart): it says which, without
// repeating the asker's words.
func partLead(lead string, part int) string {
	sure, other := "first", "second"
	if part == 1 {
		sure, other = other, sure
	}
	return strings.TrimSuffix(lead, ":") + "; the quotes answer the " + sure + " part of your question, but I am not sure they answer the " + other + ":"
}

func (e *Engine) notCovered(a Answer) Answer {
	a.Answered = false
	a.Citations = []Citation{}
	a.Lead = "The briefing does not cover that, so I can't answer it."
	if len(e.kb.Docs) > 1 {
		a.Lead = "The knowledge does not cover that, so I can't answer it."
	}
	a.Suggestions = e.suggestions
	if len(a.Suggestions) > 3 {
		a.Suggestions = a.Suggestions[:3]
	}
	a.SuggestionsIntro = defaultSuggestionsIntro
	a.Text = Render(a)
	return a
}

const defaultSuggestionsIntro = "You could ask, for example:"

// Render writes an answer as plain text: the lead line, then each quote in
// quotation marks with its citation on the next line (and its marked
// translation, if any). White space inside a quote is collapsed for display
// only; the citation keeps the exact span.
func Render(a Answer) string {
	var b strings.Builder
	b.WriteString(a.Lead)
	if !a.Answered {
		if len(a.Suggestions) > 0 {
			intro := a.SuggestionsIntro
			if intro == "" {
				intro = defaultSuggestionsIntro
			}
			if a.Lead != "" {
				b.WriteString(" ")
			}
			b.WriteString(intro)
			for _, s := range a.Suggestions {
				b.WriteString("\n- ")
				b.WriteString(s)
			}
		}
		return b.String()
	}
	for _, c := range a.Citations {
		fmt.Fprintf(&b, "\n\n\"%s\"\n— %s", strings.Join(strings.Fields(c.Quote), " "), CitationLabel(c))
		if t := TranslationLine(c); t != "" {
			b.WriteString("\n" + t)
		}
	}
	return b.String()
}

// TranslationLine is how a quote's translation is shown: marked as one, in
// brackets, never in quotation marks. Empty when there is none.
func TranslationLine(c Citation) string {
	if c.Translation == "" {
		return ""
	}
	label := c.TranslationLabel
	if label == "" {
		label = "Translation"
	}
	return "(" + label + ": " + c.Translation + ")"
}

// citationOf cites the text at span, inside passage p.
func citationOf(p *knowledge.Passage, span knowledge.Span) Citation {
	c := Citation{
		Source:  p.Doc.Path,
		Title:   p.Doc.Title,
		Passage: p.ID,
		Quote:   string(p.Doc.Src[span.Start:span.End]),
		URL:     p.Doc.URL,
		Page:    p.Page,
		Number:  p.Number,
		Span:    span,
	}
	if p.Doc.Format != "" && p.Page == 0 {
		c.Section = p.Heading
	}
	return c
}

// LinkURL returns u when it is an absolute http or https address, the
// only links a citation may carry (the knowledge loader accepts nothing
// else; this is the last check before one is shown or sent), and ""
// otherwise.
func LinkURL(u string) string {
	p, err := url.Parse(u)
	if err != nil || p.Host == "" {
		return ""
	}
	if s := strings.ToLower(p.Scheme); s != "http" && s != "https" {
		return ""
	}
	return u
}

// CitationLabel is how a citation is named to people: the document's title
// and the page ("p. 7") or section its quote is in, for extracted
// documents, else the passage's number in it ("¶4"), which the knowledge
// page shows moderators.
func CitationLabel(c Citation) string {
	return c.Title + ", " + CitationPlace(c)
}

// CitationPlace is where in its document a citation's quote is: "p. 7",
// "“Section”" or "¶4" (see CitationLabel).
func CitationPlace(c Citation) string {
	switch {
	case c.Page > 0:
		return fmt.Sprintf("p. %d", c.Page)
	case c.Section != "":
		return "“" + c.Section + "”"
	}
	return fmt.Sprintf("¶%d", c.Number)
}

// Asker answers a question asked in a conversation. The conversation key
// (platform, chat and thread) lets an implementation read a follow-up in
// the light of earlier turns (Engine does so with a Memory).
type Asker interface {
	Ask(ctx context.Context, conversation, question string) (Answer, error)
}

// ErrUnverified is returned by Check for an answer holding a quote that is
// not exactly in the knowledge.
var ErrUnverified = errors.New("answer holds an unverified quote")

// Check is the gate every answer passes before it is sent, whatever made
// it: each citation must be exactly its span of a file of this engine's
// knowledge, and must appear in the reply text (white space aside).
func (e *Engine) Check(a Answer) error {
	text := strings.Join(strings.Fields(a.Text), " ")
	for _, c := range a.Citations {
		if !e.kb.Verify(c.Source, c.Span, c.Quote) {
			return fmt.Errorf("%w: %s passage %s", ErrUnverified, c.Source, c.Passage)
		}
		if !strings.Contains(text, strings.Join(strings.Fields(c.Quote), " ")) {
			return fmt.Errorf("%w: %s passage %s is cited but not in the reply", ErrUnverified, c.Source, c.Passage)
		}
	}
	return nil
}
