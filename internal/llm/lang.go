package llm

import (
	"fmt"
	"strings"
	"unicode"

	"iccbot/internal/answer"
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

// normLang reduces a language tag from the model ("es", "ES", "es-MX",
// "Spanish") to a lower-case two- or three-letter code, or "".
func normLang(tag string) string {
	tag = strings.ToLower(strings.TrimSpace(tag))
	if i := strings.IndexAny(tag, "-_"); i >= 0 {
		tag = tag[:i]
	}
	if code, ok := langNames[tag]; ok {
		return code
	}
	if len(tag) < 2 || len(tag) > 3 || strings.Trim(tag, "abcdefghijklmnopqrstuvwxyz") != "" {
		return ""
	}
	return tag
}

var langNames = map[string]string{
	"english": "en", "spanish": "es", "español": "es", "french": "fr", "français": "fr",
	"german": "de", "deutsch": "de", "portuguese": "pt", "português": "pt",
	"italian": "it", "italiano": "it", "dutch": "nl", "russian": "ru", "arabic": "ar",
	"ukrainian": "uk", "chinese": "zh", "japanese": "ja", "turkish": "tr", "polish": "pl",
}

// phrases are the few fixed words a reply carries besides the model's and
// the knowledge's, in the languages people most often ask in. Other
// languages get English ones.
type phrases struct {
	Translation string // marks the model's translation of a quote
	Lead        string // when the model's own answer had to be dropped
}

var byLang = map[string]phrases{
	"es": {"Traducción", "Esto es lo que dicen las fuentes:"},
	"fr": {"Traduction", "Voici ce que disent les sources :"},
	"de": {"Übersetzung", "Das sagen die Quellen:"},
	"pt": {"Tradução", "Eis o que dizem as fontes:"},
	"it": {"Traduzione", "Ecco cosa dicono le fonti:"},
	"nl": {"Vertaling", "Dit zeggen de bronnen:"},
	"pl": {"Tłumaczenie", "Oto, co mówią źródła:"},
	"tr": {"Çeviri", "Kaynaklar şöyle diyor:"},
	"ru": {"Перевод", "Вот что говорят источники:"},
	"uk": {"Переклад", "Ось що кажуть джерела:"},
	"ar": {"ترجمة", "هذا ما تقوله المصادر:"},
	"zh": {"翻译", "资料中是这样说的："},
	"ja": {"翻訳", "資料には次のように書かれています："},
}

func phrasesFor(lang string) phrases {
	if p, ok := byLang[lang]; ok {
		return p
	}
	return phrases{Translation: "Translation", Lead: "Here is what the sources say:"}
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

// renderText writes an LLM answer as plain text in answer.Render's style:
// the lead, then each quote in quotation marks with its citation below, and
// under it, when there is one, the translation, labelled as such.
func renderText(lead string, cs []cited, lang string) string {
	var b strings.Builder
	b.WriteString(lead)
	label := phrasesFor(lang).Translation
	for _, c := range cs {
		fmt.Fprintf(&b, "\n\n\"%s\"\n— %s", collapse(c.Quote), answer.CitationLabel(c.Citation))
		if c.Translation != "" {
			fmt.Fprintf(&b, "\n(%s: %s)", label, c.Translation)
		}
	}
	return b.String()
}
