package answer

import (
	"slices"
	"unicode"

	"iccbot/internal/lang"
	"iccbot/internal/search"
)

// looksEnglish guesses, cheaply, whether a question can go to retrieval as
// it is. Retrieval is English (stemming, stop words), so a question in
// another language is first restated in English by the model. One or two
// words are taken as they are: they are mostly names, which search handles
// in any language. Otherwise English shows itself by its function words.
func looksEnglish(q string) bool {
	for _, r := range q {
		if r == '¿' || r == '¡' || (unicode.IsLetter(r) && !unicode.Is(unicode.Latin, r)) {
			return false
		}
	}
	var words, stop int
	search.Words(q, func(w []byte) {
		words++
		if len(w) > 1 && search.IsStopWord(string(w)) {
			stop++
		}
	})
	if words <= 2 {
		return true
	}
	return float64(stop) >= 0.2*float64(words)
}

// phrasesFor returns the fixed replies in the asker's language, when it
// is one the bot has them in and not English.
func phrasesFor(l string) (lang.Phrases, bool) {
	t := lang.Tag(l)
	if t == lang.English || !slices.Contains(lang.Supported(), t) {
		return lang.Phrases{}, false
	}
	return t.Phrases(), true
}

// machineTranslation labels a translation the model made, in the
// language it is in: the reader must know no person wrote or checked it.
var machineTranslation = map[string]string{
	"es": "Traducción automática",
	"fr": "Traduction automatique",
	"de": "Maschinelle Übersetzung",
	"pt": "Tradução automática",
	"it": "Traduzione automatica",
	"nl": "Machinevertaling",
	"pl": "Tłumaczenie maszynowe",
	"tr": "Makine çevirisi",
	"ru": "Машинный перевод",
	"uk": "Машинний переклад",
	"ar": "ترجمة آلية",
	"zh": "机器翻译",
	"ja": "機械翻訳",
}

// machineTranslationLabel is the label in l, or in English.
func machineTranslationLabel(l string) string {
	if s, ok := machineTranslation[l]; ok {
		return s
	}
	return "Machine translation"
}

// englishLead matches the extractive answer's wording.
func englishLead(cs []cited) string {
	for _, c := range cs[1:] {
		if c.Source != cs[0].Source {
			return "Here is what the sources say:"
		}
	}
	return "Here is what the briefing says:"
}
