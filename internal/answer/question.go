package answer

import (
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxQuestionRunes bounds a question. Real questions are a sentence or two;
// a page of text is a paste by mistake or an attempt to smuggle instructions.
const MaxQuestionRunes = 1000

// Usage errors: the edge turns them into words (and exit code 2).
var (
	ErrEmptyQuestion   = errors.New("the question is empty: ask something in words")
	ErrQuestionTooLong = errors.New("the question is too long: ask in at most 1,000 characters")
)

// CleanQuestion strips control and formatting characters (keeping line breaks
// as spaces), collapses white space, and rejects questions that are empty,
// only punctuation or emoji, or too long.
func CleanQuestion(s string) (string, error) {
	var b strings.Builder
	space := false
	hasWord := false
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == utf8.RuneError && size == 1:
			continue // invalid byte: dropped, never echoed
		case unicode.IsSpace(r):
			space = true
			continue
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r):
			continue // bidi overrides, zero-width joiners, ANSI escapes
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			hasWord = true
		}
		b.WriteRune(r)
	}
	q := b.String()
	if !hasWord {
		return "", ErrEmptyQuestion
	}
	if utf8.RuneCountInString(q) > MaxQuestionRunes {
		return "", ErrQuestionTooLong
	}
	return q, nil
}
