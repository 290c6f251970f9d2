package answer

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"

	"iccbot/internal/knowledge"
)

// Answering with a language model. The model drafts; this package decides
// what reaches people. The model is given the passages retrieval found and
// asked for a short answer plus quotes that name their passage; its draft
// is then verified (see verify.go): quotes are located and replaced by the
// exact source span, its own sentences are kept only where a verified
// quote supports them, translations only where they keep their quote's
// facts. A draft left without a verified quote, and every failure of the
// model (down, slow, rate-limited, nonsense), gives the extractive answer
// instead, marked extractive-fallback; so does a "not covered" from the
// model for a question the engine answers with confidence, and every
// question still waiting on the model when the process stops.

// Drafter is what answering with a language model needs from the model
// (internal/llm provides one). Nothing it returns is trusted: Generated
// verifies every quote, sentence and translation of a draft. An error it
// returns may name its cause for metrics with a method Reason() string
// ("busy", "status_429"); those are short fixed words, never error text.
type Drafter interface {
	// Restate restates a follow-up (in the light of the conversation's
	// earlier turns) or a question in another language as a standalone
	// English question, for retrieval, and tells the asker's language.
	Restate(ctx context.Context, req RestateRequest) (Restatement, error)
	// Draft drafts an answer to a question from the passages given.
	Draft(ctx context.Context, req DraftRequest) (Draft, error)
}

// RestateRequest is a question to restate on its own.
type RestateRequest struct {
	Question string // as asked
	History  []Turn // the conversation's earlier turns, oldest first
}

// Restatement is a Drafter's reading of a question.
type Restatement struct {
	// Query is the question restated; "" when the model gave none. It is
	// cleaned like a question (CleanQuestion) before retrieval uses it.
	Query string
	// Language is the asker's language as a lower-case ISO 639-1 code
	// ("es"), or "" when unknown.
	Language string
}

// DraftRequest is what a model drafts an answer from.
type DraftRequest struct {
	// Question is the question as asked; Query is the same question
	// restated on its own in English, or Question when it needed no
	// restating.
	Question, Query string
	// Passages are the passages to answer from; the model refers to them
	// by their position, from 1.
	Passages []*knowledge.Passage
}

// Draft is a model's answer as read from its reply; nothing in it has been
// checked.
type Draft struct {
	// NotCovered: the model said the passages do not answer the question.
	NotCovered bool
	// Language is the asker's language as the model tells it (a lower-case
	// ISO 639-1 code), or "".
	Language string
	// Lead is the model's answer in its own words.
	Lead string
	// Quotes are the quotes it backs the answer with.
	Quotes []DraftQuote
	// Instructions are the texts that told the model what to do (its
	// system prompts): a sentence that repeats them is the prompt leaking,
	// and is dropped.
	Instructions []string
}

// DraftQuote is one quote of a draft.
type DraftQuote struct {
	Passage     int // the passage's position in DraftRequest.Passages, from 1; 0 when not given
	Text        string
	Translation string // into the asker's language, when not English
}

// Turn is one exchange of a conversation, remembered for reading
// follow-ups.
type Turn struct {
	Question string // the question as restated on its own (in English)
	Answer   string // a short form of the reply
}

// History remembers the last turns of conversations (internal/llm keeps
// them in process memory; a store shared by several processes is
// another). The empty key is no conversation.
type History interface {
	// Recent returns a conversation's remembered turns, oldest first.
	Recent(ctx context.Context, conversation string) ([]Turn, error)
	// Add remembers a turn.
	Add(ctx context.Context, conversation string, t Turn) error
}

// ModelObserver is told what happens to questions answered with a model,
// for metrics; the metrics package satisfies it. Reasons and kinds are
// short fixed words, never error text.
type ModelObserver interface {
	// ObserveLLMError: a question got the extractive answer instead of
	// the model's, for reason (timeout, busy, status_429, unusable,
	// shutdown…).
	ObserveLLMError(reason string)
	// ObserveLLMOverruled: the model said the knowledge does not cover a
	// question that the extractive engine answers with confidence, and
	// the engine's answer was given.
	ObserveLLMOverruled()
	// ObserveLLMDropped: verification took n things of one kind out of a
	// model's draft: "quote" (not found in the knowledge), "sentence" (of
	// the model's own, unsupported) or "translation".
	ObserveLLMDropped(kind string, n int)
}

type noObserver struct{}

func (noObserver) ObserveLLMError(string)        {}
func (noObserver) ObserveLLMOverruled()          {}
func (noObserver) ObserveLLMDropped(string, int) {}

