package english

import (
	"math"
	"strconv"
	"unicode"
	"unicode/utf8"
)

// Number parses a number written at the start of words and reports how
// many words it used: "seventeen", "twenty one" (hyphens are split off by
// folding), "three thousand four hundred", "a hundred", "one hundred and
// twenty", "dozen", "two dozen", "half a million", "fifteen hundred", or a
// single token of digits ("3", "400"), alone or before a scale word ("3
// million"). It stops at the first word that cannot continue the number, so
// "seventeen purple" gives 17 using 1 word, and a trailing "and" or "a" is
// not counted.
//
// Folding has split "3,400" into "3" and "400", and nothing tells that
// apart from "3 400"; Number reads them as two numbers. Use Numbers on the
// raw text to read digit groups. Ordinals ("twenty first") and words that
// only name an amount ("hundreds", "dozens") are not numbers here.
func Number(words []string) (value int64, n int, ok bool) {
	p := numParser{}
	for _, w := range words {
		if !p.take(classify(w)) {
			break
		}
	}
	return p.value, p.n, p.n > 0
}

// Numbers returns every number in text, in order: digits, with commas
// between groups of three ("3,400" is 3400); numbers written in words, as
// Number reads them; ordinals, in words or digits ("seventeenth", "17th",
// "twenty-first"); and decimals only where a scale word makes them whole
// ("1.5 million"). It lets a caller match "17" in a question with
// "seventeen" in a sentence.
//
// text is raw, not folded: case does not matter, number words may be joined
// by spaces and hyphens, and any other punctuation ends a number, so "one
// thousand, two hundred" is 1000 and 200. Digits glued to letters before
// them ("mp3", "covid19") are part of a name and skipped; letters after
// digits are a unit or suffix ("10am", "1990s", "3rd") and the digits count.
// Other decimals ("3.5") are skipped, not read as 3 and 5.
func Numbers(text string) []int64 {
	return AppendNumbers(nil, text)
}

// AppendNumbers appends the numbers in text to dst, as Numbers finds them,
// and returns the extended slice; with room in dst it does not allocate.
func AppendNumbers(dst []int64, text string) []int64 {
	p := numParser{ordinals: true}
	// A year is said in two halves: "nineteen thirty-one", "twenty
	// twenty-four". century is the first half (11 to 20, in words) when a
	// number in words begins right after it; that number, if 10 to 99,
	// completes the year.
	var century int64
	words := true // the number being read is all words
	flush := func() {
		if p.n > 0 {
			switch {
			case century > 0 && words && p.value >= 10 && p.value <= 99:
				dst[len(dst)-1] = century*100 + p.value
			default:
				dst = append(dst, p.value)
			}
		}
		century = 0
		if p.taken > 0 {
			p = numParser{ordinals: true}
			words = true
		}
	}
	feed := func(t token) {
		if t.kind == digits || t.kind == decimal {
			words = false
		}
		if !p.take(t) {
			first, whole := p.value, p.n > 0 && words
			flush()
			if t.kind != other {
				if p.take(t) { // it may start a number of its own
					if whole && first >= 11 && first <= 20 && (t.kind == tens || t.kind == teen) {
						century = first
					}
					words = t.kind != digits && t.kind != decimal
				}
			}
		}
	}
	for i := 0; i < len(text); {
		c := text[i]
		switch {
		case '0' <= c && c <= '9':
			t, j := scanDigits(text, i)
			if j < len(text) && isWordByte(text, j) {
				// A unit or suffix follows ("10am", "17th"): the number
				// cannot go on, and a decimal cannot be made whole.
				j = wordEnd(text, j)
				if t.kind == digits {
					feed(t)
				}
				flush()
			} else {
				feed(t)
			}
			i = j
		case 'a' <= c|0x20 && c|0x20 <= 'z' || c >= utf8.RuneSelf && isWordByte(text, i):
			j, upper := i, false
			for ; j < len(text) && 'a' <= text[j]|0x20 && text[j]|0x20 <= 'z'; j++ {
				upper = upper || text[j] <= 'Z'
			}
			switch {
			case j < len(text) && isWordByte(text, j):
				// Digits or other letters follow: a name such as "mp3".
				j = wordEnd(text, j)
				feed(token{})
			case j-i > len("seventeenth"): // the longest number word
				feed(token{})
			case upper:
				var buf [len("seventeenth")]byte
				for k := i; k < j; k++ {
					buf[k-i] = text[k] | 0x20
				}
				feed(classify(string(buf[:j-i])))
			default:
				feed(classify(text[i:j]))
			}
			i = j
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '-':
			i++ // a number in words may go on
		case c < utf8.RuneSelf:
			flush()
			i++
		default:
			r, size := utf8.DecodeRuneInString(text[i:])
			if !unicode.IsSpace(r) && r != '\u2010' && r != '\u2011' { // hyphens
				flush()
			}
			i += size
		}
	}
	flush()
	return dst
}

