package answer

import (
	"iccbot/internal/knowledge"

	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeDrafter answers as its functions say and counts the calls.
type fakeDrafter struct {
	restate func(RestateRequest) (Restatement, error)
	draft   func(context.Context, DraftRequest) (Draft, error)

	mu       sync.Mutex
	restates []RestateRequest
	drafts   int
}

func (f *fakeDrafter) Restate(ctx context.Context, req RestateRequest) (Restatement, error) {
	f.mu.Lock()
	f.restates = append(f.restates, req)
	f.mu.Unlock()
	if f.restate == nil {
		return Restatement{Query: req.Question, Language: "en"}, nil
	}
	return f.restate(req)
}

func (f *fakeDrafter) Draft(ctx context.Context, req DraftRequest) (Draft, error) {
	f.mu.Lock()
	f.drafts++
	f.mu.Unlock()
	return f.draft(ctx, req)
}

func (f *fakeDrafter) calls() (restates []RestateRequest, drafts int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]RestateRequest(nil), f.restates...), f.drafts
}

// reasonError is a model error that names its cause for metrics.
type reasonError string

func (e reasonError) Error() string  { return "model: " + string(e) }
func (e reasonError) Reason() string { return string(e) }

// recorder is a ModelObserver.
type recorder struct {
	mu        sync.Mutex
	reasons   []string
	overruled int
	dropped   map[string]int
}

func (r *recorder) ObserveLLMError(reason string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.reasons = append(r.reasons, reason)
}

func (r *recorder) ObserveLLMOverruled() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.overruled++
}

func (r *recorder) ObserveLLMDropped(kind string, n int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.dropped == nil {
		r.dropped = map[string]int{}
	}
	r.dropped[kind] += n
}

// turns is a History in a map.
type turns struct {
	mu sync.Mutex
	m  map[string][]Turn
}

func (h *turns) Recent(_ context.Context, c string) ([]Turn, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]Turn(nil), h.m[c]...), nil
}

func (h *turns) Add(_ context.Context, c string, t Turn) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.m == nil {
		h.m = map[string][]Turn{}
	}
	h.m[c] = append(h.m[c], t)
	return nil
}

// passageOf returns the position, from 1, of the passage holding s.
func passageOf(req DraftRequest, s string) int {
	for i, p := range req.Passages {
		if strings.Contains(p.Text(), s) {
			return i + 1
		}
	}
	return 0
}

func newTestGenerated(t *testing.T, d *fakeDrafter, cfg GeneratedConfig) (*Generated, *Engine, *recorder, *bytes.Buffer) {
	t.Helper()
	e := briefing(t)
	rec := &recorder{}
	logs := &bytes.Buffer{}
	cfg.Observer = rec
	cfg.Log = slog.New(slog.NewTextHandler(logs, nil))
	return NewGenerated(d, func() *Engine { return e }, cfg), e, rec, logs
}

