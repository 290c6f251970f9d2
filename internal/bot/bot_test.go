package bot

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"iccbot/internal/answer"
	"iccbot/internal/knowledge"
)

// clock is a hand-moved clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// staticKB serves one engine.
type staticKB struct{ e *answer.Engine }

func (s staticKB) Engine() *answer.Engine { return s.e }

func briefing(t *testing.T) *answer.Engine {
	t.Helper()
	kb, problems, err := knowledge.Load("../../knowledge")
	if err != nil || len(problems) > 0 {
		t.Fatal(err, problems)
	}
	return answer.New(kb)
}

// recorder is an Asker that records what it was asked and can be made to
// block, panic or fail.
type recorder struct {
	mu      sync.Mutex
	asked   []string // conversation + "|" + question
	inner   answer.Asker
	block   chan struct{} // when set, Ask waits for it to close
	entered chan struct{} // when set, receives once Ask starts
	panics  bool
	err     error
	forge   bool // alter the first quote, as a careless generator might
}

func (r *recorder) Ask(ctx context.Context, conv, q string) (answer.Answer, error) {
	r.mu.Lock()
	r.asked = append(r.asked, conv+"|"+q)
	r.mu.Unlock()
	if r.entered != nil {
		r.entered <- struct{}{}
	}
	if r.block != nil {
		select {
		case <-r.block:
		case <-ctx.Done():
			return answer.Answer{}, ctx.Err()
		}
	}
	if r.panics {
		panic("boom")
	}
	if r.err != nil {
		return answer.Answer{}, r.err
	}
	a, err := r.inner.Ask(ctx, conv, q)
	if r.forge && len(a.Citations) > 0 {
		a.Citations[0].Quote = strings.Replace(a.Citations[0].Quote, "Duterte", "Dutertè", 1)
		a.Text = strings.Replace(a.Text, "Duterte", "Dutertè", 1)
	}
	return a, err
}

type observed struct {
	mu    sync.Mutex
	calls []string
}

func (o *observed) ObserveAnswer(platform, mode string, answered bool, _ time.Duration) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.calls = append(o.calls, platform+"/"+mode+"/"+map[bool]string{true: "answered", false: "not"}[answered])
}

type fixture struct {
	bot   *Bot
	clock *clock
	rec   *recorder
	obs   *observed
	logs  *bytes.Buffer
}

