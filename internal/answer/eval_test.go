package answer

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"iccbot/internal/evalset"
	"iccbot/internal/knowledge"
)

func readEval(t testing.TB, path string) []evalset.Case {
	t.Helper()
	cases, err := evalset.Read(path)
	if err != nil {
		t.Fatal(err)
	}
	return cases
}

// briefing loads the real knowledge folder.
func briefing(t testing.TB) *Engine {
	t.Helper()
	return briefingWith(t)
}

func briefingWith(t testing.TB, opts ...Option) *Engine {
	t.Helper()
	kb, problems, err := knowledge.Load("../../knowledge")
	if err != nil {
		t.Fatal(err)
	}
	if len(problems) > 0 {
		t.Fatalf("knowledge problems: %v", problems)
	}
	return New(kb, opts...)
}

// checkVerbatim fails unless every quote is exactly src[a:b] of its file as
// read from disk, independently of the knowledge package.
func checkVerbatim(t *testing.T, a Answer) {
	t.Helper()
	for _, c := range a.Citations {
		src, err := os.ReadFile(filepath.Join("../../knowledge", filepath.FromSlash(c.Source)))
		if err != nil {
			t.Errorf("citation source %q: %v", c.Source, err)
			continue
		}
		if c.Span.Start < 0 || c.Span.End > len(src) || string(src[c.Span.Start:c.Span.End]) != c.Quote {
			t.Errorf("quote %q is not src[%d:%d] of %s", c.Quote, c.Span.Start, c.Span.End, c.Source)
		}
		if strings.Contains(c.Quote, "…") {
			t.Errorf("quote %q runs across an omission mark", c.Quote)
		}
	}
}

func TestPublicEval(t *testing.T) {
	e := briefing(t)
	floors := map[string]int{"answerable": 13, "out_of_scope": 6, "injection": 2}
	runEval(t, e, readEval(t, "testdata/eval/questions.jsonl"), floors)
}

// TestExtraEval is our own, wider sample of how people ask: paraphrases,
// typos, single words, and questions next to the briefing's subject.
func TestExtraEval(t *testing.T) {
	e := briefing(t)
	cases := readEval(t, "testdata/extra.jsonl")
	count := map[string]int{}
	for _, c := range cases {
		count[c.Kind]++
	}
	// Most of each kind: the set exists to catch regressions in general
	// behaviour, not to pin every single question. (It was written
	// against the briefing alone; the engine's one threshold is now chosen
	// on the four-document development set, which costs it a few of these.)
	floors := map[string]int{}
	for k, n := range count {
		floors[k] = (n*85 + 99) / 100
	}
	runEval(t, e, cases, floors)
}

func runEval(t *testing.T, e *Engine, cases []evalset.Case, floors map[string]int) map[string]int {
	t.Helper()
	return runEvalChecked(t, e, cases, floors, checkVerbatim)
}

// runEvalChecked runs an eval set, checking each answer's quotes with
// check, and returns how many of each kind passed.
func runEvalChecked(t *testing.T, e *Engine, cases []evalset.Case, floors map[string]int, check func(*testing.T, Answer)) map[string]int {
	t.Helper()
	passed := map[string]int{}
	total := map[string]int{}
	for _, c := range cases {
		q, err := CleanQuestion(c.Question)
		if err != nil {
			t.Fatalf("%s: CleanQuestion(%q): %v", c.ID, c.Question, err)
		}
		a, err := e.Answer(t.Context(), q)
		if err != nil {
			t.Fatalf("%s: Answer(%q): %v", c.ID, q, err)
		}
		check(t, a)
		total[c.Kind]++
		ev := e.examine(q)
		if why := evalset.Score(c, a.Answered, quotes(a), a.Text); why != "" {
			t.Logf("MISS %s %s %q: %s (coverage %.2f, unknown %v)", c.ID, c.Kind, c.Question, why, ev.coverage, ev.query.Unknown)
			continue
		}
		t.Logf("pass %s %s coverage %.2f unknown %v", c.ID, c.Kind, ev.coverage, ev.query.Unknown)
		passed[c.Kind]++
	}
	for kind, floor := range floors {
		t.Logf("%s: %d of %d", kind, passed[kind], total[kind])
		if passed[kind] < floor {
			t.Errorf("%s: %d of %d passed; want at least %d", kind, passed[kind], total[kind], floor)
		}
	}
	return passed
}