// Defaults for the zero values of GeneratedConfig.
const (
	DefaultModelTimeout  = 20 * time.Second
	DefaultModelPassages = 5
	DefaultLogEvery      = time.Minute
)

// GeneratedConfig sets up Generated. Zero values take the defaults above.
type GeneratedConfig struct {
	// Timeout bounds all the model work for one question. When it runs
	// out the extractive answer is given instead.
	Timeout time.Duration
	// Passages is how many retrieved passages the model is given.
	Passages int
	// History, when set, remembers conversations so that follow-ups are
	// restated in their light; without it every question stands alone.
	History History
	// Observer, when set, is told what happened to questions, for metrics.
	Observer ModelObserver
	// Log receives the reasons for answering without the model, each at
	// most once per LogEvery, with a count.
	Log      *slog.Logger
	LogEvery time.Duration
	// Now is the time for that (default: time.Now).
	Now func() time.Time
}

// overruleMargin is how far above the engine's threshold its confidence
// must be for its answer to overrule the model's "not covered": the model
// read the passages and said no, so agreeing with the engine's bare bar
// is not enough.
const overruleMargin = 0.1

// maxExtraPassages is how many passages the question as asked may add to
// those found for its restatement: names and words the restatement lost.
const maxExtraPassages = 2

// Generated answers with a language model's drafts, verified, and falls
// back to the extractive engine. It implements Asker and is safe for
// concurrent use.
type Generated struct {
	drafter Drafter
	engine  func() *Engine
	cfg     GeneratedConfig
	log     *slog.Logger
	warn    *aggregator

	// stopping is cancelled by Stop: every call to the model ends, and
	// its question gets the extractive answer.
	stopping context.Context
	stop     context.CancelCauseFunc

	mu        sync.Mutex
	leakTexts []string // the instructions leak was made from
	leak      *leakSet
}

var _ Asker = (*Generated)(nil)

// NewGenerated makes a Generated. engine returns the knowledge in use, so
// that reloads take effect from the next question on; it may return nil
// while none is loaded.
func NewGenerated(d Drafter, engine func() *Engine, cfg GeneratedConfig) *Generated {
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultModelTimeout
	}
	if cfg.Passages <= 0 {
		cfg.Passages = DefaultModelPassages
	}
	if cfg.LogEvery <= 0 {
		cfg.LogEvery = DefaultLogEvery
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Observer == nil {
		cfg.Observer = noObserver{}
	}
	log := cfg.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	stopping, stop := context.WithCancelCause(context.Background())
	return &Generated{
		drafter:  d,
		engine:   engine,
		cfg:      cfg,
		log:      log,
		warn:     newAggregator(log, cfg.Now, cfg.LogEvery),
		stopping: stopping,
		stop:     stop,
	}
}

// Stop tells the answerer that the process is stopping: questions waiting
// on the model, for a slot or for its reply, get the extractive answer at
// once instead of being dropped when their time runs out, and later
// questions do not go to the model. It also logs the warnings held back
// for aggregation. It may be called more than once.
func (g *Generated) Stop() {
	g.stop(errStopping)
	g.warn.flush()
}

// modelContext returns the context of one question's calls to the model,
// ended by ctx (the asker gone, or its deadline) and by Stop. It is a
// child of stopping, so that Stop ends every call at once, before it
// returns: a child of ctx ended by a context.AfterFunc on stopping let a
// question waiting for a slot take the one a call Stop ended had freed,
// and reach the model after Stop.
func (g *Generated) modelContext(ctx context.Context) (context.Context, func()) {
	mc, cancel := context.WithCancelCause(g.stopping)
	unwatch := context.AfterFunc(ctx, func() { cancel(context.Cause(ctx)) })
	end := func() { unwatch(); cancel(nil) }
	if dl, ok := ctx.Deadline(); ok {
		dc, dcancel := context.WithDeadline(mc, dl)
		return dc, func() { dcancel(); end() }
	}
	return mc, end
}

var (
	// errStopping is the cause given to calls to the model that Stop ended.
	errStopping = errors.New("answer: the process is stopping")
	// errUnusable marks a draft that arrived but held no verified quote.
	errUnusable = errors.New("no verified quote")
)

// modelState is what one question went through, for the fallback and the
// logs.
type modelState struct {
	query     string // the question as sent to retrieval
	lang      string // the asker's language, when the model told it
	rewritten bool
	passages  int
	drops     drops
	// overruled: the model said not covered, and the engine's confident
	// answer was given instead.
	overruled bool
}

