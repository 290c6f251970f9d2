// Package search ranks passages for a question: BM25 over stemmed, folded
// words, with misspellings matched to the index's own vocabulary.
//
// It knows nothing about files or citations; it sees numbered texts. Folding
// only ever produces lookup keys: the text that users see is never changed.
package search

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/english"
	"golang.org/x/text/unicode/norm"
)

// Words calls fn for each word of text, folded: lower case, diacritics
// removed, split at anything that is not a letter or digit (apostrophes and
// hyphens included, so "court’s" gives "court" and "s", "cyber-attack" gives
// "cyber" and "attack"). The signs "%" and "°" are the words they are read
// as, "percent" and "degrees": "what % got fixed?" and "fourteen degrees"
// ask after "68%" and "14°C". buf is reused between words; fn must copy it
// to keep it.
func Words(text string, fn func(word []byte)) {
	var buf []byte
	emit := func() {
		if len(buf) > 0 {
			fn(buf)
			buf = buf[:0]
		}
	}
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			i++
			switch {
			case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
				buf = append(buf, c)
			case 'A' <= c && c <= 'Z':
				buf = append(buf, c+'a'-'A')
			case c == '%':
				emit()
				buf = append(buf, "percent"...)
				emit()
			default:
				emit()
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		i += size
		switch {
		case unicode.Is(unicode.Mn, r):
			// A combining mark (decomposed input): part of the word, dropped.
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			buf = appendFolded(buf, r)
		case r == '°':
			emit()
			buf = append(buf, "degrees"...)
			emit()
		default:
			emit()
		}
	}
	emit()
}

// special folds letters that have no decomposition into base + mark.
var special = map[rune]string{
	'ß': "ss", 'æ': "ae", 'Æ': "ae", 'œ': "oe", 'Œ': "oe", 'ø': "o", 'Ø': "o",
	'ł': "l", 'Ł': "l", 'đ': "d", 'Đ': "d", 'ı': "i", 'þ': "th", 'ð': "d",
}

func appendFolded(buf []byte, r rune) []byte {
	if s, ok := special[r]; ok {
		return append(buf, s...)
	}
	var tmp [utf8.UTFMax]byte
	n := utf8.EncodeRune(tmp[:], r)
	for _, d := range norm.NFD.String(string(tmp[:n])) {
		if unicode.Is(unicode.Mn, d) {
			continue
		}
		buf = utf8.AppendRune(buf, unicode.ToLower(d))
	}
	return buf
}

// Fold returns text's words, folded, joined by single spaces. Handy for
// comparing texts regardless of case, accents and punctuation.
func Fold(text string) string {
	var b strings.Builder
	Words(text, func(w []byte) {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.Write(w)
	})
	return b.String()
}

