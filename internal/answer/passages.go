package answer

import "iccbot/internal/knowledge"

// llmPassageFloor drops passages scoring below this share of the best one.
// It is lower than passageFloor: a model reads whole passages and judges
// coverage itself, so a weaker but relevant passage is worth sending.
const llmPassageFloor = 0.2

// Passages returns up to k passages ranked for question, best first: what a
// generator (an LLM) is given to answer from. It returns nil when no passage
// shares a word with the question.
func (e *Engine) Passages(question string, k int) []*knowledge.Passage {
	hits := e.ix.Search(e.ix.Parse(question), k)
	var out []*knowledge.Passage
	for _, h := range hits {
		if h.Score < llmPassageFloor*hits[0].Score {
			break
		}
		out = append(out, e.kb.Passages[h.Doc])
	}
	return out
}

// NotCovered is the reply for a question the knowledge does not cover, as
// Answer gives it, for answerers that reach that decision another way.
func (e *Engine) NotCovered(question string) Answer {
	return e.notCovered(Answer{Question: question, Mode: ModeExtractive, Citations: []Citation{}})
}
