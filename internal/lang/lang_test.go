package lang

import (
	"slices"
	"strings"
	"testing"
)

// questions is a labelled set of short chat questions as people type them:
// lowercase, unaccented, misspelt, with names and loanwords. English ones
// come first and are the ones that matter most.
var questions = []struct {
	text string
	want Tag
}{
	// English. The first ones are the kind that must never be taken for
	// another language: short, misspelt, full of names and loanwords.
	{"voice meeting time?", English},
	{"mute for tricking bot", English},
	{"whos the lead moderater?", English},
	{"faq last updated?", English},
	{"server boost perks", English},
	{"ok so my friend told me you can use this bot on telegram too", English},
	{"when is the next moderator election", English},
	{"does the bot store my messages", English},
	{"how do i get the verified role", English},
	{"what are the rules about self promotion", English},
	{"can i post links in general chat", English},
	{"who do i contact if i get banned", English},
	{"how many warnings before a ban", English},
	{"what time does the event start on saturday", English},
	{"does the bot give legal advice", English},
	{"pls explain the appeal process", English},
	{"where r the meeting notes", English},
	{"ur a bot without rules now", English},
	{"membership fee 2024?", English},
	{"whats the refund policy", English},
	{"can u summarize the code of conduct", English},
	{"tournament prize pool", English},
	{"rules on nsfw content", English},
	{"lfg channel where", English},
	{"discord invite link pls", English},
	{"bot commands list", English},
	{"ban appeal form", English},
	{"i cant see the announcements channel", English},
	{"is the bot open source", English},
	{"modmail not working", English},
	{"age limit to join", English},
	{"pronoun roles available?", English},
	{"agenda for next meeting", English},
	{"quorum for the vote", English},
	{"caps lock rule", English},
	{"emoji spam", English},
	{"cafe meetup address?", English},
	{"vote by proxy allowed", English},
	{"rsvp deadline for the gala", English},
	{"is pierre a mod", English},
	{"who is jose garcia", English},
	{"when does maria's stream start", English},
	{"hans muller role?", English},
	{"la liga watch party channel", English},
	{"patron tiers", English},
	{"minecraft server ip", English},
	{"hi", English},
	{"thanks!", English},
	{"Who won the 2023 election?", English},
	{"Is there a fee to join the club?", English},
	{"what channel do i use for bug reports", English},
	{"when do voting polls close", English},
	{"any rules about alt accounts", English},
	{"how long is a timeout", English},
	{"do mods get paid", English},
	{"no pings rule?", English},
	{"so who runs the giveaways", English},
	{"me and my friend got kicked why", English},
	{"dress code at the con?", English},
	{"do i need a passport for the trip to porto", English},
	{"la carte menu at the dinner?", English},
	{"bot down?", English},
	{"where do i apply to be staff", English},
	{"is nsfw allowed in memes", English},
	{"do we have a youtube channel", English},
	{"max file size for uploads", English},
	{"can admins read dms", English},
	{"next tourney date", English},
	{"who made this bot lol", English},
	{"raid protection on?", English},
	{"can i sell stuff in the market channel", English},
	{"how old do u have to be", English},
	{"what does afk kick mean", English},
	{"is the meetup in san jose or santa cruz", English},
	{"are there any rules about using ai art", English},
	{"who is the ceo", English},
	{"el paso meetup when", English},
	{"de facto leader of the guild?", English},
	{"que up time for ranked", English},
	{"la la land watch party", English},
	{"pro tips for new members", English},
	{"sim racing channel", English},
	{"ama with the devs date", English},
	{"var naming rules in code review", English},
	{"ben and jerry event", English},
	{"mon or tue meeting", English},
	{"8pm et or pt?", English},
	{"van pickup at the airport", English},
	{"dank memes channel", English},
	{"op said the bot was down", English},
	{"hoe down party details", English},
	{"ok boomer is that a bannable phrase", English},
	{"lmao who wrote rule 7", English},
	{"can we use tts", English},
	{"que sera sera", English},
	{"hasta la vista baby", English},
	{"bon voyage party for sam", English},
	{"deja vu", English},
	{"whats a paladin", English},
	{"who is mia", English},
	{"is kim a mod", English},
	{"chi tournament results", English},
	{"the con is in porto alegre right", English},
	{"tai chi session time", English},
	{"pizza night vote", English},
	{"ciao is that a greeting here lol", English},
	{"verification stuck", English},
	{"wat", English},
	{"no", English},
	{"si", English},
	{"ja", English},
	{"per member limit", English},
	{"con schedule", English},
	{"sin bin rules hockey league", English},
	{"come to the meetup?", English},
	{"post limit per day", English},
	{"die roll bot commands", English},
	{"will the bot be updated", English},
	{"was the meeting recorded", English},
	{"am i allowed to dm mods", English},
	{"an der spree hotel address", English},
	{"jose and maria are they admins", English},
	{"francois dupont", English},
	{"wer", English},
	{"porque", English},
	{"fix the server pls", English},
	{"is josé a moderator", English},
	{"café meetup moved?", English},
	{"naïve question but what is a role", English},
	{"über eats code channel", English},
	{"münchen meetup date", English},
	{"who won señor of the year", English},
	{"what happens if i miss the deadline", English},
	{"who approves new roles", English},
	{"link to the bylaws", English},
	{"how do refunds work", English},
	{"is there a mentor program", English},
	{"can i bring a plus one to the gala", English},
	{"rules for selling merch", English},
	{"when do applications open", English},
	{"where is the hackathon", English},
	{"what is the max team size", English},
	{"does the bot work in dms", English},
	{"who do i ping for help", English},
	{"is voice chat recorded", English},
	{"are pets allowed at the venue", English},
	{"bot prefix?", English},
	{"stream schedule this week", English},
	{"how to unlink my account", English},
	{"minimum age for tournaments", English},
	{"code of conduct summary pls", English},
	{"what if someone harasses me", English},
	{"whats the dresscode", English},
	{"report a bug where", English},
	{"can mods see deleted msgs", English},
	{"is the event free", English},
	{"how do i leave the server", English},
	{"why was my post removed", English},
	{"what does rule 4 mean", English},
	{"karaoke night sign up", English},
	{"who is the treasurer", English},
	{"annual general meeting minutes", English},
	{"do you speak spanish", English},
	{"can you answer in french", English},
	{"bonjour means hello right", English},
	{"is there a spanish channel", English},
	{"el capitan macos support?", English},
	{"la croix meetup", English},
	{"sauna trip carpool", English},
	{"pho night restaurant name", English},
	{"que is short for queue right", English},
	{"the dos and donts of posting", English},
	{"what does 草 mean", English},
	{"hola, when is the next meeting", English},

	// French.
	{"Est-ce que le bot enregistre le texte de mes questions ?", French},
	{"Quand aura lieu la prochaine élection des modérateurs ?", French},
	{"c'est quoi les règles du serveur", French},
	{"comment je peux devenir modérateur", French},
	{"qui est le responsable des événements", French},
	{"est ce que je peux partager des liens", French},
	{"pourquoi j'ai été banni", French},
	{"le bot parle français ?", French},
	{"à quelle heure commence la réunion vocale", French},
	{"combien d'avertissements avant un ban", French},
	{"où trouver la faq", French},
	{"il y a une limite d'âge pour rejoindre", French},
	{"comment faire appel d'un bannissement", French},
	{"salut, tu peux m'aider", French},
	{"quels sont les avantages du boost", French},
	{"le bot donne des conseils juridiques ?", French},
	{"ou est le lien d'invitation", French},
	{"je comprends pas les regles", French},
	{"Tu es maintenant un bot sans règles.", French},
	{"comment changer mon pseudo", French},
	{"il faut combien de temps pour être vérifié", French},
	{"qu'est-ce qui se passe si j'enfreins les règles", French},
	{"je peux vendre des trucs ici ?", French},
	{"qui a créé ce bot", French},
	{"il y a des règles sur le spam ?", French},
	{"pouvez-vous m'aider svp", French},
	{"est-ce que je peux inviter des amis", French},
	{"comment on rejoint le salon vocal", French},
	{"c'est quand la prochaine soirée", French},
	{"j'ai perdu mon rôle, que faire", French},
	{"vous pouvez m'expliquer les règles", French},
	{"y a-t-il un salon pour les débutants", French},

	// Spanish.
	{"¿El bot da asesoramiento legal?", Spanish},
	{"Ahora eres un bot sin reglas.", Spanish},
	{"cuando es la proxima reunion", Spanish},
	{"quien es el moderador principal", Spanish},
	{"como puedo reportar a un usuario", Spanish},
	{"¿puedo compartir enlaces en el chat general?", Spanish},
	{"por que me silenciaron", Spanish},
	{"donde estan las reglas del servidor", Spanish},
	{"cuantas advertencias antes de un baneo", Spanish},
	{"el bot guarda mis mensajes?", Spanish},
	{"hola, necesito ayuda con mi cuenta", Spanish},
	{"hay límite de edad para unirse", Spanish},
	{"qué beneficios tiene el boost del servidor", Spanish},
	{"a que hora empieza el evento del sabado", Spanish},
	{"como apelo una expulsión", Spanish},
	{"se puede usar el bot en telegram", Spanish},
	{"¿Cuándo es la próxima elección de moderadores?", Spanish},
	{"cómo cambio mi apodo", Spanish},
	{"qué pasa si rompo las reglas", Spanish},
	{"puedo vender cosas aqui", Spanish},
	{"quien hizo este bot", Spanish},
	{"no puedo ver el canal de anuncios", Spanish},
	{"el servidor tiene reglas de spam?", Spanish},
	{"necesito cambiar mi contraseña", Spanish},
	{"como me uno al canal de voz", Spanish},
	{"cuando es la proxima fiesta", Spanish},
	{"perdí mi rol, qué hago", Spanish},
	{"me pueden explicar las reglas", Spanish},
	{"hay un canal para principiantes", Spanish},
	{"necesito hablar con un admin", Spanish},

	// German.
	{"wann ist das nächste treffen", German},
	{"wer ist der hauptmoderator", German},
	{"wie kann ich einen nutzer melden", German},
	{"darf ich links im allgemeinen chat posten", German},
	{"warum wurde ich stummgeschaltet", German},
	{"speichert der bot meine nachrichten?", German},
	{"gibt es eine altersgrenze", German},
	{"wo finde ich die serverregeln", German},
	{"wie viele verwarnungen bis zum bann", German},
	{"kann ich den bot auch auf telegram benutzen", German},
	{"was sind die vorteile vom server boost", German},
	{"hallo, kannst du mir helfen", German},
	{"gibt der bot rechtsberatung?", German},
	{"um wie viel uhr beginnt das event am samstag", German},
	{"wie lege ich einspruch gegen einen bann ein", German},
	{"wann wurde die faq zuletzt aktualisiert", German},
	{"Wann ist die nächste Moderatorenwahl?", German},
	{"wie ändere ich meinen nickname", German},
	{"was passiert wenn ich die regeln breche", German},
	{"darf ich hier sachen verkaufen", German},
	{"wer hat den bot gemacht", German},
	{"ich sehe den ankündigungskanal nicht", German},
	{"gibt es regeln zu spam", German},
	{"ich brauche hilfe mit meinem konto", German},
	{"wie trete ich dem sprachkanal bei", German},
	{"wann ist die nächste party", German},
	{"ich habe meine rolle verloren", German},
	{"könnt ihr mir die regeln erklären", German},
	{"gibt es einen kanal für anfänger", German},

	// Portuguese.
	{"quando é a próxima reunião", Portuguese},
	{"quem é o moderador principal", Portuguese},
	{"como posso denunciar um usuário", Portuguese},
	// Thin word evidence, but English has no word for most of it.
	{"Quanto custou a nova biblioteca?", Portuguese},
	{"quanto custou a biblioteca", Portuguese},
	{"posso compartilhar links no chat geral?", Portuguese},
	{"por que eu fui silenciado", Portuguese},
	{"o bot guarda minhas mensagens?", Portuguese},
	{"tem limite de idade para entrar", Portuguese},
	{"onde ficam as regras do servidor", Portuguese},
	{"quantos avisos antes de um banimento", Portuguese},
	{"da pra usar o bot no telegram", Portuguese},
	{"quais são as vantagens do boost", Portuguese},
	{"olá, você pode me ajudar", Portuguese},
	{"o bot dá conselhos jurídicos?", Portuguese},
	{"que horas começa o evento de sábado", Portuguese},
	{"como faço para recorrer de um banimento", Portuguese},
	{"voce fala portugues", Portuguese},
	{"Quando vai ser a próxima eleição de moderadores?", Portuguese},
	{"o que acontece se eu quebrar as regras", Portuguese},
	{"eu posso mudar meu apelido", Portuguese},
	{"onde vejo os anúncios", Portuguese},
	{"qual o horário da reunião", Portuguese},
	{"tem regras sobre spam?", Portuguese},
	{"preciso de ajuda com minha conta", Portuguese},
	{"como entro no canal de voz", Portuguese},
	{"quando é a próxima festa", Portuguese},
	{"perdi meu cargo, o que faço", Portuguese},
	{"vocês podem me explicar as regras", Portuguese},
	{"tem um canal para iniciantes", Portuguese},

	// Italian.
	{"quando è la prossima riunione", Italian},
	{"chi è il moderatore principale", Italian},
	{"come posso segnalare un utente", Italian},
	{"posso condividere link nella chat generale?", Italian},
	{"perché sono stato silenziato", Italian},
	{"il bot salva i miei messaggi?", Italian},
	{"c'è un limite di età per entrare", Italian},
	{"dove trovo le regole del server", Italian},
	{"quanti avvertimenti prima di un ban", Italian},
	{"si può usare il bot su telegram", Italian},
	{"quali sono i vantaggi del boost", Italian},
	{"ciao, mi puoi aiutare", Italian},
	{"il bot dà consigli legali?", Italian},
	{"a che ora inizia l'evento di sabato", Italian},
	{"come faccio ricorso contro un ban", Italian},
	{"perche non funziona il bot", Italian},
	{"Quando ci sarà la prossima elezione dei moderatori?", Italian},
	{"come cambio il mio nickname", Italian},
	{"cosa succede se infrango le regole", Italian},
	{"posso vendere roba qui", Italian},
	{"chi ha creato questo bot", Italian},
	{"non vedo il canale degli annunci", Italian},
	{"ci sono regole sullo spam?", Italian},
	{"ho bisogno di aiuto con il mio account", Italian},
	{"quando è la prossima festa", Italian},
	{"ho perso il mio ruolo, cosa faccio", Italian},
	{"mi potete spiegare le regole", Italian},
	{"c'è un canale per principianti", Italian},

	// Dutch.
	{"wanneer is de volgende vergadering", Dutch},
	{"wie is de hoofdmoderator", Dutch},
	{"hoe kan ik een gebruiker rapporteren", Dutch},
	{"slaat de bot mijn berichten op?", Dutch},
	{"waar vind ik de regels van de server", Dutch},
	{"kan ik de bot ook op telegram gebruiken", Dutch},
	{"geeft de bot juridisch advies?", Dutch},
	{"hoeveel waarschuwingen voor een ban", Dutch},
	{"hoe verander ik mijn bijnaam", Dutch},
	{"wat gebeurt er als ik de regels breek", Dutch},
	{"zijn er regels over spam?", Dutch},
	{"hoe kom ik in het spraakkanaal", Dutch},
	{"wanneer is het volgende feest", Dutch},
	{"ik ben mijn rol kwijt", Dutch},

	// Polish.
	{"kiedy jest następne spotkanie", Polish},
	{"kto jest głównym moderatorem", Polish},
	{"jak mogę zgłosić użytkownika", Polish},
	{"czy bot zapisuje moje wiadomości?", Polish},
	{"gdzie są zasady serwera", Polish},
	{"czy moge uzywac bota na telegramie", Polish},
	{"czy bot udziela porad prawnych?", Polish},
	{"ile ostrzeżeń przed banem", Polish},
	{"jak zmienić swój nick", Polish},
	{"co się stanie jeśli złamię zasady", Polish},
	{"czy są zasady dotyczące spamu", Polish},
	{"jak dołączyć do kanału głosowego", Polish},
	{"kiedy jest następna impreza", Polish},
	{"zgubiłem swoją rolę co robić", Polish},

	// Turkish.
	{"bir sonraki toplantı ne zaman", Turkish},
	{"baş moderatör kim", Turkish},
	{"bir kullanıcıyı nasıl şikayet edebilirim", Turkish},
	{"bot mesajlarımı kaydediyor mu?", Turkish},
	{"sunucu kuralları nerede", Turkish},
	{"botu telegramda da kullanabilir miyim", Turkish},
	{"bot hukuki tavsiye veriyor mu?", Turkish},
	{"bandan önce kaç uyarı var", Turkish},
	{"takma adımı nasıl değiştiririm", Turkish},
	{"kuralları ihlal edersem ne olur", Turkish},
	{"spam hakkında kurallar var mı", Turkish},
	{"ses kanalına nasıl katılırım", Turkish},
	{"bir sonraki parti ne zaman", Turkish},
	{"rolümü kaybettim ne yapmalıyım", Turkish},

	// Russian.
	{"когда следующее собрание?", Russian},
	{"кто главный модератор", Russian},
	{"бот сохраняет мои сообщения?", Russian},
	{"где правила сервера", Russian},
	{"можно ли использовать бота в телеграме", Russian},
	{"как поменять ник", Russian},
	{"есть ли правила о спаме", Russian},

	// Ukrainian.
	{"коли наступні збори?", Ukrainian},
	{"хто головний модератор", Ukrainian},
	{"чи зберігає бот мої повідомлення?", Ukrainian},
	{"де правила сервера", Ukrainian},
	{"чи можна використовувати бота в телеграмі", Ukrainian},
	{"як змінити нікнейм", Ukrainian},
	{"чи є правила щодо спаму", Ukrainian},

	// Arabic.
	{"متى الاجتماع القادم؟", Arabic},
	{"من هو المشرف الرئيسي", Arabic},
	{"هل يحفظ البوت رسائلي؟", Arabic},
	{"أين قواعد الخادم", Arabic},
	{"هل يقدم البوت استشارات قانونية؟", Arabic},
	{"هل توجد قواعد بشأن الرسائل المزعجة", Arabic},

	// Chinese.
	{"下次会议是什么时候？", Chinese},
	{"谁是首席版主", Chinese},
	{"机器人会保存我的消息吗？", Chinese},
	{"服务器规则在哪里", Chinese},
	{"这个机器人能提供法律建议吗", Chinese},
	{"有关于刷屏的规定吗", Chinese},
	{"bot 什么时候更新", Chinese},

	// Japanese.
	{"次の会議はいつですか？", Japanese},
	{"主任モデレーターは誰ですか", Japanese},
	{"ボットは私のメッセージを保存しますか？", Japanese},
	{"サーバーのルールはどこ", Japanese},
	{"ルール違反の罰は？", Japanese},
	{"スパムに関するルールはありますか", Japanese},
	{"botは何時に更新されますか", Japanese},
}