// isWordByte reports whether the rune at text[i] is a letter, digit or
// combining mark, that is, part of a word as folding splits them.
func isWordByte(text string, i int) bool {
	c := text[i]
	if c < utf8.RuneSelf {
		return '0' <= c && c <= '9' || 'a' <= c|0x20 && c|0x20 <= 'z'
	}
	r, _ := utf8.DecodeRuneInString(text[i:])
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// wordEnd returns the end of the word that goes on at text[i].
func wordEnd(text string, i int) int { return scanWord(text, i, true) }

// scanWord returns the end of the word at text[i:], of its letters alone
// unless digits is set.
func scanWord(text string, i int, digits bool) int {
	for i < len(text) && isWordByte(text, i) && (digits || !isDigit(text[i])) {
		if text[i] < utf8.RuneSelf {
			i++
		} else {
			_, size := utf8.DecodeRuneInString(text[i:])
			i += size
		}
	}
	return i
}

// scanDigits reads the digits at text[i:], with commas between groups of
// three and an optional decimal part, and returns them as a digits or
// decimal token (other when too large) and where they end.
func scanDigits(text string, i int) (token, int) {
	j := i
	for j < len(text) && isDigit(text[j]) {
		j++
	}
	// Commas group thousands only after one to three digits, and only
	// before exactly three: "1,2,3" is a list and "1,2345" two numbers.
	if j-i <= 3 {
		for j+3 < len(text) && text[j] == ',' && isDigit(text[j+1]) && isDigit(text[j+2]) && isDigit(text[j+3]) &&
			(j+4 == len(text) || !isDigit(text[j+4])) {
			j += 4
		}
	}
	t := token{kind: digits}
	fail := false
	for k := i; k < j; k++ {
		if text[k] != ',' {
			fail = fail || !t.addDigit(text[k])
		}
	}
	if j+1 < len(text) && text[j] == '.' && isDigit(text[j+1]) {
		t.kind = decimal
		for j++; j < len(text) && isDigit(text[j]); j++ {
			fail = fail || !t.addDigit(text[j])
			t.places++
		}
	}
	if fail {
		t = token{}
	}
	return t, j
}

// addDigit appends the digit c to t.v, and reports false on overflow.
func (t *token) addDigit(c byte) bool {
	d := int64(c - '0')
	if t.v > (math.MaxInt64-d)/10 {
		return false
	}
	t.v = t.v*10 + d
	return true
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// kind is the part a word plays in a number.
type kind uint8

const (
	other      kind = iota
	zero            // "zero": a number on its own only
	unit            // one to nine
	teen            // ten to nineteen
	tens            // twenty, thirty … ninety
	hundred         // "hundred"
	scale           // "thousand", "million", "billion", "trillion"
	dozen           // "dozen": 12, or times the number before it
	article         // "a", in "a hundred", "a dozen", "half a million"
	and             // "and", after "hundred" or a scale word
	half            // "half", in "half a dozen", "half a million"
	digits          // a token of digits
	decimal         // digits with a decimal part, whole only before a scale word
	ordUnit         // "first" to "ninth"
	ordTeen         // "tenth" to "nineteenth"
	ordTens         // "twentieth" … "ninetieth"
	ordHundred      // "hundredth"
	ordScale        // "thousandth", "millionth", "billionth", "trillionth"
)

// token is a word classified for the number grammar, with its value.
type token struct {
	kind   kind
	v      int64
	places int // digits after the decimal point, for decimal
}

// classify returns w's part in a number. A word of digits is a digits token
// when it fits an int64.
func classify(w string) token {
	if len(w) > 0 && isDigit(w[0]) {
		t := token{kind: digits}
		for i := 0; i < len(w); i++ {
			if !isDigit(w[i]) || !t.addDigit(w[i]) {
				return token{}
			}
		}
		return t
	}
	switch w {
	case "zero":
		return token{zero, 0, 0}
	case "one":
		return token{unit, 1, 0}
	case "two":
		return token{unit, 2, 0}
	case "three":
		return token{unit, 3, 0}
	case "four":
		return token{unit, 4, 0}
	case "five":
		return token{unit, 5, 0}
	case "six":
		return token{unit, 6, 0}
	case "seven":
		return token{unit, 7, 0}
	case "eight":
		return token{unit, 8, 0}
	case "nine":
		return token{unit, 9, 0}
	case "ten":
		return token{teen, 10, 0}
	case "eleven":
		return token{teen, 11, 0}
	case "twelve":
		return token{teen, 12, 0}
	case "thirteen":
		return token{teen, 13, 0}
	case "fourteen":
		return token{teen, 14, 0}
	case "fifteen":
		return token{teen, 15, 0}
	case "sixteen":
		return token{teen, 16, 0}
	case "seventeen":
		return token{teen, 17, 0}
	case "eighteen":
		return token{teen, 18, 0}
	case "nineteen":
		return token{teen, 19, 0}
	case "twenty":
		return token{tens, 20, 0}
	case "thirty":
		return token{tens, 30, 0}
	case "forty", "fourty": // the misspelling is common enough to read
		return token{tens, 40, 0}
	case "fifty":
		return token{tens, 50, 0}
	case "sixty":
		return token{tens, 60, 0}
	case "seventy":
		return token{tens, 70, 0}
	case "eighty":
		return token{tens, 80, 0}
	case "ninety", "ninty":
		return token{tens, 90, 0}
	case "hundred":
		return token{hundred, 100, 0}
	case "thousand":
		return token{scale, 1e3, 0}
	case "million":
		return token{scale, 1e6, 0}
	case "billion":
		return token{scale, 1e9, 0}
	case "trillion":
		return token{scale, 1e12, 0}
	case "dozen":
		return token{dozen, 12, 0}
	case "a":
		return token{article, 1, 0}
	case "and":
		return token{and, 0, 0}
	case "half":
		return token{half, 0, 0}
	case "first":
		return token{ordUnit, 1, 0}
	case "second":
		return token{ordUnit, 2, 0}
	case "third":
		return token{ordUnit, 3, 0}
	case "fourth":
		return token{ordUnit, 4, 0}
	case "fifth":
		return token{ordUnit, 5, 0}
	case "sixth":
		return token{ordUnit, 6, 0}
	case "seventh":
		return token{ordUnit, 7, 0}
	case "eighth":
		return token{ordUnit, 8, 0}
	case "ninth", "nineth":
		return token{ordUnit, 9, 0}
	case "tenth":
		return token{ordTeen, 10, 0}
	case "eleventh":
		return token{ordTeen, 11, 0}
	case "twelfth", "twelveth":
		return token{ordTeen, 12, 0}
	case "thirteenth":
		return token{ordTeen, 13, 0}
	case "fourteenth":
		return token{ordTeen, 14, 0}
	case "fifteenth":
		return token{ordTeen, 15, 0}
	case "sixteenth":
		return token{ordTeen, 16, 0}
	case "seventeenth":
		return token{ordTeen, 17, 0}
	case "eighteenth":
		return token{ordTeen, 18, 0}
	case "nineteenth":
		return token{ordTeen, 19, 0}
	case "twentieth":
		return token{ordTens, 20, 0}
	case "thirtieth":
		return token{ordTens, 30, 0}
	case "fortieth", "fourtieth":
		return token{ordTens, 40, 0}
	case "fiftieth":
		return token{ordTens, 50, 0}
	case "sixtieth":
		return token{ordTens, 60, 0}
	case "seventieth":
		return token{ordTens, 70, 0}
	case "eightieth":
		return token{ordTens, 80, 0}
	case "ninetieth", "nintieth":
		return token{ordTens, 90, 0}
	case "hundredth":
		return token{ordHundred, 100, 0}
	case "thousandth":
		return token{ordScale, 1e3, 0}
	case "millionth":
		return token{ordScale, 1e6, 0}
	case "billionth":
		return token{ordScale, 1e9, 0}
	case "trillionth":
		return token{ordScale, 1e12, 0}
	}
	return token{}
}

// numParser reads a number in words one token at a time. The grammar is
// the usual English one: groups below a thousand ("three hundred and
// twenty one"), each but the last closed by a scale word smaller than the
// one before ("two million three thousand"), with "a" for one before
// "hundred", a scale word or "dozen".
type numParser struct {
	ordinals   bool  // an ordinal may end the number ("twenty first")
	total      int64 // the groups already closed by a scale word
	group      int64 // the group being read, below a thousand
	scale      int64 // the last scale word, 0 before the first
	hasHundred bool  // the group has had its "hundred"
	halved     bool  // the number began "half a"
	mantissa   token // a decimal waiting for its scale word
	last       kind  // the last token taken; other before the first
	ended      bool  // nothing can follow ("dozen", an ordinal, "zero")

	value int64 // the number up to the last token that completed one
	n     int   // tokens taken up to then
	taken int   // tokens taken, counting "a" and "and", which complete nothing
}

// take feeds t to the parser, and reports false, leaving the parser as it
// was, when t cannot continue the number.
func (p *numParser) take(t token) bool {
	if p.ended {
		return false
	}
	first := p.last == other
	afterGroupWord := p.last == unit || p.last == teen || p.last == tens || p.last == digits
	newGroup := first || p.last == hundred || p.last == and || p.last == scale
	complete := true
	switch t.kind {
	case zero:
		if !first {
			return false
		}
		p.ended = true
	case unit:
		if !newGroup && p.last != tens {
			return false
		}
		p.group += t.v
	case teen, tens:
		if !newGroup {
			return false
		}
		p.group += t.v
	case digits:
		if !first {
			return false
		}
		p.group = t.v
	case decimal:
		if !first {
			return false
		}
		p.mantissa = t
		complete = false
	case hundred, ordHundred:
		if t.kind == ordHundred && !p.ordinals {
			return false
		}
		if p.halved && p.last == article {
			p.group, p.ended = 50, true
			break
		}
		limit := int64(100) // "fifteen hundred", "twenty one hundred"
		if p.scale != 0 {
			limit = 10 // "one thousand five hundred"
		}
		switch {
		case first && t.kind == ordHundred:
			p.group = 1
		case !afterGroupWord && p.last != article, p.hasHundred, p.group >= limit:
			return false
		}
		p.group *= 100
		p.hasHundred = true
		p.ended = t.kind == ordHundred
	case scale, ordScale:
		if t.kind == ordScale && !p.ordinals {
			return false
		}
		s := t.v
		switch {
		case p.last == decimal:
			// "1.5 million": whole when the scale has room for the decimals.
			div := int64(1)
			for range p.mantissa.places {
				div *= 10
			}
			if s%div != 0 || p.mantissa.v > math.MaxInt64/(s/div) {
				return false
			}
			p.group, p.ended = p.mantissa.v*(s/div), true
		case p.halved && p.last == article:
			p.group, p.ended = s/2, true
		case first && t.kind == ordScale:
			p.group, p.ended = s, true
		case !afterGroupWord && p.last != hundred && p.last != article,
			p.scale != 0 && s >= p.scale, p.group <= 0,
			p.group > (math.MaxInt64-p.total)/s:
			return false
		default:
			p.total += p.group * s
			p.group, p.scale, p.hasHundred = 0, s, false
			p.ended = t.kind == ordScale
		}
	case dozen:
		switch {
		case first:
			p.group = 12
		case p.halved: // "half a dozen", "half dozen"
			p.group = 6
		case (afterGroupWord || p.last == article) && p.total == 0 && !p.hasHundred && p.group <= math.MaxInt64/12:
			p.group *= 12
		default:
			return false
		}
		p.ended = true
	case article:
		switch {
		case first:
			p.group = 1
		case p.last == half:
		default:
			return false
		}
		complete = false
	case half:
		if !first {
			return false
		}
		p.halved = true
		complete = false
	case and:
		if p.last != hundred && p.last != scale {
			return false
		}
		complete = false
	case ordUnit:
		if !p.ordinals || !newGroup && p.last != tens {
			return false
		}
		p.group += t.v
		p.ended = true
	case ordTeen, ordTens:
		if !p.ordinals || !newGroup {
			return false
		}
		p.group += t.v
		p.ended = true
	default:
		return false
	}
	p.last = t.kind
	p.taken++
	if complete {
		p.value, p.n = p.total+p.group, p.taken
	}
	return true
}

// Ordinal returns the number an ordinal names: "first", "twentieth",
// "hundredth", or digits with the suffix English gives them ("1st", "2nd",
// "3rd", "11th", "17th", "21st"). A wrong suffix ("1th", "11st") is not an
// ordinal. Hyphenated ordinals reach it split ("twenty", "first"); read
// those from raw text with Numbers.
func Ordinal(w string) (int, bool) {
	if w == "zeroth" {
		return 0, true
	}
	if t := classify(w); t.kind >= ordUnit {
		return int(t.v), true
	}
	i := 0
	for i < len(w) && isDigit(w[i]) {
		i++
	}
	if i == 0 || len(w)-i != 2 {
		return 0, false
	}
	v, err := strconv.Atoi(w[:i])
	if err != nil {
		return 0, false
	}
	want := "th"
	if v%100 < 11 || v%100 > 13 {
		switch v % 10 {
		case 1:
			want = "st"
		case 2:
			want = "nd"
		case 3:
			want = "rd"
		}
	}
	if w[i:] != want {
		return 0, false
	}
	return v, true
}

// IsNumberWord reports whether w names a number or an amount, for telling
// whether a sentence could answer "how many": a cardinal ("seventeen",
// "hundred"), a token of digits, a word for an amount only ("dozens",
// "hundreds", "thousands", "tens"), "half", "once", "twice" or "thrice".
// Ordinals and "a" are not.
func IsNumberWord(w string) bool {
	switch classify(w).kind {
	case zero, unit, teen, tens, hundred, scale, dozen, digits, half:
		return true
	}
	switch w {
	case "dozens", "hundreds", "thousands", "millions", "billions", "trillions",
		"tens", "once", "twice", "thrice":
		return true
	}
	return false
}
