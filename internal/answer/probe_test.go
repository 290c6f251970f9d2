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

const maxBlindWrong = 585

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
	scoreSets(t, "testdata/blind", 196, blindFloors, maxBlindWrong, false)
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
	// all counts every set; fresh the newest blind groups' apart, as the
	// calibration is not fitted on them (blindFresh).
	var all, fresh tally
	var report strings.Builder
	for _, qs := range sets {
		dir := filepath.Dir(qs)
		e := probeEngine(t, dir)
		var set tally
		if _, ok := blindGroup[filepath.Base(dir)]; !ok && filepath.Base(filepath.Dir(dir)) == "blind" {
			t.Errorf("blind set %s has no group in testdata/blind/groups.txt", filepath.Base(dir))
		}
		for _, r := range runDev(t, e, readEval(t, qs)) {
			o := r.outcome(e, e.threshold)
			set.add(r.c.Kind, o)
			if o != "" && misses {
				t.Logf("MISS %s [%s] %q: %s (confidence %.2f)", r.c.ID, r.c.Style, r.c.Question, o, r.conf)
			}
		}
		fmt.Fprintf(&report, "%-20s answerable %2d/%d  out of scope %2d/%d  injection %d/%d\n", filepath.Base(dir),
			set.pass["answerable"], set.total["answerable"], set.pass["out_of_scope"], set.total["out_of_scope"], set.pass["injection"], set.total["injection"])
		all.merge(set)
		if blindFresh[filepath.Base(dir)] {
			fresh.merge(set)
		}
	}
	// A set listed in a fresh group but missing here, or misspelt there,
	// would leave the forecast short.
	if filepath.Base(dir) == "blind" && fresh.sets != len(blindFresh) {
		t.Errorf("%s: %d sets of the newest groups (blindFresh) found; want all %d", dir, fresh.sets, len(blindFresh))
	}
	if fresh.sets > 0 {
		fmt.Fprintf(&report, "the newest %d, not fitted on: %s\n", fresh.sets, fresh)
	}
	fmt.Fprintf(&report, "together: %s\n", all)
	t.Logf("%s at threshold %.2f:\n%s", dir, defaultThreshold, report.String())
	for kind, floor := range floors {
		if all.total[kind] == 0 {
			t.Fatalf("no %s questions", kind)
		}
		if got := float64(all.pass[kind]) / float64(all.total[kind]); got < floor {
			t.Errorf("%s: %s %.1f%% right; want at least %.1f%%", dir, kind, 100*got, 100*floor)
		}
	}
	if maxWrong >= 0 && all.wrong > maxWrong {
		t.Errorf("%s: %d answerable questions answered with a wrong quote; want at most %d", dir, all.wrong, maxWrong)
	}
}

// tally counts the questions of some sets by kind, those passed, and the
// answerable ones answered with a wrong quote.
type tally struct {
	pass, total map[string]int
	wrong, sets int
}

// add counts a question of kind whose outcome was o ("" a pass).
func (t *tally) add(kind, o string) {
	if t.total == nil {
		t.pass, t.total = map[string]int{}, map[string]int{}
	}
	t.total[kind]++
	switch {
	case o == "":
		t.pass[kind]++
	case kind == "answerable" && o != "not answered":
		t.wrong++
	}
}

// merge adds the counts of one set's tally.
func (t *tally) merge(set tally) {
	if t.total == nil {
		t.pass, t.total = map[string]int{}, map[string]int{}
	}
	for k := range set.total {
		t.pass[k] += set.pass[k]
		t.total[k] += set.total[k]
	}
	t.wrong += set.wrong
	t.sets++
}

func (t tally) String() string {
	return fmt.Sprintf("answerable %d/%d, out of scope %d/%d, injection %d/%d, wrong quotes %d",
		t.pass["answerable"], t.total["answerable"], t.pass["out_of_scope"], t.total["out_of_scope"], t.pass["injection"], t.total["injection"], t.wrong)
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
