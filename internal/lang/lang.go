// Package lang tells which language a short chat question is written in,
// and holds the bot's fixed replies in each language it can name.
//
// Without a language model the bot understands English only. When someone
// writes in another language, the bot should say so in that language and
// still try the names and numbers in the question. Calling an English
// question foreign is the worse mistake: the person then gets no answer at
// all. So Detect answers a non-English language only when the question
// carries clear evidence of it (function words, elisions, letters that
// English does not use) and more of it than English evidence; anything else
// is English, flagged as undecided when nothing pointed either way.
//
// Within the Latin script the evidence often fits two languages equally
// ("por que", "quando", "la"); there the trigram profiles of
// github.com/abadojack/whatlanggo break the tie. That library alone reads
// too many short English questions as foreign ("server boost perks" is
// French to it), which is why it only ever chooses among candidates the
// word evidence has already put forward.
package lang

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/abadojack/whatlanggo"
	"golang.org/x/text/unicode/norm"

	"iccbot/internal/english"
)

// Tag is an ISO 639-1 language code.
type Tag string

// The languages Detect can return.
const (
	English    Tag = "en"
	French     Tag = "fr"
	Spanish    Tag = "es"
	German     Tag = "de"
	Portuguese Tag = "pt"
	Italian    Tag = "it"
	Dutch      Tag = "nl"
	Polish     Tag = "pl"
	Turkish    Tag = "tr"
	Russian    Tag = "ru"
	Ukrainian  Tag = "uk"
	Arabic     Tag = "ar"
	Chinese    Tag = "zh"
	Japanese   Tag = "ja"
)

// Supported returns every tag Detect can return, English first.
func Supported() []Tag {
	return []Tag{English, French, Spanish, German, Portuguese, Italian, Dutch,
		Polish, Turkish, Russian, Ukrainian, Arabic, Chinese, Japanese}
}

// Detection is what Detect concluded about a text.
//
// There are three outcomes:
//
//   - Lang is not English: the text is in Lang. Detect never returns a
//     non-English tag it is unsure of, so Confident is then always true and
//     callers may switch language on Lang alone.
//   - Lang is English and Confident: the text reads as English.
//   - Lang is English and not Confident: undecided. Nothing pointed to any
//     language ("server boost perks", "2024?"), the foreign evidence was too
//     thin to risk, or the text is in a language or script this package does
//     not name (Korean, Greek, Persian). Treat it as English.
type Detection struct {
	Lang      Tag
	Confident bool
}

// Detector detects the language of short chat questions. It is safe for
// concurrent use; build one with NewDetector and share it.
type Detector struct {
	words map[string]word
}

// word is what a known word says about the language of its text: it counts
// 1 for each of langs, and 2 for those of them where it alone is good
// evidence.
type word struct {
	langs, strong langSet
}

// NewDetector builds a Detector from the word lists compiled into the
// package.
func NewDetector() *Detector {
	d := &Detector{words: make(map[string]word, 1500)}
	for _, l := range wordLists() {
		for _, f := range strings.Fields(l.words) {
			w := d.words[strings.TrimLeft(f, "!+")]
			w.langs |= l.lang.set()
			switch f[0] {
			case '!':
				w.strong |= l.lang.set()
			case '+':
				w.langs |= English.set()
			}
			d.words[strings.TrimLeft(f, "!+")] = w
		}
	}
	return d
}

// Detect returns the language of text, a chat question of a few words that
// may be lowercase, unaccented or misspelt. See Detection for how to read the
// result. It does no I/O and takes microseconds.
func (d *Detector) Detect(text string) Detection {
	if !norm.NFC.IsNormalString(text) {
		text = norm.NFC.String(text) // "e" + U+0301 is "é" for the letter tables
	}
	switch dominantScript(text) {
	case scriptLatin:
		return d.latin(text)
	case scriptCyrillic:
		return cyrillic(text)
	case scriptArabic:
		return Detection{Lang: Arabic, Confident: true}
	case scriptHan:
		return Detection{Lang: Chinese, Confident: true}
	case scriptKana:
		return Detection{Lang: Japanese, Confident: true}
	default:
		return Detection{Lang: English}
	}
}

// OtherScript reports a text written mostly in a script none of the
// package's languages uses (Hangul, Greek, Devanagari, Persian's Arabic
// letters…): Detect calls it English, undecided, but it is certainly not
// English, and a reply should not say the knowledge lacks what the question
// asks when the question was never read.
func OtherScript(text string) bool { return dominantScript(text) == scriptOther }