// Ask answers a question (cleaned by CleanQuestion) asked in a
// conversation (a key such as platform, chat and thread; "" for none). It
// returns an error only when no knowledge is loaded, or when ctx is
// cancelled (the asker went away) while the process is not stopping; every
// failure of the model, ctx's deadline and Stop give the extractive answer.
func (g *Generated) Ask(ctx context.Context, conversation, question string) (Answer, error) {
	e := g.engine()
	if e == nil {
		return Answer{}, errors.New("answer: no knowledge loaded")
	}
	if err := ctx.Err(); errors.Is(err, context.Canceled) && g.stopping.Err() == nil {
		return Answer{}, fmt.Errorf("answer: %w", err)
	}
	start := g.cfg.Now()
	var history []Turn
	if g.cfg.History != nil {
		// A history out of reach costs the context only: the question is
		// read alone (a shared store reports its own failures).
		history, _ = g.cfg.History.Recent(ctx, conversation)
	}

	var (
		out Answer
		st  = modelState{query: question}
		err error
	)
	switch {
	case g.stopping.Err() != nil:
		err = errStopping
	case ctx.Err() != nil:
		err = fmt.Errorf("answer: no time left: %w", ctx.Err())
	default:
		modelCtx, end := g.modelContext(ctx)
		tctx, tcancel := context.WithTimeout(modelCtx, g.cfg.Timeout)
		out, st, err = g.generate(tctx, e, question, history)
		tcancel()
		if err != nil && errors.Is(context.Cause(modelCtx), errStopping) {
			err = fmt.Errorf("%w: %w", errStopping, err)
		}
		end()
	}
	g.observeDrops(st.drops)
	if err != nil {
		if ctx.Err() != nil && !errors.Is(ctx.Err(), context.DeadlineExceeded) && g.stopping.Err() == nil {
			return Answer{}, fmt.Errorf("answer: %w", ctx.Err())
		}
		reason := errorReason(err)
		switch reason {
		case "unusable":
			g.warn.add(slog.LevelInfo, reason, "LLM answer unusable, answering extractively", "quotes_dropped", st.drops.quotes)
		case "shutdown":
			g.warn.add(slog.LevelInfo, reason, "stopping: answering extractively instead of waiting for the LLM")
		default:
			// The Drafter's errors are fit for the log: no key, and no
			// question quoted back by a service.
			g.warn.add(slog.LevelWarn, reason, "LLM unavailable, answering extractively", "err", err.Error())
		}
		g.cfg.Observer.ObserveLLMError(reason)
		// The engine answers in microseconds and needs no time left: a
		// question whose time ran out, or that the process is stopping
		// under, still gets its answer.
		out, err = e.Answer(context.WithoutCancel(ctx), st.query)
		if err != nil {
			return Answer{}, err
		}
		out.Question = question
		out.Mode = ModeExtractiveFallback
		out = localised(out, st.lang)
	}
	if st.overruled {
		g.warn.add(slog.LevelInfo, "overruled", "the LLM said not covered; the extractive answer is confident, giving it")
		g.cfg.Observer.ObserveLLMOverruled()
	}
	if g.cfg.History != nil {
		_ = g.cfg.History.Add(context.WithoutCancel(ctx), conversation, Turn{Question: st.query, Answer: summary(out)})
	}
	g.log.Debug("answered", "mode", out.Mode, "answered", out.Answered, "passages", st.passages,
		"quotes", len(out.Citations), "quotes_dropped", st.drops.quotes, "sentences_dropped", st.drops.sentences,
		"translations_dropped", st.drops.translations, "rewritten", st.rewritten,
		"history", len(history), "duration", g.cfg.Now().Sub(start))
	return out, nil
}

func (g *Generated) observeDrops(d drops) {
	for _, k := range []struct {
		kind string
		n    int
	}{{"quote", d.quotes}, {"sentence", d.sentences}, {"translation", d.translations}} {
		if k.n > 0 {
			g.cfg.Observer.ObserveLLMDropped(k.kind, k.n)
		}
	}
}

// errorReason names a failure for metrics, with a fixed small vocabulary.
func errorReason(err error) string {
	var r interface{ Reason() string }
	switch {
	case errors.Is(err, errStopping):
		return "shutdown"
	case errors.Is(err, errUnusable):
		return "unusable"
	case errors.Is(err, context.DeadlineExceeded):
		return "timeout"
	case errors.As(err, &r):
		return r.Reason()
	}
	return "error"
}

