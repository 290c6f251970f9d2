package english

// SoundSlip reads w, a word of at least five letters that is neither a
// word nor a name of the list, as a misspelling of the one common word
// that sounds alike and is at most two slips away: "reeson" is "reason",
// "tempreture" "temperature", "cheeper" "cheaper". Sounding alike is the
// consonant skeleton Soundex reads (first letter kept, the rest as their
// sound classes, vowels breaking runs), not cut to four; a slip is a letter
// added, dropped, changed, or two swapped. It returns "" when no word or
// several fit equally: "bello" is "bell", "belly" and "below" at one
// slip, so it may be a name; "frute" is "fruit", "fret" or "froth".
//
// It scans the list's words of w's first letter, which takes a tenth of a
// millisecond or so: callers ask only for the rare word nothing else
// explains, and remember the answer.
func SoundSlip(w string) string {
	if len(w) < minSoundSlip || len(w) > maxWordLen {
		return ""
	}
	for i := 0; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return ""
		}
	}
	if found, _ := lookup(w); found {
		return ""
	}
	key := soundKey(w)
	best, bestDist, ties := "", maxSoundDist+1, 0
	// The list is sorted: the words of w's first letter are one run of
	// its lines.
	eachWordFrom(findLine(w[:1]), func(v []byte) bool {
		if v[0] > w[0] {
			return false
		}
		if len(v) < len(w)-maxSoundDist || len(v) > len(w)+maxSoundDist || v[0] != w[0] {
			return true
		}
		if soundKey(string(v)) != key || !IsWord(string(v)) {
			return true // not a name: "cheeper" is "cheaper", not "Cheever"
		}
		d := EditDistance(w, string(v), maxSoundDist)
		switch {
		case d < bestDist:
			best, bestDist, ties = string(v), d, 1
		case d == bestDist && string(v) != best:
			ties++
		}
		return true
	})
	if ties != 1 {
		return ""
	}
	return best
}

// minSoundSlip is the shortest word SoundSlip reads: shorter ones sound
// like too many words, and are as often a name the list lacks.
const minSoundSlip = 5

// maxSoundDist is how many slips SoundSlip allows.
const maxSoundDist = 2

// soundKey is w's Soundex code, uncut: "reason" and "reeson" give "r25".
func soundKey(w string) string {
	key := make([]byte, 1, len(w))
	key[0] = w[0]
	last := soundClass(w[0])
	for i := 1; i < len(w); i++ {
		c := soundClass(w[i])
		switch {
		case c == 'h': // "h" and "w" do not break a run
		case c == 0:
			last = 0 // a vowel does
		case c != last:
			key = append(key, c)
			last = c
		}
	}
	return string(key)
}

// soundClass is a letter's Soundex digit, 0 for a vowel (and y), 'h' for h
// and w.
func soundClass(c byte) byte {
	switch c {
	case 'b', 'f', 'p', 'v':
		return '1'
	case 'c', 'g', 'j', 'k', 'q', 's', 'x', 'z':
		return '2'
	case 'd', 't':
		return '3'
	case 'l':
		return '4'
	case 'm', 'n':
		return '5'
	case 'r':
		return '6'
	case 'h', 'w':
		return 'h'
	}
	return 0
}
