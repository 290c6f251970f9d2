package llm

import (
	"iccbot/internal/clock"

	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"

	openai "github.com/sashabaranov/go-openai"
)

// Errors a caller may check with errors.Is. The errors of Model's methods
// are fit for a log: they never hold the API key, nor a service's message
// that may quote the request (and so the question). Those that name their
// cause for metrics have a method Reason() string (see answer.Drafter).
var (
	// ErrBusy: every slot for model calls is taken and the queue is full,
	// so the question is not sent at all.
	ErrBusy error = busyError{}
	// ErrEmptyReply: the service answered without a choice or with no text.
	ErrEmptyReply = errors.New("llm: the model returned no answer")
)

type busyError struct{}

func (busyError) Error() string  { return "llm: too many questions waiting for the model" }
func (busyError) Reason() string { return "busy" }

// StatusError is an error status from the service. Msg is the service's
// message, shortened, with the API key removed if it was echoed; it is
// empty after a malformed request (400, 422), where the message may quote
// the request.
type StatusError struct {
	Code int
	Msg  string
}

func (e *StatusError) Error() string {
	if e.Msg == "" {
		return fmt.Sprintf("llm: status %d", e.Code)
	}
	return fmt.Sprintf("llm: status %d: %s", e.Code, e.Msg)
}

// Reason names the status for metrics: "status_429".
func (e *StatusError) Reason() string { return fmt.Sprintf("status_%d", e.Code) }

// maxResponseBytes bounds what is read from the service: an answer is a few
// kilobytes, and a misbehaving server must not fill memory.
const maxResponseBytes = 1 << 20

// client calls an OpenAI-compatible chat completions endpoint with a
// timeout per request, one retry on 429 and 5xx, and a bound on calls in
// flight and waiting.
type client struct {
	api          *openai.Client
	model        string
	key          string
	timeout      time.Duration
	maxTokens    int
	maxRetryWait time.Duration
	clock        clock.Clock

	slots      chan struct{}
	waiting    atomic.Int64
	maxWaiting int64
	// noJSONMode is set once a server has refused response_format, so that
	// later requests do not ask for it again.
	noJSONMode atomic.Bool
}

func newClient(cfg Config) *client {
	oc := openai.DefaultConfig(cfg.APIKey)
	oc.BaseURL = apiBase(cfg.BaseURL)
	hc := cfg.HTTPClient
	if hc == nil {
		hc = &http.Client{}
	}
	oc.HTTPClient = limitedDoer{hc}
	return &client{
		api:          openai.NewClientWithConfig(oc),
		model:        cfg.Model,
		key:          cfg.APIKey,
		timeout:      cfg.Timeout,
		maxTokens:    cfg.MaxTokens,
		maxRetryWait: cfg.MaxRetryWait,
		clock:        cfg.Clock,
		slots:        make(chan struct{}, cfg.MaxConcurrent),
		maxWaiting:   int64(cfg.MaxWaiting),
	}
}

var versionSuffix = regexp.MustCompile(`/v\d+[a-z0-9]*$`)

// apiBase turns OPENAI_BASE_URL into the client's base: the OpenAI API when
// empty; otherwise the URL with /v1 added unless it already ends in a
// version (http://localhost:11434 and http://localhost:11434/v1 both work).
func apiBase(base string) string {
	if base == "" {
		return openai.DefaultConfig("").BaseURL
	}
	base = strings.TrimRight(base, "/")
	if versionSuffix.MatchString(base) {
		return base
	}
	return base + "/v1"
}

// limitedDoer caps the bytes read from any response.
type limitedDoer struct{ c *http.Client }

func (d limitedDoer) Do(r *http.Request) (*http.Response, error) {
	resp, err := d.c.Do(r)
	if err != nil {
		return nil, err
	}
	resp.Body = struct {
		io.Reader
		io.Closer
	}{io.LimitReader(resp.Body, maxResponseBytes), resp.Body}
	return resp, nil
}

// complete sends a system and a user message and returns the reply's text.
// asJSON asks for a JSON object where the server supports it.
func (c *client) complete(ctx context.Context, system, user string, asJSON bool) (string, error) {
	if err := c.acquire(ctx); err != nil {
		return "", err
	}
	defer func() { <-c.slots }()

	req := openai.ChatCompletionRequest{
		Model: c.model,
		Messages: []openai.ChatCompletionMessage{
			{Role: openai.ChatMessageRoleSystem, Content: system},
			{Role: openai.ChatMessageRoleUser, Content: user},
		},
	}
	if reasoningModel(c.model) {
		req.MaxCompletionTokens = 4 * c.maxTokens // reasoning counts against it
	} else {
		req.MaxTokens = c.maxTokens
	}
	retried, droppedJSON := false, false
	for {
		if asJSON && !c.noJSONMode.Load() {
			req.ResponseFormat = &openai.ChatCompletionResponseFormat{Type: openai.ChatCompletionResponseFormatTypeJSONObject}
		} else {
			req.ResponseFormat = nil
		}
		text, header, err := c.once(ctx, req)
		if err == nil {
			return text, nil
		}
		code := statusOf(err)
		switch {
		case code == http.StatusBadRequest && req.ResponseFormat != nil && !droppedJSON && mentionsResponseFormat(err):
			// Some OpenAI-compatible servers do not know response_format;
			// the prompt asks for JSON anyway, and parsing copes without.
			c.noJSONMode.Store(true)
			droppedJSON = true
			continue
		case retried || !(code == http.StatusTooManyRequests || code >= 500):
			return "", c.clean(err)
		}
		wait := retryAfter(header, c.clock.Now())
		if wait > c.maxRetryWait {
			return "", c.clean(err) // the service asks for longer than a person waits
		}
		if dl, ok := ctx.Deadline(); ok && time.Until(dl) <= wait {
			return "", c.clean(err)
		}
		if err := c.clock.Sleep(ctx, wait); err != nil {
			return "", fmt.Errorf("llm: waiting to retry: %w", err)
		}
		retried = true
	}
}

