package lang

import (
	"strings"

	"github.com/abadojack/whatlanggo"
)

// langSet is a set of Tags, one bit per Tag in Supported order.
type langSet uint16

const numLangs = 14

// latinForeign returns the Latin-script languages besides English, in the
// order ties are settled when nothing else can.
func latinForeign() [8]Tag {
	return [...]Tag{Spanish, French, Portuguese, Italian, German, Dutch, Polish, Turkish}
}

func (t Tag) index() int {
	switch t {
	case English:
		return 0
	case French:
		return 1
	case Spanish:
		return 2
	case German:
		return 3
	case Portuguese:
		return 4
	case Italian:
		return 5
	case Dutch:
		return 6
	case Polish:
		return 7
	case Turkish:
		return 8
	case Russian:
		return 9
	case Ukrainian:
		return 10
	case Arabic:
		return 11
	case Chinese:
		return 12
	case Japanese:
		return 13
	}
	return 0
}

func (t Tag) set() langSet { return 1 << t.index() }

func (s langSet) has(t Tag) bool { return s&t.set() != 0 }

func (s langSet) each(f func(Tag)) {
	for _, t := range Supported() {
		if s.has(t) {
			f(t)
		}
	}
}

func (t Tag) whatlang() whatlanggo.Lang {
	switch t {
	case French:
		return whatlanggo.Fra
	case Spanish:
		return whatlanggo.Spa
	case German:
		return whatlanggo.Deu
	case Portuguese:
		return whatlanggo.Por
	case Italian:
		return whatlanggo.Ita
	case Dutch:
		return whatlanggo.Nld
	case Polish:
		return whatlanggo.Pol
	case Turkish:
		return whatlanggo.Tur
	case Russian:
		return whatlanggo.Rus
	case Ukrainian:
		return whatlanggo.Ukr
	}
	return whatlanggo.Eng
}

// letterLangs returns the languages that use the letters of tok which
// English does not, and among them those that have a letter no other
// language here uses (ñ, ß, ã, ł, ş): such a letter is strong evidence on
// its own.
func letterLangs(tok string) (langs, strong langSet) {
	const (
		fr = 1 << 1
		es = 1 << 2
		de = 1 << 3
		pt = 1 << 4
		it = 1 << 5
		nl = 1 << 6
		pl = 1 << 7
		tr = 1 << 8
	)
	for _, r := range tok {
		if r < 0x80 {
			continue
		}
		var s langSet
		switch r {
		case 'ñ':
			s, strong = es, strong|es
		case 'ß', 'ä':
			s, strong = de, strong|de
		case 'ã', 'õ':
			s, strong = pt, strong|pt
		case 'ą', 'ę', 'ć', 'ł', 'ń', 'ś', 'ź', 'ż':
			s, strong = pl, strong|pl
		case 'ı', 'ğ', 'ş':
			s, strong = tr, strong|tr
		case 'œ', 'î', 'û':
			s = fr
		case 'ì', 'ò':
			s = it
		case 'á', 'í', 'ú':
			s = es | pt
		case 'ó':
			s = es | pt | pl
		case 'é':
			s = fr | es | pt | it
		case 'è', 'ù':
			s = fr | it
		case 'à':
			s = fr | it | pt
		case 'ê', 'ô':
			s = fr | pt
		case 'â':
			s = fr | pt | tr
		case 'ç':
			s = fr | pt | tr
		case 'ë', 'ï':
			s = fr | nl
		case 'ö', 'ü':
			s = de | tr
		}
		langs |= s
	}
	return langs | shapeLangs(tok), strong
}

