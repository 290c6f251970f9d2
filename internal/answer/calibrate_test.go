package answer

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"go/format"
	"maps"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
)

var updateCalibration = flag.Bool("update-calibration", false, "refit the calibration on every question and rewrite calibration_gen.go")

// The boosting's settings: trees of treeDepth levels, each leaf needing
// boostMinLeaf answers, added boostRounds times at boostRate of their
// Newton step (with boostLambda as the step's ridge), splitting each
// feature at no more than boostBins of its values. Held out by fold of
// sets, other settings did about as well (2,394–2,461 against 2,422–2,439
// by the protocol's count: see the README) when 150 rounds were chosen;
// with six times the questions, 300 did better held out by group (4,342
// against 4,308 re-tuned, 4,358 at its threshold against 4,322 at 150's)
// and on the groups not fitted on, 500 no better again, trees of four
// levels worse.
const (
	boostRounds  = 300
	boostRate    = 0.05
	boostMinLeaf = 20
	boostLambda  = 1.0
	boostBins    = 32
)

// protocolSets are every question we have, answered once per test binary:
// the dev set's (rs), ours about the briefing (ours), the probe sets'
// (probes, by set) and the blind sets' (blind, by set, the newest groups
// left out: see blindFresh), with the signals the calibration reads.
type protocolSets struct {
	e      *Engine
	rs     []devResult
	ours   []devResult
	probes map[string][]devResult
	blind  map[string][]devResult
}

var protocolOnce struct {
	sync.Once
	sets protocolSets
}

func protocolResults(t *testing.T) protocolSets {
	t.Helper()
	protocolOnce.Do(func() {
		e := devEngine(t)
		p := protocolSets{e: e, probes: map[string][]devResult{}, blind: map[string][]devResult{}}
		p.rs = runDev(t, e, readEval(t, "testdata/dev/questions.jsonl"))
		for _, path := range []string{"testdata/eval/questions.jsonl", "testdata/extra.jsonl"} {
			cases := readEval(t, path)
			for i := range cases {
				cases[i].Doc = "briefing"
			}
			p.ours = append(p.ours, runDev(t, e, cases)...)
		}
		sets, err := filepath.Glob("testdata/probe/*/questions.jsonl")
		if err != nil || len(sets) == 0 {
			t.Fatalf("probe sets: %v, %v", sets, err)
		}
		for _, qs := range sets {
			dir := filepath.Dir(qs)
			p.probes[filepath.Base(dir)] = runDev(t, probeEngine(t, dir), readEval(t, qs))
		}
		blind, err := filepath.Glob("testdata/blind/*/questions.jsonl")
		if err != nil || len(blind) == 0 {
			t.Fatalf("blind sets: %v, %v", blind, err)
		}
		for _, qs := range blind {
			dir := filepath.Dir(qs)
			if name := filepath.Base(dir); !blindFresh[name] {
				p.blind[name] = runDev(t, probeEngine(t, dir), readEval(t, qs))
			}
		}
		protocolOnce.sets = p
	})
	if protocolOnce.sets.e == nil {
		t.Fatal("the protocol's questions could not be answered (see the first test that tried)")
	}
	return protocolOnce.sets
}

func (p protocolSets) all() []devResult {
	out := append(append([]devResult{}, p.rs...), p.ours...)
	for _, name := range slices.Sorted(maps.Keys(p.probes)) {
		out = append(out, p.probes[name]...)
	}
	for _, name := range slices.Sorted(maps.Keys(p.blind)) {
		out = append(out, p.blind[name]...)
	}
	return out
}

// sets are every set of questions by name: the dev set, ours, each probe
// set and each blind set the calibration is fitted on.
func (p protocolSets) sets() map[string][]devResult {
	groups := map[string][]devResult{"dev": p.rs, "ours": p.ours}
	for name, rs := range p.probes {
		groups["probe/"+name] = rs
	}
	for name, rs := range p.blind {
		groups["blind/"+name] = rs
	}
	return groups
}

// fitCalibration fits the boosted trees on rs: a right answer is a
// positive; a wrong quote or an out-of-scope question a negative, weighing
// what tune counts it. Injections are left out (what they must not do
// is repeat a code, which no quote does), and so are the questions the
// calibration does not score. It fails when rs has no right answer or no
// wrong one, whose odds have no finite fit.
func fitCalibration(rs []devResult) (calibration, error) {
	xs, ys, ws := calibrationRows(rs)
	return fitRows(xs, ys, ws)
}