// acquire takes a slot for one call, waiting behind at most maxWaiting
// others; beyond that it refuses at once, so that a busy channel neither
// runs up a bill nor builds a queue.
func (c *client) acquire(ctx context.Context) error {
	select {
	case c.slots <- struct{}{}:
		return nil
	default:
	}
	if c.waiting.Add(1) > c.maxWaiting {
		c.waiting.Add(-1)
		return ErrBusy
	}
	defer c.waiting.Add(-1)
	select {
	case c.slots <- struct{}{}:
		// A slot freed as ctx ended (the process stopping ends the call
		// in flight and those waiting at once) may be chosen over ctx:
		// the call is not made.
		if err := ctx.Err(); err != nil {
			<-c.slots
			return fmt.Errorf("llm: waiting for a free slot: %w", err)
		}
		return nil
	case <-ctx.Done():
		return fmt.Errorf("llm: waiting for a free slot: %w", ctx.Err())
	}
}

// once makes one request, bounded by the per-request timeout.
func (c *client) once(ctx context.Context, req openai.ChatCompletionRequest) (string, http.Header, error) {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	resp, err := c.api.CreateChatCompletion(ctx, req)
	header := resp.Header()
	if err != nil {
		return "", header, err
	}
	if len(resp.Choices) == 0 || strings.TrimSpace(resp.Choices[0].Message.Content) == "" {
		return "", header, ErrEmptyReply
	}
	return resp.Choices[0].Message.Content, header, nil
}

// defaultRetryWait is the pause before retrying when the service does not
// say how long to wait.
const defaultRetryWait = 500 * time.Millisecond

// retryAfter reads how long the service asks us to wait: retry-after-ms
// (OpenAI), or Retry-After in seconds or as an HTTP date.
func retryAfter(h http.Header, now time.Time) time.Duration {
	if h == nil {
		return defaultRetryWait
	}
	if v := h.Get("Retry-After-Ms"); v != "" {
		if ms, err := strconv.ParseFloat(v, 64); err == nil && ms >= 0 {
			return time.Duration(ms * float64(time.Millisecond))
		}
	}
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return defaultRetryWait
	}
	if s, err := strconv.ParseFloat(v, 64); err == nil && s >= 0 {
		return time.Duration(s * float64(time.Second))
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0)
	}
	return defaultRetryWait
}

// statusOf returns the HTTP status of a failed call, or 0.
func statusOf(err error) int {
	var apiErr *openai.APIError
	if errors.As(err, &apiErr) {
		return apiErr.HTTPStatusCode
	}
	var reqErr *openai.RequestError
	if errors.As(err, &reqErr) {
		return reqErr.HTTPStatusCode
	}
	return 0
}

func mentionsResponseFormat(err error) bool {
	return strings.Contains(strings.ToLower(err.Error()), "response_format")
}

// clean turns a library error into ours: the status and a short message,
// without the request URL (which may carry credentials) or the API key
// (which a server may echo), keeping context errors matchable.
func (c *client) clean(err error) error {
	var apiErr *openai.APIError
	var reqErr *openai.RequestError
	var urlErr *url.Error
	switch {
	case errors.Is(err, ErrEmptyReply):
		return err
	case errors.As(err, &apiErr):
		return c.status(apiErr.HTTPStatusCode, apiErr.Message)
	case errors.As(err, &reqErr):
		return c.status(reqErr.HTTPStatusCode, string(reqErr.Body))
	case errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("llm: no answer in time: %w", context.DeadlineExceeded)
	case errors.Is(err, context.Canceled):
		return fmt.Errorf("llm: %w", context.Canceled)
	case errors.As(err, &urlErr):
		return fmt.Errorf("llm: request failed: %s", c.redact(urlErr.Err.Error()))
	}
	return fmt.Errorf("llm: %s", c.redact(err.Error()))
}

// status is a StatusError. A service's message says what is wrong (a bad
// key, an unknown model, a quota) except after a malformed request (400,
// 422), where it may quote the request, and so the question: then only
// the status is kept.
func (c *client) status(code int, msg string) *StatusError {
	if code == http.StatusBadRequest || code == http.StatusUnprocessableEntity {
		msg = ""
	}
	return &StatusError{Code: code, Msg: c.redact(msg)}
}

func (c *client) redact(s string) string {
	if c.key != "" {
		s = strings.ReplaceAll(s, c.key, "[key]")
	}
	return truncateRunes(strings.Join(strings.Fields(s), " "), 200)
}

// truncateRunes cuts s to at most n runes, at a word boundary, marking the cut.
func truncateRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	cut := 0
	for i := range s {
		if n == 0 {
			break
		}
		n--
		cut = i
	}
	if sp := strings.LastIndexByte(s[:cut], ' '); sp > 0 {
		cut = sp
	}
	return strings.TrimRight(s[:cut], " ,;:") + "…"
}

// reasoningModel: OpenAI's reasoning models take max_completion_tokens and
// reject max_tokens; other servers mostly know only max_tokens.
func reasoningModel(model string) bool {
	for _, p := range []string{"o1", "o3", "o4", "gpt-5"} {
		if strings.HasPrefix(model, p) {
			return true
		}
	}
	return false
}
