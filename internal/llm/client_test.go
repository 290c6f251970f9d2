package llm

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	openai "github.com/sashabaranov/go-openai"
)

func TestAPIBase(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", "https://api.openai.com/v1"},
		{"http://localhost:11434", "http://localhost:11434/v1"},
		{"http://localhost:11434/v1", "http://localhost:11434/v1"},
		{"http://localhost:11434/v1/", "http://localhost:11434/v1"},
		{"https://openrouter.ai/api/v1", "https://openrouter.ai/api/v1"},
		{"https://api.groq.com/openai", "https://api.groq.com/openai/v1"},
	}
	for _, tt := range tests {
		if got := apiBase(tt.in); got != tt.want {
			t.Errorf("apiBase(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2025, 12, 1, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		header map[string]string
		want   time.Duration
	}{
		{nil, defaultRetryWait},
		{map[string]string{"Retry-After": "3"}, 3 * time.Second},
		{map[string]string{"Retry-After": "0.5"}, 500 * time.Millisecond},
		{map[string]string{"Retry-After": "Mon, 01 Dec 2025 09:00:07 GMT"}, 7 * time.Second},
		{map[string]string{"Retry-After": "Mon, 01 Dec 2025 08:00:00 GMT"}, 0},
		{map[string]string{"Retry-After-Ms": "120", "Retry-After": "9"}, 120 * time.Millisecond},
		{map[string]string{"Retry-After": "soon"}, defaultRetryWait},
	}
	for _, tt := range tests {
		h := http.Header{}
		for k, v := range tt.header {
			h.Set(k, v)
		}
		if got := retryAfter(h, now); got != tt.want {
			t.Errorf("retryAfter(%v) = %v; want %v", tt.header, got, tt.want)
		}
	}
}

func TestErrorsHideTheKey(t *testing.T) {
	c := &client{key: testKey}
	for _, err := range []error{
		&openai.APIError{HTTPStatusCode: 401, Message: "Incorrect API key provided: " + testKey},
		&openai.RequestError{HTTPStatusCode: 502, Body: []byte("upstream said " + testKey + strings.Repeat(" long", 200))},
		errors.New("transport: " + testKey),
	} {
		got := c.clean(err).Error()
		if strings.Contains(got, testKey) {
			t.Errorf("clean(%v) = %q; holds the key", err, got)
		}
		if len(got) > 300 {
			t.Errorf("clean(...) is %d bytes long; want it shortened", len(got))
		}
	}
	var se *StatusError
	if !errors.As(c.clean(&openai.APIError{HTTPStatusCode: 429}), &se) || se.Code != 429 {
		t.Errorf("status not kept")
	}
}

func TestAcquireRefusesBeyondTheQueue(t *testing.T) {
	c := &client{slots: make(chan struct{}, 1), maxWaiting: 0}
	if err := c.acquire(t.Context()); err != nil {
		t.Fatalf("first acquire: %v", err)
	}
	if err := c.acquire(t.Context()); !errors.Is(err, ErrBusy) {
		t.Errorf("acquire with the slot taken and no queue = %v; want ErrBusy", err)
	}
	<-c.slots
	if err := c.acquire(t.Context()); err != nil {
		t.Errorf("acquire after release: %v", err)
	}
}

func TestReasoningModelsGetCompletionTokens(t *testing.T) {
	for model, want := range map[string]bool{"gpt-4.1-mini": false, "o3-mini": true, "gpt-5-nano": true, "llama3.1:8b": false} {
		if got := reasoningModel(model); got != want {
			t.Errorf("reasoningModel(%q) = %v; want %v", model, got, want)
		}
	}
}