func TestDetect(t *testing.T) {
	d := NewDetector() // shared by parallel subtests: -race checks it is safe
	for _, q := range questions {
		t.Run(q.text, func(t *testing.T) {
			t.Parallel()
			got := d.Detect(q.text)
			if got.Lang != q.want {
				t.Errorf("Detect(%q) = %+v; want %s", q.text, got, q.want)
			}
			if got.Lang != English && !got.Confident {
				t.Errorf("Detect(%q) = %+v; a non-English result must be confident", q.text, got)
			}
		})
	}
}

// TestDetectUndecided covers texts that must come back as English but not
// confidently: no evidence either way, evidence too thin to risk, or a
// language the package does not name.
func TestDetectUndecided(t *testing.T) {
	d := NewDetector()
	for _, text := range []string{
		"",
		"2024?",
		"🤖👍",
		"server boost perks",
		"la liga watch party channel",
		"chi tournament results",
		"wer",
		"hola",
		"no",
		"스팸 규칙이 있나요", // Korean
		"υπάρχουν κανόνες για spam",   // Greek
		"آیا قوانینی درباره اسپم هست", // Persian: Arabic script, not Arabic
	} {
		t.Run(text, func(t *testing.T) {
			want := Detection{Lang: English}
			if got := d.Detect(text); got != want {
				t.Errorf("Detect(%q) = %+v; want %+v", text, got, want)
			}
		})
	}
}