func newFixture(t *testing.T, cfg Config) *fixture {
	t.Helper()
	e := briefing(t)
	f := &fixture{clock: &clock{t: time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)}, rec: &recorder{inner: e}, obs: &observed{}, logs: &bytes.Buffer{}}
	log := slog.New(slog.NewTextHandler(f.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	f.bot = New(cfg, f.rec, staticKB{e}, log, f.clock.now, f.obs)
	return f
}

func question(text string) Message {
	return Message{Platform: "telegram", Conversation: "chat-1", User: "user-42", Text: text, Addressed: true}
}

func TestCommands(t *testing.T) {
	f := newFixture(t, Config{Gaps: true})
	tests := []struct {
		name  string
		msg   Message
		kind  Kind
		wants []string
	}{
		{"question", question("When does the Assembly meet?"), KindAnswer, []string{"December 1 to 6, 2025", "¶4"}},
		{"ask command", Message{Platform: "discord", Command: CmdAsk, Text: "Duterte"}, KindAnswer, []string{"Rodrigo Duterte"}},
		{"ask without question", Message{Command: CmdAsk}, KindNotice, []string{"Ask a question after the command"}},
		{"not addressed", Message{Platform: "telegram", Text: "Duterte"}, KindNone, nil},
		{"other command", Message{Command: "weather", Text: "x"}, KindNone, nil},
		{"help", Message{Command: CmdHelp}, KindInfo, []string{"exact quotes", "When and where does the Assembly of States Parties meet?"}},
		{"start", Message{Command: CmdStart}, KindInfo, []string{"Hello!", "Who has imposed sanctions on ICC officials?"}},
		{"sources", Message{Command: CmdSources}, KindInfo, []string{"Human Rights Watch briefing on the ICC Assembly of States Parties 2025 (Human Rights Watch)"}},
		{"gaps, member", Message{Command: CmdGaps}, KindNotice, []string{"for moderators"}},
		{"gaps, moderator", Message{Command: CmdGaps, Moderator: true}, KindInfo, []string{"No unanswered questions"}},
		{"punctuation only", question("?!?"), KindNotice, []string{"ask a question in words"}},
		{"too long", question(strings.Repeat("why ", 300)), KindNotice, []string{"too long"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := f.bot.Handle(t.Context(), tt.msg)
			if r.Kind != tt.kind {
				t.Fatalf("Handle(%+v).Kind = %v; want %v (%q)", tt.msg, r.Kind, tt.kind, r.Text())
			}
			for _, w := range tt.wants {
				if !strings.Contains(r.Text(), w) {
					t.Errorf("Handle(%+v) = %q; want it to contain %q", tt.msg, r.Text(), w)
				}
			}
		})
	}
	if got := f.rec.asked; len(got) != 2 || got[0] != "telegram:chat-1|When does the Assembly meet?" || got[1] != "|Duterte" {
		t.Errorf("asker saw %q; want the platform-qualified conversation, and none for a message without one", got)
	}
}

func TestRateLimitTellsOnceThenStaysQuiet(t *testing.T) {
	f := newFixture(t, Config{RatePerMinute: 2, Burst: 2})
	ask := func() Kind { return f.bot.Handle(t.Context(), question("Duterte")).Kind }
	for i := range 2 {
		if k := ask(); k != KindAnswer {
			t.Fatalf("question %d within burst: kind %v", i+1, k)
		}
	}
	r := f.bot.Handle(t.Context(), question("Duterte"))
	if r.Kind != KindNotice || !strings.Contains(r.Title, "faster than I can keep up") {
		t.Fatalf("over the limit: %v %q; want the polite notice", r.Kind, r.Title)
	}
	for range 3 {
		if k := ask(); k != KindNone {
			t.Fatalf("still over the limit: kind %v; want silence after one notice", k)
		}
	}
	// Another person is not affected.
	other := question("Duterte")
	other.User = "user-7"
	if k := f.bot.Handle(t.Context(), other).Kind; k != KindAnswer {
		t.Errorf("other user: kind %v", k)
	}
	// The same id on another platform is another person.
	elsewhere := question("Duterte")
	elsewhere.Platform = "discord"
	if k := f.bot.Handle(t.Context(), elsewhere).Kind; k != KindAnswer {
		t.Errorf("same id on another platform: kind %v", k)
	}
	// The operator's local tools carry no user and are not limited.
	local := question("Duterte")
	local.User = ""
	for range 5 {
		if k := f.bot.Handle(t.Context(), local).Kind; k != KindAnswer {
			t.Fatalf("no user: kind %v; want no rate limit", k)
		}
	}
	f.clock.advance(30 * time.Second) // one token at 2/min
	if k := ask(); k != KindAnswer {
		t.Errorf("after refill: kind %v; want an answer", k)
	}
	if r := f.bot.Handle(t.Context(), question("Duterte")); r.Kind != KindNotice {
		t.Errorf("over again: kind %v; want the notice again (a new episode)", r.Kind)
	}
	if n := len(f.rec.asked); n != 10 {
		t.Errorf("asker called %d times; want 10 (limited questions never reach it)", n)
	}
}

func TestLimiterForgetsIdlePeople(t *testing.T) {
	l := NewMemoryLimiter(60, 3)
	now := time.Unix(0, 0)
	for i := range 100 {
		l.Allow(t.Context(), string(rune('a'+i)), now)
	}
	l.Allow(t.Context(), "late", now.Add(2*time.Minute))
	if n := len(l.buckets); n != 1 {
		t.Errorf("%d buckets kept; want 1 after the idle ones refilled", n)
	}
}

func TestInFlightCap(t *testing.T) {
	f := newFixture(t, Config{MaxInFlight: 2})
	f.rec.block = make(chan struct{})
	f.rec.entered = make(chan struct{}, 2)
	var wg sync.WaitGroup
	results := make([]Kind, 2)
	for i := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			m := question("Duterte")
			m.User = string(rune('a' + i))
			results[i] = f.bot.Handle(t.Context(), m).Kind
		}()
	}
	<-f.rec.entered
	<-f.rec.entered
	r := f.bot.Handle(t.Context(), question("Duterte"))
	if r.Kind != KindNotice || !strings.Contains(r.Title, "a lot of questions") {
		t.Errorf("third question while two are in flight: %v %q; want the busy notice", r.Kind, r.Title)
	}
	close(f.rec.block)
	wg.Wait()
	if results[0] != KindAnswer || results[1] != KindAnswer {
		t.Errorf("in-flight questions: %v; want both answered", results)
	}
	f.rec.block, f.rec.entered = nil, nil
	if k := f.bot.Handle(t.Context(), question("Duterte")).Kind; k != KindAnswer {
		t.Errorf("after they finished: kind %v; want a slot free again", k)
	}
}