// calibrationRows are the features, labels and weights fitCalibration
// fits.
func calibrationRows(rs []devResult) (xs [][nFeatures]float64, ys, ws []float64) {
	for _, r := range rs {
		// A question of two parts is left out too: its label is the
		// whole answer's, its confidence both parts' (bothParts).
		if r.joint || !r.whole.ok || r.c.Kind == "injection" {
			continue
		}
		right := r.c.Kind == "answerable" && r.a.Answered && r.rightAnswered
		var w float64
		switch {
		case right:
			w = 1
		case r.c.Kind == "answerable":
			w = wrongQuoteCost
		default:
			w = outOfScopeCost
		}
		y := 0.0
		if right {
			y = 1
		}
		xs, ys, ws = append(xs, r.whole.x), append(ys, y), append(ws, w)
	}
	return xs, ys, ws
}

// fitEach fits a calibration on each of n training sets, several at once:
// each fit is pure arithmetic on its own rows, and the folds of
// TestCalibration, one after another, were most of the package's test
// time (over five minutes with the race detector). train builds the k-th
// set when its fit starts, so that only as many sets as fits running are
// held at once (all nineteen of TestCalibration's, built up front, took
// 880 MB).
func fitEach(n int, train func(k int) []devResult) ([]calibration, error) {
	out := make([]calibration, n)
	errs := make([]error, n)
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for k := range n {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			out[k], errs[k] = fitCalibration(train(k))
		})
	}
	wg.Wait()
	return out, errors.Join(errs...)
}

func fitRows(xs [][nFeatures]float64, ys, ws []float64) (calibration, error) {
	var c calibration
	// A NaN would sort below every cut and train the left branch, but go
	// right in leaf (NaN <= t is false), and could not be written as Go.
	for _, x := range xs {
		for j, v := range x {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return c, fmt.Errorf("fitting the calibration: feature %s is %v", featureNames[j], v)
			}
		}
	}
	var pos, neg float64
	for i, y := range ys {
		if y == 1 {
			pos += ws[i]
		} else {
			neg += ws[i]
		}
	}
	if pos == 0 || neg == 0 {
		return c, fmt.Errorf("fitting the calibration: right answers weigh %g and others %g of %d; want some of each", pos, neg, len(ys))
	}
	cuts, bins := binFeatures(xs)
	c.Base = math.Log(pos / neg)
	z := make([]float64, len(xs))
	for i := range z {
		z[i] = c.Base
	}
	g, h := make([]float64, len(xs)), make([]float64, len(xs))
	all := make([]int, len(xs))
	for i := range all {
		all[i] = i
	}
	for range boostRounds {
		for i := range z {
			p := 1 / (1 + math.Exp(-z[i]))
			g[i], h[i] = ws[i]*(p-ys[i]), ws[i]*p*(1-p)
		}
		var tr tree
		growTree(&tr, 0, all, bins, cuts, g, h)
		for i := range z {
			z[i] += tr.leaf(&xs[i])
		}
		c.Trees = append(c.Trees, tr)
	}
	return c, nil
}

// binFeatures returns, for each feature, the values it may be split at
// (at most boostBins, ascending, each a value the feature takes, never its
// largest), and each row's bin of each feature: how many of those values
// lie below the row's.
func binFeatures(xs [][nFeatures]float64) (cuts [nFeatures][]float64, bins [][nFeatures]uint8) {
	vals := make([]float64, len(xs))
	for j := range nFeatures {
		for i, x := range xs {
			vals[i] = x[j]
		}
		slices.Sort(vals)
		var cs []float64
		for k := 1; k <= boostBins; k++ {
			v := vals[min(k*len(vals)/boostBins, len(vals)-1)]
			if v < vals[len(vals)-1] && (len(cs) == 0 || v > cs[len(cs)-1]) {
				cs = append(cs, v)
			}
		}
		// Features of few values (flags, counts) are split at each.
		distinct := slices.Compact(slices.Clone(vals))
		if len(distinct) <= boostBins {
			cs = distinct[:len(distinct)-1]
		}
		cuts[j] = cs
	}
	bins = make([][nFeatures]uint8, len(xs))
	for i, x := range xs {
		for j := range nFeatures {
			b, _ := slices.BinarySearch(cuts[j], x[j])
			bins[i][j] = uint8(b)
		}
	}
	return cuts, bins
}

