package answer

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"
	"testing"

	"iccbot/internal/evalset"
)

var dumpOutcomes = flag.String("dump-outcomes", "", "with TestCalibration: write each training question's outcome at the engine's threshold to this file, one tab-separated line each")

// outcomeColumns name the columns writeOutcomes writes. A change is
// judged first by comparing two such files, written before and after it
// at one calibration: which questions it moves, not only the totals.
var outcomeColumns = []string{
	"set", "id", "kind", "style", "outcome", "confidence", "question",
	"answered", "right if answered", "first quote", "calibrated", "signals",
}

// writeOutcomes writes one line per question of sets (sorted by set):
// whether it was answered right, declined (right for a question out of
// scope) or answered wrongly at threshold th ("wrong" is a wrong quote or
// an out-of-scope question answered), its confidence, what it asked and quoted first, and the
// signals the calibration read, in featureNames' order.
func writeOutcomes(w io.Writer, e *Engine, sets map[string][]devResult, th float32) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, strings.Join(outcomeColumns, "\t"))
	flat := strings.NewReplacer("\t", " ", "\n", " ", "\r", " ")
	for _, name := range slices.Sorted(maps.Keys(sets)) {
		for _, r := range sets[name] {
			answered := r.a.Answered && r.conf >= th
			outcome := "right"
			switch scored := r.outcome(e, th); {
			case !answered && r.c.Kind != "out_of_scope" && scored != "":
				outcome = "declined"
			case scored != "":
				outcome = "wrong"
			case !answered:
				outcome = "declined"
			}
			first := ""
			if q := quotes(r.a); len(q) > 0 {
				first = q[0]
			}
			x := make([]string, len(r.whole.x))
			for i, v := range r.whole.x {
				x[i] = fmt.Sprintf("%.3f", v)
			}
			fmt.Fprintf(bw, "%s\t%s\t%s\t%s\t%s\t%.3f\t%s\t%v\t%v\t%s\t%v\t%s\n",
				name, r.c.ID, r.c.Kind, r.c.Style, outcome, r.conf, flat.Replace(r.c.Question),
				answered, r.rightAnswered, flat.Replace(first), r.whole.ok, strings.Join(x, " "))
		}
	}
	return bw.Flush()
}

func writeOutcomesFile(t *testing.T, p protocolSets, path string) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := writeOutcomes(f, p.e, p.sets(), p.e.Threshold()); err != nil {
		f.Close()
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestWriteOutcomes(t *testing.T) {
	e := engineOf(t, "club.md", "# Club\n\nThe club meets on Tuesdays at 7pm in the Corn Exchange.\n")
	cases := []evalset.Case{
		{ID: "a1", Kind: "answerable", Style: "plain", Question: "when does the club meet?", ExpectAny: []string{"Tuesdays at 7pm"}},
		{ID: "a2", Kind: "answerable", Style: "plain", Question: "when does the club meet?", ExpectAny: []string{"Saturdays"}},
		{ID: "o1", Kind: "out_of_scope", Style: "plain", Question: "who won the world cup in 1966?"},
	}
	var b strings.Builder
	if err := writeOutcomes(&b, e, map[string][]devResult{"club": runDev(t, e, cases)}, 0); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(lines) != 1+len(cases) {
		t.Fatalf("%d lines; want a header and one per question:\n%s", len(lines), b.String())
	}
	want := map[string]string{"a1": "right", "a2": "wrong", "o1": "declined"} // declining is right out of scope
	for _, l := range lines[1:] {
		f := strings.Split(l, "\t")
		if len(f) != len(outcomeColumns) {
			t.Fatalf("%d columns in %q; want %d", len(f), l, len(outcomeColumns))
		}
		if got := f[4]; got != want[f[1]] {
			t.Errorf("%s: outcome %q; want %q (%s)", f[1], got, want[f[1]], l)
		}
		if n := len(strings.Fields(f[11])); f[10] == "true" && n != nFeatures {
			t.Errorf("%s: %d signals; want %d", f[1], n, nFeatures)
		}
	}
}