func TestPanicIsContained(t *testing.T) {
	f := newFixture(t, Config{})
	f.rec.panics = true
	r := f.bot.Handle(t.Context(), question("Duterte"))
	if r.Kind != KindNotice || r.Title != noticeError {
		t.Errorf("after a panic: %v %q; want the error notice", r.Kind, r.Title)
	}
	if !strings.Contains(f.logs.String(), "answer panicked") {
		t.Errorf("panic not logged: %s", f.logs)
	}
	f.rec.panics = false
	if k := f.bot.Handle(t.Context(), question("Duterte")).Kind; k != KindAnswer {
		t.Errorf("the next question: kind %v; want an answer (slot released)", k)
	}
}

func TestAskerErrorBecomesNotice(t *testing.T) {
	f := newFixture(t, Config{})
	f.rec.err = errors.New("upstream exploded: sk-secret")
	r := f.bot.Handle(t.Context(), question("Duterte"))
	if r.Kind != KindNotice || strings.Contains(r.Text(), "sk-secret") || strings.Contains(r.Text(), "upstream") {
		t.Errorf("error reply %q leaks internals", r.Text())
	}
}

func TestGaps(t *testing.T) {
	f := newFixture(t, Config{Gaps: true, GapsWindow: time.Hour, RatePerMinute: 1000, Burst: 1000})
	for _, q := range []string{"What is the ICC budget?", "what is the ICC budget", "Who won the World Cup?", "What is the ICC budget?!", "Duterte"} {
		f.bot.Handle(t.Context(), question(q))
	}
	got := f.bot.Gaps(10)
	today := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)
	if len(got) != 2 || got[0] != (Gap{"What is the ICC budget?", 3, today, today}) || got[1] != (Gap{"Who won the World Cup?", 1, today, today}) {
		t.Errorf("Gaps = %+v; want the budget question 3× then the World Cup 1×", got)
	}
	r := f.bot.Handle(t.Context(), Message{Command: CmdGaps, Moderator: true})
	if !strings.Contains(r.Text(), "3× What is the ICC budget?") {
		t.Errorf("gaps reply %q", r.Text())
	}
	f.clock.advance(2 * time.Hour)
	if got := f.bot.Gaps(10); len(got) != 0 {
		t.Errorf("after the window: %+v; want none", got)
	}
	if strings.Contains(f.logs.String(), "user-42") {
		t.Error("raw user id in logs")
	}

	off := newFixture(t, Config{})
	off.bot.Handle(t.Context(), question("Who won the World Cup?"))
	if off.bot.GapsEnabled() || off.bot.Gaps(10) != nil {
		t.Error("gaps counted with the switch off")
	}
	if r := off.bot.Handle(t.Context(), Message{Command: CmdGaps, Moderator: true}); !strings.Contains(r.Title, "turned off") {
		t.Errorf("gaps command with counting off: %q", r.Title)
	}
}

func TestLogsArePrivateByDefault(t *testing.T) {
	for _, allow := range []bool{false, true} {
		f := newFixture(t, Config{LogQuestions: allow})
		f.bot.Handle(t.Context(), question("Duterte secret-word"))
		logs := f.logs.String()
		if strings.Contains(logs, "user-42") {
			t.Errorf("LogQuestions=%v: raw user id logged", allow)
		}
		if got := strings.Contains(logs, "secret-word"); got != allow {
			t.Errorf("LogQuestions=%v: question in logs = %v:\n%s", allow, got, logs)
		}
		if !strings.Contains(logs, "user="+f.bot.hash("user-42")) {
			t.Errorf("LogQuestions=%v: no keyed hash for the user:\n%s", allow, logs)
		}
	}
}

func TestObserver(t *testing.T) {
	f := newFixture(t, Config{})
	f.bot.Handle(t.Context(), question("Duterte"))
	f.bot.Handle(t.Context(), question("bitcoin price"))
	if got := strings.Join(f.obs.calls, ","); got != "telegram/extractive/answered,telegram/extractive/not" {
		t.Errorf("observed %q", got)
	}
}

func TestHashIsKeyed(t *testing.T) {
	a := newFixture(t, Config{HashKey: []byte("k1")}).bot
	b := newFixture(t, Config{HashKey: []byte("k2")}).bot
	if a.hash("u") == b.hash("u") || a.hash("u") != a.hash("u") || a.hash("u") == a.hash("v") {
		t.Error("hash must be stable per key, differ across keys and users")
	}
}