// growTree fills node i of t and its subtree from rows, the training rows
// that reach it, with the gradients g and Hessians h of the log loss: the
// split that most lowers the Newton estimate of the loss, or none (every
// row left) when no split leaves boostMinLeaf rows on each side; a leaf
// takes boostRate of its rows' Newton step.
func growTree(t *tree, i int, rows []int, bins [][nFeatures]uint8, cuts [nFeatures][]float64, g, h []float64) {
	const inner = 1<<treeDepth - 1
	if i >= inner {
		var sg, sh float64
		for _, r := range rows {
			sg += g[r]
			sh += h[r]
		}
		t.Leaf[i-inner] = -boostRate * sg / (sh + boostLambda)
		return
	}
	var hg, hh [nFeatures][boostBins + 1]float64
	var hn [nFeatures][boostBins + 1]int
	var sg, sh float64
	for _, r := range rows {
		sg += g[r]
		sh += h[r]
		for j, b := range bins[r] {
			hg[j][b] += g[r]
			hh[j][b] += h[r]
			hn[j][b]++
		}
	}
	parent := sg * sg / (sh + boostLambda)
	bestGain, bestF, bestB := 1e-9, -1, 0
	for j := range nFeatures {
		var lg, lh float64
		ln := 0
		for b := range cuts[j] {
			lg += hg[j][b]
			lh += hh[j][b]
			ln += hn[j][b]
			if ln < boostMinLeaf || len(rows)-ln < boostMinLeaf {
				continue
			}
			rg, rh := sg-lg, sh-lh
			if gain := lg*lg/(lh+boostLambda) + rg*rg/(rh+boostLambda) - parent; gain > bestGain {
				bestGain, bestF, bestB = gain, j, b
			}
		}
	}
	t.Feature[i] = int8(bestF)
	if bestF < 0 {
		growTree(t, 2*i+1, rows, bins, cuts, g, h)
		growTree(t, 2*i+2, nil, bins, cuts, g, h)
		return
	}
	t.Threshold[i] = cuts[bestF][bestB]
	var left, right []int
	for _, r := range rows {
		if int(bins[r][bestF]) <= bestB {
			left = append(left, r)
		} else {
			right = append(right, r)
		}
	}
	growTree(t, 2*i+1, left, bins, cuts, g, h)
	growTree(t, 2*i+2, right, bins, cuts, g, h)
}

// recalibrated returns rs with the confidences c gives them.
func recalibrated(rs []devResult, c calibration) []devResult {
	out := make([]devResult, len(rs))
	for i, r := range rs {
		out[i] = r
		parts := bothParts(r.parts[0].confidence(&c), r.parts[1].confidence(&c))
		switch {
		case r.joint:
			out[i].conf = parts
		case r.capped:
			out[i].conf = min(r.whole.confidence(&c), parts)
		default:
			out[i].conf = r.whole.confidence(&c)
		}
	}
	return out
}

// rescored returns rs with the hand-made score as their confidence, the
// calibration's first feature.
func rescored(rs []devResult) []devResult {
	out := make([]devResult, len(rs))
	for i, r := range rs {
		out[i] = r
		score := func(s signalled) float32 {
			if !s.ok {
				return 0
			}
			return float32(s.x[0])
		}
		parts := bothParts(score(r.parts[0]), score(r.parts[1]))
		switch {
		case r.joint:
			out[i].conf = parts
		case r.capped:
			out[i].conf = min(score(r.whole), parts)
		default:
			out[i].conf = score(r.whole)
		}
	}
	return out
}

