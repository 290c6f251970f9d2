package answer

import "math"

// The engine's confidence is a calibrated probability that its quotes
// answer the question. The hand-made score (evidence.score) ranks answers
// well but mixes its signals by rule of thumb: a typed answer with a weak
// runner-up and one whose words are scattered over three quotes can score
// the same and be right at very different rates. Boosted trees over the
// score and the signals behind it, fitted on every question we have (the
// dev set's, ours, the probe sets' and the blind sets' but the newest
// groups'), weigh them by how often each went with a right answer. It is
// one score and one threshold still; the trees are data, refitted by
//
//	go test ./internal/answer -run TestCalibration -update-calibration
//
// which writes calibration_gen.go. Held out by group of sets (fitted and
// thresholded on the others), the calibrated score does about a quarter
// more good by the protocol's count than the score alone thresholded the
// same way, and about a twentieth more than the logistic regression it
// replaced; on sets written after the fit, a little more (see the README).

// nFeatures is how many signals the calibration reads.
const nFeatures = 30

// featureNames name the signals, in the order features returns them, for
// the generated file and the tests.
var featureNames = [nFeatures]string{
	"score", "score²", "coverage", "best", "missing", "typed", "strict", "wants",
	"untyped score", "kindless", "unnegated", "counted", "terms",
	"unknown", "near typed", "follow-up", "foreign", "rel0", "own0", "rel1/rel0",
	"rank", "head missing", "typed best", "yes/no", "verdict",
	"said otherwise", "asides", "dense", "part of stated", "ask best",
}

// features are the signals of the evidence the calibration weighs, each
// bounded so that one odd question (a pasted page) cannot sway it. They say
// how well the question is matched, and how clearly the best sentence wins
// (its rival's relevance, its passage's search rank), not how big the
// knowledge is or how it is laid out: how many sentences were weighed and
// how many documents or quotes an answer spans depend on the documents
// loaded. Learned on ours, those gained a little held out by probe set, but
// judged a lone short document by the standards of two dozen long ones.
func (ev evidence) features() [nFeatures]float64 {
	b := func(x bool) float64 {
		if x {
			return 1
		}
		return 0
	}
	s := float64(ev.score())
	ratio := 0.0
	if ev.sig.rel0 > 0 {
		ratio = min(float64(ev.sig.rel1/ev.sig.rel0), 1)
	}
	return [nFeatures]float64{
		s, s * s, float64(ev.coverage), float64(ev.best), float64(ev.missing),
		b(ev.typed), b(ev.wants.strict), b(ev.wants.facts != 0),
		s * b(ev.wants.facts != 0 && !ev.typed),
		b(ev.kindless), b(ev.unnegated), float64(ev.sig.counted),
		min(float64(len(ev.query.Terms)), 12) / 12, min(float64(len(ev.query.Unknown)), 4),
		b(ev.nearTyped), b(ev.sig.followUp), b(ev.sig.foreign),
		min(float64(ev.sig.rel0), 3), float64(ev.sig.own0), ratio, min(float64(ev.sig.rank), maxPassages),
		b(ev.headMissing), float64(ev.typedBest), b(ev.wants.yesNo), b(ev.verdict),
		float64(ev.sig.said), float64(ev.sig.asides), float64(ev.sig.dense),
		b(ev.wants.partOfStated), float64(ev.sig.askBest),
	}
}

// signalled is an answer's features, ok when the calibration scores it
// (evidence.calibrates): otherwise its confidence is 0.
type signalled struct {
	x  [nFeatures]float64
	ok bool
}

func (s signalled) confidence(c *calibration) float32 {
	if !s.ok {
		return 0
	}
	return c.apply(s.x)
}

// calibration is boosted trees over the features: the log-odds are Base
// plus one leaf of each tree. A logistic regression weighed each signal the
// same whatever the others said; trees can weigh it by what the others
// say. Held out by group of sets, they did better by the protocol's count
// (see the README).
type calibration struct {
	Base  float64
	Trees []tree
}

// treeDepth is how many questions a tree asks of an answer's features.
const treeDepth = 3

// tree is a complete binary tree of treeDepth levels, stored breadth first:
// node i asks whether feature Feature[i] is at most Threshold[i] (left,
// node 2i+1) or not (right, 2i+2); a Feature of -1 sends every answer
// left. Leaf holds the log-odds each of the 2^treeDepth leaves adds.
type tree struct {
	Feature   [1<<treeDepth - 1]int8
	Threshold [1<<treeDepth - 1]float64
	Leaf      [1 << treeDepth]float64
}

// leaf returns the log-odds the tree adds for features x.
func (t *tree) leaf(x *[nFeatures]float64) float64 {
	i := 0
	for range treeDepth {
		if f := t.Feature[i]; f < 0 || x[f] <= t.Threshold[i] {
			i = 2*i + 1
		} else {
			i = 2*i + 2
		}
	}
	return t.Leaf[i-(1<<treeDepth-1)]
}

// apply returns the probability the calibration gives features x.
func (c *calibration) apply(x [nFeatures]float64) float32 {
	z := c.Base
	for i := range c.Trees {
		z += c.Trees[i].leaf(&x)
	}
	return float32(1 / (1 + math.Exp(-z)))
}
