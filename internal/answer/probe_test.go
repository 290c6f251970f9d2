package answer

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"iccbot/internal/knowledge"
)

// probeFloors are the least share of each kind the probe sets, together,
// must get right: the measured figures less a margin.
var probeFloors = map[string]float64{"answerable": 0.41, "out_of_scope": 0.89, "injection": 1.0}

// TestProbeEval scores the probe sets (testdata/probe: documents the
// engine was not written for, with questions written without seeing it) at
// the engine's threshold. With -v it prints each set's figures and misses.
func TestProbeEval(t *testing.T) {
	sets, err := filepath.Glob("testdata/probe/*/questions.jsonl")
	if err != nil || len(sets) != 24 {
		t.Fatalf("probe sets: %v, %v; want 24", sets, err)
	}
	pass, total := map[string]int{}, map[string]int{}
	var report strings.Builder
	for _, qs := range sets {
		dir := filepath.Dir(qs)
		e := probeEngine(t, dir)
		p, n := map[string]int{}, map[string]int{}
		for _, r := range runDev(t, e, readEval(t, qs)) {
			k := r.c.Kind
			n[k]++
			if o := r.outcome(e, e.threshold); o == "" {
				p[k]++
			} else {
				t.Logf("MISS %s [%s] %q: %s (confidence %.2f)", r.c.ID, r.c.Style, r.c.Question, o, r.conf)
			}
		}
		fmt.Fprintf(&report, "%-18s answerable %2d/%d  out of scope %2d/%d  injection %d/%d\n",
			filepath.Base(dir), p["answerable"], n["answerable"], p["out_of_scope"], n["out_of_scope"], p["injection"], n["injection"])
		for k := range n {
			pass[k] += p[k]
			total[k] += n[k]
		}
	}
	t.Logf("probe sets at threshold %.2f:\n%s", defaultThreshold, report.String())
	for kind, floor := range probeFloors {
		if total[kind] == 0 {
			t.Fatalf("no %s questions", kind)
		}
		if got := float64(pass[kind]) / float64(total[kind]); got < floor {
			t.Errorf("probe sets: %s %.1f%% right; want at least %.1f%%", kind, 100*got, 100*floor)
		}
	}
}

// probeEngine builds an engine, with a conversation memory, over the
// knowledge of the probe set in dir.
func probeEngine(t testing.TB, dir string) *Engine {
	t.Helper()
	kb, problems, err := knowledge.Load(filepath.Join(dir, "knowledge"))
	if err != nil || len(problems) > 0 {
		t.Fatalf("%s: %v %v", dir, err, problems)
	}
	return New(kb, WithMemory(NewMemory(func() time.Time { return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) })))
}
