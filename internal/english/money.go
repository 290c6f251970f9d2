package english

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Amount is a sum of money in a text: its value in hundredths of its unit
// (pence, cents) and the bytes of the text that say it. The currency is
// not kept: people say "quid" or "bucks" of whatever the knowledge writes
// with "£" or "$", and a sum names the same price in either.
type Amount struct {
	Minor      int64
	Start, End int
}

// Amounts returns the sums of money in text, in order, however they are
// written: with a currency sign ("£3.90", "$30", "€4,500", "£10k", "£2.5
// million"), digits before a currency word ("20 quid", "50p", "3 pounds"),
// or words ("twenty quid", "three pound ninety", "four and a half grand",
// "a hundred dollars", "fifty pence"). A number with no sign of money
// ("3.90", "10k") is none: it may be a time, a length or a count.
//
// Numbers (which skips decimals) reads "£3.90" as nothing and "three pound
// ninety" as 3 and 90; Amounts lets a caller match the two as one price.
func Amounts(text string) []Amount {
	var out []Amount
	var toks []moneyToken
	last := 0 // where the last sum found ends: sums never overlap
	for at := 0; ; {
		t := nextTrigger(text, at)
		if t < 0 {
			return out
		}
		at = t + 1
		// The words around the trigger: a sum's number words come before
		// its currency word ("four hundred and fifty thousand pounds"),
		// its pence after ("three pound ninety").
		from, to := max(last, t-moneyBefore), min(len(text), t+moneyAfter)
		for from > last && from < t && (!utf8.RuneStart(text[from]) || text[from-1] < utf8.RuneSelf && isWordByte(text, from-1)) {
			from++ // not from the middle of a word
		}
		for to < len(text) && (!utf8.RuneStart(text[to]) || isWordByte(text, to)) {
			to++
		}
		toks = moneyTokens(toks[:0], text[from:to])
		for i := range toks {
			if toks[i].start+from > t {
				break
			}
			if tk := toks[i]; !tk.sign && tk.num.kind == other && tk.s != "a" && !IsNumberWord(tk.s) {
				continue
			}
			if i > 0 && !toks[i].sign && !toks[i].gap && insideNumber(toks[i-1]) {
				continue // "3 thousand five hundred pounds" is not £500
			}
			a, n := amountAt(toks[i:])
			if n == 0 || toks[i+n-1].end+from <= t {
				continue
			}
			out = append(out, Amount{Minor: a, Start: toks[i].start + from, End: toks[i+n-1].end + from})
			last = toks[i+n-1].end + from
			at = max(at, last)
			break
		}
	}
}

// insideNumber reports a token a sum cannot start after without starting
// inside a number: digits, a number word, "and" ("…hundred and fifty
// pounds") or "half" ("half a grand").
func insideNumber(t moneyToken) bool {
	return t.num.kind == digits || t.num.kind == decimal || t.num.kind == other && (IsNumberWord(t.s) || t.s == "and" || t.s == "half")
}

// moneyBefore and moneyAfter bound, in bytes, the text read around a sign
// of money: enough for "four hundred and fifty thousand" before a currency
// word and "ninety" or "million" after one.
const moneyBefore, moneyAfter = 80, 40

// nextTrigger returns where, at or after from, text next shows a sign of
// money: a currency sign, a word that may make a number a sum ("pounds",
// "quid", "grand", "pence"), or a "p" glued to digits (not "pm"); -1 when
// it shows none. Most texts show none, and need no more reading.
func nextTrigger(text string, from int) int {
	for i := from; i < len(text); {
		c := text[i]
		switch {
		case 'a' <= c|0x20 && c|0x20 <= 'z':
			if stemStarts[c|0x20] && (i == 0 || text[i-1] >= utf8.RuneSelf || !isWordByte(text, i-1)) {
				for _, stem := range moneyStems {
					if stem[0] == c|0x20 && hasPrefixFold(text[i:], stem) {
						return i
					}
				}
			}
			for i++; i < len(text) && 'a' <= text[i]|0x20 && text[i]|0x20 <= 'z'; i++ {
			}
		case isDigit(c):
			for i++; i < len(text) && isDigit(text[i]); i++ {
			}
			if i < len(text) && text[i]|0x20 == 'p' && (i+1 == len(text) || text[i+1]|0x20 != 'm') {
				return i
			}
		case c == '$':
			return i
		case c == 0xC2 && i+1 < len(text) && text[i+1] == 0xA3: // £
			return i
		case c == 0xE2 && i+2 < len(text) && text[i+1] == 0x82 && text[i+2] == 0xAC: // €
			return i
		default:
			i++
		}
	}
	return -1
}

