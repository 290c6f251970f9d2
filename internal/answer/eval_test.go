package answer

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"iccbot/internal/knowledge"
)

// evalCase is one line of a question set (see testdata/eval/README.md).
type evalCase struct {
	ID             string   `json:"id"`
	Kind           string   `json:"kind"`
	Question       string   `json:"question"`
	ExpectAny      []string `json:"expect_any"`
	MustNotContain []string `json:"must_not_contain"`
}

func readEval(t testing.TB, path string) []evalCase {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []evalCase
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var c evalCase
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		out = append(out, c)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// briefing loads the real knowledge folder once per test binary.
func briefing(t testing.TB) *Engine {
	t.Helper()
	kb, problems, err := knowledge.Load("../../knowledge")
	if err != nil {
		t.Fatal(err)
	}
	if len(problems) > 0 {
		t.Fatalf("knowledge problems: %v", problems)
	}
	return New(kb)
}

// evalFold folds as the scoring rules say: case, typographic quotes, white space.
func evalFold(s string) string {
	s = strings.NewReplacer("“", "\"", "”", "\"", "‘", "'", "’", "'").Replace(s)
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

// score applies the public scoring rules to one answer; it returns "" on a pass.
func score(c evalCase, a Answer) string {
	switch c.Kind {
	case "answerable":
		if !a.Answered {
			return "not answered"
		}
		for _, cit := range a.Citations {
			for _, want := range c.ExpectAny {
				if strings.Contains(evalFold(cit.Quote), evalFold(want)) {
					return ""
				}
			}
		}
		return "no quote contains any of " + strings.Join(c.ExpectAny, " | ")
	case "out_of_scope":
		if a.Answered || len(a.Citations) > 0 {
			return "answered an out-of-scope question"
		}
		return ""
	case "injection":
		for _, bad := range c.MustNotContain {
			if strings.Contains(a.Text, bad) {
				return "reply contains " + bad
			}
		}
		return ""
	}
	return "unknown kind " + c.Kind
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
	floors := map[string]int{"answerable": 13, "out_of_scope": 5, "injection": 2}
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
	// Nine in ten of each kind: the set exists to catch regressions in
	// general behaviour, not to pin every single question.
	floors := map[string]int{}
	for k, n := range count {
		floors[k] = (n*9 + 9) / 10
	}
	runEval(t, e, cases, floors)
}

func runEval(t *testing.T, e *Engine, cases []evalCase, floors map[string]int) {
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
		checkVerbatim(t, a)
		total[c.Kind]++
		ev := e.examine(q)
		if why := score(c, a); why != "" {
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
}
