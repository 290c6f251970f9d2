// Package llm answers questions with a language model behind an
// OpenAI-compatible API (OpenAI, Ollama, vLLM, LiteLLM, llama.cpp's server),
// under one rule: nothing the model writes reaches anyone unverified.
//
// The model is given the passages retrieval found and asked for a short
// answer plus quotes that name their passage. Each quote is then located in
// the knowledge (forgiving only typography: white space, quote marks,
// dashes, ellipses, case), widened to the whole sentences it touches, and
// replaced by the exact source span; quotes that cannot be found are
// dropped. Each sentence of the model's own answer is kept only if one of
// the verified quotes supports it (its numbers, months, names, negations
// and content words; see supported); text it puts in quotation marks is a
// quote like the others. Translations of quotes are kept only when they
// keep the quote's numbers, months and names and fit its length and the
// asker's script, and are labelled as machine translations. An answer left
// without a verified quote, and every failure of the model (down, slow,
// rate-limited, nonsense), gives the extractive answer instead, marked
// extractive-fallback; so does a "not covered" from the model for a
// question the extractive engine answers with confidence, and every
// question still waiting on the model when the process stops.
//
// What goes to the provider: the question (restated, for follow-ups, with
// the conversation's last few questions and answers) and the retrieved
// passages. Nothing about who asked.
package llm

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"iccbot/internal/answer"
	"iccbot/internal/clock"
	"iccbot/internal/knowledge"
	"iccbot/internal/lang"
	"iccbot/internal/prompts"
)

// Defaults for the zero values of Config.
const (
	DefaultTimeout             = 20 * time.Second
	DefaultMaxConcurrent       = 4
	DefaultMaxRetryWait        = 5 * time.Second
	DefaultMemoryTurns         = 3
	DefaultMemoryTTL           = 30 * time.Minute
	DefaultMemoryConversations = 10000
	DefaultPassages            = 5
	DefaultMaxTokens           = 800
)

// Config sets up an Answerer. Zero values take the defaults above.
type Config struct {
	// BaseURL is the server's API root; empty means OpenAI. "/v1" is added
	// when the URL does not end in a version already.
	BaseURL string
	// APIKey is sent as a bearer token; local servers accept any value.
	APIKey string
	// Model is the chat model's name on that server (required).
	Model string
	// Timeout bounds all the model work for one question: the requests,
	// the retry and its wait. When it runs out the extractive answer is
	// given instead.
	Timeout time.Duration
	// MaxConcurrent bounds requests to the model in flight at once.
	MaxConcurrent int
	// MaxWaiting bounds requests waiting for one of those slots; beyond it
	// questions get the extractive answer at once. Zero takes the default,
	// MaxConcurrent; a negative value means none may wait.
	MaxWaiting int
	// MaxRetryWait is the longest Retry-After honoured; a longer one means
	// no retry.
	MaxRetryWait time.Duration
	// MemoryTurns, MemoryTTL and MemoryConversations bound the conversation
	// memory used to read follow-ups: turns kept per conversation, how long
	// a turn is remembered, and how many conversations are kept.
	MemoryTurns         int
	MemoryTTL           time.Duration
	MemoryConversations int
	// Passages is how many retrieved passages the model is given.
	Passages int
	// MaxTokens bounds the length of the model's reply.
	MaxTokens int

	// Observer, when set, is told what happened to questions, for metrics.
	Observer Observer
	// LogEvery is how often, at most, each reason for answering without
	// the model is logged, with a count (default: DefaultLogEvery).
	LogEvery time.Duration

	// HTTPClient sends the requests (default: a plain http.Client).
	HTTPClient *http.Client
	// Clock is the time for memory and retry waits (default: real time).
	Clock Clock
}

func (c Config) withDefaults() Config {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	defDur := func(v *time.Duration, d time.Duration) {
		if *v <= 0 {
			*v = d
		}
	}
	defDur(&c.Timeout, DefaultTimeout)
	def(&c.MaxConcurrent, DefaultMaxConcurrent)
	switch {
	case c.MaxWaiting == 0:
		c.MaxWaiting = c.MaxConcurrent
	case c.MaxWaiting < 0:
		c.MaxWaiting = 0
	}
	defDur(&c.LogEvery, DefaultLogEvery)
	defDur(&c.MaxRetryWait, DefaultMaxRetryWait)
	def(&c.MemoryTurns, DefaultMemoryTurns)
	defDur(&c.MemoryTTL, DefaultMemoryTTL)
	def(&c.MemoryConversations, DefaultMemoryConversations)
	def(&c.Passages, DefaultPassages)
	def(&c.MaxTokens, DefaultMaxTokens)
	if c.Clock == nil {
		c.Clock = clock.Real{}
	}
	if c.Observer == nil {
		c.Observer = noObserver{}
	}
	return c
}

