// Package llm answers questions with a language model behind an
// OpenAI-compatible API (OpenAI, Ollama, vLLM, LiteLLM, llama.cpp's server),
// under one rule: no quote reaches anyone unless it is verbatim in the
// knowledge.
//
// The model is given the passages retrieval found and asked for a short
// answer plus quotes that name their passage. Each quote is then located in
// the knowledge (forgiving only white space, quote marks and case) and
// replaced by the exact source span; quotes that cannot be found are
// dropped, and so are sentences of the model's own prose that put unfound
// text in quotation marks. An answer left without a verified quote, and
// every failure of the model (down, slow, rate-limited, nonsense), gives the
// extractive answer instead, marked extractive-fallback.
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
	"slices"
	"sync"
	"time"

	"iccbot/internal/answer"
	"iccbot/internal/clock"
	"iccbot/internal/knowledge"
	"iccbot/internal/prompts"
	"iccbot/internal/search"
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
	// questions get the extractive answer at once. Default: MaxConcurrent.
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

	// ObserveError, when set, is told why each question fell back to the
	// extractive answer: a short fixed reason, for metrics.
	ObserveError func(reason string)

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
	def(&c.MaxWaiting, c.MaxConcurrent)
	defDur(&c.MaxRetryWait, DefaultMaxRetryWait)
	def(&c.MemoryTurns, DefaultMemoryTurns)
	defDur(&c.MemoryTTL, DefaultMemoryTTL)
	def(&c.MemoryConversations, DefaultMemoryConversations)
	def(&c.Passages, DefaultPassages)
	def(&c.MaxTokens, DefaultMaxTokens)
	if c.Clock == nil {
		c.Clock = clock.Real{}
	}
	return c
}

// Answerer answers with a language model and falls back to the extractive
// engine. It implements answer.Asker and is safe for concurrent use.
type Answerer struct {
	cfg       Config
	engine    func() *answer.Engine
	promptsFn func() *prompts.Set
	log       *slog.Logger
	client    *client
	memory    *memory

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
	leak map[shingle]bool
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
	return &Answerer{
		cfg:       cfg,
		engine:    engine,
		promptsFn: prompts,
		log:       log,
		client:    newClient(cfg),
		memory:    newMemory(cfg.Clock, cfg.MemoryTurns, cfg.MemoryTTL, cfg.MemoryConversations),
		prompts:   ps,
	}, nil
}

// checkedPrompts checks a set and derives what answering needs from it.
func checkedPrompts(set *prompts.Set) (promptSet, error) {
	if problems := CheckPrompts(set); len(problems) > 0 {
		errs := make([]error, len(problems))
		for i, p := range problems {
			errs[i] = errors.New(p.String())
		}
		return promptSet{}, fmt.Errorf("llm: prompts: %w", errors.Join(errs...))
	}
	ps := promptSet{set: set, leak: map[shingle]bool{}}
	for _, name := range []string{TemplateSystem, TemplateRewriteSystem} {
		text, err := render(set, name, PromptData{Tag: "data"})
		if err != nil {
			return promptSet{}, err
		}
		for _, sh := range shingles(text) {
			ps.leak[sh] = true
		}
	}
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
// returns an error only when ctx ends or no knowledge is loaded; every
// failure of the model gives the extractive answer.
func (a *Answerer) Ask(ctx context.Context, conversation, question string) (answer.Answer, error) {
	e := a.engine()
	if e == nil {
		return answer.Answer{}, errors.New("llm: no knowledge loaded")
	}
	if err := ctx.Err(); err != nil {
		return answer.Answer{}, fmt.Errorf("llm: %w", err)
	}
	start := time.Now()
	history := a.memory.recent(conversation)

	llmCtx, cancel := context.WithTimeout(ctx, a.cfg.Timeout)
	out, st, err := a.generate(llmCtx, e, question, history)
	cancel()
	if err != nil {
		if ctx.Err() != nil {
			return answer.Answer{}, fmt.Errorf("llm: %w", ctx.Err())
		}
		switch {
		case errors.Is(err, errUnusable):
			a.log.Info("LLM answer unusable, answering extractively", "reason", err, "quotes_dropped", st.dropped)
		default:
			a.log.Warn("LLM unavailable, answering extractively", "err", briefError(err))
		}
		if a.cfg.ObserveError != nil {
			a.cfg.ObserveError(errorReason(err))
		}
		out, err = e.Answer(ctx, st.query)
		if err != nil {
			return answer.Answer{}, err
		}
		out.Question = question
		out.Mode = answer.ModeExtractiveFallback
	}
	a.memory.add(conversation, Turn{Question: st.query, Answer: summary(out)})
	a.log.Debug("answered", "mode", out.Mode, "answered", out.Answered, "passages", st.passages,
		"quotes", len(out.Citations), "quotes_dropped", st.dropped, "rewritten", st.rewritten,
		"history", len(history), "duration", time.Since(start))
	return out, nil
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
	rewritten bool
	passages  int
	dropped   int
}

func (a *Answerer) generate(ctx context.Context, e *answer.Engine, question string, history []Turn) (answer.Answer, state, error) {
	st := state{query: question}
	ps := a.currentPrompts()
	lang := ""
	if len(history) > 0 || !looksEnglish(question) {
		rw, err := a.rewrite(ctx, ps.set, question, history)
		if err != nil {
			return answer.Answer{}, st, fmt.Errorf("restating the question: %w", err)
		}
		if rw.Query != "" {
			st.query, st.rewritten = rw.Query, rw.Query != question
		}
		lang = normLang(rw.Language)
	}

	sent := a.retrieve(e, question, st.query)
	st.passages = len(sent)
	if len(sent) == 0 {
		return notCovered(e, question, lang), st, nil
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
		lang = l
	}
	if r.Covered != nil && !*r.Covered {
		return notCovered(e, question, lang), st, nil
	}
	ix := a.kbIndex(e.Knowledge())
	v := &verifier{loc: ix.loc, words: ix.passageWords, sent: sent, prompt: ps.leak, english: lang == "" || lang == "en"}
	cs, dropped := v.quotes(r.Quotes, lang != "" && lang != "en")
	st.dropped = dropped
	if len(cs) == 0 {
		return answer.Answer{}, st, errUnusable
	}
	lead := v.lead(r.Answer)
	if lead == "" {
		if lang == "" || lang == "en" {
			lead = englishLead(cs)
		} else {
			lead = phrasesFor(lang).Lead
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
			out.Citations[i].TranslationLabel = phrasesFor(lang).Translation
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
	if p, ok := byLang[lang]; ok && p.NotCovered != "" {
		nc.Lead = p.NotCovered
		nc.SuggestionsIntro = p.Examples
		nc.Text = answer.Render(nc)
	}
	return nc
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
	base  *knowledge.Base
	loc   *knowledge.Locator
	words map[*knowledge.Passage][]string
}

func newKBIndex(kb *knowledge.Base) *kbIndex {
	ix := &kbIndex{base: kb, loc: knowledge.NewLocator(kb), words: make(map[*knowledge.Passage][]string, len(kb.Passages))}
	for _, p := range kb.Passages {
		var ws []string
		search.Words(p.Text(), func(w []byte) { ws = append(ws, string(w)) })
		slices.Sort(ws)
		ix.words[p] = slices.Compact(ws)
	}
	return ix
}

// passageWords returns a passage's folded words, sorted and unique.
func (ix *kbIndex) passageWords(p *knowledge.Passage) []string { return ix.words[p] }

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