// Whatever the asker returns, a quote that is not exactly in the knowledge
// is never sent.
func TestUnverifiedQuoteIsNeverSent(t *testing.T) {
	f := newFixture(t, Config{})
	f.rec.forge = true
	r := f.bot.Handle(t.Context(), question("Duterte"))
	if r.Kind != KindNotice || strings.Contains(r.Text(), "Dutertè") {
		t.Errorf("forged quote: reply %v %q; want the error notice", r.Kind, r.Text())
	}
	if n := len(f.rec.asked); n != 2 {
		t.Errorf("asked %d times; want 2 (one retry, for a reload race)", n)
	}
	if !strings.Contains(f.logs.String(), "unverified quote") {
		t.Errorf("the refusal is not logged:\n%s", f.logs)
	}
}

// TestReplyReasons: every notice or silence that stands in for an answer
// says why, for adapters that map it onto a status (HTTP); answers carry
// no reason.
func TestReplyReasons(t *testing.T) {
	within := func(got, want time.Duration) bool {
		return got > want-time.Millisecond && got < want+time.Millisecond
	}

	t.Run("answers carry none", func(t *testing.T) {
		f := newFixture(t, Config{})
		for _, q := range []string{"Duterte", "bitcoin price"} {
			if r := f.bot.Handle(t.Context(), question(q)); r.Kind != KindAnswer || r.Reason != ReasonNone || r.RetryAfter != 0 {
				t.Errorf("Handle(%q) = kind %v reason %q retry %v; want an answer with no reason", q, r.Kind, r.Reason, r.RetryAfter)
			}
		}
	})

	t.Run("rate limited, told then quiet, with the wait", func(t *testing.T) {
		f := newFixture(t, Config{RatePerMinute: 6, Burst: 1}) // one token every 10 s
		f.bot.Handle(t.Context(), question("Duterte"))
		r := f.bot.Handle(t.Context(), question("Duterte"))
		if r.Kind != KindNotice || r.Reason != ReasonRateLimited || !within(r.RetryAfter, 10*time.Second) {
			t.Errorf("over the limit: kind %v reason %q retry %v; want a notice, %q, 10s", r.Kind, r.Reason, r.RetryAfter, ReasonRateLimited)
		}
		f.clock.advance(4 * time.Second)
		r = f.bot.Handle(t.Context(), question("Duterte"))
		if r.Kind != KindNone || r.Reason != ReasonRateLimited || !within(r.RetryAfter, 6*time.Second) {
			t.Errorf("still over: kind %v reason %q retry %v; want silence, %q, 6s", r.Kind, r.Reason, r.RetryAfter, ReasonRateLimited)
		}
	})

	t.Run("busy", func(t *testing.T) {
		f := newFixture(t, Config{MaxInFlight: 1})
		f.rec.block = make(chan struct{})
		f.rec.entered = make(chan struct{}, 1)
		done := make(chan Reply)
		go func() { done <- f.bot.Handle(t.Context(), question("Duterte")) }()
		<-f.rec.entered
		other := question("Duterte")
		other.User = "user-7"
		r := f.bot.Handle(t.Context(), other)
		close(f.rec.block)
		<-done
		if r.Kind != KindNotice || r.Reason != ReasonBusy {
			t.Errorf("while full: kind %v reason %q; want a notice, %q", r.Kind, r.Reason, ReasonBusy)
		}
	})

	for _, tt := range []struct {
		name  string
		setup func(*recorder)
	}{
		{"internal: the asker fails", func(r *recorder) { r.err = errors.New("down") }},
		{"internal: the asker panics", func(r *recorder) { r.panics = true }},
		{"internal: a quote does not check out", func(r *recorder) { r.forge = true }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, Config{})
			tt.setup(f.rec)
			if r := f.bot.Handle(t.Context(), question("Duterte")); r.Kind != KindNotice || r.Reason != ReasonInternal {
				t.Errorf("kind %v reason %q; want a notice, %q", r.Kind, r.Reason, ReasonInternal)
			}
		})
	}

	for _, m := range []Message{question("?!?"), question(strings.Repeat("why ", 300)), {Command: CmdAsk}} {
		t.Run("not understood: "+m.Command+" "+m.Text[:min(len(m.Text), 8)], func(t *testing.T) {
			f := newFixture(t, Config{})
			if r := f.bot.Handle(t.Context(), m); r.Kind != KindNotice || r.Reason != ReasonNotUnderstood {
				t.Errorf("Handle(%q) = kind %v reason %q; want a notice, %q", m.Text, r.Kind, r.Reason, ReasonNotUnderstood)
			}
		})
	}
}