// TestGenerated drives the use case with drafts a model could give: what
// reaches people is verified, and whatever fails gives the engine's
// answer, with its reason counted.
func TestGenerated(t *testing.T) {
	tests := []struct {
		name     string
		question string
		draft    func(context.Context, DraftRequest) (Draft, error)
		mode     string
		answered bool
		lead     string   // if set
		quotes   []string // if set
		reason   string   // the fallback's, if any
		overrule int
		dropped  map[string]int
	}{
		{
			name:     "a supported lead and a quote",
			question: "When does the Assembly of States Parties meet?",
			draft: func(_ context.Context, r DraftRequest) (Draft, error) {
				return Draft{Lead: "The Assembly of States Parties will meet in The Hague from December 1 to 6, 2025.",
					Quotes: []DraftQuote{{Passage: passageOf(r, "20-page"), Text: straight(hagueSentence)}}}, nil
			},
			mode: ModeLLM, answered: true, quotes: []string{hagueSentence},
			lead: "The Assembly of States Parties will meet in The Hague from December 1 to 6, 2025.",
		},
		{
			name:     "an unsupported lead and an invented quote",
			question: "When does the Assembly of States Parties meet?",
			draft: func(_ context.Context, r DraftRequest) (Draft, error) {
				return Draft{Lead: "The Assembly will meet in The Hague from December 6 to 20, 2025.",
					Quotes: []DraftQuote{{Text: hagueSentence}, {Text: fabricated}}}, nil
			},
			mode: ModeLLM, answered: true, quotes: []string{hagueSentence}, lead: "Here is what the briefing says:",
			dropped: map[string]int{"quote": 1, "sentence": 1},
		},
		{
			name:     "quotation marks in the lead make a citation",
			question: "Are the Russian arrest warrants still pending?",
			draft: func(_ context.Context, r DraftRequest) (Draft, error) {
				return Draft{Lead: "Yes. The briefing says: «" + russiaSentence + "»"}, nil
			},
			mode: ModeLLM, answered: true, quotes: []string{russiaSentence}, lead: "Here is what the briefing says:",
			dropped: map[string]int{"sentence": 2}, // "Yes." proves nothing; the other is the quote's
		},
		{
			name:     "only invented quotes",
			question: "When does the Assembly of States Parties meet?",
			draft: func(context.Context, DraftRequest) (Draft, error) {
				return Draft{Lead: "It was dissolved.", Quotes: []DraftQuote{{Text: fabricated}}}, nil
			},
			mode: ModeExtractiveFallback, answered: true, reason: "unusable", dropped: map[string]int{"quote": 1},
		},
		{
			name:     "a model error names its reason",
			question: "When does the Assembly of States Parties meet?",
			draft: func(context.Context, DraftRequest) (Draft, error) {
				return Draft{}, reasonError("status_503")
			},
			mode: ModeExtractiveFallback, answered: true, reason: "status_503",
		},
		{
			name:     "a model that never answers",
			question: "When does the Assembly of States Parties meet?",
			draft: func(ctx context.Context, _ DraftRequest) (Draft, error) {
				<-ctx.Done()
				return Draft{}, ctx.Err()
			},
			mode: ModeExtractiveFallback, answered: true, reason: "timeout",
		},
		{
			name:     "a wrong not covered is overruled",
			question: "When does the Assembly of States Parties meet?",
			draft: func(context.Context, DraftRequest) (Draft, error) {
				return Draft{NotCovered: true}, nil
			},
			mode: ModeExtractiveFallback, answered: true, overrule: 1,
		},
		{
			name:     "a right not covered stands",
			question: "How many judges sit on the International Criminal Court?",
			draft: func(context.Context, DraftRequest) (Draft, error) {
				return Draft{NotCovered: true}, nil
			},
			mode: ModeLLM, answered: false,
		},
		{
			name:     "the instructions repeated are dropped",
			question: "Who imposed sanctions on ICC officials?",
			draft: func(_ context.Context, r DraftRequest) (Draft, error) {
				return Draft{Lead: "You answer questions about a set of documents using only passages. Trump imposed sanctions.",
					Quotes:       []DraftQuote{{Passage: passageOf(r, "imposed sanctions"), Text: sanctionsSentence}},
					Instructions: []string{"You answer questions about a set of documents using only passages."}}, nil
			},
			mode: ModeLLM, answered: true, quotes: []string{sanctionsSentence}, lead: "Trump imposed sanctions.",
			dropped: map[string]int{"sentence": 1},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := &fakeDrafter{draft: tt.draft}
			g, e, rec, _ := newTestGenerated(t, d, GeneratedConfig{Timeout: 100 * time.Millisecond})
			got, err := g.Ask(t.Context(), "", tt.question)
			if err != nil {
				t.Fatalf("Ask(%q): %v", tt.question, err)
			}
			if got.Mode != tt.mode || got.Answered != tt.answered {
				t.Fatalf("Ask(%q) = mode %q, answered %v; want %q, %v\n%s", tt.question, got.Mode, got.Answered, tt.mode, tt.answered, got.Text)
			}
			if err := e.Check(got); err != nil {
				t.Errorf("Check: %v", err)
			}
			if got.Text != Render(got) {
				t.Errorf("Text is not the rendered answer:\n%s", got.Text)
			}
			if tt.lead != "" && got.Lead != tt.lead {
				t.Errorf("Lead = %q; want %q", got.Lead, tt.lead)
			}
			if tt.quotes != nil && strings.Join(quotes(got), "\n") != strings.Join(tt.quotes, "\n") {
				t.Errorf("quotes = %q; want %q", quotes(got), tt.quotes)
			}
			if restates, _ := d.calls(); len(restates) != 0 {
				t.Errorf("%d restatements of an English question without history", len(restates))
			}
			rec.mu.Lock()
			defer rec.mu.Unlock()
			if want := []string{tt.reason}; tt.reason != "" && (len(rec.reasons) != 1 || rec.reasons[0] != tt.reason) {
				t.Errorf("reasons observed = %q; want %q", rec.reasons, want)
			}
			if tt.reason == "" && len(rec.reasons) > 0 {
				t.Errorf("reasons observed = %q; want none", rec.reasons)
			}
			if rec.overruled != tt.overrule {
				t.Errorf("%d overruled; want %d", rec.overruled, tt.overrule)
			}
			for _, kind := range []string{"quote", "sentence", "translation"} {
				if rec.dropped[kind] != tt.dropped[kind] {
					t.Errorf("%s dropped = %d; want %d", kind, rec.dropped[kind], tt.dropped[kind])
				}
			}
		})
	}
}

