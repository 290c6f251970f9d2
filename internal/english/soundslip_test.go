package english

import "testing"

func TestSoundSlip(t *testing.T) {
	for w, want := range map[string]string{
		"reeson":     "reason",
		"tempreture": "temperature",
		"frute":      "", // "fruit", "fret", "froth": two slips from each
		"cheeper":    "cheaper",
		"reason":     "", // a word already
		"paris":      "", // a name of the list
		"bello":      "", // "bell", "belly", "below": a name, as far as can be told
		"lukashenko": "", // sounds like no word
		"kostova":    "", // "costive" sounds alike, but from another letter and three slips away
		"frut":       "", // too short to guess at
	} {
		if got := SoundSlip(w); got != want {
			t.Errorf("SoundSlip(%q) = %q; want %q", w, got, want)
		}
	}
}

// BenchmarkSoundSlip measures the scan of the word list that reading one
// unknown word takes.
func BenchmarkSoundSlip(b *testing.B) {
	for b.Loop() {
		SoundSlip("tempreture")
	}
}
