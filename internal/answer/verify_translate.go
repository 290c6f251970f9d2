package answer

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"iccbot/internal/english"
	"iccbot/internal/lang"
	"iccbot/internal/search"
)

// A translation is the model's text, so it is shown only when it keeps
// what can be checked without reading it: every number of its quote (and
// no other), every month, every name English does not know (people's
// names, which translations keep: "Duterte", "Netanyahu"), a length in
// proportion to the quote, and the script of the asker's language. It is
// always labelled as a machine translation. Anything else, and the quote
// stands alone.

// Length bounds of a translation, in runes, against its quote's. Chinese
// and Japanese need far fewer characters than English.
const (
	minTranslationRatio    = 0.5
	maxTranslationRatio    = 2.5
	minTranslationRatioCJK = 0.15
	maxTranslationRatioCJK = 1.5
	// minScriptShare is the share of a translation's letters that must be
	// in the asker's script (names may stay in Latin letters).
	minScriptShare = 0.6
	// detectBytes is how much of a translation is read to tell English
	// from the asker's language.
	detectBytes = 120
)

func hasNonASCIILetter(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			r, _ := utf8.DecodeRuneInString(s[i:])
			if unicode.IsLetter(r) {
				return true
			}
		}
	}
	return false
}

// prefix cuts s to about n bytes, at a space.
func prefix(s string, n int) string {
	if len(s) <= n {
		return s
	}
	if i := strings.LastIndexByte(s[:n], ' '); i > 0 {
		return s[:i]
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// translationOK reports whether t may be shown as the translation, into
// the language l, of quote q.
func translationOK(t, q string, qf *textFacts, l string, det *lang.Detector) bool {
	script, ok := scriptOf(l)
	if !ok {
		return false // a language whose script we do not know
	}
	tr, qr := utf8.RuneCountInString(t), utf8.RuneCountInString(q)
	lo, hi := minTranslationRatio, maxTranslationRatio
	if l == "zh" || l == "ja" {
		lo, hi = minTranslationRatioCJK, maxTranslationRatioCJK
	}
	if float64(tr) < lo*float64(qr) || float64(tr) > hi*float64(qr) {
		return false
	}
	if !inScript(t, l, script) {
		return false
	}
	if script == unicode.Latin && det != nil && !hasNonASCIILetter(t) {
		// English passed off as a translation shows in its first words
		// (and has no letter English does not use).
		if d := det.Detect(prefix(t, detectBytes)); d.Lang == lang.English && d.Confident {
			return false
		}
	}
	if !sameDigits(q, t, l == "zh" || l == "ja") {
		return false
	}
	for m := 1; m <= 12; m++ {
		if qf.months&(1<<m) != 0 && !namesMonth(t, l, m) {
			return false
		}
	}
	return keepsNames(qf, t)
}

// scripts of the languages a translation may be in.
var scripts = map[string]*unicode.RangeTable{
	"ru": unicode.Cyrillic, "uk": unicode.Cyrillic, "bg": unicode.Cyrillic,
	"sr": unicode.Cyrillic, "mk": unicode.Cyrillic, "be": unicode.Cyrillic,
	"kk": unicode.Cyrillic, "ar": unicode.Arabic, "fa": unicode.Arabic,
	"ur": unicode.Arabic, "he": unicode.Hebrew, "el": unicode.Greek,
	"hi": unicode.Devanagari, "mr": unicode.Devanagari, "ne": unicode.Devanagari,
	"bn": unicode.Bengali, "ko": unicode.Hangul, "th": unicode.Thai,
	"ka": unicode.Georgian, "hy": unicode.Armenian, "zh": unicode.Han,
	"ja": unicode.Han,
}

var latinLangs = strings.Fields("es fr de pt it nl pl tr ro cs sk sv da no nb nn fi hu id ms vi ca hr sl et lv lt sq tl sw af eu gl is ga cy mt az uz")

func scriptOf(l string) (*unicode.RangeTable, bool) {
	if s, ok := scripts[l]; ok {
		return s, true
	}
	for _, x := range latinLangs {
		if x == l {
			return unicode.Latin, true
		}
	}
	return nil, false
}

// inScript reports a text whose letters are mostly in the script: for
// Japanese, Han and kana with some kana; for Chinese, Han without kana.
func inScript(t, l string, script *unicode.RangeTable) bool {
	letters, in, kana := 0, 0, 0
	cjk := l == "ja" || l == "zh"
	for _, r := range t {
		if r < utf8.RuneSelf {
			if 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' {
				letters++
				if script == unicode.Latin {
					in++
				}
			}
			continue
		}
		if !unicode.IsLetter(r) {
			continue
		}
		letters++
		isKana := cjk && (unicode.In(r, unicode.Hiragana, unicode.Katakana) || r == 'ー')
		if isKana {
			kana++
		}
		if unicode.Is(script, r) || l == "ja" && isKana {
			in++
		}
	}
	switch {
	case letters == 0:
		return false
	case l == "ja" && kana == 0, l == "zh" && kana > 0:
		return false
	}
	return float64(in) >= minScriptShare*float64(letters)
}

// digitGroups returns the numbers written in digits in s, as strings of
// ASCII digits: "3,400" and "3.400" are "3400"; other scripts' digits
// ("٢٠٢٥") are read too.
// With months set, digits before 月 are a month and left out.
func digitGroups(s string, months bool) []string {
	var out []string
	var cur []byte
	for i, r := range s {
		if d, ok := digitValue(r); ok {
			cur = append(cur, byte('0'+d))
			continue
		}
		if len(cur) == 0 {
			continue
		}
		// "3,400", "3.400", "3 400": a separator and exactly three digits.
		if strings.ContainsRune(",. \u00a0\u202f'’", r) && threeDigitsAt(s[i+utf8.RuneLen(r):]) {
			continue
		}
		if !months || r != '月' {
			out = append(out, string(cur))
		}
		cur = cur[:0]
	}
	if len(cur) > 0 {
		out = append(out, string(cur))
	}
	return out
}

// threeDigitsAt reports exactly three digits at the start of s.
func threeDigitsAt(s string) bool {
	n := 0
	for _, r := range s {
		if _, ok := digitValue(r); !ok || n == 4 {
			break
		}
		n++
	}
	return n == 3
}

// digitValue reads a decimal digit of any of the common scripts.
func digitValue(r rune) (int, bool) {
	if '0' <= r && r <= '9' {
		return int(r - '0'), true
	}
	if r < utf8.RuneSelf || !unicode.IsDigit(r) {
		return 0, false
	}
	for _, zero := range [...]rune{0x660, 0x6F0, 0x966, 0x9E6, 0xFF10} {
		if zero <= r && r <= zero+9 {
			return int(r - zero), true
		}
	}
	return 0, false
}

// sameDigits reports whether a quote and its translation hold the same
// numbers in digits: a translation keeps every number of its quote and
// adds none. In Chinese and Japanese, "12月" is a month, not a number.
func sameDigits(q, t string, cjk bool) bool {
	a, b := digitGroups(q, false), digitGroups(t, cjk)
	for _, x := range a {
		if !containsString(b, x) {
			return false
		}
	}
	for _, x := range b {
		if !containsString(a, x) {
			return false
		}
	}
	return true
}

func containsString(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// monthWords gives each language's names of the months, folded as
// search.Words folds: a trailing "*" matches any word it begins (for
// languages that inflect them: "grudnia", "декабря"), a name with a space
// or in Arabic script is looked for anywhere in the text.
var monthWords = sync.OnceValue(func() map[string][12][]string {
	raw := map[string][12]string{
		"es": {"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre setiembre", "octubre", "noviembre", "diciembre"},
		"fr": {"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"},
		"de": {"januar jänner", "februar", "märz", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "dezember"},
		"pt": {"janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro", "novembro", "dezembro"},
		"it": {"gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"},
		"nl": {"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"},
		"pl": {"styczn* styczeń", "lut*", "mar*", "kwie*", "maj*", "czerw*", "lip*", "sierp*", "wrze*", "październik*", "listopad*", "grud*"},
		"tr": {"ocak*", "şubat*", "mart*", "nisan*", "mayıs*", "haziran*", "temmuz*", "ağustos*", "eylül*", "ekim*", "kasım*", "aralık*"},
		"ru": {"январ*", "феврал*", "март*", "апрел*", "май мая мае", "июн*", "июл*", "август*", "сентябр*", "октябр*", "ноябр*", "декабр*"},
		"uk": {"січ*", "лют*", "берез*", "квіт*", "трав*", "черв*", "лип*", "серп*", "верес*", "жовт*", "листопад*", "груд*"},
		"ar": {"يناير|كانون الثاني", "فبراير|شباط", "مارس|آذار", "أبريل|إبريل|نيسان", "مايو|أيار", "يونيو|يونيه|حزيران", "يوليو|يوليه|تموز", "أغسطس|آب", "سبتمبر|أيلول", "أكتوبر|تشرين الأول", "نوفمبر|تشرين الثاني", "ديسمبر|كانون الأول"},
	}
	out := make(map[string][12][]string, len(raw))
	for l, months := range raw {
		var m [12][]string
		for i, names := range months {
			sep := " "
			if l == "ar" {
				sep = "|"
			}
			for _, n := range strings.Split(names, sep) {
				star := strings.HasSuffix(n, "*")
				n = search.Fold(strings.TrimSuffix(n, "*"))
				if star {
					n += "*"
				}
				m[i] = append(m[i], n)
			}
		}
		out[l] = m
	}
	return out
})

// cjkMonths are the months written with Chinese numerals ("十二月").
var cjkMonths = [12]string{"一月", "二月", "三月", "四月", "五月", "六月", "七月", "八月", "九月", "十月", "十一月", "十二月"}

// namesMonth reports whether a translation into l names month m: in l's
// words, in English's, or for Chinese and Japanese as "12月".
func namesMonth(t, l string, m int) bool {
	folded := search.Fold(t)
	words := strings.Fields(folded)
	has := func(name string) bool {
		if strings.Contains(name, " ") || l == "ar" {
			return strings.Contains(" "+folded+" ", " "+name+" ") || l == "ar" && len(name) > 4 && strings.Contains(folded, name)
		}
		prefix := strings.HasSuffix(name, "*")
		name = strings.TrimSuffix(name, "*")
		for _, w := range words {
			if w == name || prefix && strings.HasPrefix(w, name) {
				return true
			}
		}
		return false
	}
	for _, w := range words {
		if mm, ok := monthName(w); ok && mm == m {
			return true // the English name, kept
		}
	}
	if l == "zh" || l == "ja" {
		digits := []rune(t)
		for i := 0; i < len(digits); i++ {
			if digits[i] != '月' {
				continue
			}
			j := i
			for j > 0 {
				if _, ok := digitValue(digits[j-1]); !ok {
					break
				}
				j--
			}
			if j < i {
				n := 0
				for _, r := range digits[j:i] {
					d, _ := digitValue(r)
					n = 10*n + d
				}
				if n == m {
					return true
				}
			}
		}
		name := cjkMonths[m-1]
		for at := strings.Index(t, name); at >= 0; {
			// "二月" inside "十二月" is December, not February.
			before, _ := utf8.DecodeLastRuneInString(t[:at])
			if m > 2 || before != '十' {
				return true
			}
			next := strings.Index(t[at+len(name):], name)
			if next < 0 {
				break
			}
			at += len(name) + next
		}
		return false
	}
	names, ok := monthWords()[l]
	if !ok {
		return false
	}
	for _, n := range names[m-1] {
		if has(n) {
			return true
		}
	}
	return false
}

// keepsNames reports whether a translation keeps the quote's names that
// English does not know (people's names mostly, which translations keep
// as they are; "Philippines" and "ICC" are translated, "Duterte" is not).
func keepsNames(q *textFacts, t string) bool {
	var tw []string
	for _, tok := range q.toks {
		if !tok.upper || tok.allCaps || !isLetters(tok.word) || search.IsStopWord(tok.word) ||
			english.IsWord(tok.word) || english.IsName(tok.word) {
			continue
		}
		if tw == nil {
			search.Words(t, func(w []byte) { tw = append(tw, string(w)) })
		}
		found := false
		for _, w := range tw {
			if w == tok.word || search.SameName(tok.word, w) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}
