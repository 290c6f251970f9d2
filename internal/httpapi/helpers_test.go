package httpapi

import (
	"bytes"
	"context"
	"flag"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"iccbot/internal/answer"
	"iccbot/internal/bot"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/")

// fakeBot records every message it is given and returns a fixed reply.
type fakeBot struct {
	reply bot.Reply

	mu  sync.Mutex
	got []bot.Message
}

func (f *fakeBot) Handle(ctx context.Context, m bot.Message) bot.Reply {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.got = append(f.got, m)
	return f.reply
}

// messages returns what the bot has been given so far.
func (f *fakeBot) messages() []bot.Message {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.got)
}

// fakeGaps records the n it is asked for and returns fixed gaps until
// they are cleared.
type fakeGaps struct {
	enabled bool
	gaps    []bot.Gap

	mu      sync.Mutex
	asked   []int
	cleared int // how many times ClearGaps was called
}

func (f *fakeGaps) ClearGaps() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.cleared++
	n := len(f.gaps)
	f.gaps = nil
	return n
}

func (f *fakeGaps) clears() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.cleared
}

func (f *fakeGaps) Gaps(n int) []bot.Gap {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.asked = append(f.asked, n)
	return slices.Clone(f.gaps)
}

func (f *fakeGaps) GapsEnabled() bool { return f.enabled }

func (f *fakeGaps) requests() []int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.asked)
}

// metricsStub stands in for the Prometheus handler.
func metricsStub() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "# metrics\n")
	})
}

// answeredReply is a covered answer with two citations from one source.
func answeredReply() bot.Reply {
	a := answer.Answer{
		Question: "When does the Assembly meet?",
		Answered: true,
		Mode:     answer.ModeExtractive,
		Lead:     "Here is what the briefing says:",
		Citations: []answer.Citation{
			{Source: "hrw-icc-asp-2025.md", Title: "HRW briefing", Passage: "661b601cca", Number: 4,
				Quote: "The Assembly will meet in The Hague from December 1 to 6, 2025."},
			{Source: "hrw-icc-asp-2025.md", Title: "HRW briefing", Passage: "0a1b2c3d4e", Number: 7,
				Quote: "States parties should\n  renew their support."},
		},
	}
	a.Text = answer.Render(a)
	return bot.Reply{Kind: bot.KindAnswer, Answer: &a}
}

// notCoveredReply is an answer saying the knowledge does not cover the
// question, with Citations left nil to check the contract's [].
func notCoveredReply() bot.Reply {
	a := answer.Answer{
		Question: "Who won the 1998 World Cup?",
		Mode:     answer.ModeExtractive,
		Lead:     "The briefing does not cover that, so I can't answer it.",
	}
	a.Text = answer.Render(a)
	return bot.Reply{Kind: bot.KindAnswer, Answer: &a}
}

// serve runs one request through h and returns the recorded response.
func serve(t *testing.T, h http.Handler, method, target string, body io.Reader) *httptest.ResponseRecorder {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, newRequest(method, target, body))
	return rec
}

// newRequest is a request as a well-behaved client sends it: to the name
// "localhost" (httptest.NewRequest's example.com is not one of ours), and
// a POST declared as JSON. RemoteAddr is httptest's 192.0.2.1:1234, a peer
// on another machine.
func newRequest(method, target string, body io.Reader) *http.Request {
	req := httptest.NewRequest(method, target, body)
	req.Host = "localhost"
	if method == http.MethodPost {
		req.Header.Set("Content-Type", "application/json")
	}
	return req
}

// logBuffer is a concurrency-safe sink for a debug-level JSON logger, so
// tests can assert what was and was not logged.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func newDebugLogger(b *logBuffer) *slog.Logger {
	return slog.New(slog.NewJSONHandler(b, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// checkGolden compares got with testdata/name, or rewrites it with -update.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading golden file: %v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (run go test -update if the change is intended)\n--- got ---\n%s\n--- want ---\n%s", name, got, want)
	}
}

// containsFold reports whether s contains sub, ignoring ASCII case.
func containsFold(s, sub string) bool {
	return strings.Contains(strings.ToLower(s), strings.ToLower(sub))
}

// day is a day of November 2026, as the bot reports gaps' days: UTC
// midnight.
func day(d int) time.Time { return time.Date(2026, 11, d, 0, 0, 0, 0, time.UTC) }
