package answer

import "math"

// The engine's confidence is a calibrated probability that its quotes
// answer the question. The hand-made score (evidence.score) ranks answers
// well but mixes its signals by rule of thumb: a typed answer with a weak
// runner-up and one whose words are scattered over three quotes can score
// the same and be right at very different rates. A logistic regression
// over the score and the signals behind it, fitted on every question we
// have (the dev set's, ours and the probe sets', 26 sets of documents),
// weighs them by how often each went with a right answer. It is one score
// and one threshold still; the weights are data, refitted by
//
//	go test ./internal/answer -run TestCalibration -update-calibration
//
// which writes calibration_gen.go. Held out by set (fitted and thresholded
// on the others), the calibrated score answers about a seventh more
// questions right than the score alone thresholded the same way, for
// fewer wrong quotes and about a quarter more out-of-scope answers (see
// the README).

// nFeatures is how many signals the calibration reads.
const nFeatures = 25

// featureNames name the signals, in the order features returns them, for
// the generated file and the tests.
var featureNames = [nFeatures]string{
	"score", "score²", "coverage", "best", "missing", "typed", "strict", "wants",
	"untyped score", "kindless", "unnegated", "counted", "terms",
	"unknown", "near typed", "follow-up", "foreign", "rel0", "own0", "rel1/rel0",
	"rank", "head missing", "typed best", "yes/no", "verdict",
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

// calibration is a logistic regression over standardised features.
type calibration struct {
	Bias   float64
	Mean   [nFeatures]float64
	Scale  [nFeatures]float64
	Weight [nFeatures]float64
}

// apply returns the probability the calibration gives features x.
func (c *calibration) apply(x [nFeatures]float64) float32 {
	z := c.Bias
	for i := range x {
		if c.Scale[i] > 0 {
			z += c.Weight[i] * (x[i] - c.Mean[i]) / c.Scale[i]
		}
	}
	return float32(1 / (1 + math.Exp(-z)))
}
