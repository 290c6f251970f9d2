package lang_test

import (
	"fmt"

	"iccbot/internal/lang"
)

func Example() {
	d := lang.NewDetector()
	for _, q := range []string{
		"whos the lead moderater?",
		"server boost perks",
		"¿El bot da asesoramiento legal?",
	} {
		got := d.Detect(q)
		if got.Lang == lang.English {
			fmt.Printf("%s: answer in English (confident: %v)\n", q, got.Confident)
			continue
		}
		fmt.Printf("%s: %s %s\n", q, got.Lang.Phrases().EnglishOnly, "Does the bot give legal advice?")
	}
	// Output:
	// whos the lead moderater?: answer in English (confident: true)
	// server boost perks: answer in English (confident: false)
	// ¿El bot da asesoramiento legal?: Sin un modelo de lenguaje solo entiendo preguntas en inglés. Prueba, por ejemplo: Does the bot give legal advice?
}