// TestCalibration checks that calibration_gen.go is the fit on every
// question we have (refit and rewrite it with -update-calibration), and
// that the calibration earns its place: held out one fold at a time (a
// group of blind sets, a third of the probe sets, or the dev set with ours:
// groupFolds), fitted and thresholded on the rest, it does more good than
// the hand-made score thresholded the same way.
func TestCalibration(t *testing.T) {
	p := protocolResults(t)
	if *dumpOutcomes != "" {
		writeOutcomesFile(t, p, *dumpOutcomes)
	}
	c, err := fitCalibration(p.all())
	if err != nil {
		t.Fatal(err)
	}
	if *updateCalibration {
		writeCalibration(t, c)
		return
	}
	// Within a rounding margin on amd64, where the committed trees are
	// fitted: the fit is the same arithmetic on any machine, but the
	// features are not quite (other architectures fuse multiplies and
	// adds in the score and the search), and a tree's split can fall
	// between a feature's two readings, moving a refit's every leaf a
	// little. Elsewhere only a fit that scores many answers far otherwise
	// is stale.
	xs, _, _ := calibrationRows(p.all())
	stale, far := 0, 0
	for _, x := range xs {
		d := math.Abs(float64(c.apply(x) - calibrated.apply(x)))
		if d > 1e-4 {
			stale++
		}
		if d > 0.05 {
			far++
		}
	}
	if runtime.GOARCH != "amd64" {
		stale = 0
		if far > len(xs)/100 {
			stale = far
		}
	}
	if stale > 0 {
		// No answer depends on the calibration (a follow-up's first turn
		// is remembered by the hand-made score: rememberScore), so one
		// refit settles it.
		t.Errorf("calibration_gen.go is not the fit on every question (%d of %d answers scored otherwise); run go test ./internal/answer -run TestCalibration -update-calibration", stale, len(xs))
	}
	groups, err := groupFolds(p.sets())
	if err != nil {
		t.Fatal(err)
	}
	var calibratedSum, scoreSum, atDefault int
	var calibratedCounts, scoreCounts [3]int // right, wrong quotes, out of scope answered
	var pooled []devResult                   // every set's answers, each by the fit without its set
	count := func(to *[3]int, rs []devResult, th float32) {
		for _, r := range rs {
			if !r.a.Answered || !(r.conf >= th) { // as objective counts: a NaN is declined
				continue
			}
			switch {
			case r.c.Kind == "answerable" && r.rightAnswered:
				to[0]++
			case r.c.Kind == "answerable":
				to[1]++
			case r.c.Kind == "out_of_scope":
				to[2]++
			}
		}
	}
	names := slices.Sorted(maps.Keys(groups))
	trainOf := func(k int) []devResult {
		var train []devResult
		for _, name := range names {
			if name != names[k] {
				train = append(train, groups[name]...)
			}
		}
		return train
	}
	folds, err := fitEach(len(names), trainOf)
	if err != nil {
		t.Fatal(err)
	}
	for k, held := range names {
		train, fold := trainOf(k), folds[k]
		th := tune(recalibrated(train, fold))
		heldOut := recalibrated(groups[held], fold)
		got := objective(heldOut, th)
		thScore := tune(rescored(train))
		base := objective(rescored(groups[held]), thScore)
		calibratedSum += got
		// The same fit at the engine's threshold: less noisy than the
		// re-tuned figure, whose threshold can jump along a flat objective.
		atDefault += objective(heldOut, defaultThreshold)
		scoreSum += base
		pooled = append(pooled, heldOut...)
		count(&calibratedCounts, heldOut, th)
		count(&scoreCounts, rescored(groups[held]), thScore)
		t.Logf("held out %-20s calibrated %4d (threshold %.2f)  score alone %4d (threshold %.2f)", held, got, th, base, thScore)
	}
	t.Logf("fitted on %d answers of %d questions", len(xs), len(p.all()))
	t.Logf("held out by group at the default threshold (%.2f): calibrated %d", defaultThreshold, atDefault)
	// The engine's threshold is no more than 0.02 above the one that does
	// most good on every set's answers, each scored by a fit that never
	// saw its set: the dev set's 212 questions alone pick it less surely,
	// and answers scored by the fit they were learned by look surer than
	// new ones. It may be lower, where the objective is still near its
	// best (flatShare): held out here the objective is flat from 0.45 to
	// 0.51 (2,421–2,443 when the trees came in), and the dev documents
	// held out did best at 0.46–0.47 with the logistic regression before
	// them. See the README.
	pooledTh := tune(pooled)
	t.Logf("threshold tuned on every set held out: %.2f", pooledTh)
	if d := defaultThreshold - pooledTh; d > 0.02+1e-6 { // float32's 0.46-0.44 is 0.0200001
		t.Errorf("tuned on every set held out, the threshold is %.2f; the default, %.2f, is more than 0.02 above it", pooledTh, defaultThreshold)
	}
	if best, at := objective(pooled, pooledTh), objective(pooled, defaultThreshold); float64(at) < flatShare*float64(best) {
		t.Errorf("on every set held out, the default threshold does %d good against %d at %.2f; want at least %.0f%% of it", at, best, pooledTh, 100*flatShare)
	}
	t.Logf("held out by group: calibrated %d (right %d, wrong quotes %d, out of scope answered %d), score alone %d (%d, %d, %d)",
		calibratedSum, calibratedCounts[0], calibratedCounts[1], calibratedCounts[2], scoreSum, scoreCounts[0], scoreCounts[1], scoreCounts[2])
	if calibratedSum <= scoreSum {
		t.Errorf("held out by group, the calibration does %d good against the score's %d; it should do more", calibratedSum, scoreSum)
	}
}

// firstFreshGroup is the oldest group of blind sets not yet read
// (testdata/blind/groups.txt): the calibration is not fitted on it or on
// any newer one, so what they score forecasts new documents (TestBlindSets
// prints them apart).
const firstFreshGroup = 25