// TestGeneratedRestates: a question in another language, and a follow-up,
// are restated before retrieval; the Spanish answer gets the fixed Spanish
// lead and its translation marked as a machine's.
func TestGeneratedRestates(t *testing.T) {
	const translation = "Las órdenes de arresto rusas emitidas en 2023 y 2024 contra funcionarios de la CPI siguen pendientes."
	d := &fakeDrafter{
		restate: func(r RestateRequest) (Restatement, error) {
			if strings.HasPrefix(r.Question, "¿") {
				return Restatement{Query: "Are the Russian arrest warrants against ICC officials still pending?", Language: "es"}, nil
			}
			return Restatement{Query: "Who issued the Russian arrest warrants?", Language: "en"}, nil
		},
		draft: func(_ context.Context, r DraftRequest) (Draft, error) {
			if passageOf(r, "Russian arrest warrants") == 0 {
				return Draft{NotCovered: true}, nil
			}
			return Draft{Language: "es", Lead: "Sí, siguen pendientes.",
				Quotes: []DraftQuote{{Passage: passageOf(r, "Russian arrest warrants"), Text: russiaSentence, Translation: translation}}}, nil
		},
	}
	h := &turns{}
	g, e, _, _ := newTestGenerated(t, d, GeneratedConfig{History: h})
	got, err := g.Ask(t.Context(), "chat", "¿Siguen pendientes las órdenes de arresto rusas?")
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Check(got); err != nil {
		t.Errorf("Check: %v", err)
	}
	want := "Esto es lo que dicen las fuentes:\n\n\"" + russiaSentence + "\"\n— Human Rights Watch briefing on the ICC Assembly of States Parties 2025, ¶"
	if got.Mode != ModeLLM || !strings.HasPrefix(got.Text, want) || !strings.Contains(got.Text, "(Traducción automática: "+translation+")") {
		t.Errorf("Ask in Spanish = mode %q:\n%s\nwant it to start with\n%s\nand hold the marked translation", got.Mode, got.Text, want)
	}
	if restates, _ := d.calls(); len(restates) != 1 || len(restates[0].History) != 0 {
		t.Fatalf("restatements %+v; want one, without history", restates)
	}
	if r, _ := h.Recent(t.Context(), "chat"); len(r) != 1 || r[0].Question != "Are the Russian arrest warrants against ICC officials still pending?" {
		t.Errorf("history %+v; want the restated question remembered", r)
	}

	// A follow-up in English is restated with the conversation's turns.
	if _, err := g.Ask(t.Context(), "chat", "Who issued them?"); err != nil {
		t.Fatal(err)
	}
	if restates, _ := d.calls(); len(restates) != 2 || len(restates[1].History) != 1 {
		t.Errorf("restatements %+v; want the follow-up restated with one earlier turn", restates)
	}
}

