package wordnet

import "testing"

func TestZZExplore(t *testing.T) {
	for _, w := range []string{"green", "boss", "kid", "freeze", "freezes", "ban", "lisbon", "judge", "tribunal", "court", "judges", "go", "went", "accuse", "murder", "dog", "quickly", "happy", "paris", "president", "sanction", "penalty", "prosecutor", "run", "hague", "portugal", "entity"} {
		t.Logf("%-10s syn=%v\n\t\thyp=%v", w, Synonyms(w), Hypernyms(w))
	}
}