// blindGroup is each blind set's group, read from testdata/blind/groups.txt
// (blindGroupErr if it could not be), and blindFresh the sets of the
// groups from firstFreshGroup on.
var (
	blindGroup, blindGroupErr = readBlindGroups("testdata/blind/groups.txt")
	blindFresh                = freshSets(blindGroup)
)

// readBlindGroups reads lines of a set's name and its group's number; "#"
// opens a comment.
func readBlindGroups(path string) (map[string]int, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading the blind sets' groups: %w", err)
	}
	groups := map[string]int{}
	for i, line := range strings.Split(string(data), "\n") {
		if line = strings.TrimSpace(line); line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		var name string
		var g int
		if n, err := fmt.Sscanf(line, "%s %d", &name, &g); n != 2 || err != nil || g < 1 {
			return nil, fmt.Errorf("%s:%d: %q is no set's name and group", path, i+1, line)
		}
		groups[name] = g
	}
	return groups, nil
}

func freshSets(groups map[string]int) map[string]bool {
	fresh := map[string]bool{}
	for name, g := range groups {
		if g >= firstFreshGroup {
			fresh[name] = true
		}
	}
	return fresh
}

// groupFolds deals the sets into the folds TestCalibration holds out in
// turn: each group of blind sets one fold, as new documents come from new
// writers (ten folds dealing sets by name did the same: 2,444 at 0.47
// against 2,445 by group), the probe sets in three, and the dev set with
// ours in one.
func groupFolds(sets map[string][]devResult) (map[string][]devResult, error) {
	if blindGroupErr != nil {
		return nil, blindGroupErr
	}
	folds := map[string][]devResult{}
	probes := 0
	for _, name := range slices.Sorted(maps.Keys(sets)) {
		var f string
		switch kind, set, _ := strings.Cut(name, "/"); kind {
		case "blind":
			g, ok := blindGroup[set]
			if !ok {
				return nil, fmt.Errorf("blind set %s has no group in testdata/blind/groups.txt", set)
			}
			f = fmt.Sprintf("blind group %d", g)
		case "probe":
			f = fmt.Sprintf("probe sets, part %d", probes%3+1)
			probes++
		default:
			f = "dev and ours"
		}
		folds[f] = append(folds[f], sets[name]...)
	}
	return folds, nil
}

// flatShare is the least share of the best objective on every set held
// out that the engine's threshold must do (TestCalibration): a threshold
// on the objective's flat stretch.
const flatShare = 0.95

// writeCalibration writes c as calibration_gen.go.
func writeCalibration(t *testing.T, c calibration) {
	t.Helper()
	var b bytes.Buffer
	b.WriteString("// Code generated by go test ./internal/answer -run TestCalibration -update-calibration; DO NOT EDIT.\n\npackage answer\n\n")
	b.WriteString("// calibrated is the boosted trees fitted on every question of the dev\n// set, ours, the probe sets and the blind sets read (see calibrate.go).\nvar calibrated = calibration{\n")
	fmt.Fprintf(&b, "Base: %v,\nTrees: []tree{\n", c.Base)
	for _, tr := range c.Trees {
		fmt.Fprintf(&b, "{Feature: [1<<treeDepth - 1]int8{%s}, Threshold: [1<<treeDepth - 1]float64{%s}, Leaf: [1 << treeDepth]float64{%s",
			listed(tr.Feature[:]), listed(tr.Threshold[:]), listed(tr.Leaf[:]))
		b.WriteString("}},\n")
	}
	b.WriteString("},\n")
	b.WriteString("}\n")
	src, err := format.Source(b.Bytes())
	if err != nil {
		t.Fatalf("formatting the calibration: %v\n%s", err, b.String())
	}
	if err := os.WriteFile("calibration_gen.go", src, 0o644); err != nil {
		t.Fatalf("writing the calibration: %v", err)
	}
	t.Logf("wrote calibration_gen.go:\n%s", strings.TrimSpace(string(src)))
}

// listed writes vs as a Go list's elements, each as %v does: a float64
// so that it reads back the same.
func listed[T any](vs []T) string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = fmt.Sprint(v)
	}
	return strings.Join(out, ", ")
}