// moneyStems are what every word of moneyUnits but "p" begins with;
// stemStarts their first letters.
var (
	moneyStems = []string{"pound", "quid", "dollar", "buck", "euro", "grand", "pence", "penn", "cent"}
	stemStarts = [256]bool{'p': true, 'q': true, 'd': true, 'b': true, 'e': true, 'g': true, 'c': true}
)

// hasPrefixFold reports whether s begins with prefix, a lower-case ASCII
// word, in any case.
func hasPrefixFold(s, prefix string) bool {
	if len(s) < len(prefix) {
		return false
	}
	for i := range len(prefix) {
		if s[i]|0x20 != prefix[i] {
			return false
		}
	}
	return true
}

// moneyToken is a word, a run of digits (with its thousands commas and
// decimal part) or a currency sign, lower-cased.
type moneyToken struct {
	s          string
	num        token // for digits: their value
	sign       bool  // £, $ or €
	start, end int
	// gap marks punctuation between the token before and this one: a sum
	// does not go on across it ("ten pounds. Twenty volunteers…").
	gap bool
	// glued marks digits right after letters ("abc50"): part of a name.
	glued bool
}

func moneyTokens(out []moneyToken, text string) []moneyToken {
	gap := false
	for i := 0; i < len(text); {
		c := text[i]
		var t moneyToken
		switch {
		case isDigit(c):
			num, j := scanDigits(text, i)
			glued := i > 0 && text[i-1] < utf8.RuneSelf && 'a' <= text[i-1]|0x20 && text[i-1]|0x20 <= 'z'
			t = moneyToken{s: text[i:j], num: num, end: j, glued: glued}
		case c == '$':
			t = moneyToken{s: "$", sign: true, end: i + 1}
		case strings.HasPrefix(text[i:], "£"):
			t = moneyToken{s: "£", sign: true, end: i + len("£")}
		case strings.HasPrefix(text[i:], "€"):
			t = moneyToken{s: "€", sign: true, end: i + len("€")}
		case isWordByte(text, i):
			j := letterEnd(text, i)
			t = moneyToken{s: strings.ToLower(text[i:j]), end: j}
		default:
			// Spaces and hyphens join a number's words ("twenty-five");
			// other punctuation ends a sum.
			if c != ' ' && c != '-' && c != '\t' && c != '\n' {
				gap = true
			}
			if c < utf8.RuneSelf {
				i++
			} else {
				_, size := utf8.DecodeRuneInString(text[i:])
				i += size
			}
			continue
		}
		t.start, t.gap = i, gap
		out = append(out, t)
		gap = false
		i = t.end
	}
	return out
}

// letterEnd returns the end of the letters at text[i:]: digits end a word
// here, so "50p" is 50 and "p".
func letterEnd(text string, i int) int { return scanWord(text, i, false) }

// moneyUnits are the words that make a number a sum of money, in
// hundredths of the unit: "quid" and "bucks" are pounds and dollars, a
// "grand" a thousand of them.
var moneyUnits = map[string]int64{
	"pound": 100, "pounds": 100, "quid": 100, "dollar": 100, "dollars": 100,
	"buck": 100, "bucks": 100, "euro": 100, "euros": 100, "grand": 100_000,
	"p": 1, "pence": 1, "penny": 1, "pennies": 1, "cent": 1, "cents": 1,
}

// signScales are the words and letters that scale a sum after a currency
// sign: "£10k", "£2.5 million".
var signScales = map[string]int64{
	"k": 1_000, "m": 1_000_000, "bn": 1_000_000_000,
	"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
}