// fillers are words that are common in questions but say nothing about
// their subject. They are treated like stop words so that "How many…" or
// "Tell me about…" does not count against a question's coverage.
var fillers = map[string]bool{
	"many": true, "much": true, "please": true, "tell": true, "explain": true,
	"describe": true, "know": true, "happen": true, "happened": true,
	"happens": true, "happening": true, "anything": true, "something": true,
	"thing": true, "things": true, "info": true, "information": true,
	"would": true, "could": true, "might": true, "may": true, "must": true,
	"shall": true, "can": true, "cannot": true, "get": true, "got": true,
	"gets": true, "getting": true, "gotten": true, "tells": true, "telling": true,
	"give": true, "show": true, "let": true, "like": true, "also": true,
	"try": true, "trying": true, "tried": true, "tries": true, "want": true,
	"wants": true, "wanted": true, "going": true, "still": true,
	"ever": true, "really": true, "actually": true, "exactly": true, "according": true,
	"one": true, "ones": true, // a pronoun as often as a number: "the first one"
	"basically": true, "kinda": true, "sorta": true, "lol": true, "guys": true,
	"wondering": true, "wonder": true, "curious": true, "sure": true,
	"mean": true, "means": true, "meant": true, "say": true, "says": true,
	"supposed": true, "suppose": true, // "what am i supposed to do?", as "meant"
	"kind": true, "sort": true, "type": true, "hey": true, "hi": true,
	"hello": true, "thanks": true, "thank": true, "ok": true, "okay": true,
	"whose": true, "whats": true, "wheres": true, "whos": true, "hows": true,
	"im": true, "id": true, "ive": true, "dont": true, "doesnt": true,
	"didnt": true, "isnt": true, "arent": true, "wasnt": true, "werent": true,
	// What "n't" leaves when apostrophes split words: "didn't" → "didn", "t".
	"didn": true, "doesn": true, "isn": true, "aren": true, "wasn": true,
	"weren": true, "hasn": true, "haven": true, "hadn": true, "couldn": true,
	"shouldn": true, "wouldn": true, "mustn": true, "shan": true,
	"needn": true, "ain": true, "ll": true, "re": true, "ve": true,
	// Clock times: "7 pm" says a time, which the question type covers.
	"am": true, "pm": true,
	// Indefinite adverbs name no subject: "is there anywhere to park?",
	// "why does junk always end up there?", "will they be able to see it?".
	// ("anyone" and "someone" stay: "no jurisdiction over anyone who was
	// under eighteen" is what "can they try someone who was 17?" asks.)
	"anywhere": true, "somewhere": true, "everywhere": true,
	"everything": true, "always": true, "sometimes": true, "able": true,
	// A hedge before a number or time: "around 87?", "around when?",
	// "roughly how many?".
	"around": true, "roughly": true, "approximately": true, "approx": true,
	// Prepositions Snowball's list lacks, which name no subject either:
	// "are the costs getting added onto our service charge?", "can i
	// bring my dog along?".
	"onto": true, "upon": true, "via": true,
	"along": true, "among": true, "amongst": true, "across": true, "despite": true,
	"towards": true, "toward": true,
	// Conjunctions and discourse words that turn a sentence, naming no
	// subject: "which days tho?", "anyway, when is it?".
	"though": true, "although": true, "however": true, "anyway": true, "anyways": true,
	// What a hyphen leaves of "clean-ups", "sign-ups", "check-ins".
	"ups": true, "outs": true, "ins": true, "offs": true, "downs": true, "ons": true,
	// Words of degree, "you lot", and "stuff" (as "things" above): "how
	// much altogether?", "why can't we pay in cash anymore?", "is grade
	// six good enough?", "what stuff do i need?". Not "else" ("who else is
	// on the board?" is not answered by the one named) nor "yet" ("has
	// the job been filled yet?" is not by the job's advert).
	"altogether": true, "anymore": true, "stuff": true, "lot": true, "enough": true,
}

// stopWords is Snowball's English stop word list.
var stopWords = set(
	"a", "about", "above", "after", "again", "against", "all", "am", "an",
	"and", "any", "are", "as", "at", "be", "because", "been", "before",
	"being", "below", "between", "both", "but", "by", "can", "did", "do",
	"does", "doing", "don", "down", "during", "each", "few", "for", "from",
	"further", "had", "has", "have", "having", "he", "her", "here", "hers",
	"herself", "him", "himself", "his", "how", "i", "if", "in", "into", "is",
	"it", "its", "itself", "just", "me", "more", "most", "my", "myself",
	"no", "nor", "not", "now", "of", "off", "on", "once", "only", "or",
	"other", "our", "ours", "ourselves", "out", "over", "own", "s", "same",
	"she", "should", "so", "some", "such", "t", "than", "that", "the", "their",
	"theirs", "them", "themselves", "then", "there", "these", "they",
	"this", "those", "through", "to", "too", "under", "until", "up",
	"very", "was", "we", "were", "what", "when", "where", "which", "while",
	"who", "whom", "why", "will", "with", "you", "your", "yours", "yourself",
	"yourselves",
)

// stopWordsByLen holds the stop words and fillers of four letters or more
// by length, so that isStopWordTypo compares a word with the few of about
// its length.
var stopWordsByLen = func() map[int][]string {
	m := map[int][]string{}
	for _, words := range []map[string]bool{stopWords, fillers} {
		for w := range words {
			if len(w) >= 4 {
				m[len(w)] = append(m[len(w)], w)
			}
		}
	}
	for _, ws := range m {
		sort.Strings(ws)
	}
	return m
}()

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// IsStopWord reports words that carry no subject: English stop words, the
// single letters left by splitting at apostrophes, and question fillers.
func IsStopWord(w string) bool {
	return len(w) < 2 || stopWords[w] || fillers[w]
}

// Stem returns the Snowball (Porter2) English stem of a folded word.
func Stem(w string) string {
	if len(w) <= 2 || !isLetters(w) {
		return w // short words, numbers and codes: 2024, g7
	}
	env := snowballstem.NewEnv(w)
	english.Stem(env)
	return env.Current()
}

func isLetters(w string) bool {
	for i := 0; i < len(w); i++ {
		if c := w[i]; c < 'a' || c > 'z' {
			if c < utf8.RuneSelf {
				return false
			}
		}
	}
	return true
}