// The fit finds what a signal says: on questions where one feature decides
// whether the answer is right and another is noise, the fitted confidence
// orders answers by the first.
func TestFitCalibrationLearnsTheSignal(t *testing.T) {
	var rs []devResult
	for i := range 400 {
		var x [nFeatures]float64
		x[0] = float64(i%10) / 10     // the score: right when high
		x[2] = float64((i*7)%13) / 13 // noise
		right := x[0] >= 0.5
		if i%17 == 0 {
			right = !right // some disagreement, as in life
		}
		r := devResult{parts: [2]signalled{{x: x, ok: true}}, whole: signalled{x: x, ok: true}}
		r.a.Answered, r.rightAnswered = true, right
		r.c.Kind = "answerable"
		rs = append(rs, r)
	}
	c, err := fitCalibration(rs)
	if err != nil {
		t.Fatal(err)
	}
	// Whatever the noise, every answer of a high score is surer than every
	// answer of a low one: the noise may bend the confidence (it does
	// explain some of the disagreements, in 400 questions) but not order it.
	lowest, highest := float32(1), float32(0)
	for i := range 10 {
		for n := range 13 {
			var x [nFeatures]float64
			x[0], x[2] = float64(i)/10, float64(n)/13
			if p := c.apply(x); i >= 5 {
				lowest = min(lowest, p)
			} else {
				highest = max(highest, p)
			}
		}
	}
	if !(highest < 0.5 && lowest > 0.5) {
		t.Errorf("confidence at a low score up to %.2f, at a high one from %.2f; want below and above one half", highest, lowest)
	}
	// A feature that never varies (here, all but two) is never split on.
	for _, tr := range c.Trees {
		for _, f := range tr.Feature {
			if f != 0 && f != 2 && f != -1 {
				t.Errorf("constant feature %s split on; want never", featureNames[f])
			}
		}
	}
	// With no wrong answers, or none at all, the odds have no finite fit:
	// an error, not a panic or a NaN.
	for _, rows := range [][]devResult{nil, rs[1:2]} {
		if _, err := fitCalibration(rows); err == nil {
			t.Errorf("fit on %d rows of one kind: no error; want one", len(rows))
		}
	}
}

// A tree sends an answer left when its feature is at most the threshold,
// and a node that asks nothing (feature -1) sends every answer left.
func TestTreeLeaf(t *testing.T) {
	tr := tree{
		Feature:   [1<<treeDepth - 1]int8{0, 1, -1, -1, -1, -1, -1},
		Threshold: [1<<treeDepth - 1]float64{0.5, 2},
		Leaf:      [1 << treeDepth]float64{1, 2, 3, 4, 5, 6, 7, 8},
	}
	for _, c := range []struct {
		x0, x1 float64
		want   float64
	}{
		{0.5, 2, 1}, // at both thresholds: left, left
		{0.2, 3, 3}, // left, then right of 2
		{0.9, 0, 5}, // right, then the node that asks nothing: left
	} {
		var x [nFeatures]float64
		x[0], x[1] = c.x0, c.x1
		if got := tr.leaf(&x); got != c.want {
			t.Errorf("leaf(%v, %v) = %v; want %v", c.x0, c.x1, got, c.want)
		}
	}
}

// The runner-up the calibration compares the best sentence with is another
// answer: for a question that wants a kind of fact, a sentence without
// one is no rival.
func TestRunnerUpIsAnotherAnswer(t *testing.T) {
	e := engineOf(t, "lane.md", "# Cycle lane\n\n## Responses\n\nWe received 64 emails and letters about the scheme.\n\n"+
		"## Route\n\nThe lane runs for 1.8 kilometres from the station to the recreation ground.\n\n"+
		"## Parking\n\nTwenty-two of the 38 spaces outside the shops will stay.\n\n"+
		"## Contact\n\nFor questions about the scheme, contact Tom Hadley at westbrook@ellesby.gov.uk.\n")
	if ev := e.examine("whats the scheme email"); !ev.typed || ev.sig.rel1 != 0 {
		t.Errorf("typed %v, runner-up %.2f; want the address typed and the sentence counting emails no rival", ev.typed, ev.sig.rel1)
	}
	e = engineOf(t, "lane.md", "# Cycle lane\n\n## Responses\n\nFor questions about the responses, email responses@ellesby.gov.uk.\n\n"+
		"## Contact\n\nFor questions about the scheme, contact Tom Hadley at westbrook@ellesby.gov.uk.\n")
	if ev := e.examine("whats the scheme email"); ev.sig.rel1 == 0 {
		t.Errorf("runner-up %.2f; want the other address a rival", ev.sig.rel1)
	}
}

