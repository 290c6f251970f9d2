// Package llm drafts answers with a language model behind an
// OpenAI-compatible API (OpenAI, Ollama, vLLM, LiteLLM, llama.cpp's server):
// it is the answer.Drafter that answer.Generated asks, and decides nothing
// that reaches people. It renders the prompts (text/template files, see
// prompt.go), sends them with a bound on calls in flight and waiting, a
// timeout and one retry on 429 and 5xx (client.go), and reads the model's
// reply as far as it can (reply.go). It also keeps the conversations'
// last turns for reading follow-ups (memory.go), an answer.History.
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
	"iccbot/internal/prompts"
)

// Defaults for the zero values of Config.
const (
	DefaultTimeout       = 20 * time.Second
	DefaultMaxConcurrent = 4
	DefaultMaxRetryWait  = 5 * time.Second
	DefaultMaxTokens     = 800
)

// Config sets up a Model. Zero values take the defaults above.
type Config struct {
	// BaseURL is the server's API root; empty means OpenAI. "/v1" is added
	// when the URL does not end in a version already.
	BaseURL string
	// APIKey is sent as a bearer token; local servers accept any value.
	APIKey string
	// Model is the chat model's name on that server (required).
	Model string
	// Timeout bounds each request to the model.
	Timeout time.Duration
	// MaxConcurrent bounds requests to the model in flight at once.
	MaxConcurrent int
	// MaxWaiting bounds requests waiting for one of those slots; beyond it
	// a request fails at once with ErrBusy. Zero takes the default,
	// MaxConcurrent; a negative value means none may wait.
	MaxWaiting int
	// MaxRetryWait is the longest Retry-After honoured; a longer one means
	// no retry.
	MaxRetryWait time.Duration
	// MaxTokens bounds the length of the model's reply.
	MaxTokens int

	// HTTPClient sends the requests (default: a plain http.Client).
	HTTPClient *http.Client
	// Clock is the time for retry waits (default: real time).
	Clock clock.Clock
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
	defDur(&c.MaxRetryWait, DefaultMaxRetryWait)
	def(&c.MaxTokens, DefaultMaxTokens)
	if c.Clock == nil {
		c.Clock = clock.Real{}
	}
	return c
}

// Model drafts answers and restates questions with a language model. It
// implements answer.Drafter and is safe for concurrent use.
type Model struct {
	client    *client
	promptsFn func() *prompts.Set
	log       *slog.Logger

	mu      sync.Mutex
	prompts promptSet    // the templates in use
	badSet  *prompts.Set // the last set refused, so it is reported once
}

// promptSet is a checked set of templates and what is derived from it.
type promptSet struct {
	set *prompts.Set
	// instructions are the system prompts as the model reads them: a
	// draft's sentence that repeats them is dropped (see
	// answer.Draft.Instructions).
	instructions []string
}

var _ answer.Drafter = (*Model)(nil)

// New makes a Model. prompts returns the templates in use, so that reloads
// take effect from the next question on. The templates must pass
// CheckPrompts: at start-up any problem is returned as an error naming the
// file and line; a later set with problems is logged and the previous one
// kept.
func New(cfg Config, prompts func() *prompts.Set, log *slog.Logger) (*Model, error) {
	if cfg.Model == "" {
		return nil, errors.New("llm: no model named")
	}
	if prompts == nil {
		return nil, errors.New("llm: no prompts")
	}
	ps, err := checkedPrompts(prompts())
	if err != nil {
		return nil, err
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	cfg = cfg.withDefaults()
	return &Model{
		client:    newClient(cfg),
		promptsFn: prompts,
		log:       log,
		prompts:   ps,
	}, nil
}

// checkedPrompts checks a set and derives what drafting needs from it.
func checkedPrompts(set *prompts.Set) (promptSet, error) {
	if problems := CheckPrompts(set); len(problems) > 0 {
		errs := make([]error, len(problems))
		for i, p := range problems {
			errs[i] = errors.New(p.String())
		}
		return promptSet{}, fmt.Errorf("llm: prompts: %w", errors.Join(errs...))
	}
	ps := promptSet{set: set}
	for _, name := range []string{TemplateSystem, TemplateRewriteSystem} {
		text, err := render(set, name, PromptData{Tag: "data"})
		if err != nil {
			return promptSet{}, err
		}
		ps.instructions = append(ps.instructions, text)
	}
	return ps, nil
}

// currentPrompts returns the templates to use, taking up a reloaded set
// if it passes the checks.
func (m *Model) currentPrompts() promptSet {
	set := m.promptsFn()
	m.mu.Lock()
	defer m.mu.Unlock()
	if set == nil || set == m.prompts.set || set == m.badSet {
		return m.prompts
	}
	ps, err := checkedPrompts(set)
	if err != nil {
		m.badSet = set
		m.log.Warn("reloaded prompts cannot be used; keeping the previous ones", "err", err)
		return m.prompts
	}
	m.prompts = ps
	return ps
}

// Restate asks the model to restate a follow-up or a question in another
// language as a standalone English question, and for the asker's language.
func (m *Model) Restate(ctx context.Context, req answer.RestateRequest) (answer.Restatement, error) {
	set := m.currentPrompts().set
	data := PromptData{Tag: newTag(), Question: req.Question, Query: req.Question}
	for _, t := range req.History {
		data.History = append(data.History, PromptTurn{Question: t.Question, Answer: t.Answer})
	}
	system, err := render(set, TemplateRewriteSystem, data)
	if err != nil {
		return answer.Restatement{}, err
	}
	user, err := render(set, TemplateRewrite, data)
	if err != nil {
		return answer.Restatement{}, err
	}
	content, err := m.client.complete(ctx, system, user, true)
	if err != nil {
		return answer.Restatement{}, err
	}
	rw := parseRewrite(content)
	return answer.Restatement{Query: rw.Query, Language: normLang(rw.Language)}, nil
}

// Draft asks the model for an answer from the passages, and reads its
// reply (see parseReply).
func (m *Model) Draft(ctx context.Context, req answer.DraftRequest) (answer.Draft, error) {
	ps := m.currentPrompts()
	data := PromptData{Tag: newTag(), Question: req.Question, Query: req.Query}
	for i, p := range req.Passages {
		data.Passages = append(data.Passages, PromptPassage{N: i + 1, Title: p.Doc.Title, Heading: p.Heading, Text: p.Text()})
	}
	system, err := render(ps.set, TemplateSystem, data)
	if err != nil {
		return answer.Draft{}, err
	}
	user, err := render(ps.set, TemplateAnswer, data)
	if err != nil {
		return answer.Draft{}, err
	}
	content, err := m.client.complete(ctx, system, user, true)
	if err != nil {
		return answer.Draft{}, err
	}
	d := parseReply(content)
	d.Instructions = ps.instructions
	return d, nil
}