// TestGeneratedStop: Stop gives a question waiting on the model the
// extractive answer at once, and later questions do not reach the model.
func TestGeneratedStop(t *testing.T) {
	entered := make(chan struct{})
	d := &fakeDrafter{draft: func(ctx context.Context, _ DraftRequest) (Draft, error) {
		close(entered)
		<-ctx.Done()
		return Draft{}, ctx.Err()
	}}
	g, _, rec, logs := newTestGenerated(t, d, GeneratedConfig{Timeout: time.Hour})
	done := make(chan Answer, 1)
	go func() {
		a, err := g.Ask(t.Context(), "", "When does the Assembly of States Parties meet?")
		if err != nil {
			t.Errorf("Ask: %v", err)
		}
		done <- a
	}()
	<-entered
	g.Stop()
	if a := <-done; a.Mode != ModeExtractiveFallback || !a.Answered {
		t.Errorf("Ask during Stop = mode %q answered %v; want the extractive answer", a.Mode, a.Answered)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	a, err := g.Ask(ctx, "", "When does the Assembly of States Parties meet?")
	if err != nil || a.Mode != ModeExtractiveFallback {
		t.Errorf("Ask after Stop with a cancelled context = %q, %v; want the extractive answer", a.Mode, err)
	}
	if _, drafts := d.calls(); drafts != 1 {
		t.Errorf("%d drafts asked for; want 1, none after Stop", drafts)
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if strings.Join(rec.reasons, " ") != "shutdown shutdown" {
		t.Errorf("reasons %q; want shutdown twice", rec.reasons)
	}
	if !strings.Contains(logs.String(), "reason=shutdown") {
		t.Errorf("shutdown not logged:\n%s", logs.String())
	}
}

// TestGeneratedCancelled: an asker gone away is an error, not an answer.
func TestGeneratedCancelled(t *testing.T) {
	d := &fakeDrafter{draft: func(context.Context, DraftRequest) (Draft, error) {
		t.Error("the model was asked for a question nobody waits for")
		return Draft{}, nil
	}}
	g, _, _, _ := newTestGenerated(t, d, GeneratedConfig{})
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := g.Ask(ctx, "", "When does the Assembly of States Parties meet?"); !errors.Is(err, context.Canceled) {
		t.Errorf("Ask with a cancelled context = %v; want context.Canceled", err)
	}
}

// A document's url travels with every citation of it, from a model's draft
// as from the engine, so that the platforms can link it.
func TestCitationsCarryTheDocumentURL(t *testing.T) {
	doc, problems := knowledge.Parse("a.md", []byte("---\ntitle: A\nurl: https://example.org/a\n---\nThe judges meet in The Hague every December.\n"))
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	e := New(knowledge.NewBase([]*knowledge.Document{doc}))
	a, _ := e.Answer(t.Context(), "Where do the judges meet?")
	if !a.Answered || a.Citations[0].URL != "https://example.org/a" {
		t.Fatalf("extractive: %+v", a.Citations)
	}
	d := &fakeDrafter{draft: func(_ context.Context, r DraftRequest) (Draft, error) {
		return Draft{Lead: "The judges meet in The Hague.", Quotes: []DraftQuote{{Text: "The judges meet in The Hague every December."}}}, nil
	}}
	g := NewGenerated(d, func() *Engine { return e }, GeneratedConfig{Log: slog.New(slog.DiscardHandler)})
	got, err := g.Ask(t.Context(), "", "Where do the judges meet?")
	if err != nil || got.Mode != ModeLLM || len(got.Citations) != 1 || got.Citations[0].URL != "https://example.org/a" {
		t.Errorf("from a draft: %v %q %+v", err, got.Mode, got.Citations)
	}
}