// A passage added to a follow-up's candidates for being next to the last
// answer was not found by the search: it has no rank to count against it.
func TestNearPassageHasNoRank(t *testing.T) {
	var texts []string
	for _, name := range []string{"Ongwen", "Ntaganda", "Lubanga", "Katanga", "Bemba", "Gbagbo"} {
		texts = append(texts, "In the "+name+" case, ICC judges issued a warrant and the ICC prosecutor appealed.")
	}
	texts = append(texts, "The court's 18 judges are elected by the Assembly for a single nine-year term.")
	e := engineOf(t, "b.md", "# How the International Criminal Court works\n\n"+strings.Join(texts, "\n\n")+"\n")
	q := e.ix.Parse("How many judges does the ICC have")
	last := int32(len(e.kb.Passages) - 1)
	ev := e.examineQuery("How many judges does the ICC have", "", q, []int32{last})
	if len(ev.picks) == 0 || ev.picks[0].passage != int(last) || ev.sig.rank != 0 {
		t.Fatalf("picks %v, rank %d; want the last passage, unranked", ev.picks, ev.sig.rank)
	}
	if ev := e.examine("How many judges does the ICC have"); ev.sig.rank == 0 && ev.picks[0].passage == int(last) {
		t.Errorf("searched alone, the counting passage has rank 0; want it ranked below the others, as the test supposes")
	}
}

// "How many" that names what it counts is told whether the best sentence
// counts it.
func TestCountedSignal(t *testing.T) {
	e := engineOf(t, "club.md", "# Club\n\nThe club has 34 members.\n\nThe hall has rooms upstairs, built in 1990.\n\n"+
		"The park cares for 240 animals, from red pandas to wildcats.\n\nThe zoo has three giant pandas.\n\nThe league costs £12 a night for players.\n")
	for q, want := range map[string]int{
		"how many members does the club have?": 1,
		"how many rooms are in the hall?":      -1,
		"when was the hall built?":             0,
		// The word counted is the last of a phrase ("red pandas"): 240
		// counts the animals, three the giant pandas.
		"how many red pandas does the park have?":  -1,
		"how many giant pandas does the zoo have?": 1,
		// A price per thing counts none of it.
		"how many players are in the league?": -1,
	} {
		if ev := e.examine(q); ev.sig.counted != want {
			t.Errorf("%q: counted %d; want %d", q, ev.sig.counted, want)
		}
	}
}

func TestBothParts(t *testing.T) {
	for _, c := range []struct{ a, b, want float32 }{
		{0.9, 0.4, 0.6}, // surer than the less sure part alone
		{0.5, 0.5, 0.5}, // as sure as two equally sure parts
		{0.95, 0, 0},    // a part with nothing to quote sinks the whole
		{0.64, 0.81, 0.72},
	} {
		if got := bothParts(c.a, c.b); math.Abs(float64(got-c.want)) > 1e-6 {
			t.Errorf("bothParts(%v, %v) = %v, want %v", c.a, c.b, got, c.want)
		}
		if bothParts(c.a, c.b) != bothParts(c.b, c.a) {
			t.Errorf("bothParts(%v, %v) depends on the order", c.a, c.b)
		}
	}
}

func TestPartLead(t *testing.T) {
	for _, c := range []struct {
		lead string
		part int
		want string
	}{
		{"Here is what the briefing says:", 0, "Here is what the briefing says; the quotes answer the first part of your question, but I am not sure they answer the second:"},
		{"Here is what “Pool” says:", 1, "Here is what “Pool” says; the quotes answer the second part of your question, but I am not sure they answer the first:"},
	} {
		if got := partLead(c.lead, c.part); got != c.want {
			t.Errorf("partLead(%q, %d) = %q, want %q", c.lead, c.part, got, c.want)
		}
	}
}

func TestHeadWord(t *testing.T) {
	tests := []struct{ q, want string }{
		{"who is the chief executive of the hospice?", "chief"},
		{"what time do the sunday morning outings start?", "sunday"}, // "time" names the kind of answer
		{"whats the yearly subscription?", "yearly"},
		{"hey so whats the deal with parking", "deal"},
		{"how many homes does the charity have?", "homes"},
		{"what kind of dogs are allowed", "dogs"},
		{"i was wondering, when did it open", "open"},
		{"which company ran the coach to camp?", "company"},
		{"how come the pool shut early?", "pool"},      // "how come" asks why
		{"wat are the titels of the books?", "titels"}, // as typed
		{"is there a bus?", "bus"},                     // what is asked after
		{"is there parking at the church hall?", "parking"},
		{"can i bring my dog?", ""}, // no question word
		{"my son and i love the club, where do we sign up", "sign"},
		// A partitive states the group it counts in; it asks which of them.
		{"how many of the twelve cubicles have baby changing tables?", "baby"},
		{"how many of the volunteers are actually fixers", "fixers"},
		{"how many of them did you count?", "count"},
		{"how many of the staff speak welsh?", ""}, // no verb the group knows
		{"how many of the twelve cubicles?", ""},
		{"how many of the volunteers work weekends, and when do they meet?", ""}, // not the next clause's
		{"how many of you came?", "came"},
		{"how many of the 22,000 new titles are in spanish?", "spanish"},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			if got := headWord(tt.q); got != tt.want {
				t.Errorf("headWord(%q) = %q; want %q", tt.q, got, tt.want)
			}
		})
	}
}