// A Latin-script text is called foreign only when its evidence for the
// language exceeds its English evidence by minMargin and comes from at least
// minWords different words. One ambiguous function word ("la liga watch
// party channel") is not enough, nor is one strong word on its own ("chi
// tournament results", "über eats code channel", a bare "wer"), nor two
// against an English one ("an der spree hotel address"). The Spanish "¿" and
// "¡", which nobody types in English, count as two words. One exception:
// evidence of minMargin against at most one English word is enough when
// English has no word for two thirds of the text ("Quanto custou a nova
// biblioteca?": "quanto" and "a" against "a"; "custou", "biblioteca" and
// "quanto" are no English words).
const (
	minMargin = 2
	minWords  = 2
)

// latin decides among the Latin-script languages.
func (d *Detector) latin(text string) Detection {
	var score, words [numLangs]int
	if strings.ContainsAny(text, "¿¡") {
		score[Spanish.index()] += 2
		words[Spanish.index()] += 2
	}
	var seen []string
	for tok := range tokens(text) {
		if slices.Contains(seen, tok) {
			continue // "la la land" is one piece of evidence, not two
		}
		seen = append(seen, tok)
		var s [numLangs]int
		d.scoreToken(tok, &s)
		for i, v := range s {
			score[i] += v
			if v > 0 {
				words[i]++
			}
		}
	}
	en := score[English.index()]
	best, most := 0, 0 // best counts only languages with minWords behind them
	var candidates langSet
	for _, t := range latinForeign() {
		i := t.index()
		most = max(most, score[i])
		if words[i] < minWords {
			continue
		}
		switch s := score[i]; {
		case s > best:
			best, candidates = s, t.set()
		case s == best && s > 0:
			candidates |= t.set()
		}
	}
	if best < en+minMargin {
		if en <= 1 && most >= minMargin && mostlyForeign(text) {
			// "Quanto custou a nova biblioteca?": little evidence either
			// way, but English has no word for most of it.
			var top langSet
			for _, t := range latinForeign() {
				if score[t.index()] == most {
					top |= t.set()
				}
			}
			return Detection{Lang: tieBreak(text, top), Confident: true}
		}
		return Detection{Lang: English, Confident: en > most}
	}
	return Detection{Lang: tieBreak(text, candidates), Confident: true}
}

// mostlyForeign reports a text of at least three words of three letters or
// more, two thirds of which are not English words (accented ones never
// are). Names count against it, so it decides only between weak evidence.
func mostlyForeign(text string) bool {
	n, foreign := 0, 0
	for tok := range tokens(text) {
		if len(tok) < 3 {
			continue
		}
		n++
		if !english.IsWord(tok) {
			foreign++
		}
	}
	return n >= 3 && 3*foreign >= 2*n
}

// scoreToken adds what one lowercase token says to score.
func (d *Detector) scoreToken(tok string, score *[numLangs]int) {
	if pre, post, ok := strings.Cut(tok, "'"); ok && pre != "" && post != "" {
		if l, ok := elision(pre, post); ok {
			l.each(func(t Tag) { score[t.index()]++ })
			tok = pre
			if !l.has(English) {
				tok = post
			}
		}
	}
	w := d.words[tok]
	letters, strong := letterLangs(tok)
	for i := range score {
		t := langSet(1) << i
		switch {
		case (w.strong|strong)&t != 0:
			score[i] += 2
		case w.langs&t != 0, letters&t != 0:
			score[i]++
		}
	}
}

// elision reads a token with an apostrophe inside: English contractions
// ("what's", "don't", "maria's") on one side, French and Italian elided
// articles and pronouns ("c'est", "j'ai", "qu'il", "dell'evento") on the
// other.
func elision(pre, post string) (langSet, bool) {
	switch post {
	case "s", "t", "re", "ve", "ll", "d", "m":
		return English.set(), true
	}
	switch pre {
	case "j", "qu", "m", "n", "s", "t", "jusqu", "lorsqu", "puisqu":
		return French.set(), true
	case "c", "d", "l":
		return French.set() | Italian.set(), true
	case "dell", "nell", "all", "dall", "sull", "un", "dov", "quest", "com", "qual":
		return Italian.set(), true
	}
	return 0, false
}

// tieBreak picks one language from candidates, which the word evidence
// could not separate, by whatlanggo's trigram profiles restricted to them.
func tieBreak(text string, candidates langSet) Tag {
	var only Tag
	opts := whatlanggo.Options{Whitelist: make(map[whatlanggo.Lang]bool, 4)}
	candidates.each(func(t Tag) {
		only = t
		opts.Whitelist[t.whatlang()] = true
	})
	if len(opts.Whitelist) == 1 {
		return only
	}
	got := whatlanggo.DetectLangWithOptions(text, opts)
	for _, t := range latinForeign() {
		if candidates.has(t) && t.whatlang() == got {
			return t
		}
	}
	// whatlanggo found no trigram at all; take the first candidate so the
	// answer is at least stable.
	for _, t := range latinForeign() {
		if candidates.has(t) {
			return t
		}
	}
	return English
}

