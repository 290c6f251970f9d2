package answer

import (
	"strings"

	"iccbot/internal/search"
)

// expectation is the kind of fact a question asks for, when its wording
// makes that plain. Word overlap alone would answer "How many judges sit on
// the court?" with any sentence about judges; a sentence that answers it must
// at least contain a number.
type expectation int

const (
	expectAnything expectation = iota
	expectQuantity             // how many, how much
	expectTime                 // when, what year, which date
)

// expects reads the expected answer type from the question's first words.
func expects(question string) expectation {
	words := strings.Fields(search.Fold(question))
	for i := 0; i < len(words) && i < 4; i++ {
		w, next := words[i], ""
		if i+1 < len(words) {
			next = words[i+1]
		}
		switch {
		case w == "how" && quantityWords[next]:
			return expectQuantity
		case w == "when":
			return expectTime
		case (w == "what" || w == "which") && timeNouns[next]:
			return expectTime
		}
	}
	return expectAnything
}

// quantityWords follow "how" in questions that want a number.
var quantityWords = map[string]bool{
	"many": true, "much": true, "old": true, "long": true, "far": true,
	"big": true, "large": true, "tall": true, "often": true, "high": true,
}

var timeNouns = map[string]bool{"year": true, "date": true, "month": true, "day": true, "time": true}

var numberWords = map[string]bool{
	"one": true, "two": true, "three": true, "four": true, "five": true, "six": true,
	"seven": true, "eight": true, "nine": true, "ten": true, "eleven": true,
	"twelve": true, "twenty": true, "thirty": true, "forty": true, "fifty": true,
	"hundred": true, "hundreds": true, "thousand": true, "thousands": true,
	"million": true, "millions": true, "billion": true, "billions": true,
	"dozen": true, "dozens": true, "tens": true, "several": true, "half": true,
	"single": true, "double": true, "twice": true, "percent": true,
}

var timeWords = map[string]bool{
	"january": true, "february": true, "march": true, "april": true, "may": true,
	"june": true, "july": true, "august": true, "september": true, "october": true,
	"november": true, "december": true, "monday": true, "tuesday": true,
	"wednesday": true, "thursday": true, "friday": true, "saturday": true,
	"sunday": true, "year": true, "years": true, "month": true, "months": true,
	"week": true, "weeks": true, "day": true, "days": true, "today": true,
	"yesterday": true, "tomorrow": true, "decade": true, "century": true,
	"since": true, "ago": true, "until": true,
}

// satisfies reports whether a sentence holds the kind of fact expected.
func (x expectation) satisfiedBy(sentence string) bool {
	if x == expectAnything {
		return true
	}
	ok := false
	search.Words(sentence, func(w []byte) {
		if ok {
			return
		}
		word := string(w)
		switch x {
		case expectQuantity:
			ok = numberWords[word] || (hasDigit(word) && !isYear(word))
		case expectTime:
			ok = timeWords[word] || isYear(word)
		}
	})
	return ok
}

func hasDigit(w string) bool { return strings.ContainsAny(w, "0123456789") }

func isYear(w string) bool {
	return len(w) == 4 && (strings.HasPrefix(w, "19") || strings.HasPrefix(w, "20")) &&
		strings.Trim(w, "0123456789") == ""
}