// shapeLangs returns the languages whose spelling tok shows in ways English
// words almost never do: Portuguese "lh" and "-nho", Italian "-zione",
// German "-ung", Dutch "ij", Polish "cz", "rz" and "-ych", Turkish "-iyor".
func shapeLangs(tok string) langSet {
	var s langSet
	switch {
	case strings.HasSuffix(tok, "nha"), strings.HasSuffix(tok, "nhas"),
		strings.HasSuffix(tok, "nho"), strings.HasSuffix(tok, "nhos"):
		s |= Portuguese.set()
	case strings.HasSuffix(tok, "zione"), strings.HasSuffix(tok, "zioni"):
		s |= Italian.set()
	case len(tok) >= 6 && (strings.HasSuffix(tok, "ung") || strings.HasSuffix(tok, "ungen")):
		s |= German.set()
	case len(tok) >= 6 && strings.HasSuffix(tok, "ych"):
		s |= Polish.set()
	case strings.HasSuffix(tok, "iyor"), strings.HasSuffix(tok, "ıyor"),
		strings.HasSuffix(tok, "uyor"), strings.HasSuffix(tok, "üyor"):
		s |= Turkish.set()
	}
	if i := strings.Index(tok, "lh"); i > 0 && i+2 < len(tok) && strings.IndexByte("aeiou", tok[i+2]) >= 0 {
		s |= Portuguese.set()
	}
	if strings.Contains(tok, "ij") {
		s |= Dutch.set()
	}
	if strings.Contains(tok, "cz") || strings.Contains(tok, "rz") {
		s |= Polish.set()
	}
	return s
}

// A wordList holds the commonest short words of one language: articles,
// pronouns, prepositions, question words, auxiliaries, greetings, with and
// without their accents since chat often drops them. A "!" marks a word
// that alone is good evidence.
//
// A "+" marks a word that is everyday English as well ("a", "no", "me",
// "do", "was", "die", "come", "per"): it counts for English and for the
// language alike, so it can back up other evidence (Portuguese "onde ficam
// as regras do servidor") but never tip an English question into another
// language. TestWordListsDisjoint checks that no other foreign word is in
// the English list.
type wordList struct {
	lang  Tag
	words string
}

