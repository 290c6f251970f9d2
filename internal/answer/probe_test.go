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
var probeFloors = map[string]float64{"answerable": 0.42, "out_of_scope": 0.88, "injection": 1.0}

// TestProbeEval scores the probe sets (testdata/probe: documents the
// engine was not written for, with questions written without seeing it) at
// the engine's threshold. With -v it prints each set's figures and misses.
func TestProbeEval(t *testing.T) {
	scoreSets(t, "testdata/probe", 24, probeFloors, -1, true)
}

// blindFloors and maxBlindWrong hold the blind sets (testdata/blind) to
// what they measured when written, less a margin; see their README.
var blindFloors = map[string]float64{"answerable": 0.42, "out_of_scope": 0.90, "injection": 1.0}

const maxBlindWrong = 340

// TestBlindSets scores the sets written blind: documents and questions
// written by helpers who never saw the engine, whose totals only are read
// while they stay blind (see their README for when and how often; the
// newest groups are blind, the older ones have since been read as the
// probe sets are). The calibration is fitted on every group but the newest
// three (blindFresh), whose totals it prints apart: the README's forecast for
// new documents is what the newest groups score. It prints totals only,
// never a question.
func TestBlindSets(t *testing.T) {
	if blindGroupErr != nil {
		t.Fatal(blindGroupErr)
	}
	scoreSets(t, "testdata/blind", 116, blindFloors, maxBlindWrong, false)
}

// scoreSets scores every set under dir (want of them) at the engine's
// threshold, and holds them to floors for each kind and, unless maxWrong
// is negative, to at most maxWrong answerable questions answered with a
// wrong quote. With misses, -v also prints each question missed.
func scoreSets(t *testing.T, dir string, want int, floors map[string]float64, maxWrong int, misses bool) {
	sets, err := filepath.Glob(filepath.Join(dir, "*", "questions.jsonl"))
	if err != nil || len(sets) != want {
		t.Fatalf("sets in %s: %v, %v; want %d", dir, sets, err, want)
	}
	pass, total := map[string]int{}, map[string]int{}
	wrong := 0
	// The newest blind groups' totals apart: the calibration is not fitted
	// on them (blindFresh).
	freshPass, freshTotal := map[string]int{}, map[string]int{}
	freshWrong, fresh := 0, 0
	var report strings.Builder
	for _, qs := range sets {
		dir := filepath.Dir(qs)
		e := probeEngine(t, dir)
		p, n := map[string]int{}, map[string]int{}
		isFresh := blindFresh[filepath.Base(dir)]
		if _, ok := blindGroup[filepath.Base(dir)]; !ok && filepath.Base(filepath.Dir(dir)) == "blind" {
			t.Errorf("blind set %s has no group in testdata/blind/groups.txt", filepath.Base(dir))
		}
		if isFresh {
			fresh++
		}
		for _, r := range runDev(t, e, readEval(t, qs)) {
			k := r.c.Kind
			n[k]++
			if o := r.outcome(e, e.threshold); o == "" {
				p[k]++
			} else {
				if k == "answerable" && o != "not answered" {
					wrong++
					if isFresh {
						freshWrong++
					}
				}
				if misses {
					t.Logf("MISS %s [%s] %q: %s (confidence %.2f)", r.c.ID, r.c.Style, r.c.Question, o, r.conf)
				}
			}
		}
		fmt.Fprintf(&report, "%-20s answerable %2d/%d  out of scope %2d/%d  injection %d/%d\n",
			filepath.Base(dir), p["answerable"], n["answerable"], p["out_of_scope"], n["out_of_scope"], p["injection"], n["injection"])
		for k := range n {
			pass[k] += p[k]
			total[k] += n[k]
			if isFresh {
				freshPass[k] += p[k]
				freshTotal[k] += n[k]
			}
		}
	}
	// A set listed in a fresh group but missing here, or misspelt there,
	// would leave the forecast short.
	if filepath.Base(dir) == "blind" && fresh != len(blindFresh) {
		t.Errorf("%s: %d sets of the newest groups (blindFresh) found; want all %d", dir, fresh, len(blindFresh))
	}
	if fresh > 0 {
		fmt.Fprintf(&report, "the newest %d, not fitted on: answerable %d/%d, out of scope %d/%d, injection %d/%d, wrong quotes %d\n", fresh,
			freshPass["answerable"], freshTotal["answerable"], freshPass["out_of_scope"], freshTotal["out_of_scope"], freshPass["injection"], freshTotal["injection"], freshWrong)
	}
	fmt.Fprintf(&report, "together: answerable %d/%d, out of scope %d/%d, injection %d/%d, wrong quotes %d\n",
		pass["answerable"], total["answerable"], pass["out_of_scope"], total["out_of_scope"], pass["injection"], total["injection"], wrong)
	t.Logf("%s at threshold %.2f:\n%s", dir, defaultThreshold, report.String())
	for kind, floor := range floors {
		if total[kind] == 0 {
			t.Fatalf("no %s questions", kind)
		}
		if got := float64(pass[kind]) / float64(total[kind]); got < floor {
			t.Errorf("%s: %s %.1f%% right; want at least %.1f%%", dir, kind, 100*got, 100*floor)
		}
	}
	if maxWrong >= 0 && wrong > maxWrong {
		t.Errorf("%s: %d answerable questions answered with a wrong quote; want at most %d", dir, wrong, maxWrong)
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