// cyrillic tells Russian from Ukrainian: first by the letters only one of
// them uses, then by their commonest short words, and last by whatlanggo.
// Other Cyrillic languages (Bulgarian, Serbian, ...) end up as one of the
// two, which is still a better reply language than English.
func cyrillic(text string) Detection {
	ru, uk := 0, 0
	for _, r := range text {
		switch unicode.ToLower(r) {
		case 'ы', 'э', 'ъ', 'ё':
			ru++
		case 'і', 'ї', 'є', 'ґ':
			uk++
		}
	}
	for tok := range tokens(text) {
		switch tok {
		case "где", "что", "как", "когда", "кто", "это", "почему", "можно", "мне", "мои", "ли", "он", "она", "есть", "нет", "и", "или":
			ru++
		case "де", "що", "як", "коли", "хто", "це", "чому", "можна", "мені", "мої", "чи", "він", "вона", "є", "немає", "і", "або":
			uk++
		}
	}
	switch {
	case ru > uk:
		return Detection{Lang: Russian, Confident: true}
	case uk > ru:
		return Detection{Lang: Ukrainian, Confident: true}
	}
	return Detection{Lang: tieBreakCyrillic(text), Confident: true}
}

func tieBreakCyrillic(text string) Tag {
	opts := whatlanggo.Options{Whitelist: map[whatlanggo.Lang]bool{whatlanggo.Rus: true, whatlanggo.Ukr: true}}
	if whatlanggo.DetectLangWithOptions(text, opts) == whatlanggo.Ukr {
		return Ukrainian
	}
	return Russian
}

type script int

const (
	scriptNone script = iota
	scriptLatin
	scriptCyrillic
	scriptArabic
	scriptHan
	scriptKana
	scriptOther
)

// dominantScript returns the script most of the letters of text are in.
// One Han or kana character carries about a word, so it counts as three
// Latin letters: "bot 什么时候更新" is Chinese, "what does 草 mean" is not.
// Persian and Urdu letters make Arabic-script text "other": the bot has no
// replies in those languages and Arabic ones would be wrong.
func dominantScript(text string) script {
	var latin, cyr, arabic, persian, han, kana, other int
	for _, r := range text {
		switch {
		case !unicode.IsLetter(r):
		case r < utf8.RuneSelf || unicode.Is(unicode.Latin, r):
			latin++
		case unicode.Is(unicode.Cyrillic, r):
			cyr++
		case unicode.Is(unicode.Arabic, r):
			arabic++
			switch r {
			case 'پ', 'چ', 'ژ', 'گ', 'ک', 'ی', 'ے', 'ں', 'ہ', 'ٹ', 'ڈ', 'ڑ':
				persian++
			}
		case unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r) || r == 'ー':
			kana++
		case unicode.Is(unicode.Han, r):
			han++
		default:
			other++
		}
	}
	cjk := 3 * (han + kana)
	switch {
	case latin+cyr+arabic+cjk+other == 0:
		return scriptNone
	case cjk > 0 && cjk >= latin && cjk >= cyr+arabic+other:
		if kana > 0 {
			return scriptKana
		}
		return scriptHan
	case cyr > latin && cyr >= arabic+other:
		return scriptCyrillic
	case arabic > latin && arabic >= other:
		if persian > 0 {
			return scriptOther
		}
		return scriptArabic
	case other > latin:
		return scriptOther
	}
	return scriptLatin
}

// tokens yields the lowercase words of text. Apostrophes inside a word stay
// (typographic ones become ASCII) so that elisions and contractions can be
// read; hyphens stay so that "est-ce" is one word.
func tokens(text string) func(yield func(string) bool) {
	return func(yield func(string) bool) {
		var b strings.Builder
		flush := func() bool {
			tok := strings.Trim(b.String(), "'-")
			b.Reset()
			return tok == "" || yield(tok)
		}
		for _, r := range text {
			switch {
			case unicode.IsLetter(r) || unicode.Is(unicode.Mn, r):
				b.WriteRune(unicode.ToLower(r))
			case r == '\'' || r == '’' || r == '‘' || r == 'ʼ':
				b.WriteByte('\'')
			case r == '-' && b.Len() > 0:
				b.WriteByte('-')
			default:
				if !flush() {
					return
				}
			}
		}
		flush()
	}
}