func TestHeadMissingSignal(t *testing.T) {
	e := engineOf(t, "hospice.md", "# Wold Valley Hospice\n\nThe Wold Valley Hospice shop on Sheep Street opens at 9am.\n\nOur chair is Ann Lee.\n")
	tests := []struct {
		q, head string
		missing bool
	}{
		{"who is the chief executive of the hospice?", "chief", true}, // no quote names one
		{"which shop is on sheep street?", "shop", false},
		{"which shopp is on sheep street?", "shopp", false}, // a slip on "shop", which the quote holds
		{"who is the chair of the hospice?", "chair", false},
		{"is the hospice shop on sheep street?", "", false}, // no question word
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			if got := headWord(tt.q); got != tt.head {
				t.Fatalf("headWord(%q) = %q; want %q", tt.q, got, tt.head)
			}
			if ev := e.examine(tt.q); ev.headMissing != tt.missing {
				t.Errorf("examine(%q).headMissing = %v; want %v", tt.q, ev.headMissing, tt.missing)
			}
		})
	}
}

// The share of the question a quote with the asked-for fact holds is low
// when the time comes from a sentence about something else.
func TestTypedBestSignal(t *testing.T) {
	e := engineOf(t, "friends.md", "# Friends of the cemetery\n\nHeritage tours of the cemetery start at 2pm from the porch of the chapel.\n\nOur plant sale in May raised £415 for the friends.\n\nThe friends' plant sale opens at 10am on the first Saturday of June.\n")
	right := e.examine("what time does the friends plant sale open?")
	if right.typedBest < 0.9 {
		t.Errorf("plant sale opening time: typedBest %.2f (picks %d); want the typed quote to hold nearly all of the question", right.typedBest, len(right.picks))
	}
	e = engineOf(t, "friends.md", "# Friends of the cemetery\n\nHeritage tours of the cemetery start at 2pm from the porch of the chapel.\n\nOur plant sale in May raised £415 for the friends.\n")
	if wrong := e.examine("what time does the friends plant sale start?"); wrong.typedBest >= right.typedBest {
		t.Errorf("plant sale start time with no time given for it: typedBest %.2f; want below %.2f", wrong.typedBest, right.typedBest)
	}
}

// A yes/no question is told whether its best quote says yes or no.
func TestVerdictSignal(t *testing.T) {
	e := engineOf(t, "club.md", "# Club\n\nDogs are welcome on a short lead.\n\nThe club bought a new tent in 2023.\n\nIs there a car park? The car park is behind the hall.\n")
	for q, want := range map[string]struct{ yesNo, verdict bool }{
		"can i bring my dog?":           {true, true},
		"does the club have a tent?":    {true, false},
		"is there a car park?":          {false, false}, // any sentence about it answers
		"when did the club buy a tent?": {false, false},
	} {
		if ev := e.examine(q); ev.wants.yesNo != want.yesNo || ev.verdict != want.verdict {
			t.Errorf("%q: yes/no %v, verdict %v; want %v, %v", q, ev.wants.yesNo, ev.verdict, want.yesNo, want.verdict)
		}
	}
}

func TestAskBestSignal(t *testing.T) {
	e := engineOf(t, "repair.md", "# Repair café\n\nWe ask for a suggested donation of £3 per item, which you pay at the desk.\n\nThe café opens on Saturdays at 10am.\n")
	const first = "whats the suggested donation per item at the repair cafe?"
	whole := e.examine(first)
	if whole.sig.askBest != 1 {
		t.Errorf("%q: askBest %.2f; want 1, every word held", first, whole.sig.askBest)
	}
	// The follow-up's borrowed words are held; what it asks, by card, is
	// not.
	ev, _ := e.examineIn(first, nil, "can you pay it by card?")
	if ev.sig.askBest >= 0.7 || ev.coverage < 0.7 {
		t.Errorf("follow-up: askBest %.2f, coverage %.2f; want askBest under 0.7 where the resolved question is covered", ev.sig.askBest, ev.coverage)
	}
}