// amountAt reads a sum of money at the start of toks and returns its value
// in hundredths and how many tokens it takes (0 when there is none).
func amountAt(toks []moneyToken) (int64, int) {
	if toks[0].sign {
		if len(toks) < 2 || toks[0].end != toks[1].start || toks[1].num.kind != digits && toks[1].num.kind != decimal {
			return 0, 0
		}
		v, ok := hundredths(toks[1].num)
		if !ok {
			return 0, 0
		}
		n := 2
		if len(toks) > 2 && !toks[2].gap {
			if s, ok := signScales[toks[2].s]; ok && (toks[2].start == toks[1].end || len(toks[2].s) > 2) {
				if v > math.MaxInt64/s {
					return 0, 0
				}
				v *= s
				n = 3
			}
		}
		return v, n
	}
	if toks[0].num.kind == decimal || toks[0].glued {
		return 0, 0 // "3.90 pounds" is rare, "3.5 miles" no money, "abc50p" a name
	}
	// The number: words and digits up to punctuation ("3 thousand five
	// hundred", "four and a half").
	var buf [12]string
	words := buf[:0]
	for k, t := range toks[:min(len(toks), len(buf))] {
		if t.sign || t.num.kind == decimal || k > 0 && t.gap {
			break
		}
		if t.num.kind == digits {
			words = append(words, strconv.FormatInt(t.num.v, 10))
			continue
		}
		words = append(words, t.s)
	}
	var v int64 // in units (pounds), times two to keep a half
	var n int
	if len(words) > 1 && words[0] == "a" && words[1] == "grand" {
		// "a grand", not "a grand piano" nor "a grand time".
		if len(toks) > 2 && !toks[2].gap && toks[2].num.kind == other && !toks[2].sign && !grandFollowers[toks[2].s] {
			return 0, 0
		}
		v, n = 2, 1
	} else {
		num, used, ok := Number(words)
		if !ok || num > math.MaxInt64/(2*100_000) {
			return 0, 0
		}
		v, n = 2*num, used
		// "four and a half grand"
		if n+2 < len(words) && words[n] == "and" && words[n+1] == "a" && words[n+2] == "half" {
			v++
			n += 3
		}
	}
	if n >= len(toks) || toks[n].gap {
		return 0, 0
	}
	unit, ok := moneyUnits[toks[n].s]
	if !ok {
		return 0, 0
	}
	// "50p", but not "3 p.m.", "page 5 p" nor "1080p".
	if toks[n].s == "p" && (toks[n].start != toks[n-1].end || n+1 < len(toks) && toks[n+1].s == "m" || v >= 200) {
		return 0, 0
	}
	total := v * unit / 2
	n++
	// "three pound ninety", "seven pounds forty", "five pounds fifty
	// pence": pence after pounds, not across punctuation.
	if unit == 100 && n < len(toks) && !toks[n].gap {
		var words []string
		for k, t := range toks[n:min(len(toks), n+3)] {
			if t.sign || k > 0 && t.gap {
				break
			}
			words = append(words, t.s)
		}
		if pence, used, ok := Number(words); ok && pence > 0 && pence < 100 {
			switch {
			case used < len(words) && moneyUnits[words[used]] == 1 && !toks[n+used].gap:
				total += pence
				n += used + 1 // "fifty pence"
			case used == len(words) || moneyUnits[words[used]] == 0 && notNumber(words[used:]):
				total += pence
				n += used
			}
		}
	}
	return total, n
}

// grandFollowers may follow "a grand" that is a sum: "a grand a month",
// "a grand for the roof"; any other word makes it an adjective ("a grand
// piano", "a grand time").
var grandFollowers = map[string]bool{
	"a": true, "per": true, "for": true, "each": true, "or": true, "and": true,
	"to": true, "in": true, "on": true, "from": true, "towards": true, "toward": true,
	"is": true, "was": true, "will": true, "would": true, "of": true,
}

// notNumber reports that words do not go on with a number: what follows a
// sum's pence must not be more of a number ("three pounds twenty five
// thousand" is no price).
func notNumber(words []string) bool {
	_, _, ok := Number(words)
	return !ok
}

// hundredths returns a sign's number in hundredths: "3.90" is 390, "3.5"
// 350, "20" 2000; more than two decimal places are no price.
func hundredths(t token) (int64, bool) {
	switch {
	case t.kind == digits:
		if t.v > math.MaxInt64/100 {
			return 0, false
		}
		return t.v * 100, true
	case t.kind == decimal && t.places == 1:
		return t.v * 10, true
	case t.kind == decimal && t.places == 2:
		return t.v, true
	}
	return 0, false
}