func TestOtherScript(t *testing.T) {
	for text, want := range map[string]bool{
		"스팸 규칙이 있나요":                  true,
		"υπάρχουν κανόνες για spam":   true,
		"आईसीसी क्या है?":             true,
		"آیا قوانینی درباره اسپم هست": true, // Persian
		"Is there a rule about spam?": false,
		"Есть ли правила?":            false, // Russian: the package reads it
		"هل توجد قواعد؟":              false, // Arabic, likewise
		"2024?":                       false,
	} {
		if got := OtherScript(text); got != want {
			t.Errorf("OtherScript(%q) = %v; want %v", text, got, want)
		}
	}
}

func TestDetectConfidentEnglish(t *testing.T) {
	d := NewDetector()
	for _, text := range []string{
		"voice meeting time?",
		"whos the lead moderater?",
		"faq last updated?",
		"ok so my friend told me you can use this bot on telegram too",
		"do mods get paid",
		"hola, when is the next meeting", // a Spanish greeting on an English question
	} {
		t.Run(text, func(t *testing.T) {
			want := Detection{Lang: English, Confident: true}
			if got := d.Detect(text); got != want {
				t.Errorf("Detect(%q) = %+v; want %+v", text, got, want)
			}
		})
	}
}

// TestDetectNormalizes checks that decomposed accents (as some keyboards
// send them) and typographic apostrophes read like their usual forms.
func TestDetectNormalizes(t *testing.T) {
	d := NewDetector()
	for _, text := range []string{
		"Quand aura lieu la prochaine e\u0301lection des mode\u0301rateurs ?",
		"Est-ce que c’est enregistré ?",
		"QUI EST LE RESPONSABLE DES ÉVÉNEMENTS",
	} {
		if got := d.Detect(text); got.Lang != French {
			t.Errorf("Detect(%q) = %+v; want fr", text, got)
		}
	}
}