func (g *Generated) generate(ctx context.Context, e *Engine, question string, history []Turn) (Answer, modelState, error) {
	st := modelState{query: question}
	if len(history) > 0 || !looksEnglish(question) {
		rw, err := g.drafter.Restate(ctx, RestateRequest{Question: question, History: history})
		if err != nil {
			return Answer{}, st, fmt.Errorf("restating the question: %w", err)
		}
		if q := restated(rw.Query, question); q != "" {
			st.query, st.rewritten = q, q != question
		}
		st.lang = rw.Language
	}

	sent := g.retrieve(e, question, st.query)
	st.passages = len(sent)
	if len(sent) == 0 {
		return modelNotCovered(e, question, st.lang), st, nil
	}
	d, err := g.drafter.Draft(ctx, DraftRequest{Question: question, Query: st.query, Passages: sent})
	if err != nil {
		return Answer{}, st, err
	}
	if d.Language != "" {
		st.lang = d.Language
	}
	if d.NotCovered {
		// The model may be wrong: when the engine answers with confidence
		// to spare, its answer is given.
		ex, err := e.Answer(context.WithoutCancel(ctx), st.query)
		if err == nil && ex.Answered && ex.Confidence >= e.Threshold()+overruleMargin {
			st.overruled = true
			ex.Question = question
			ex.Mode = ModeExtractiveFallback
			return localised(ex, st.lang), st, nil
		}
		return modelNotCovered(e, question, st.lang), st, nil
	}
	v := e.newVerifier(sent, g.leakSet(d.Instructions), st.lang)
	cs, lead := v.draft(d)
	st.drops = v.dropped
	if len(cs) == 0 {
		return Answer{}, st, errUnusable
	}
	if lead == "" {
		if v.english() {
			lead = englishLead(cs)
		} else {
			ph, _ := phrasesFor(st.lang)
			lead = ph.Lead
		}
	}
	out := Answer{
		Question:  question,
		Answered:  true,
		Citations: make([]Citation, len(cs)),
		Mode:      ModeLLM,
		Lead:      lead,
	}
	for i, c := range cs {
		out.Citations[i] = c.Citation
		if c.Translation != "" {
			out.Citations[i].Translation = c.Translation
			out.Citations[i].TranslationLabel = machineTranslationLabel(st.lang)
		}
	}
	out.Text = Render(out)
	return out, st, nil
}

// restated returns a model's restatement of question cleaned for
// retrieval, or "" when it is unusable or far longer than the question
// (not a restatement).
func restated(query, question string) string {
	q, err := CleanQuestion(query)
	if err != nil || len(q) > 4*len(question)+200 {
		return ""
	}
	return q
}

// leakSet returns the runs of words of a draft's instructions, made once
// per set of them.
func (g *Generated) leakSet(texts []string) *leakSet {
	if len(texts) == 0 {
		return nil
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.leak == nil || !slices.Equal(texts, g.leakTexts) {
		g.leak, g.leakTexts = newLeakSet(texts...), texts
	}
	return g.leak
}

// retrieve returns the passages for the model: those found for the
// question as restated, and up to maxExtraPassages more for the question
// as asked.
func (g *Generated) retrieve(e *Engine, question, query string) []*knowledge.Passage {
	sent := e.Passages(query, g.cfg.Passages)
	if query == question {
		return sent
	}
	extra := 0
	for _, p := range e.Passages(question, g.cfg.Passages) {
		if extra == maxExtraPassages {
			break
		}
		if !slices.Contains(sent, p) {
			sent = append(sent, p)
			extra++
		}
	}
	return sent
}

// modelNotCovered is the engine's "not covered" reply, in the asker's
// language when we have its words; the example questions stay as the
// knowledge writes them.
func modelNotCovered(e *Engine, question, l string) Answer {
	nc := e.NotCovered(question)
	nc.Mode = ModeLLM
	return localised(nc, l)
}

// localised gives an extractive answer the asker's language where the
// bot has the words: the lead, or the not-covered notice. The quotes and
// the example questions stay as the knowledge writes them.
func localised(a Answer, l string) Answer {
	ph, ok := phrasesFor(l)
	if !ok {
		return a
	}
	if a.Answered {
		a.Lead = ph.Lead
	} else {
		a.Lead = ph.NotCovered
		a.SuggestionsIntro = ph.Examples
	}
	a.Text = Render(a)
	return a
}

// summaryRunes bounds what History keeps of an answer.
const summaryRunes = 300

// summary is what History keeps of an answer for reading follow-ups: the
// lead and the first quote.
func summary(a Answer) string {
	if !a.Answered || len(a.Citations) == 0 {
		return "(The documents do not cover this.)"
	}
	return truncateRunes(collapse(a.Lead+" "+a.Citations[0].Quote), summaryRunes)
}
