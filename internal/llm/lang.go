package llm

import (
	"strings"
	"unicode"

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
	NotCovered  string // the knowledge does not cover the question
	Examples    string // introduces example questions (which stay in English)
}

var byLang = map[string]phrases{
	"es": {"Traducción", "Esto es lo que dicen las fuentes:", "El documento no trata esa pregunta, así que no puedo responderla.", "Puede preguntar, por ejemplo (en inglés):"},
	"fr": {"Traduction", "Voici ce que disent les sources :", "Le document ne traite pas de cette question, je ne peux donc pas y répondre.", "Vous pouvez demander, par exemple (en anglais) :"},
	"de": {"Übersetzung", "Das sagen die Quellen:", "Das Dokument behandelt diese Frage nicht, daher kann ich sie nicht beantworten.", "Sie können zum Beispiel fragen (auf Englisch):"},
	"pt": {"Tradução", "Eis o que dizem as fontes:", "O documento não trata dessa pergunta, por isso não posso respondê-la.", "Pode perguntar, por exemplo (em inglês):"},
	"it": {"Traduzione", "Ecco cosa dicono le fonti:", "Il documento non tratta questa domanda, quindi non posso rispondere.", "Può chiedere, per esempio (in inglese):"},
	"nl": {"Vertaling", "Dit zeggen de bronnen:", "Het document behandelt die vraag niet, dus ik kan haar niet beantwoorden.", "U kunt bijvoorbeeld vragen (in het Engels):"},
	"pl": {"Tłumaczenie", "Oto, co mówią źródła:", "Dokument nie obejmuje tego pytania, więc nie mogę na nie odpowiedzieć.", "Możesz zapytać na przykład (po angielsku):"},
	"tr": {"Çeviri", "Kaynaklar şöyle diyor:", "Belge bu soruyu kapsamıyor, bu yüzden yanıtlayamıyorum.", "Örneğin şunu sorabilirsiniz (İngilizce):"},
	"ru": {"Перевод", "Вот что говорят источники:", "В документе нет ответа на этот вопрос, поэтому я не могу на него ответить.", "Вы можете спросить, например (по-английски):"},
	"uk": {"Переклад", "Ось що кажуть джерела:", "У документі немає відповіді на це питання, тому я не можу на нього відповісти.", "Ви можете запитати, наприклад (англійською):"},
	"ar": {"ترجمة", "هذا ما تقوله المصادر:", "لا يتناول المستند هذا السؤال، لذا لا أستطيع الإجابة عنه.", "يمكنك أن تسأل مثلاً (بالإنجليزية):"},
	"zh": {"翻译", "资料中是这样说的：", "该文件没有涉及这个问题，所以我无法回答。", "例如，您可以问（英文）："},
	"ja": {"翻訳", "資料には次のように書かれています：", "この資料はその質問を扱っていないため、お答えできません。", "例えば次のように質問できます（英語）："},
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