// Observer is told what happens to questions, for metrics; the metrics
// package satisfies it. Reasons and kinds are short fixed words, never
// error text.
type Observer interface {
	// ObserveLLMError: a question got the extractive answer instead of
	// the model's, for reason (timeout, busy, status_429, unusable,
	// shutdown…).
	ObserveLLMError(reason string)
	// ObserveLLMOverruled: the model said the knowledge does not cover a
	// question that the extractive engine answers with confidence, and
	// the engine's answer was given.
	ObserveLLMOverruled()
	// ObserveLLMDropped: verification took n things of one kind out of a
	// model's reply: "quote" (not found in the knowledge), "sentence" (of
	// the model's own, unsupported) or "translation".
	ObserveLLMDropped(kind string, n int)
}

type noObserver struct{}

func (noObserver) ObserveLLMError(string)        {}
func (noObserver) ObserveLLMOverruled()          {}
func (noObserver) ObserveLLMDropped(string, int) {}

// overruleMargin is how far above the engine's threshold its confidence
// must be for its answer to overrule the model's "not covered": the model
// read the passages and said no, so agreeing with the engine's bare bar
// is not enough.
const overruleMargin = 0.1

// Answerer answers with a language model and falls back to the extractive
// engine. It implements answer.Asker and is safe for concurrent use.
type Answerer struct {
	cfg       Config
	engine    func() *answer.Engine
	promptsFn func() *prompts.Set
	log       *slog.Logger
	client    *client
	memory    *memory
	warn      *aggregator
	detector  func() *lang.Detector

	// stopping is cancelled by Stop: every call to the model ends, and
	// its question gets the extractive answer.
	stopping context.Context
	stop     context.CancelFunc

	mu      sync.Mutex
	prompts promptSet    // the templates in use
	badSet  *prompts.Set // the last set refused, so it is reported once
	kb      *kbIndex
}

// promptSet is a checked set of templates and what is derived from it.
type promptSet struct {
	set *prompts.Set
	// leak holds runs of words from the system prompts: a reply sentence
	// that repeats one is the prompt leaking and is dropped.
	leak *leakSet
}

var _ answer.Asker = (*Answerer)(nil)