func wordLists() []wordList {
	return []wordList{
		{English, `a in on so the an is are were be been being does did done can could would should shall
			may might must have has had having i you he she it we they my your yours our ours their
			his her its him them us this that these those there here what when where who whom whose
			why how which whos whats wheres whens hows whys thats theres heres of to for with from
			by about into at and or not nor yes if then than but get got any some every each next
			last many much more most other please pls plz thanks thank thx hi hello hey ok okay u ur
			r im dont cant wont isnt arent doesnt didnt wasnt werent ive youre theyre lol idk btw
			anyone someone anything something just too again still only new old time know need want
			help happens happen out up off after before between without anybody everyone ever never
			always`},
		{French, `le la les un une des du de et est !sont je tu il elle !nous !vous ils elles ce cet
			!cette ces mon ma mes ta tes sa ses notre nos votre vos leur leurs qui que !quoi !quand
			comment !pourquoi où ou quel quelle quels quelles !combien lequel laquelle avec sur dans
			chez au aux en y pas ne très aussi mais donc alors !est-ce peut peux puis pouvez faut
			fait fais !être etre suis es avons avez ont va vais moi toi lui eux si oui non bonjour
			salut merci svp stp !quelqu'un toujours jamais tout tous toute toutes rien chaque autre
			bien +a +on +me +as +pour +son +plus +ton !y-a-t-il !a-t-il !est-il !peut-être
			!pouvez-vous !peux-tu !avez-vous !êtes-vous`},
		{Spanish, `el la los las un una unos unas del al de que !qué quien !quién quienes quiénes cuando
			!cuándo donde !dónde como !cómo cual !cuál cuales cuáles cuanto cuánto cuantos !cuántos
			cuanta cuánta cuantas !cuántas por para porque !porqué es están estan está esta !estoy
			!eres soy !puedo puede !pueden puedes tiene !tengo !tienen hace !hacer mi mis tu tus su
			sus yo !usted !ustedes !nosotros ellos ella ellas lo le les te se en sobre pero y o muy
			más mas !también tambien ya !hola !gracias !ahora sí si fue ser +hay !necesito !quiero
			!alguien algo siempre nunca aquí aqui fui contra este esto ese esa eso estos estas mucho
			poco nada todo todos cada otro otra bien hizo +a +no +me +con +sin +son +era +solo`},
		{Portuguese, `o os um uma uns umas da dos das na nos nas em ao aos pelo pela pelos pelas de que quê
			quem quando !onde como qual !quais quanto quantos quanta quantas por porque !porquê !pra
			pro para eu meu !minha meus !minhas seu sua seus suas ele ela eles elas !você !voce
			!vocês voces !não !nao sim tem !têm há está esta !estão estao !é e !são sao ser foi
			posso pode podem fala !olá ola oi !obrigado !obrigada !também tambem muito mais com sem
			isso esse essa este aqui !alguém alguem te se sobre já ja fui tudo todos cada outro
			outra nada bem +a +as +do +no +me`},
		{Italian, `il lo la !gli le un una uno del !della dello dei !degli !delle al alla allo ai agli alle
			nel !nella nello nei negli nelle sul !sulla dal !dalla dai di da su tra fra che !chi
			!cosa quando !perché !perche !quale quali quanto !quanti quanta quante !è e !sono sei
			!siamo siete ho hai !abbiamo !hanno !può puo !posso !puoi !possono non mi ti si ci vi
			mio mia !miei mie tuo tua tuoi suo sua !questo !questa !quello quella anche ma molto più
			piu !ciao !grazie !qualcuno sempre mai te !faccio fai fare contro tutto tutti ogni altro
			altra niente bene qui +a +i +in +no +come +con +per +dove +ha +me`},
		{German, `der das dem des ein eine einen einem einer eines !und oder !nicht kein keine keinen !ist
			sind bist habe !haben hast wird !werden !wurde wurden kann !kannst !können konnen darf
			muss soll !ich du er sie es wir ihr mein meine meinen meiner dein deine !wer !wann wo
			wie !warum !wieso !weshalb !welche !welcher welches wieviel auch noch schon nur mit von
			zu zum zur auf !für bei nach !über aus !gibt !hallo !danke !bitte ja nein gegen bis uhr
			!jemand !etwas immer nie !mich !mir dich dir uns euch vom alle alles jeder jede jedes
			nichts viel viele wenn weil dass ob aber denn +in +so +was +will +die +an +am +hat +den
			+man +also +war +bin +kind +um`},
		{Dutch, `de !het !een en zijn bent wat wie !wanneer !waar !waarom hoe !welke welk !hoeveel ik
			!jij je mijn jouw uw !niet !geen !ook kun !kunnen mag moet moeten !wordt werd !heb hebt
			!heeft voor om !naar bij uit dit dat er hallo !bedankt !graag nog !iemand !iets altijd
			nooit mij geeft gaat doet krijg krijgen staat komt zit alle alles elke niets veel goed
			+in +is +op +met +van +dank +was +over +ben +me +we +die`},
		{Polish, `!czy jak jest !są nie tak co kto !kiedy !gdzie !dlaczego ile !który !która !które jaki
			jaka !jakie mój moje moja moich mnie mi !się sie w z na od po za dla ale !jestem !mogę
			!moge !można !mozna !może !moze !proszę prosze !dzięki dzieki !cześć !czesc tego ja +a
			+i +to +do +no ktoś ktos coś cos`},
		{Turkish, `bir ne !nasıl !nasil !neden niye kim !nerede nereden !hangi !kaç kac mı mi mu mü ve ile
			!için !icin bu şu o sen !benim var yok !değil !degil zaman da de +ben ama çok cok daha
			!merhaba !teşekkürler tesekkurler !sonraki önce sonra gibi !nedir midir !miyim !mıyım
			biri şey`},
	}
}
