package lang

// Phrases are the bot's fixed replies in one language. Each is a complete
// sentence or a label; those ending in a colon are followed by text the
// caller supplies.
type Phrases struct {
	// NotCovered says the knowledge has no answer.
	NotCovered string
	// EnglishOnly says the bot understands English questions only, and is
	// followed by an English example question.
	EnglishOnly string
	// Examples introduces one or more example questions, in English.
	Examples string
	// Translation labels a translation of a quoted passage.
	Translation string
	// Lead introduces the quoted passages of an answer.
	Lead string
}

// Phrases returns the fixed replies in t, or in English when t is not one
// of Supported.
func (t Tag) Phrases() Phrases {
	switch t {
	case French:
		return Phrases{
			NotCovered:  "La base de connaissances ne couvre pas ce sujet, je ne peux donc pas y répondre.",
			EnglishOnly: "Sans modèle de langage, je ne comprends que les questions en anglais. Essayez par exemple :",
			Examples:    "Vous pourriez demander, par exemple (en anglais) :",
			Translation: "Traduction",
			Lead:        "Voici ce que disent les sources :",
		}
	case Spanish:
		return Phrases{
			NotCovered:  "La base de conocimiento no cubre ese tema, así que no puedo responder.",
			EnglishOnly: "Sin un modelo de lenguaje solo entiendo preguntas en inglés. Prueba, por ejemplo:",
			Examples:    "Podrías preguntar, por ejemplo (en inglés):",
			Translation: "Traducción",
			Lead:        "Esto es lo que dicen las fuentes:",
		}
	case German:
		return Phrases{
			NotCovered:  "Dazu steht nichts in der Wissensbasis, deshalb kann ich das nicht beantworten.",
			EnglishOnly: "Ohne Sprachmodell verstehe ich nur Fragen auf Englisch. Versuch es zum Beispiel mit:",
			Examples:    "Du könntest zum Beispiel fragen (auf Englisch):",
			Translation: "Übersetzung",
			Lead:        "Das sagen die Quellen:",
		}
	case Portuguese:
		return Phrases{
			NotCovered:  "A base de conhecimento não cobre esse assunto, por isso não consigo responder.",
			EnglishOnly: "Sem um modelo de linguagem, só entendo perguntas em inglês. Tente, por exemplo:",
			Examples:    "Você poderia perguntar, por exemplo (em inglês):",
			Translation: "Tradução",
			Lead:        "Veja o que dizem as fontes:",
		}
	case Italian:
		return Phrases{
			NotCovered:  "La base di conoscenza non tratta questo argomento, quindi non posso rispondere.",
			EnglishOnly: "Senza un modello linguistico capisco solo domande in inglese. Prova, per esempio:",
			Examples:    "Potresti chiedere, per esempio (in inglese):",
			Translation: "Traduzione",
			Lead:        "Ecco cosa dicono le fonti:",
		}
	case Dutch:
		return Phrases{
			NotCovered:  "De kennisbank gaat daar niet over, dus ik kan het niet beantwoorden.",
			EnglishOnly: "Zonder taalmodel begrijp ik alleen vragen in het Engels. Probeer bijvoorbeeld:",
			Examples:    "Je kunt bijvoorbeeld vragen (in het Engels):",
			Translation: "Vertaling",
			Lead:        "Dit zeggen de bronnen:",
		}
	case Polish:
		return Phrases{
			NotCovered:  "Baza wiedzy tego nie obejmuje, więc nie mogę odpowiedzieć.",
			EnglishOnly: "Bez modelu językowego rozumiem tylko pytania po angielsku. Spróbuj na przykład:",
			Examples:    "Możesz zapytać na przykład (po angielsku):",
			Translation: "Tłumaczenie",
			Lead:        "Oto, co mówią źródła:",
		}
	case Turkish:
		return Phrases{
			NotCovered:  "Bilgi tabanı bu konuyu kapsamıyor, bu yüzden yanıt veremiyorum.",
			EnglishOnly: "Dil modeli olmadan yalnızca İngilizce soruları anlayabiliyorum. Örneğin şunu deneyin:",
			Examples:    "Örneğin şöyle sorabilirsiniz (İngilizce):",
			Translation: "Çeviri",
			Lead:        "Kaynaklar şöyle diyor:",
		}
	case Russian:
		return Phrases{
			NotCovered:  "В базе знаний об этом ничего нет, поэтому я не могу ответить.",
			EnglishOnly: "Без языковой модели я понимаю только вопросы на английском. Попробуйте, например:",
			Examples:    "Можно спросить, например (на английском):",
			Translation: "Перевод",
			Lead:        "Вот что говорится в источниках:",
		}
	case Ukrainian:
		return Phrases{
			NotCovered:  "У базі знань про це нічого немає, тому я не можу відповісти.",
			EnglishOnly: "Без мовної моделі я розумію лише запитання англійською. Спробуйте, наприклад:",
			Examples:    "Можна запитати, наприклад (англійською):",
			Translation: "Переклад",
			Lead:        "Ось що кажуть джерела:",
		}
	case Arabic:
		return Phrases{
			NotCovered:  "قاعدة المعرفة لا تتناول هذا الموضوع، لذلك لا أستطيع الإجابة عنه.",
			EnglishOnly: "بدون نموذج لغوي لا أفهم إلا الأسئلة المكتوبة بالإنجليزية. جرّب مثلاً:",
			Examples:    "يمكنك أن تسأل مثلاً (بالإنجليزية):",
			Translation: "الترجمة",
			Lead:        "إليك ما تقوله المصادر:",
		}
	case Chinese:
		return Phrases{
			NotCovered:  "知识库中没有涉及这方面的内容，所以我无法回答。",
			EnglishOnly: "没有语言模型时，我只能理解英文问题。例如，可以试试：",
			Examples:    "例如，你可以这样问（请用英文）：",
			Translation: "翻译",
			Lead:        "以下是资料中的相关内容：",
		}
	case Japanese:
		return Phrases{
			NotCovered:  "ナレッジベースにはその内容が含まれていないため、お答えできません。",
			EnglishOnly: "言語モデルがないため、英語の質問しか理解できません。例えば、次のように聞いてみてください：",
			Examples:    "例えば、次のように聞くことができます（英語で）：",
			Translation: "翻訳",
			Lead:        "資料には次のように書かれています：",
		}
	}
	return Phrases{
		NotCovered:  "The knowledge does not cover that, so I can't answer it.",
		EnglishOnly: "Without a language model I understand questions in English. Try, for example:",
		Examples:    "You could ask, for example (in English):",
		Translation: "Translation",
		Lead:        "Here is what the sources say:",
	}
}