// New makes an Answerer. engine and prompts return the knowledge and the
// templates in use, so that reloads take effect from the next question on.
// The templates must pass CheckPrompts: at start-up any problem is
// returned as an error naming the file and line; a later set with problems
// is logged and the previous one kept.
func New(cfg Config, engine func() *answer.Engine, prompts func() *prompts.Set, log *slog.Logger) (*Answerer, error) {
	if cfg.Model == "" {
		return nil, errors.New("llm: no model named")
	}
	if engine == nil || prompts == nil {
		return nil, errors.New("llm: no engine or prompts")
	}
	ps, err := checkedPrompts(prompts())
	if err != nil {
		return nil, err
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	cfg = cfg.withDefaults()
	stopping, stop := context.WithCancel(context.Background())
	return &Answerer{
		cfg:       cfg,
		engine:    engine,
		promptsFn: prompts,
		log:       log,
		client:    newClient(cfg),
		memory:    newMemory(cfg.Clock, cfg.MemoryTurns, cfg.MemoryTTL, cfg.MemoryConversations),
		warn:      newAggregator(log, cfg.Clock, cfg.LogEvery),
		detector:  sync.OnceValue(lang.NewDetector),
		stopping:  stopping,
		stop:      stop,
		prompts:   ps,
	}, nil
}

// Stop tells the answerer that the process is stopping: questions waiting
// on the model, for a slot or for its reply, get the extractive answer at
// once instead of being dropped when their time runs out, and later
// questions do not go to the model. It also logs the warnings held back
// for aggregation. It may be called more than once.
func (a *Answerer) Stop() {
	a.stop()
	a.warn.flush()
}

// errStopping is the cause given to calls to the model that Stop ended.
var errStopping = errors.New("llm: the process is stopping")

// checkedPrompts checks a set and derives what answering needs from it.
func checkedPrompts(set *prompts.Set) (promptSet, error) {
	if problems := CheckPrompts(set); len(problems) > 0 {
		errs := make([]error, len(problems))
		for i, p := range problems {
			errs[i] = errors.New(p.String())
		}
		return promptSet{}, fmt.Errorf("llm: prompts: %w", errors.Join(errs...))
	}
	var texts []string
	for _, name := range []string{TemplateSystem, TemplateRewriteSystem} {
		text, err := render(set, name, PromptData{Tag: "data"})
		if err != nil {
			return promptSet{}, err
		}
		texts = append(texts, text)
	}
	ps := promptSet{set: set, leak: newLeakSet(texts...)}
	return ps, nil
}

// currentPrompts returns the templates to use, taking up a reloaded set
// if it passes the checks.
func (a *Answerer) currentPrompts() promptSet {
	set := a.promptsFn()
	a.mu.Lock()
	defer a.mu.Unlock()
	if set == nil || set == a.prompts.set || set == a.badSet {
		return a.prompts
	}
	ps, err := checkedPrompts(set)
	if err != nil {
		a.badSet = set
		a.log.Warn("reloaded prompts cannot be used; keeping the previous ones", "err", err)
		return a.prompts
	}
	a.prompts = ps
	return ps
}

// Ask answers a question (cleaned by answer.CleanQuestion) asked in a
// conversation (a key such as platform, chat and thread; "" for none). It
// returns an error only when no knowledge is loaded, or when ctx is
// cancelled (the asker went away) while the process is not stopping; every
// failure of the model, ctx's deadline and Stop give the extractive answer.
func (a *Answerer) Ask(ctx context.Context, conversation, question string) (answer.Answer, error) {
	e := a.engine()
	if e == nil {
		return answer.Answer{}, errors.New("llm: no knowledge loaded")
	}
	if err := ctx.Err(); errors.Is(err, context.Canceled) && a.stopping.Err() == nil {
		return answer.Answer{}, fmt.Errorf("llm: %w", err)
	}
	start := time.Now()
	history := a.memory.recent(conversation)

	var (
		out answer.Answer
		st  = state{query: question}
		err error
	)
	switch {
	case a.stopping.Err() != nil:
		err = errStopping
	case ctx.Err() != nil:
		err = fmt.Errorf("llm: no time left: %w", ctx.Err())
	default:
		llmCtx, cancel := context.WithCancelCause(ctx)
		unwatch := context.AfterFunc(a.stopping, func() { cancel(errStopping) })
		tctx, tcancel := context.WithTimeout(llmCtx, a.cfg.Timeout)
		out, st, err = a.generate(tctx, e, question, history)
		tcancel()
		unwatch()
		if err != nil && errors.Is(context.Cause(llmCtx), errStopping) {
			err = fmt.Errorf("%w: %w", errStopping, err)
		}
		cancel(nil)
	}
	a.observeDrops(st.drops)
	if err != nil {
		if ctx.Err() != nil && !errors.Is(ctx.Err(), context.DeadlineExceeded) && a.stopping.Err() == nil {
			return answer.Answer{}, fmt.Errorf("llm: %w", ctx.Err())
		}
		reason := errorReason(err)
		switch reason {
		case "unusable":
			a.warn.add(slog.LevelInfo, reason, "LLM answer unusable, answering extractively", "quotes_dropped", st.drops.quotes)
		case "shutdown":
			a.warn.add(slog.LevelInfo, reason, "stopping: answering extractively instead of waiting for the LLM")
		default:
			a.warn.add(slog.LevelWarn, reason, "LLM unavailable, answering extractively", "err", briefError(err))
		}
		a.cfg.Observer.ObserveLLMError(reason)
		// The engine answers in microseconds and needs no time left: a
		// question whose time ran out, or that the process is stopping
		// under, still gets its answer.
		out, err = e.Answer(context.WithoutCancel(ctx), st.query)
		if err != nil {
			return answer.Answer{}, err
		}
		out.Question = question
		out.Mode = answer.ModeExtractiveFallback
		out = localised(out, st.lang)
	}
	if st.overruled {
		a.warn.add(slog.LevelInfo, "overruled", "the LLM said not covered; the extractive answer is confident, giving it")
		a.cfg.Observer.ObserveLLMOverruled()
	}
	a.memory.add(conversation, Turn{Question: st.query, Answer: summary(out)})
	a.log.Debug("answered", "mode", out.Mode, "answered", out.Answered, "passages", st.passages,
		"quotes", len(out.Citations), "quotes_dropped", st.drops.quotes, "sentences_dropped", st.drops.sentences,
		"translations_dropped", st.drops.translations, "rewritten", st.rewritten,
		"history", len(history), "duration", time.Since(start))
	return out, nil
}

func (a *Answerer) observeDrops(d drops) {
	for _, k := range []struct {
		kind string
		n    int
	}{{"quote", d.quotes}, {"sentence", d.sentences}, {"translation", d.translations}} {
		if k.n > 0 {
			a.cfg.Observer.ObserveLLMDropped(k.kind, k.n)
		}
	}
}

// localised gives an extractive answer the asker's language where the
// bot has the words: the lead, or the not-covered notice. The quotes and
// the example questions stay as the knowledge writes them.
func localised(a answer.Answer, l string) answer.Answer {
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
	a.Text = answer.Render(a)
	return a
}

// briefError is err fit for the log. A service's message says what is
// wrong (a bad key, an unknown model, a quota) except after a malformed
// request (400, 422), where it may quote the request, and so the question:
// then only the status is kept.
func briefError(err error) string {
	var se *StatusError
	if errors.As(err, &se) && (se.Code == http.StatusBadRequest || se.Code == http.StatusUnprocessableEntity) {
		return fmt.Sprintf("llm: status %d", se.Code)
	}
	return err.Error()
}

// errorReason names a failure for metrics, with a fixed small vocabulary.
func errorReason(err error) string {
	var se *StatusError
	switch {
	case errors.Is(err, errStopping):
		return "shutdown"
	case errors.Is(err, errUnusable):
		return "unusable"
	case errors.Is(err, ErrBusy):
		return "busy"
	case errors.Is(err, context.DeadlineExceeded):
		return "timeout"
	case errors.As(err, &se):
		return fmt.Sprintf("status_%d", se.Code)
	}
	return "error"
}

// errUnusable marks a reply that arrived but could not be used.
var errUnusable = errors.New("no verified quote")

// state is what one question went through, for the fallback and the logs.
type state struct {
	query     string // the question as sent to retrieval
	lang      string // the asker's language, when the model told it
	rewritten bool
	passages  int
	drops     drops
	// overruled: the model said not covered, and the engine's confident
	// answer was given instead.
	overruled bool
}

func (a *Answerer) generate(ctx context.Context, e *answer.Engine, question string, history []Turn) (answer.Answer, state, error) {
	st := state{query: question}
	ps := a.currentPrompts()
	if len(history) > 0 || !looksEnglish(question) {
		rw, err := a.rewrite(ctx, ps.set, question, history)
		if err != nil {
			return answer.Answer{}, st, fmt.Errorf("restating the question: %w", err)
		}
		if rw.Query != "" {
			st.query, st.rewritten = rw.Query, rw.Query != question
		}
		st.lang = normLang(rw.Language)
	}

	sent := a.retrieve(e, question, st.query)
	st.passages = len(sent)
	if len(sent) == 0 {
		return notCovered(e, question, st.lang), st, nil
	}
	data := PromptData{Tag: newTag(), Question: question, Query: st.query}
	for i, p := range sent {
		data.Passages = append(data.Passages, PromptPassage{N: i + 1, Title: p.Doc.Title, Heading: p.Heading, Text: p.Text()})
	}
	system, err := render(ps.set, TemplateSystem, data)
	if err != nil {
		return answer.Answer{}, st, err
	}
	user, err := render(ps.set, TemplateAnswer, data)
	if err != nil {
		return answer.Answer{}, st, err
	}
	content, err := a.client.complete(ctx, system, user, true)
	if err != nil {
		return answer.Answer{}, st, err
	}

	r := parseReply(content)
	if l := normLang(r.Language); l != "" {
		st.lang = l
	}
	if r.Covered != nil && !*r.Covered {
		// The model may be wrong: when the engine answers with confidence
		// to spare, its answer is given.
		ex, err := e.Answer(context.WithoutCancel(ctx), st.query)
		if err == nil && ex.Answered && ex.Confidence >= e.Threshold()+overruleMargin {
			st.overruled = true
			ex.Question = question
			ex.Mode = answer.ModeExtractiveFallback
			return localised(ex, st.lang), st, nil
		}
		return notCovered(e, question, st.lang), st, nil
	}
	ix := a.kbIndex(e.Knowledge())
	v := &verifier{loc: ix.loc, ix: ix, sent: sent, prompt: ps.leak, lang: st.lang, det: a.detector()}
	cs := v.quotes(r.Quotes)
	// What the answer puts in quotation marks is a quote too.
	cs = v.addQuotes(cs, leadQuotes(r.Answer))
	if len(cs) == 0 {
		st.drops = v.dropped
		return answer.Answer{}, st, errUnusable
	}
	lead := v.lead(r.Answer, cs)
	st.drops = v.dropped
	if lead == "" {
		if v.english() {
			lead = englishLead(cs)
		} else {
			ph, _ := phrasesFor(st.lang)
			lead = ph.Lead
		}
	}
	out := answer.Answer{
		Question:  question,
		Answered:  true,
		Citations: make([]answer.Citation, len(cs)),
		Mode:      answer.ModeLLM,
		Lead:      lead,
	}
	for i, c := range cs {
		out.Citations[i] = c.Citation
		if c.Translation != "" {
			out.Citations[i].Translation = c.Translation
			out.Citations[i].TranslationLabel = machineTranslationLabel(st.lang)
		}
	}
	out.Text = answer.Render(out)
	return out, st, nil
}

// notCovered is the engine's "not covered" reply, in the asker's language
// when we have its words; the example questions stay as the knowledge
// writes them.
func notCovered(e *answer.Engine, question, lang string) answer.Answer {
	nc := e.NotCovered(question)
	nc.Mode = answer.ModeLLM
	return localised(nc, lang)
}

// rewrite restates a follow-up or a question in another language as a
// standalone English question.
func (a *Answerer) rewrite(ctx context.Context, set *prompts.Set, question string, history []Turn) (rewriteReply, error) {
	data := PromptData{Tag: newTag(), Question: question, Query: question}
	for _, t := range history {
		data.History = append(data.History, PromptTurn{Question: t.Question, Answer: t.Answer})
	}
	system, err := render(set, TemplateRewriteSystem, data)
	if err != nil {
		return rewriteReply{}, err
	}
	user, err := render(set, TemplateRewrite, data)
	if err != nil {
		return rewriteReply{}, err
	}
	content, err := a.client.complete(ctx, system, user, true)
	if err != nil {
		return rewriteReply{}, err
	}
	rw := parseRewrite(content)
	q, err := answer.CleanQuestion(rw.Query)
	if err != nil || len(q) > 4*len(question)+200 {
		// Nothing usable, or far longer than the question: not a restatement.
		rw.Query = ""
		return rw, nil
	}
	rw.Query = q
	return rw, nil
}

// maxExtraPassages is how many passages the question as asked may add to
// those found for its restatement: names and words the restatement lost.
const maxExtraPassages = 2

func (a *Answerer) retrieve(e *answer.Engine, question, query string) []*knowledge.Passage {
	sent := e.Passages(query, a.cfg.Passages)
	if query == question {
		return sent
	}
	extra := 0
	for _, p := range e.Passages(question, a.cfg.Passages) {
		if extra == maxExtraPassages {
			break
		}
		if !containsPassage(sent, p) {
			sent = append(sent, p)
			extra++
		}
	}
	return sent
}

func containsPassage(ps []*knowledge.Passage, p *knowledge.Passage) bool {
	for _, q := range ps {
		if q == p {
			return true
		}
	}
	return false
}

// kbIndex returns what verification needs from kb, building it once per
// base: the first question after a reload pays for it.
func (a *Answerer) kbIndex(kb *knowledge.Base) *kbIndex {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.kb == nil || a.kb.base != kb {
		a.kb = newKBIndex(kb)
	}
	return a.kb
}

// kbIndex is one knowledge base prepared for verification.
type kbIndex struct {
	base *knowledge.Base
	loc  *knowledge.Locator
	// facts holds, per passage, the facts of its sentences (parallel to
	// its Sentences), made when a quote from it is first checked.
	facts sync.Map // *knowledge.Passage → []facts
}

func newKBIndex(kb *knowledge.Base) *kbIndex {
	return &kbIndex{base: kb, loc: knowledge.NewLocator(kb)}
}

// factsOf returns the facts of a quote of whole sentences of p.
func (ix *kbIndex) factsOf(p *knowledge.Passage, s knowledge.Span) facts {
	v, ok := ix.facts.Load(p)
	if !ok {
		fs := make([]facts, len(p.Sentences))
		for i, sp := range p.Sentences {
			fs[i] = analyse(p.SentenceText(sp))
		}
		v, _ = ix.facts.LoadOrStore(p, fs)
	}
	var out facts
	for i, sp := range p.Sentences {
		if sp.Start >= s.Start && sp.End <= s.End {
			out = out.join(v.([]facts)[i])
		}
	}
	return out
}

// summaryRunes bounds what memory keeps of an answer.
const summaryRunes = 300

// summary is what memory keeps of an answer for reading follow-ups: the
// lead and the first quote.
func summary(a answer.Answer) string {
	if !a.Answered || len(a.Citations) == 0 {
		return "(The documents do not cover this.)"
	}
	return truncateRunes(collapse(a.Lead+" "+a.Citations[0].Quote), summaryRunes)
}