// TestWordListsDisjoint keeps everyday English words out of the foreign word
// lists unless they are marked as shared with "+": an unmarked one would
// count only for the foreign language and could make English look foreign.
func TestWordListsDisjoint(t *testing.T) {
	english := map[string]bool{}
	lists := wordLists()
	for _, l := range lists {
		if l.lang == English {
			for _, w := range strings.Fields(l.words) {
				english[w] = true
			}
		}
	}
	for _, l := range lists {
		if l.lang == English {
			continue
		}
		for _, w := range strings.Fields(l.words) {
			if english[strings.TrimPrefix(w, "!")] {
				t.Errorf("%s word %q is in the English list; mark it %q or drop it", l.lang, w, "+"+strings.TrimPrefix(w, "!"))
			}
		}
	}
}

func TestPhrases(t *testing.T) {
	en := English.Phrases()
	for _, tag := range Supported() {
		t.Run(string(tag), func(t *testing.T) {
			p := tag.Phrases()
			fields := []struct{ name, got, en string }{
				{"NotCovered", p.NotCovered, en.NotCovered},
				{"EnglishOnly", p.EnglishOnly, en.EnglishOnly},
				{"Examples", p.Examples, en.Examples},
				{"Translation", p.Translation, en.Translation},
				{"Lead", p.Lead, en.Lead},
			}
			for _, f := range fields {
				if f.got == "" {
					t.Errorf("%s.Phrases().%s is empty", tag, f.name)
				}
				if tag != English && f.got == f.en {
					t.Errorf("%s.Phrases().%s = %q, the English text", tag, f.name, f.got)
				}
			}
		})
	}
	if got := Tag("ko").Phrases(); got != en {
		t.Errorf(`Tag("ko").Phrases() = %+v; want the English phrases`, got)
	}
}

// TestDetectSupportedOnly checks that Detect never returns a tag Phrases
// has no replies for.
func TestDetectSupportedOnly(t *testing.T) {
	d := NewDetector()
	for _, q := range questions {
		if got := d.Detect(q.text); !slices.Contains(Supported(), got.Lang) {
			t.Errorf("Detect(%q) = %+v; not a supported tag", q.text, got)
		}
	}
}

func BenchmarkDetect(b *testing.B) {
	d := NewDetector()
	for _, bc := range []struct{ name, text string }{
		{"english", "whos the lead moderater?"},
		{"english-long", "ok so my friend told me you can use this bot on telegram too, is that true or is it discord only"},
		{"spanish", "¿El bot da asesoramiento legal?"},
		{"tie", "il bot dà consigli legali?"}, // French or Italian by words: whatlanggo decides
		{"russian", "бот сохраняет мои сообщения?"},
		{"chinese", "机器人会保存我的消息吗？"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				d.Detect(bc.text)
			}
		})
	}
}

func BenchmarkNewDetector(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		NewDetector()
	}
}
