package llm

import "strings"

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
