package answer

import (
	"maps"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"iccbot/internal/english"
	"iccbot/internal/search"
	"iccbot/internal/wordnet"
)

// fact is a kind of information a sentence holds and a question may ask
// for. Word overlap alone would answer "Where is the meeting?" with any
// sentence about a meeting; the one that answers it names a place.
type fact uint16

const (
	factNumber  fact = 1 << iota // a count or amount: "34", "sixty", "3,400"
	factTime                     // a date, year, weekday or clock time
	factPlace                    // a place: "in The Hague", "#ask-the-bot"
	factName                     // a name: a capitalised word inside the sentence, an @handle
	factReason                   // a stated cause or purpose: "because", "so that"
	factMoney                    // an amount of money: "$3.5 million", "2.8 million dollars"
	factLength                   // a number of a unit of length or time: "31 hours", "64-page", "23 kilometres"
	factSpan                     // a time that bounds a span: "since 1958", "until October", "from 15 June to 17 July"
	factClock                    // a time of day: "19:00", "7.30 p.m.", "noon"
	factPhone                    // a telephone number: "0300 555 0199", "555-0142"
	factEmail                    // an email address: "league@ellesbyfives.co.uk"
	factDay                      // a time finer than a year: "in March", "on Mondays", "at 7pm", "next week"
	factDate                     // a year, a month's name, "November 2", "six years ago", "last week", "yesterday": not hours kept or a weekday alone
	factVerdict                  // says yes or no: "not", "never", "only", "welcome", "allowed", "must"; read by the calibration (evidence.verdict), asked by no question
	factOutcome                  // says what follows from something: "if", "unless", "otherwise", "will"
	factShare                    // a share: "25%", "40 per cent"
)

// sentenceFacts are the kinds of fact a sentence holds as a whole, in no
// one word a question could state too.
const sentenceFacts = factReason | factVerdict | factOutcome

// minPhoneDigits is how many digits a run of digit groups ("0161 555
// 0199", "555-0142") needs to be read as a telephone number.
const minPhoneDigits = 7

// callVerbs ask for a number to call from further off than callWords:
// "what number do i ring…".
var callVerbs = map[string]bool{"ring": true, "call": true, "phone": true, "dial": true, "telephone": true}

// callWords beside "number" make it a number to call: "phone number",
// "out of hours number", "emergency number".
var callWords = map[string]bool{
	"phone": true, "telephone": true, "tel": true, "mobile": true, "call": true, "ring": true,
	"contact": true, "dial": true, "helpline": true, "hotline": true, "emergency": true, "hours": true,
}

// phoneNumberWords are what a question for a number to call says and its
// answer does not: "Our customer line, 0300 555 0199" answers "what's
// the customer service phone number?".
var phoneNumberWords = map[string]bool{"number": true, "numbers": true}

// clockVerbs say which end of a time of day is asked for: "what time
// does it finish?".
var clockVerbs = map[string]bool{
	"start": true, "starts": true, "begin": true, "begins": true, "finish": true, "finishes": true,
	"end": true, "ends": true, "open": true, "opens": true, "close": true, "closes": true,
}

// locatedWords say that a place is asked for: "where is it located?".
var locatedWords = map[string]bool{"located": true, "situated": true, "based": true, "whereabouts": true, "location": true}

// phoneWords and emailWords name the kind of fact a question asks for
// when it wants a number to call or an address to write to: a knowledge
// that gives numbers and addresses without the words still answers it.
var (
	phoneWords = map[string]bool{"phone": true, "phones": true, "telephone": true, "tel": true, "mobile": true}
	emailWords = map[string]bool{"email": true, "emails": true, "mail": true, "address": true, "addresses": true}
)

// spanWords open a time that bounds a span ("since 1958").
var spanWords = map[string]bool{"since": true, "until": true, "till": true, "til": true}

// spanReach is how many words after a span word ("since", or "to" after a
// time) its time may come: "since last spring".
const spanReach = 3

// lengthUnits measure a length, in space or time: after a number they say
// how long something is, which a count of things ("four doctors") does not.
var lengthUnits = map[string]bool{
	"second": true, "seconds": true, "minute": true, "minutes": true, "hour": true, "hours": true,
	"day": true, "days": true, "week": true, "weeks": true, "month": true, "months": true,
	"year": true, "years": true, "decade": true, "decades": true, "century": true, "centuries": true,
	"page": true, "pages": true, "word": true, "words": true, "mile": true, "miles": true,
	"km": true, "kilometre": true, "kilometres": true, "kilometer": true, "kilometers": true,
	"metre": true, "metres": true, "meter": true, "meters": true, "m": true, "foot": true, "feet": true,
	"ft": true, "inch": true, "inches": true, "yard": true, "yards": true,
}

// lengthLeads, before "a" or "an" and a unit, say that the unit is how
// long something is or takes: "about an hour", "for a week", "takes a
// day", "more than a month".
var lengthLeads = map[string]bool{
	"about": true, "around": true, "roughly": true, "approximately": true, "nearly": true, "almost": true,
	"over": true, "under": true, "than": true, "for": true, "within": true, "half": true, "least": true,
	"last": true, "lasts": true, "lasted": true, "lasting": true,
	"take": true, "takes": true, "took": true, "taking": true, "just": true, "only": true,
}

// clockUnits are the lengths that place an hour before or after an event:
// "30 minutes before each screening", "two hours after sunset".
var clockUnits = map[string]bool{"minute": true, "minutes": true, "hour": true, "hours": true}

// clockRelations follow such a length to make it an hour: "20 minutes
// before sunset" says what time, as "at 7pm" does.
var clockRelations = map[string]bool{"before": true, "after": true, "beforehand": true, "early": true, "earlier": true, "later": true}

// factWord is one word of a sentence that holds a fact (a number, a name,
// a date), as the index knows it, so that a fact the question itself
// states ("since 2002") is not taken for its answer.
type factWord struct {
	f  fact
	id int32 // its term id, or -1 when the index does not have it
	// run numbers the run of capitalised words a name is part of
	// ("Ashcombe Repair Café"), from 1; 0 for other words.
	run int32
}

// facts finds the kinds of fact a sentence holds, from its surface: digits
// and number words, month and day names, capitalised words after "in" or
// "at", and so on.
func facts(text string) fact {
	fs, _ := factWords(text, nil)
	return fs
}

// factWords is facts, with the words that hold them; id gives a word's
// term id (numbers as the index keys them, "#17"). It runs once per
// sentence when the engine is built.
func factWords(text string, id func(key string) int32) (fs fact, words []factWord) {
	// The first word of each email address's domain: after "@", as a
	// handle's name is too ("@dan"), but followed by a dot.
	domains := emailDomains(text)
	prev, prevPrev, prev3 := "", "", ""
	first := true
	// A day of the month beside its month ("2 November", "November 2") is
	// part of a date, not a count: numbers counts the other numbers, and
	// dayAt is the word a day number just before a month was recorded as.
	numbers := 0
	dayAt, prevDay, prevMonth, prevNumber, prevPrevNumber := -1, false, false, false, false
	var prevBefore byte                   // the character before the last word
	oldYearAt := -1                       // the word an old year was recorded as (isOldYear), or -1
	prevOldYear := false                  // whether the last word was read as an old year
	spanLeft, sinceTime := 0, spanReach+1 // words left for a span's time; words since the last time
	groups, groupDigits := 0, 0           // the run of digit groups a telephone number is written in
	runs, prevNamed := int32(0), false    // the runs of capitalised words so far; whether the last word was in one
	locLeft, locDet := 0, false           // words left for a locative phrase's noun; whether its determiner was read
	locOf := false                        // the word before was "of" after a place's part ("the top of")
	// folded holds the sentence's words, folded, to look ahead; one that
	// punctuation parts from the word before is "" ("45 minutes, after
	// which" has no "after" after "minutes").
	var folded []string
	shares := percents(text)
	scanWords(text, func(raw string, before byte) {
		if before != ' ' {
			folded = append(folded, "")
		}
		folded = append(folded, search.Fold(raw))
	})
	wordAt := -1 // the index in folded of the word being read
	// next returns the word n after the one being read, "" past the
	// sentence's end or a punctuation mark.
	next := func(n int) string {
		for i := wordAt + 1; i < len(folded); i++ {
			if folded[i] == "" {
				return ""
			}
			if n--; n == 0 {
				return folded[i]
			}
		}
		return ""
	}
	scanWords(text, func(raw string, before byte) {
		wordAt++
		if before != ' ' {
			wordAt++ // past the punctuation's ""
		}
		had := fs
		fs = 0
		isDayNumber, oldYear := false, false
		unstated := false // the word's fact is not the word, which a question may say too
		defer func() {
			named := fs&factName != 0 && startsUpper(raw)
			if named && !(prevNamed && before == ' ') {
				runs++
			}
			prevNamed = named
			if fs&^sentenceFacts != 0 && id != nil {
				key := search.Fold(strings.ReplaceAll(raw, ",", ""))
				if v, _, ok := english.Number([]string{key}); ok {
					key = "#" + strconv.FormatInt(v, 10)
				} else if o, ok := english.Ordinal(key); ok {
					key = "#" + strconv.Itoa(o)
				}
				if isDayNumber {
					dayAt = len(words)
				}
				fw := factWord{f: fs &^ sentenceFacts, id: id(key)}
				if unstated {
					fw.id = -1
				}
				if named {
					fw.run = runs
				}
				words = append(words, fw)
			}
			fs |= had
		}()
		w := search.Fold(raw)
		upper := startsUpper(raw)
		if isYear(raw) && (groups == 0 || before == '-') {
			groups, groupDigits = 0, 0 // "1939-1945": years, not a number to call
		} else if isDigits(raw) && (groups == 0 || before == ' ' || before == '-') {
			groups++
			groupDigits += len(raw)
			if groups >= 2 && groupDigits >= minPhoneDigits {
				fs |= factPhone
			}
		} else if isDigits(raw) {
			groups, groupDigits = 1, len(raw)
		} else {
			groups, groupDigits = 0, 0
		}
		_, isMonth := english.Month(w)
		_, isDay := english.Weekday(w)
		isMonth = isMonth && (upper || w != "may") // "may" the verb
		day := isDayOfMonth(w) && before != '$'
		switch {
		case isYear(w):
			fs |= factTime | factDate
		case isOldYear(w, prev, prevMonth):
			fs |= factTime | factDate
			oldYearAt, oldYear = len(words), true // the word it is recorded as, should a unit follow
		case day && prevMonth && before == ' ':
			fs |= factTime | factDay | factDate // "November 2"; not "By the end of March, 26 guests…"
		case isOrdinalDay(w) && (next(1) == "of" || prev == "the" && dayLeads[prevPrev]):
			// "on the 20th of each month", "by the 3rd": a day of the
			// month, not a count.
			fs |= factTime | factDay
			isDayNumber = true
		case hasDigit(w):
			fs |= factNumber
			numbers++
			isDayNumber = day
			if before == ':' || strings.HasSuffix(w, "am") || strings.HasSuffix(w, "pm") {
				// "7:30", "9am": a time of day, no count ("how many pens…?").
				fs = fs&^factNumber | factTime | factClock | factDay
				numbers--
				if n := len(words); before == ':' && n > 0 && words[n-1].f&factNumber != 0 && prevNumber {
					words[n-1].f = words[n-1].f&^factNumber | factTime | factClock | factDay
					numbers--
				}
			}
			if before == '$' || isPence(w) {
				fs |= factMoney // "£5", "80p"
			}
			if shares[w] || next(1) == "percent" || next(1) == "per" && next(2) == "cent" {
				fs |= factShare // "25%", "40 per cent"
			}
		case english.IsNumberWord(w):
			fs |= factNumber
			numbers++
		}
		if isMonth && prevDay {
			// "2 November": the number before was the day, not a count.
			numbers--
			if dayAt >= 0 && dayAt < len(words) {
				words[dayAt].f = words[dayAt].f&^factNumber | factTime | factDay
			}
		}
		// "two years", "20 hours a week": a length of time, or a rate,
		// says how long or how often, not when.
		// "one full day", "one academic year": a word may stand between
		// the number and its unit.
		unitAfterNumber := prevNumber || prevPrevNumber && before == ' ' && prevBefore == ' ' && !search.IsStopWord(prev) && !lengthUnits[prev] && !deicticTime[prev]
		measured := lengthUnits[w] && (unitAfterNumber || prev == "a" || prev == "per")
		if lengthUnits[w] && prevOldYear && before == ' ' {
			// "after 1000 hours": a length, not the year 1000.
			if oldYearAt >= 0 && oldYearAt == len(words)-1 {
				words[oldYearAt].f = factNumber | factLength
			}
			numbers++
			fs |= factNumber
			unitAfterNumber = true
			measured = true
		}
		if lengthUnits[w] && unitAfterNumber {
			// "31 hours", "a 64-page report": the number before was a length.
			if n := len(words); n > 0 && words[n-1].f&factNumber != 0 {
				words[n-1].f |= factLength
			}
			fs |= factLength
			if clockUnits[w] && clockRelations[next(1)] {
				fs |= factTime | factClock | factDay
			}
		}
		if lengthUnits[w] && (prev == "a" || prev == "an") && (lengthLeads[prevPrev] || prevPrev == "to" && prev3 == "up") {
			// "lasts about an hour", "for a week", "half an hour", "up to
			// a month": one of a unit, how long; not "£30 a year" or "twice
			// a week", which say how much or how often.
			fs |= factLength
		}
		prevPrevNumber, prevBefore, prevOldYear = prevNumber, before, oldYear
		prevNumber = fs&factNumber != 0 && !isDayNumber || hasDigit(w) && !isYear(w) && !isOldYear(w, prev, prevMonth)
		prevDay, prevMonth = isDayNumber, isMonth
		if !isDayNumber {
			dayAt = -1
		}
		if currencyWords[w] || w == "free" && before != '-' && prev != "feel" {
			fs |= factMoney // "Under 4s: free" says a price, nothing; not "gluten-free", "feel free"
		}
		if chargeWords[w] && (prev == "no" || prevPrev == "no" && !search.IsStopWord(prev)) || w == "charge" && (prev == "not" || prev == "t" || prev == "never") && chargedWhom[next(1)] {
			// "there is no membership fee", "we don't charge anyone": a
			// price, nothing, though the question says "fee" too; not
			// "do not charge e-bikes indoors".
			fs |= factMoney
			unstated = true
		}
		if isMonth {
			fs |= factTime | factDay | factDate
		}
		if isDay && len(w) > 3 {
			fs |= factTime | factDay
		}
		if w == "ago" || w == "yesterday" || (timeWords[w] || isDay && len(w) > 3) && deicticTime[prev] {
			fs |= factDate // "six years ago", "yesterday", "last week", "last Tuesday"
		}
		if timeWords[w] && !measured && prev != "these" && prev != "those" || (w == "m" && (prev == "a" || prev == "p")) {
			// Not "during these weeks": a time said before, not here.
			fs |= factTime
			if !yearWords[w] {
				fs |= factDay
			}
		}
		if (w == "m" && (prev == "a" || prev == "p")) || w == "noon" || w == "midnight" || w == "clock" && prev == "o" {
			fs |= factClock | factDay // "7.30 p.m.", "12 noon", "ten o'clock"
		}
		// "That is why…" gives a reason; "people have asked why…" asks one.
		if reasonWords[w] && (w != "why" || prev == "is" || prev == "s" || prev == "that" || prev == "this") || (w == "that" && prev == "so") || (w == "to" && (prev == "order" || prev == "aim" || prev == "aiming" || prev == "seeks" || prev == "intended")) {
			fs |= factReason
		}
		if outcomeWords[w] {
			fs |= factOutcome
		}
		if verdictWords[w] && !(w == "may" && upper) || w == "t" && ntStems[prev] {
			fs |= factVerdict // not "in May"
		}
		if w == "who" && peopleWho[prev] || w == "whoever" {
			fs |= factName // "those who document crimes": who, described
		}
		if before == '#' {
			fs |= factPlace
		}
		if before == '@' {
			fs |= factName
			if slices.Contains(domains, w) {
				fs |= factEmail
			}
		}
		if upper && !first {
			if !search.IsStopWord(w) && !((isMonth || isDay) && len(w) > 3) {
				fs |= factName // not "March" or "Monday": dates, not names ("Jan Egeland" is one)
			}
			if !isMonth && !isDay && (placeWords[prev] || (prev == "the" && placeWords[prevPrev])) {
				fs |= factPlace
			}
		}
		if upper && placeNouns[w] && prevNamed && before == ' ' && !english.IsName(prev) {
			fs |= factPlace // "Station Road", "Millbrook Town Hall"; not "Sarah Hill"
		}
		if placeNouns[w] && (placeDeterminers[prev] && placeWords[prevPrev] || placeDeterminers[prevPrev] && placeWords[prev3]) {
			fs |= factPlace // "behind the pavilion", "at a youth hostel", "in our back room"
		}
		// "by the front door", "in the blue box by the kitchen", "on the
		// outside wall of the hut": a preposition of place, a determiner,
		// up to two describing words and a noun WordNet files under a
		// place, a room, a structure or a container.
		// A part of something ("the end of the month", "the top of the
		// page") is where only if what it is part of is: the phrase goes
		// on after "of".
		ofNext := next(1) == "of"
		if locLeft > 0 && locDet && before == ' ' && !upper && !ofNext && locativeNoun(w) {
			fs |= factPlace
		}
		if locOf && upper && !isMonth && !isDay {
			fs |= factPlace // "at the lychgate of St Oswald's church"
		}
		locOf = false
		switch {
		case w == "of" && locLeft > 0 && locDet:
			locLeft, locDet, locOf = locReach, false, locativeNoun(prev)
		case (placeWords[w] || w == "by") && w != "to" && w != "from":
			locLeft, locDet = locReach, false
		case locLeft > 0 && placeDeterminers[w] && !locDet:
			locDet = true
		case locLeft > 0 && locDet && !search.IsStopWord(w) && before == ' ':
			locLeft--
		default:
			locLeft = 0
		}
		// A time after "since" or "until", or after "to" or a dash just
		// after another time, bounds a span: "since 1958", "from 15 June
		// to 17 July", "2023-2024".
		if fs&factTime != 0 {
			if spanLeft > 0 || (before == '-' && sinceTime == 1) {
				fs |= factSpan
			}
			sinceTime = 0
		}
		sinceTime++
		spanLeft--
		if spanWords[w] || (w == "to" && sinceTime <= 2) {
			spanLeft = spanReach
		}
		prev3, prevPrev, prev = prevPrev, prev, w
		first = false
	})
	if numbers <= 0 {
		fs &^= factNumber // only days of the month: a date, not a count
	}
	return fs, words
}

// isDayOfMonth reports a number that may be a day of the month: 1 to 31,
// in digits ("2", "13").
func isDayOfMonth(w string) bool {
	if len(w) == 0 || len(w) > 2 || !hasDigit(w) {
		return false
	}
	n, err := strconv.Atoi(w)
	return err == nil && n >= 1 && n <= 31
}

// isOrdinalDay reports a day of the month written as a numbered ordinal:
// "1st", "20th", "31st".
func isOrdinalDay(w string) bool {
	for _, suffix := range []string{"st", "nd", "rd", "th"} {
		if d, ok := strings.CutSuffix(w, suffix); ok {
			return isDigits(d) && isDayOfMonth(d)
		}
	}
	return false
}

// dayLeads, before "the" and an ordinal, make it a day: "on the 20th".
var dayLeads = map[string]bool{"on": true, "by": true, "until": true, "till": true, "from": true, "before": true, "after": true}

// answers counts the words of a sentence that hold a fact of the wanted
// kind the question does not itself state (1 for a stated reason): "How
// many people has the court convicted since 2002?" is not answered by a
// sentence whose only number is 2002. qids are the question's term ids.
// Counting, not just finding, means that of two
// sentences otherwise alike, "every other Thursday at 19:00 UTC" answers
// "when" better than "within two days". Every sentence answers a question
// that wants no particular kind of fact, once.
func (w wants) answers(fs fact, words []factWord, qids []int32) int {
	if w.facts == 0 {
		return 1
	}
	n := 0
	if fs&w.facts&factReason != 0 {
		n++
	}
	if fs&w.facts&factOutcome != 0 {
		n++
	}
	sumless := w.sumless()
	for _, fw := range words {
		if sumless && fw.f&factMoney != 0 {
			continue
		}
		// An address is not stated by the question that names its domain:
		// "what's the email for karrow makers?" by hello@karrowmakers.org.uk.
		if fw.f&w.facts != 0 && (fw.id < 0 || fw.f&w.facts&factEmail != 0 || !slices.Contains(qids, fw.id)) {
			if fw.f&w.facts == factName && fw.run > 0 && (namedByQuestion(words, fw.run, qids) || placeRun(words, fw.run)) {
				continue
			}
			n++
		}
	}
	return n
}

// sumless reports a question for a number that no sum of money gives:
// "how many members…?" is not answered by "£3 a night for members", nor
// "charity number?" by "raised £5,620 for charity"; "how many pounds…?"
// is.
func (w wants) sumless() bool {
	return w.facts&factMoney == 0 && (w.kindWord == "number" || w.kindWord == "many" && !currencies[w.counted])
}

// currencies name the units of a sum of money.
var currencies = map[string]bool{
	"pounds": true, "pound": true, "quid": true, "euros": true, "euro": true, "dollars": true,
	"dollar": true, "pence": true, "p": true,
}

// placeRun reports a run of capitalised words that names a place
// ("Millbrook Town Hall"): no answer to "who".
func placeRun(words []factWord, run int32) bool {
	for _, fw := range words {
		if fw.run == run && fw.f&factPlace != 0 {
			return true
		}
	}
	return false
}

// namedByQuestion reports a run of capitalised words of which the question
// says one: "Ashcombe Repair Café" is the name the question asks about
// ("who is the coordinator of the repair café?"), not an answer to it.
func namedByQuestion(words []factWord, run int32, qids []int32) bool {
	for _, fw := range words {
		if fw.run == run && fw.id >= 0 && slices.Contains(qids, fw.id) {
			return true
		}
	}
	return false
}

// placeNouns end the name of a place: "Station Road", "Harrow Lane",
// "Millbrook Town Hall", "St Anne's Church".
var placeNouns = map[string]bool{
	"road": true, "street": true, "lane": true, "avenue": true, "way": true, "drive": true,
	"close": true, "crescent": true, "terrace": true, "place": true, "square": true,
	"hill": true, "row": true, "parade": true, "walk": true, "gardens": true, "park": true,
	"green": true, "common": true, "fields": true, "field": true, "meadow": true, "meadows": true,
	"hall": true, "centre": true, "center": true, "church": true, "chapel": true, "library": true,
	"school": true, "academy": true, "college": true, "university": true, "station": true,
	"bridge": true, "quay": true, "wharf": true, "harbour": true, "pier": true,
	"house": true, "pavilion": true, "ground": true, "estate": true, "market": true,
	"museum": true, "theatre": true, "hospital": true, "clinic": true, "stadium": true,
	"reservoir": true, "lake": true, "river": true, "wood": true, "woods": true, "forest": true,
	"island": true, "bay": true, "beach": true, "village": true, "town": true, "city": true,
	"studio": true, "exchange": true, "hotel": true, "farm": true, "mill": true, "barn": true,
	"yard": true, "arena": true, "gallery": true, "cathedral": true, "abbey": true, "castle": true,
	"hostel": true, "room": true, "shop": true, "store": true, "cafe": true, "pub": true,
	"inn": true, "garden": true, "building": true, "site": true, "floor": true, "entrance": true,
	"desk": true, "shed": true, "hut": true, "depot": true, "warehouse": true, "venue": true,
	"pitch": true, "pool": true, "lounge": true, "foyer": true, "basement": true, "kiosk": true,
}

// locReach is how many words after a preposition of place and its
// determiner the noun that names the place may be, itself included: "in
// the marked safety zone".
const locReach = 3

// locativeKinds are the WordNet kinds a noun names a place by, two levels
// up at most: a "kitchen" is a room, a "zone" a place, a "wall" a
// structure, a "box" a container, a "lychgate" a gate.
var locativeKinds = map[string]bool{
	"room": true, "area": true, "place": true, "structure": true, "building": true,
	"region": true, "location": true, "site": true, "gate": true, "entrance": true,
	"container": true, "furniture": true, "facility": true, "point": true, "spot": true,
	"tract": true, "construction": true, "establishment": true,
}

// notLocativeKinds mark a word's other common senses, which make it no
// place after a preposition: a time or an event ("at the end", "at the
// moment", "at the outset") or a manner ("by the way"), for any noun.
var notLocativeKinds = map[string]bool{
	"time": true, "period": true, "happening": true, "event": true, "occurrence": true,
	"measure": true, "change": true, "attribute": true,
}

// otherSenseKinds mark, for a noun placeNouns lacks, other senses still:
// a state ("in the dark"), a job ("in the post"), an act or a verb's
// ("pile" and "deposit" are verbs to "put" things: WordNet's hypernyms mix
// the senses of nouns and verbs).
var otherSenseKinds = map[string]bool{
	"property": true, "act": true, "condition": true, "state": true, "occupation": true,
	"job": true, "put": true,
}

// locativeNoun reports a noun that names where something is after a
// preposition of place: one of placeNouns, or one WordNet files under
// locativeKinds, with no common sense of notLocativeKinds (nor, for the
// latter, of otherSenseKinds).
func locativeNoun(w string) bool {
	listed := placeNouns[w]
	if len(w) <= 2 || search.IsStopWord(w) || !listed && !wordnet.Noun(w) {
		return false
	}
	hyper := wordnet.Hypernyms(w)
	if slices.ContainsFunc(hyper, func(h string) bool { return notLocativeKinds[h] || !listed && otherSenseKinds[h] }) {
		return false
	}
	return listed || slices.ContainsFunc(hyper, func(h string) bool { return locativeKinds[h] })
}

// placeDeterminers open a place after a word of placeWords: "at the
// library", "at a youth hostel", "in our back room".
var placeDeterminers = map[string]bool{
	"the": true, "a": true, "an": true, "our": true, "their": true, "its": true, "your": true,
}

// placeWords introduce a place when a capitalised word follows.
var placeWords = map[string]bool{
	"in": true, "at": true, "near": true, "from": true, "outside": true, "inside": true, "to": true,
	"off": true, "on": true, "along": true, "across": true, "into": true, "towards": true, "toward": true,
	"beyond": true, "through": true, "around": true, "opposite": true,
	"behind": true, "beside": true, "under": true, "above": true, "below": true,
}

// outcomeWords say what follows from something: "If a sailing is
// cancelled, your ticket is valid on the next", "Traders who fail to turn
// up three times will lose their pitch".
var outcomeWords = map[string]bool{"if": true, "unless": true, "otherwise": true, "will": true, "shall": true}

var reasonWords = map[string]bool{
	"because": true, "purpose": true, "reason": true, "reasons": true, "due": true,
	"aiming": true, "aimed": true, "intended": true, "cause": true, "caused": true,
	"why": true, "since": true, "therefore": true, "thus": true,
}

var timeWords = map[string]bool{
	"yesterday": true, "tomorrow": true, "week": true, "weeks": true,
	"month": true, "months": true, "year": true, "years": true, "day": true,
	"days": true, "decade": true, "century": true, "ago": true,
	"until": true, "since": true, "noon": true, "midnight": true, "morning": true,
	"evening": true, "night": true, "spring": true, "summer": true, "autumn": true,
	"winter": true, "utc": true, "gmt": true, "hour": true, "hours": true,
	"minute": true, "minutes": true,
}

// lastingTimes, before "time(s)" in a terse question, make it ask how long
// something takes: "journey times?", "waiting time".
var lastingTimes = map[string]bool{
	"journey": true, "travel": true, "crossing": true, "wait": true, "waiting": true,
	"lap": true, "race": true, "running": true, "cooking": true, "response": true, "queue": true,
}

// byWay, before "phone" in a terse question, say how something is done,
// not whose number is asked: "orders by phone?", "renew over the phone?".
var byWay = map[string]bool{"by": true, "over": true, "on": true, "via": true, "the": true, "a": true}

// everyWords, before a time noun, say how often, which a yes/no question
// asks about: "shop open every day?".
var everyWords = map[string]bool{"every": true, "each": true, "all": true, "per": true, "a": true}

// payers, before "sub", make it a subscription ("senior sub?"); alone it
// is as often a substitute ("league sub?").
var payers = map[string]bool{
	"junior": true, "senior": true, "adult": true, "annual": true, "family": true, "student": true,
	"child": true, "concession": true, "member": true, "membership": true, "yearly": true, "monthly": true,
	"partner": true, "household": true, "couple": true, "joint": true, "individual": true, "associate": true,
}

// yearWords are the time words that name no time finer than a year: "in
// recent years" does not say when a weekly show is on.
var yearWords = map[string]bool{
	"year": true, "years": true, "decade": true, "century": true, "ago": true, "since": true, "until": true,
}

// presentAux after "when" asks when something is ("when is the show
// on?", "when does the bus leave?"): a day or an hour answers it, a year
// alone does not ("presenter of the year for 2024"). What will be may be
// dated by its year ("the repairs will be finished in 2026").
var presentAux = map[string]bool{
	"is": true, "are": true, "does": true, "do": true,
}

// pastAux after "when" asks when something happened ("when did the
// gallery first open?", "when was the hall built?"): a date on the
// calendar answers it, not the hours it keeps ("Late opening until 8pm
// on the first Friday of every month") nor a weekday ("We are open on
// Tuesdays"). Unless the question's clause gives the year itself: "when
// did the stewards meet in 2023?" asks for something finer ("every
// Monday").
var pastAux = map[string]bool{"did": true, "was": true, "were": true}

// deicticTime before a period or a weekday dates it against when it was
// written: "last week", "this year", "next Tuesday".
var deicticTime = map[string]bool{"last": true, "this": true, "next": true, "past": true}

// clauseOf returns the words of the clause that starts at or before word
// i: up to the next word that starts a clause (starts, as questionWants
// reads them).
func clauseOf(words []string, starts []bool, i int) []string {
	end := i + 1
	for end < len(words) && !starts[end] {
		end++
	}
	return words[i:end]
}

// peopleWho are the words before "who" that describe people rather than
// name them: "those who are committing serious crimes" answers "who should
// sanctions target?".
var peopleWho = map[string]bool{
	"those": true, "anyone": true, "anybody": true, "everyone": true, "everybody": true,
	"someone": true, "somebody": true, "people": true,
}

// wants is what a question asks for: the kinds of fact that would answer
// it, read from its question words ("where", "how many", "what year").
type wants struct {
	facts fact
	// strict marks a question whose type is plain ("Where…", "How many…"):
	// an answer without such a fact is unlikely to be one.
	strict bool
	// kindWord is the word of a terse question that names the kind of
	// fact it wants ("staff count", "meeting time"): what the answer
	// gives, not a word it says.
	kindWord string
	// yesNo marks a question answered yes or no ("can i bring my dog?").
	yesNo bool
	// counted is the word a "how many" question counts ("how many leaks
	// did…": "leaks"), or "".
	counted string
	// partOfStated marks "how many of the sixty-four sailors were
	// girls?": a part of a group whose number the question states. A
	// sentence that gives the group's number and another ("64 sailors
	// took part, and 23 of them passed") seems to answer it, and as often
	// does not say the part asked about.
	partOfStated bool
	// tenure marks "how long has she been coaching?": how long until now,
	// which a year or a count of years says ("since 2004", "for over ten
	// years"), not a time of day nor how long something takes ("within 48
	// hours", "from 10am to 2pm").
	tenure bool
	// ending marks a question of when something ends ("what time does the
	// agm finish?", "when does the pharmacy shut?"), which a start time
	// alone ("at 7pm", "starting at 10am") does not answer.
	ending bool
	// predecessor marks "who was chair before Denise?", "who ran the
	// reserve before craig took over?": someone before the one named,
	// which a sentence naming only the one named does not say.
	predecessor bool
	// age marks "how old do you have to be?", "what's the minimum age?",
	// "steward age limit": an age, which a number beside "aged", "old",
	// "over" or "under" says ("aged 16 or over", "under-12s"), not any
	// number ("a minimum of six months").
	age bool
	// ageOfThing marks "how old is the building?", "how old was the
	// mill?": the age of something there, which the year it began says as well
	// ("built in 1872"); not "how old do you have to be?", a rule no
	// year answers, nor "how old is he?" (thingMarkers).
	ageOfThing bool
	// day marks "what day is the fete?", "which days are you open?",
	// "what night is practice?": a day, which a weekday or a date says
	// ("every Thursday", "Saturday 14 June", "daily"), not a part of the
	// day ("plan the evening") or a season ("the 2025-26 season").
	day bool
}

// questionWants reads the question words that open the question or one of
// its clauses. "…a thing in november where you all read, when is it?"
// asks "when", not "where": a question word counts only at the start of a
// clause (the question's start, after punctuation, or after "and", "so",
// "but" or "or").
// clausePrepositions may come before a clause's question word.
var clausePrepositions = map[string]bool{
	"in": true, "on": true, "at": true, "from": true, "by": true, "for": true,
	"since": true, "until": true, "to": true, "of": true, "with": true, "during": true,
}

func questionWants(question string) wants {
	var w wants
	var words []string
	var starts []bool
	lastTyped := "" // the last word as typed, before mend
	clause := true
	scanWords(question, func(raw string, before byte) {
		f := search.Fold(raw)
		if before != 0 && before != ' ' && before != '\'' {
			clause = true
		}
		if before == '\'' && (f == "s" || f == "re" || f == "ll" || f == "d" || f == "ve" || f == "t") {
			if n := len(words); f == "s" && n > 0 && words[n-1] == "when" {
				words[n-1] = "whens" // "when's": when it is
			} else if f == "t" && n > 0 && ntStems[lastTyped] {
				// "can't", "doesn't" read as "cant", "doesnt", as typed
				// in chat (the word as typed: mend made "doesn" "does").
				words[n-1] = lastTyped + "t"
			}
			return // "what's": the question word goes on
		}
		lastTyped = f
		f = mend(f)
		words = append(words, f)
		starts = append(starts, clause)
		// A preposition that opens a clause hands the start on: "and in
		// what years?", "from which country?".
		opensWithPreposition := starts[len(starts)-1] && clausePrepositions[f]
		// So do words that only hedge the question: "roughly how many?",
		// "about when?", "like where?".
		hedge := f == "about" || f == "around" || f == "like" || f == "approximately" || f == "roughly" || f == "exactly" || f == "just"
		clause = f == "and" || f == "so" || f == "but" || f == "or" || f == "ok" || f == "hey" || f == "hi" || f == "hello" || f == "also" || f == "then" || (hedge && starts[len(starts)-1]) || opensWithPreposition
	})
	// A terse question names what it wants last: "voice meeting time?",
	// "staff count". It is as plain as "When…?" or "How many…?": a quote
	// without such a fact seldom answers it ("base extension cost" is not
	// answered by the planning permission for the extension).
	if n := len(words); n > 0 && n <= 4 {
		before := ""
		if n > 1 {
			before = words[n-2]
		}
		switch last := words[n-1]; {
		case (last == "time" || last == "times") && lastingTimes[before] && !askingWords[words[0]]:
			// "ferry journey times?": how long it takes.
			w.facts, w.strict, w.kindWord = factLength|factSpan, true, last
		case (last == "time" || last == "times") && n > 1 && clockTimes[before] || last == "times" && n > 1 && !askingWords[words[0]]:
			// "scouts meeting time": the hour it happens, as "what
			// time…?" asks, not the year the group first met.
			w.facts, w.strict, w.kindWord = factClock, true, last
		case (last == "length" || last == "duration") && n > 1 && !askingWords[words[0]]:
			// "ofcom module length": how long it takes ("about 45
			// minutes"), not since when ("Since 2019 the society has
			// lent telescopes" is no "telescope loan length").
			w.facts, w.strict, w.kindWord = factLength, true, last
		case (last == "phone" || last == "telephone" || last == "tel" || last == "mobile") && n > 1 && !askingWords[words[0]] && !byWay[before]:
			// "secretary phone?": the number to call, as "what's the
			// secretary's phone number?" asks.
			w.facts, w.strict, w.kindWord = factPhone, true, last
		case (timeNouns[last] || last == "when" || last == "schedule") && !everyWords[before]:
			w.facts, w.strict = factTime, true
		case (last == "cost" || last == "price" || last == "fee" || last == "fees" || last == "fare" || last == "rent" ||
			last == "subs" || last == "subscription" || last == "sub" && payers[before]) && !askingWords[words[0]]:
			w.facts, w.strict = factMoney, true // "base extension cost": an amount of money
			if n > 1 {
				w.kindWord = last
			}
		case ageWords[last] || last == "limit" && ageWords[before]:
			// "volunteer minimum age", "steward age limit": an age.
			w.facts, w.strict, w.age = factNumber, true, true
		case last == "count" || last == "number" || last == "total" || last == "amount" || last == "size":
			w.facts, w.strict = factNumber, true
			if n > 1 {
				w.kindWord = last
			}
		}
	}
	if asksPhone(words) {
		w.facts, w.strict = factPhone, true
	}
	if asksEmail(words) {
		w.facts, w.strict = factEmail, true
	} else if w.facts == 0 && asksContact(words) {
		w.facts, w.strict = factPhone|factEmail, true
	}
	for i, f := range words {
		// A question word at the end asks too: "committed where?"
		if !starts[i] && i != len(words)-1 {
			continue
		}
		next := ""
		if i+1 < len(words) {
			next = words[i+1]
		}
		var got fact
		strict := true
		switch {
		case (f == "where" || f == "wheres") && fromAhead(words[i+1:]):
			// "Where does the money come from?": a source, which may be
			// a place but as often is not ("from voluntary contributions").
			got, strict = factPlace|factName, false
		case (f == "where" || f == "wheres") && slices.ContainsFunc(clauseOf(words, starts, i), func(w string) bool { return sendWords[w] }):
			// "where do referrals get sent?": to an address, which may
			// be an email address ("emailed to referrals@…").
			got = factPlace | factEmail
		case f == "where" || f == "wheres":
			got = factPlace
		case f == "when" && saysNot(clauseOf(words, starts, i)):
			// "when are you not allowed on the top deck?": as often a
			// condition ("when the wind is forecast above 40 mph", "after
			// that") as a time.
			got, strict = factTime, false
		case f == "when" && presentAux[next] || f == "whens":
			got = factDay
		case f == "when" && pastAux[next] && !slices.ContainsFunc(clauseOf(words, starts, i), isYear):
			got = factDate
		case f == "when":
			got = factTime
		case (f == "who" || f == "whos") && permissionAhead(words[i+1:]):
			// "who isn't allowed in the plunge tubs?", "who can't join?":
			// a rule says who, as often by age ("Children under twelve
			// may not use the plunge tubs") as by name.
			got, strict = factName|factNumber, false
		case f == "who" || f == "whom" || f == "whos":
			got, strict = factName, false
		case f == "why", f == "how" && next == "come":
			got, strict = factReason, false // "how come" asks why
		case (f == "what" || f == "whats") && happenWords[next] && i+2 < len(words) && outcomeAsks[words[i+2]],
			(f == "what" || f == "whats") && next == "will" && i+3 < len(words) && happenWords[words[i+2]] && outcomeAsks[words[i+3]]:
			// "what happens if i miss three shifts?", "what happens to
			// the bread nobody collects?": what follows, which a rule
			// says with "if" or "will" as often as not.
			got, strict = factOutcome, false
		case f == "how" && (next == "much" || next == "big" || next == "large" || next == "high") && moneyAhead(words[i+1:]):
			got = factMoney // "how much did it cost?", "how big was the grant?"
			if next == "much" && shareAhead(words[i+2:]) {
				// "how much is the single person discount?", "how much
				// of the running costs do fares cover?": a share says
				// how much as well as a sum does ("25% off", "about 45%");
				// not "how much is a bacon roll?" ("10% off for runners").
				got |= factShare
			}
			if next != "much" && w.kindWord == "" {
				w.kindWord = next
			}
			// "how much money/cash…": a sum is asked, which a sentence
			// gives as "£1,846", never with the word.
			if next == "much" && i+2 < len(words) && moneyNouns[words[i+2]] && w.kindWord == "" {
				w.kindWord = words[i+2]
			}
		case f == "how" && distanceWords[next]:
			// "how high is the pike?", "how far does it reach?": a
			// number of a unit ("723 metres", "seven kilometres"), not
			// any number near the words.
			got = factLength
			if w.kindWord == "" {
				w.kindWord = next
			}
		case f == "how" && quantityWords[next]:
			got = factNumber
			if w.kindWord == "" {
				w.kindWord = next // "how old": an age is asked, not the word "old"
			}
			w.age = w.age || next == "old"
			if next == "old" && i+3 < len(words) && pastOrPresentBe[words[i+2]] && thingMarkers[words[i+3]] {
				w.ageOfThing = true
				got |= factDate // "built in 1872"
			}
			if next == "many" && w.counted == "" {
				w.counted = countedAhead(words[i+2:])
			}
			if next == "many" && statedGroup(words[i+2:]) {
				w.partOfStated = true
			}
		case f == "how" && next == "long":
			// "31 hours", "since 1958"; not "four doctors", nor "on 2
			// September", which says when, not how long.
			got = factLength | factSpan
			if w.kindWord == "" {
				w.kindWord = next
			}
			// Not "how long have i got to appeal?": a time allowed.
			if i+2 < len(words) && perfectAux[words[i+2]] && !slices.Contains(words[i+3:min(i+5, len(words))], "got") {
				w.tenure = true
			}
		case f == "how" && (next == "quickly" || next == "soon"):
			// "how quickly do i get my deposit back?": "within five
			// working days", a length of time, or the day it comes.
			got = factLength | factSpan | factDay
			if w.kindWord == "" {
				w.kindWord = next
			}
		case f == "how" && next == "often":
			got = factNumber | factTime
			if w.kindWord == "" {
				w.kindWord = next
			}
		case (f == "what" || f == "which" || f == "whats") && clockAhead(words[i+1:]):
			got = factClock // "what time does it close?": "at 4 p.m.", not "on Wednesdays"
			if w.kindWord == "" {
				w.kindWord = "time"
			}
		case (f == "what" || f == "which" || f == "whats") && timeNounAhead(words[i+1:]):
			got = factTime
			w.day = w.day || dayAhead(words[i+1:])
		case (f == "what" || f == "which" || f == "whats") && valueAhead(words[i+1:]) != 0:
			// "what temperature do the fridges need?", "what's the
			// minimum age?": a number of a unit ("5°C", "16"); "what's
			// the yearly subscription?", "what does a plot cost?": a sum
			// ("£8 a year"), which a sentence without one does not give.
			got = valueAhead(words[i+1:])
			w.age = w.age || ageWords[measureAhead(words[i+1:])]
		}
		if got != 0 {
			if w.facts == 0 {
				w.strict = strict
			}
			w.facts |= got
			// "since when has he led the walks?": the preposition is
			// part of the question word, as "long" of "how long", and
			// no word of what is asked about ("since 1988" in a sentence
			// about something else). Not after a determiner, where it
			// is a noun: "who empties the till when?" asks about a till.
			if i > 0 && spanWords[words[i-1]] && (i < 2 || !nounMarkers[words[i-2]]) && (f == "when" || f == "whens") && w.kindWord == "" {
				w.kindWord = words[i-1]
			}
		}
	}
	if w.facts&(factClock|factTime|factDay) != 0 && slices.ContainsFunc(words, func(f string) bool { return endVerbs[f] }) {
		w.ending = true
	}
	if w.facts&factName != 0 {
		for i, f := range words[:max(len(words)-1, 0)] {
			if (f == "before" || f == "replaced") && !notSomeone[words[i+1]] {
				w.predecessor = true
			}
		}
	}
	// "can i bring my dog?", "do you run junior sessions?": most often
	// answered by a sentence that says yes or no ("Dogs are welcome", "We
	// do not run junior sessions"), though one that says neither may
	// answer too ("Lockers take a £1 coin"), so the calibration weighs it
	// (evidence.verdict) rather than the ranking. Not "is there a car
	// park?", which any sentence about the car park answers.
	w.yesNo = w.facts == 0 && len(words) > 1 && verdictOpeners[words[0]] && words[1] != "there"

	return w
}

// spaceUnits measure a length in space: what "how tall", "how high",
// "how deep", "how wide" ask for.
var spaceUnits = map[string]bool{
	"mile": true, "miles": true, "km": true, "kilometre": true, "kilometres": true, "kilometer": true,
	"kilometers": true, "metre": true, "metres": true, "meter": true, "meters": true, "m": true,
	"foot": true, "feet": true, "ft": true, "inch": true, "inches": true, "yard": true, "yards": true,
	"cm": true, "centimetres": true, "centimeters": true, "mm": true, "millimetres": true, "millimeters": true,
}

// dimensionWords after "how" ask for a length in space, which a time
// ("about 200 years old", "two hours either side") does not give; not
// "far", which "a 40-minute drive" answers.
var dimensionWords = map[string]bool{"tall": true, "high": true, "deep": true, "wide": true}

// givesSpace reports a sentence with a unit of length in space, alone
// ("1.8 miles") or after its number ("723m").
func givesSpace(text string) bool {
	found := false
	scanWords(text, func(raw string, _ byte) {
		w := strings.ToLower(strings.TrimLeft(raw, "0123456789"))
		found = found || spaceUnits[w]
	})
	return found
}

// endVerbs ask when something ends.
var endVerbs = map[string]bool{
	"finish": true, "finishes": true, "close": true, "closes": true, "end": true, "ends": true,
	"shut": true, "shuts": true, "stop": true, "stops": true,
}

// endMarks say that a time is when something ends: "until 9pm", "7pm to
// 9pm", "the bar closes at 11", "by 5pm", "last entry at 4".
var endMarks = map[string]bool{
	"until": true, "till": true, "til": true, "to": true, "by": true, "last": true, "latest": true,
	"finish": true, "finishes": true, "finishing": true, "finished": true, "close": true, "closes": true,
	"closing": true, "closed": true, "end": true, "ends": true, "ending": true, "shut": true, "shuts": true,
	"stop": true, "stops": true, "over": true, "between": true, "and": true,
}

// givesEnd reports a sentence that may say when something ends: one with
// an end mark (endMarks) or a range of times ("9am–4pm").
func givesEnd(text string) bool {
	if strings.ContainsAny(text, "–—-") {
		return true
	}
	found := false
	scanWords(text, func(raw string, _ byte) { found = found || endMarks[strings.ToLower(raw)] })
	return found
}

// perfectAux after "how long" ask how long until now: "how long has he
// been teaching?", "how long have they played here?".
var perfectAux = map[string]bool{"has": true, "have": true, "hav": true, "hasnt": true, "havent": true}

// yearUnits are the units a tenure is counted in: "for twenty-six years".
var yearUnits = map[string]bool{"year": true, "years": true, "decade": true, "decades": true, "month": true, "months": true}

// givesTenure reports a sentence that could say how long until now: one
// with a year ("since 2004", "took over in March 2019"), "since" a date
// ("since March") or a count of years or months ("for over ten years");
// not months alone ("tours run from May to October"), which say when in a
// year, not since when.
func givesTenure(fs fact, text string) bool {
	if fs&factDate != 0 && len(years(text)) > 0 {
		return true
	}
	words := foldedWords(text)
	for i, w := range words {
		if fs&factDate != 0 && w == "since" {
			return true
		}
		// "twenty-six years", "a year", "several months"; not "each
		// month", a rate.
		if yearUnits[w] && i > 0 && (hasDigit(words[i-1]) || english.IsNumberWord(words[i-1]) || countingWords[words[i-1]]) {
			return true
		}
	}
	return false
}

// givesFrequency reports a sentence that could say how often: "every
// Tuesday", "twice a year", "once a month", "weekly", "on Saturdays",
// "three times a season"; not "a mown strip 110 metres long".
func givesFrequency(text string) bool {
	words := foldedWords(text)
	for i, w := range words {
		if frequencyWords[w] {
			return true
		}
		if d, ok := english.Weekday(strings.TrimSuffix(w, "s")); ok && w == strings.ToLower(d.String())+"s" {
			return true // "on Saturdays"
		}
		if (w == "a" || w == "per") && i > 0 && i+1 < len(words) && periodWords[words[i+1]] {
			return true // "3 times a week", "one shift a month", "two sessions per term"
		}
	}
	return false
}

// frequencyWords say how often on their own.
var frequencyWords = map[string]bool{
	"every": true, "each": true, "once": true, "twice": true, "thrice": true, "daily": true,
	"weekly": true, "fortnightly": true, "monthly": true, "quarterly": true, "annually": true,
	"yearly": true, "hourly": true, "nightly": true, "always": true, "usually": true, "often": true,
	"regularly": true, "frequently": true, "whenever": true, "times": true,
}

// periodWords after "a" or "per" make a rate: "one shift a month".
var periodWords = map[string]bool{
	"day": true, "night": true, "week": true, "fortnight": true, "month": true, "year": true,
	"term": true, "season": true, "quarter": true, "hour": true, "weekend": true,
}

// ageWords name an age asked for.
var ageWords = map[string]bool{"age": true, "ages": true}

// ageMarks, near a number, make it an age: "aged 16 or over", "12 months
// old", "under-12s", "the youngest is 15", "up to their fifth birthday".
var ageMarks = map[string]bool{
	"aged": true, "age": true, "ages": true, "old": true, "olds": true, "older": true, "younger": true,
	"oldest": true, "youngest": true, "over": true, "under": true, "birthday": true, "birthdays": true,
}

// ageReach is how many words from a number an ageMark may stand.
const ageReach = 3

// pastOrPresentBe, after "how old", ask the age of something there.
var pastOrPresentBe = map[string]bool{"is": true, "was": true, "are": true, "were": true, "s": true}

// thingMarkers open the noun phrase of a thing: "how old is the
// building?", not "how old is he?" nor "how old is Tomasz?", a person,
// whose age no year of the past says.
var thingMarkers = map[string]bool{
	"the": true, "this": true, "that": true, "these": true, "those": true, "its": true, "your": true,
	"our": true, "their": true, "it": true,
}

// givesAge reports a sentence with a number near a word that makes it an
// age, or one with a number after "+" ("18+"); or, for the age of a thing
// (ofThing), one with a year. A table's row (header, its header's text)
// gives an age where the header names one ("| Ages |") and the row holds
// a number.
func givesAge(text, header string, ofThing bool) bool {
	words := foldedWords(text)
	if header != "" && slices.ContainsFunc(foldedWords(header), func(w string) bool { return ageMarks[w] }) &&
		slices.ContainsFunc(words, isNumberish) {
		return true
	}
	for i, w := range words {
		if ofThing && len(w) == 4 && (w[0] == '1' || w[0] == '2') && isDigits(w) {
			return true // a year, as far back as buildings go: "built in 1872"
		}
		if !isNumberish(w) {
			continue
		}
		for _, m := range words[max(i-ageReach, 0):min(i+ageReach+1, len(words))] {
			if ageMarks[m] {
				return true
			}
		}
	}
	for i := 1; i < len(text); i++ {
		if text[i] == '+' && text[i-1] >= '0' && text[i-1] <= '9' {
			return true
		}
	}
	return false
}

// isNumberish reports a word that is or holds a number: "16", "16s",
// "sixteen", "fifth".
func isNumberish(w string) bool {
	if hasDigit(w) || english.IsNumberWord(w) {
		return true
	}
	_, ok := english.Ordinal(w)
	return ok
}

// notSomeone, after "before", make it no one's predecessor asked: "who
// do i talk to before i book?", "who checks it before the race?".
var notSomeone = map[string]bool{
	"i": true, "you": true, "we": true, "it": true, "the": true, "a": true, "an": true, "my": true,
	"your": true, "our": true, "their": true, "this": true, "that": true, "each": true, "every": true,
	"any": true, "they": true, "he": true, "she": true, "them": true, "then": true, "now": true,
}

// givesPredecessor reports a sentence that could say who came before:
// "took over from Ray Tonkin", "the previous chair", "until she retired".
func givesPredecessor(text string) bool {
	words := foldedWords(text)
	for i, w := range words {
		if predecessorWords[w] || w == "over" && i > 0 && (words[i-1] == "took" || words[i-1] == "taken" || words[i-1] == "handed" || words[i-1] == "takes") {
			return true
		}
	}
	return false
}

// predecessorWords say that someone came before.
var predecessorWords = map[string]bool{
	"before": true, "previous": true, "previously": true, "former": true, "formerly": true,
	"predecessor": true, "succeeded": true, "succeeds": true, "replaced": true, "replaces": true,
	"replacing": true, "until": true, "till": true, "retired": true, "retiring": true, "preceded": true,
}

// foldedWords are text's words as scanWords reads them, folded.
func foldedWords(text string) []string {
	var words []string
	scanWords(text, func(raw string, _ byte) { words = append(words, search.Fold(raw)) })
	return words
}

// countingWords may count years or months in place of a number: "a
// year", "several months".
var countingWords = map[string]bool{"a": true, "an": true, "several": true, "many": true, "few": true, "some": true}

// happenWords, after "what", ask what follows: "what happens if…".
var happenWords = map[string]bool{"happens": true, "happen": true, "happened": true, "happening": true}

// outcomeAsks follow "what happens" in a question of what follows from
// something, not of what goes on ("what happens at half past eight?").
var outcomeAsks = map[string]bool{
	"if": true, "when": true, "to": true, "after": true, "once": true, "should": true, "with": true, "unless": true,
}

// nounMarkers come before a noun, never before a preposition: "the till
// when?" names a till.
var nounMarkers = map[string]bool{
	"the": true, "a": true, "an": true, "my": true, "our": true, "your": true, "his": true,
	"her": true, "its": true, "their": true, "this": true, "that": true, "these": true, "those": true,
}

// verdictOpeners open a question answered yes or no by a rule or a
// practice.
var verdictOpeners = map[string]bool{
	"can": true, "could": true, "may": true, "must": true, "should": true, "do": true, "does": true,
	"will": true, "would": true, "is": true, "are": true, "am": true, "cant": true, "isnt": true,
	"arent": true, "dont": true, "doesnt": true, "wont": true, "wouldnt": true, "couldnt": true,
	"shouldnt": true,
}

// verdictWords say yes or no to what a sentence is about.
var verdictWords = map[string]bool{
	"not": true, "no": true, "never": true, "none": true, "nobody": true, "nothing": true, "cannot": true,
	"only": true, "welcome": true, "allowed": true, "permitted": true, "banned": true, "prohibited": true,
	"forbidden": true, "may": true, "must": true, "required": true, "need": true, "needs": true,
	"free": true, "provided": true, "available": true, "accepted": true, "always": true, "yes": true,
	"open": true, "closed": true, "compulsory": true, "mandatory": true, "optional": true, "suitable": true,
	"unsuitable": true, "accessible": true, "included": true, "includes": true, "accept": true, "accepts": true,
}

// sendWords ask where to send something.
var sendWords = map[string]bool{
	"send": true, "sent": true, "sending": true, "email": true, "emailed": true, "submit": true,
	"submitted": true, "return": true, "returned": true, "reported": true, "forward": true,
	"apply": true, "write": true,
}

// saysNot reports a negation among a question's words: "not", "never",
// "cant" (questionWants reads "can't" so).
func saysNot(words []string) bool {
	return slices.ContainsFunc(words, func(w string) bool { return negationWords[w] })
}

// permissionAhead reports a word that asks who may do something among the
// next few words: "who isn't allowed…", "who can't join", "who is
// eligible".
func permissionAhead(words []string) bool {
	for _, w := range words[:min(3, len(words))] {
		if mayWords[w] {
			return true
		}
	}
	return false
}

// mayWords ask whether someone may do something. Not "can" and "may",
// which as often ask whom to go to ("who can i order kit from?").
var mayWords = map[string]bool{
	"cant": true, "cannot": true, "allowed": true, "eligible": true,
	"permitted": true, "qualify": true, "qualifies": true,
}

// emailDomains returns the first word of the domain of each email address
// in text, folded: "league" for "league@ellesbyfives.co.uk" is "ellesbyfives".
// An address is a word joined to "@" and a domain of two or more words
// joined by dots; a handle ("@dan") has nothing before the "@".
func emailDomains(text string) []string {
	var out []string
	for i := strings.IndexByte(text, '@'); i >= 0; {
		if i > 0 && isAddressRune(text[i-1]) {
			j := i + 1
			for j < len(text) && isAddressRune(text[j]) && text[j] != '.' {
				j++
			}
			if j > i+1 && j+1 < len(text) && text[j] == '.' && isAddressRune(text[j+1]) {
				// The domain's first word, as the scanner reads it:
				// "ellesby" of "ellesby-fives.co.uk".
				first := i + 1
				for k := first; k < j; k++ {
					if text[k] == '-' || text[k] == '_' || text[k] == '+' || text[k] == '%' {
						j = k
						break
					}
				}
				if j > first {
					out = append(out, search.Fold(text[first:j]))
				}
			}
		}
		next := strings.IndexByte(text[i+1:], '@')
		if next < 0 {
			break
		}
		i += 1 + next
	}
	return out
}

// isAddressRune reports a byte of an email address: ASCII letters, digits
// and . _ % + -.
func isAddressRune(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '.' || b == '_' || b == '%' || b == '+' || b == '-'
}

// asksEmail reports a question for an email address: "what's his email",
// "email address for bookings", "which email do i send it to", "club
// email?". Not "how many emails came in", "do they send emails about it",
// nor "did the email go out?".
func asksEmail(words []string) bool {
	if len(words) == 0 || slices.Contains(words, "many") {
		return false
	}
	for i, f := range words {
		if f != "email" && !(f == "mail" && i > 0 && words[i-1] == "e") {
			continue
		}
		next, prev := "", ""
		if i+1 < len(words) {
			next = words[i+1]
		}
		if i > 0 {
			prev = words[i-1]
		}
		switch {
		case next == "address" || next == "addresses":
			return true // "email address for bookings"
		case possessives[prev]:
			return true // "his email", "the club's email"
		case len(words) <= 4 && !askingWords[words[0]]:
			return true // "rescue team email", "club email?"
		case words[0] == "what" || words[0] == "whats" || words[0] == "which":
			return i <= 3 // "what email do i use", "what's the email for bookings"
		}
	}
	return false
}

// possessives before "email" make it someone's address.
var possessives = map[string]bool{"his": true, "her": true, "their": true, "its": true, "your": true, "s": true}

// asksContact reports "how do i contact / get hold of / get in touch with"
// someone: a telephone number or an email address answers it. Not "how do
// i reach the car park", which asks a way.
func asksContact(words []string) bool {
	if !slices.Contains(words, "how") {
		return false
	}
	for i, f := range words {
		switch {
		case f == "contact" && i > 0 && words[i-1] != "the" && words[i-1] != "a":
			return true
		case (f == "hold" || f == "touch") && i > 0 && (words[i-1] == "get" || words[i-1] == "in"):
			return true
		}
	}
	return false
}

// contactIdioms are the words of asking how to reach someone that the
// answer does not say: "get hold of", "get in touch".
var contactIdioms = map[string]bool{"hold": true, "touch": true}

// asksPhone reports a question for a number to call: "number" beside a
// word of calling ("phone number", "out of hours number", "number to
// call"), or a helpline. Not "visitor numbers", "staff number", "the
// number of members", "the number 12 bus" or "are phones allowed?".
func asksPhone(words []string) bool {
	for i, f := range words {
		switch {
		case f == "helpline" || f == "hotline":
			return true
		case f == "number" || f == "numbers":
			if i+1 < len(words) && words[i+1] == "of" || slices.Contains(words, "many") {
				continue
			}
			for _, w := range words[max(0, i-3):min(len(words), i+3)] {
				if callWords[w] {
					return true
				}
			}
			// "what number do i ring": a verb of calling further on.
			for _, w := range words[min(len(words), i+3):min(len(words), i+5)] {
				if callVerbs[w] {
					return true
				}
			}
			if i+1 < len(words) && (words[i+1] == "to" || words[i+1] == "for") && !(i+2 < len(words) && isDigits(words[i+2])) {
				return true // "the number to ring", "the number for lost property"
			}
		}
	}
	return false
}

// countedAhead returns the word that "how many" counts: the first plural
// noun among the next few words ("how many running clubs" → "clubs", "how
// many new people" → "people"), or else the first noun or unknown word
// ("how many staff work there" → "staff", "how many househols" →
// "househols"); "" when none comes before a verb or question word ("how
// many did they fix", "how many of them won").
func countedAhead(words []string) string {
	first := ""
	for _, w := range words[:min(4, len(words))] {
		if askingWords[w] || objectPronouns[w] {
			break // "how many of them won": nothing named is counted
		}
		// A word WordNet does not know may be a misspelt noun
		// ("househols"); one it knows only otherwise is no noun ("new").
		if search.IsStopWord(w) || wordnet.Known(w) && !wordnet.Noun(w) {
			continue
		}
		if wordnet.Plural(w) {
			return w
		}
		if first == "" {
			first = w
		}
	}
	return first
}

// statedGroup reports words after "how many" that name a group by its
// number: "of the 64 sailors", "of the sixty four emails".
func statedGroup(words []string) bool {
	if len(words) < 2 || words[0] != "of" {
		return false
	}
	for _, w := range words[1:min(4, len(words))] {
		if hasDigit(w) || english.IsNumberWord(w) {
			return true
		}
		if w != "the" && w != "your" && w != "their" && w != "our" && w != "those" && w != "these" {
			return false
		}
	}
	return false
}

// objectPronouns stand for what "how many of them" counts.
var objectPronouns = map[string]bool{"them": true, "those": true, "these": true, "us": true, "you": true, "it": true}

// mend reads a folded word as the function word it stands for when it is
// chat shorthand ("wat") or a slip on one ("manny", "hwo", "wen"), or as
// the word that says what kind of answer is asked when it is a slip on one
// of kindNouns that could be no other English word ("numbr", "dtae").
func mend(f string) string {
	if exp := english.Shorthand(f); len(exp) == 1 {
		return exp[0]
	} else if len(exp) == 2 && exp[1] == "s" && exp[0] == "how" {
		return "how" // "hows much is…": how, however it goes on
	}
	if fx, ok := english.FixFunctionWord(f); ok {
		return fx
	}
	// A slip on a word that says what kind of answer is asked: "the ferry
	// office phone numbr", "what dtae is the fete". Only when that word is
	// the one English word the slip could be, a letter left out, added or
	// two swapped (search.EnglishSlip): "hous" could be "hours" or
	// "house", and stays as typed; "tiem" could be "time" or "item", and
	// a function word ("them") was read in it above.
	if k, ok := english.FixAmong(f, kindNouns); ok && search.EnglishSlip(f) == k {
		return k
	}
	return f
}

// headWord returns the first word after the question word that opens
// a clause of the question, the words that only say what kind of answer
// is asked passed over: "who is the chief executive of the hospice?" gives
// "chief", "what time do the sunday outings start?" "sunday". It is ""
// when no question word opens a clause.
//
// "How many of the twelve cubicles have baby changing tables?" states the
// group it counts in: what it asks is which of them, and its head is the
// first word after the verb ("baby"), which "The changing village has 12
// cubicles" lacks. With no verb the group knows ("how many of the staff
// speak welsh?") there is no telling where the head is, and headWord
// returns "": the group's own first word says nothing, any quote holding
// it.
func headWord(question string) string {
	head, asking, clause := "", false, true
	group := 0 // 1 after "how many", 2 inside "how many of the…", 3 past its verb
	prev, verb, done := "", "", false
	scanWords(question, func(raw string, before byte) {
		if head != "" || done {
			return
		}
		if before != 0 && before != ' ' && before != '\'' {
			clause = true
		}
		f := mend(search.Fold(raw))
		// Punctuation ends the group's clause, but not a hyphen ("forty-eight",
		// "co-op") nor a comma inside a number ("22,000"); "and" may be part
		// of a number ("a hundred and twelve").
		if group == 2 && strings.IndexByte(".;:!?,", before) >= 0 && !(before == ',' && hasDigit(prev) && hasDigit(f)) {
			done = true // the clause ended with no verb the group knows
			return
		}
		switch {
		case group == 1 && f == "of":
			group = 2
		case group == 2:
			if groupVerbs[f] {
				group, verb = 3, f
			}
		case asking && group == 0 && prev == "how" && f == "many":
			group = 1
		case asking && prev == "how" && f == "come":
			// "how come…?" asks why: the head comes after it.
		case asking && !search.IsStopWord(f) && !whWords[f] && !quantityWords[f] && !timeNouns[f] && !answerKinds[f] && !hasDigit(f):
			head = f
		case clause && (whWords[f] || whContractions[f]):
			asking = true
		case (prev == "is" || prev == "are") && f == "there" && !asking:
			// "is there parking at the hall?": what is asked after is
			// the head, as after a question word.
			asking = true
		}
		if group == 1 && f != "many" {
			group = 0
		}
		prev = f
		clause = clauseHedges[f]
	})
	if head == "" && !done && group == 3 && !search.IsStopWord(verb) {
		head = verb // "how many of you came?"
	}
	return head
}

// groupVerbs end the group a partitive "how many of the…" counts in: "how
// many of the forty volunteers are…", "…have…", "…go to…".
var groupVerbs = map[string]bool{
	"are": true, "were": true, "is": true, "was": true, "have": true, "has": true, "had": true,
	"do": true, "did": true, "does": true, "will": true, "would": true, "can": true, "could": true,
	"get": true, "got": true, "go": true, "went": true, "live": true, "came": true, "come": true,
}

// whContractions are question words run into "is" without an apostrophe,
// as chat writes them.
var whContractions = map[string]bool{"whats": true, "whos": true, "wheres": true, "whens": true, "hows": true}

// answerKinds, after a question word, name the kind of answer, not what
// it is about: "what kind of…", "which type of…".
var answerKinds = map[string]bool{"kind": true, "kinds": true, "sort": true, "sorts": true, "type": true, "types": true}

// kindNouns are the content words that say what kind of answer a question
// asks for (questionWants), most frequent first.
var kindNouns = []string{
	"time", "number", "year", "date", "phone", "price", "cost", "month", "hours",
	"week", "times", "money", "total", "amount", "telephone", "mobile", "often",
	"deadline", "weekend", "length", "duration", "schedule", "subscription", "count",
	"size", "fees", "fare", "rent", "long", "email", "address",
}

// fromAhead reports a clause that asks where something comes from: "from"
// as its last word, before the next question word ("Where did the money
// that was raised come from?").
func fromAhead(words []string) bool {
	for i, w := range words {
		if whWords[w] {
			return false
		}
		if w == "from" && (i == len(words)-1 || askingWords[words[i+1]] || words[i+1] == "and") {
			return true
		}
	}
	return false
}

// valueAhead returns the kind of value a "what" question asks for by
// a noun of quantity or of price among its first words (measureAhead), or
// by "cost" or "charge" as its verb ("what does a half plot cost?"); 0
// for none.
func valueAhead(words []string) fact {
	if m := measureAhead(words); m != "" {
		if priceNouns[m] {
			return factMoney
		}
		return factNumber | factLength
	}
	if len(words) > 1 && (words[0] == "does" || words[0] == "do" || words[0] == "did" || words[0] == "will" || words[0] == "would") {
		for _, w := range words[1:min(7, len(words))] {
			if askingWords[w] {
				return 0
			}
			if w == "cost" || w == "charge" {
				return factMoney
			}
		}
	}
	return 0
}

// measureAhead returns the noun of a quantity that a "what" or "which"
// question asks the value of, within its first words: "what temperature
// do…", "what's the minimum age to…", "what is the speed limit". Not a
// noun that only qualifies the next one ("which weight classes…"): the
// noun must end the words or come before a verb or a preposition.
func measureAhead(words []string) string {
	modifiers := 0
	for i, w := range words[:min(5, len(words))] {
		if !measureNouns[w] {
			// Only the noun phrase the question word opens: "what's the
			// yearly subscription", not "what happens if my rent is late".
			if measureOpeners[w] {
				continue
			}
			if modifiers++; modifiers > 2 || search.IsStopWord(w) || wordnet.Known(w) && !wordnet.Noun(w) {
				return ""
			}
			continue
		}
		if i+1 < len(words) && !measureNouns[words[i+1]] && !measureFollowers[words[i+1]] {
			return ""
		}
		if i+1 < len(words) && measureNouns[words[i+1]] {
			continue // "speed limit": the limit is what is asked
		}
		return w
	}
	return ""
}

// measureOpeners may come between "what" and the noun of what it asks:
// "what's the", "what is your".
var measureOpeners = map[string]bool{
	"is": true, "are": true, "was": true, "were": true, "s": true, "the": true, "a": true, "an": true,
	"your": true, "their": true, "its": true, "our": true, "my": true, "his": true, "her": true,
}

// measureNouns name a quantity given as a number of a unit, which a
// question asks the value of: general English, not a document's words.
var measureNouns = map[string]bool{
	"temperature": true, "temperatures": true, "temp": true, "speed": true, "height": true,
	"weight": true, "depth": true, "width": true, "distance": true, "age": true, "ages": true,
	"capacity": true, "percentage": true, "limit": true,
	"cost": true, "costs": true, "price": true, "prices": true, "fee": true, "fees": true, "fare": true,
	"fares": true, "rent": true, "subscription": true, "subscriptions": true, "subs": true,
	"charge": true, "fine": true, "fines": true, "deposit": true,
}

// priceWords, in a question for a sum of money, only say that a sum is
// asked.
var priceWords = map[string]bool{"cost": true, "costs": true, "price": true, "prices": true, "priced": true}

// priceNouns are the measureNouns answered by a sum of money. Not
// "charges", as often what someone is accused of ("what charges is he
// facing?").
var priceNouns = map[string]bool{
	"cost": true, "costs": true, "price": true, "prices": true, "fee": true, "fees": true, "fare": true,
	"fares": true, "rent": true, "subscription": true, "subscriptions": true, "subs": true,
	"charge": true, "fine": true, "fines": true, "deposit": true,
}

// measureFollowers may come after a measure noun that is what is asked:
// a verb, a preposition, or the end of a clause.
var measureFollowers = map[string]bool{
	"is": true, "are": true, "was": true, "were": true, "do": true, "does": true, "did": true,
	"can": true, "should": true, "must": true, "has": true, "have": true, "will": true, "would": true,
	"of": true, "for": true, "to": true, "in": true, "on": true, "at": true, "range": true,
	"and": true, "or": true, "s": true, "it": true, "they": true, "you": true, "we": true, "i": true,
}

// timeNounAhead reports "year", "date" and the like opening words, after
// at most "is", "was" and "the": "what year", "what is the date".
func timeNounAhead(words []string) bool {
	for i, w := range words[:min(3, len(words))] {
		if timeNouns[w] || dayPartAsked(words, i) {
			return true
		}
		if w != "is" && w != "was" && w != "the" {
			return false
		}
	}
	return false
}

// dayAhead reports the day asked for right after "what" or "which":
// "what day is…", "which days are…", "what day of the week…", "what night
// is practice?" (dayPartAsked); not "what day pass…", "what time…".
func dayAhead(words []string) bool {
	for i, w := range words[:min(3, len(words))] {
		if dayPartAsked(words, i) {
			return true
		}
		if w == "day" || w == "days" {
			return i+1 == len(words) || words[i+1] == "of" || presentAux[words[i+1]] || pastAux[words[i+1]] || words[i+1] == "will" || words[i+1] == "can"
		}
		if w != "is" && w != "was" && w != "the" {
			return false
		}
	}
	return false
}

// givesDay reports a sentence that says on which day: a weekday
// ("Thursdays", "Sat"), a date ("14 June", "June 14th", "the 3rd of each
// month"), a day with a name ("Boxing Day", "New Year's Day"), or a word
// for days ("daily", "weekends", "tomorrow").
func givesDay(text string) bool {
	var prev string
	prevMonth, prevDay, prevUpper := false, false, false
	found := false
	scanWords(text, func(raw string, _ byte) {
		if found {
			return
		}
		w := search.Fold(raw)
		_, isMonth := english.Month(w)
		_, isDay := english.Weekday(w)
		upper := raw[0] >= 'A' && raw[0] <= 'Z'
		dayNum := isDayOfMonth(w) || isOrdinalDay(w)
		switch {
		case isDay && (len(w) > 3 || upper),
			dayWords[w],
			isMonth && (upper || w != "may") && prevDay,
			dayNum && prevMonth,
			isOrdinalDay(w) && prev == "the",
			w == "day" && upper && prevUpper:
			found = true
		}
		prev, prevMonth, prevDay, prevUpper = w, isMonth && (upper || w != "may"), dayNum, upper
	})
	return found
}

// dayWords say on which days without naming one.
var dayWords = map[string]bool{
	"daily": true, "weekday": true, "weekdays": true, "weekend": true, "weekends": true,
	"today": true, "tonight": true, "tomorrow": true, "yesterday": true, "everyday": true,
}

// dayParts name a part of the day that "what" or "which" asks for as a
// time: "what night is practice?", "which evenings does the choir meet?",
// answered by "every Thursday from 7:30pm" without the word.
var dayParts = map[string]bool{
	"night": true, "nights": true, "evening": true, "evenings": true,
	"morning": true, "mornings": true, "afternoon": true, "afternoons": true,
}

// dayPartAsked reports a part of the day at words[i] asked for as a time:
// followed by a verb ("what night is…", "which evenings does…"), not
// naming a kind of thing ("what evening classes…").
func dayPartAsked(words []string, i int) bool {
	return dayParts[words[i]] && i+1 < len(words) && (presentAux[words[i+1]] || pastAux[words[i+1]] || words[i+1] == "will" || words[i+1] == "can")
}

// askedDayPart returns the part of the day a "what"/"which" question
// asks for (dayPartAsked), or "".
func askedDayPart(question string) string {
	var words []string
	scanWords(question, func(raw string, _ byte) { words = append(words, mend(search.Fold(raw))) })
	for i, w := range words {
		if w != "what" && w != "which" && w != "whats" {
			continue
		}
		for j := i + 1; j < min(i+4, len(words)); j++ {
			if dayPartAsked(words, j) {
				return words[j]
			}
			if words[j] != "is" && words[j] != "was" && words[j] != "the" {
				break
			}
		}
	}
	return ""
}

// clockAhead reports a question that asks what time of day: "what time
// does it close", not "what time of year".
func clockAhead(words []string) bool {
	if len(words) > 0 && (words[0] == "time" || words[0] == "times") && (len(words) < 2 || words[1] != "of") {
		return true
	}
	// "what are the opening times?", "what's the kick off time on
	// sundays?": the time a thing happens, named last; not how long one
	// lasts ("the waiting time", "the winning time").
	for len(words) > 0 && (words[0] == "is" || words[0] == "are" || words[0] == "was" || words[0] == "were" || words[0] == "the") {
		words = words[1:]
	}
	for i := 1; i <= 3 && i < len(words); i++ {
		if words[i] != "time" && words[i] != "times" {
			continue
		}
		if !clockTimes[words[i-1]] {
			return false
		}
		return i+1 == len(words) || clausePrepositions[words[i+1]] && words[i+1] != "of" && words[i+1] != "to"
	}
	return false
}

// clockTimes name a time of day before "time": "opening time", "kick off
// times".
var clockTimes = map[string]bool{
	"opening": true, "closing": true, "start": true, "starting": true, "off": true, "kickoff": true,
	"departure": true, "arrival": true, "meeting": true, "doors": true, "collection": true,
	"pickup": true, "delivery": true, "session": true, "service": true, "lunch": true, "bed": true,
	"finishing": true, "end": true, "launch": true,
}

// currencyWords name money in a sentence.
var currencyWords = map[string]bool{
	"dollar": true, "dollars": true, "euro": true, "euros": true, "pound": true,
	"pounds": true, "usd": true, "eur": true, "gbp": true, "cents": true,
}

// chargedWhom follow "not charge" when it says a price of nothing: "we
// don't charge a fee", "we do not charge anyone", "we never charge for
// repairs".
var chargedWhom = map[string]bool{
	"a": true, "an": true, "any": true, "anyone": true, "anybody": true, "anything": true,
	"for": true, "extra": true, "you": true, "members": true, "fees": true, "fee": true,
}

// chargeWords after "no" say a price of nothing: "no membership fee".
var chargeWords = map[string]bool{
	"fee": true, "fees": true, "charge": true, "charges": true, "cost": true, "costs": true, "fare": true, "fares": true,
}

// moneyVerbs, after "how much", ask for an amount of money.
var moneyVerbs = map[string]bool{
	"cost": true, "costs": true, "costing": true, "pay": true, "paid": true, "pays": true,
	"spend": true, "spent": true, "raise": true, "raised": true, "raising": true,
	"budget": true, "price": true, "worth": true, "money": true, "cash": true, "dosh": true, "fund": true,
	"funding": true, "donate": true, "donated": true, "contribute": true, "contributed": true,
	"charge": true, "charged": true, "fine": true, "fined": true,
	"grant": true, "grants": true, "donation": true, "donations": true, "salary": true,
	"fee": true, "fees": true, "fare": true, "fares": true, "rent": true, "wage": true, "wages": true,
	"make": true, "made": true, "makes": true, "earn": true, "earned": true, "earns": true,
}

// shareAhead reports a question for a part of a whole or a change in a
// sum, which a share may give: "how much of the money…", "how much is the
// discount", "how much interest…".
func shareAhead(words []string) bool {
	if len(words) > 0 && words[0] == "of" {
		return true
	}
	for _, w := range words[:min(6, len(words))] {
		if shareNouns[w] {
			return true
		}
	}
	return false
}

// shareNouns name an amount that is often a share of another: a discount,
// interest, a commission.
var shareNouns = map[string]bool{
	"discount": true, "discounts": true, "interest": true, "commission": true, "reduction": true,
	"surcharge": true, "markup": true, "increase": true, "rise": true, "off": true, "cut": true,
	"share": true, "proportion": true, "percentage": true, "less": true, "more": true, "extra": true,
}

// moneyNouns name money itself, as what "how much" asks for.
var moneyNouns = map[string]bool{"money": true, "cash": true, "dosh": true}

// earnVerbs, in a question for an amount of money, say only that money
// came in, which the knowledge says otherwise: "how much did the plant
// sale make?" is answered by "The spring plant sale raised £640".
var earnVerbs = map[string]bool{
	"make": true, "made": true, "makes": true, "earn": true, "earned": true, "earns": true,
}

// moneyAhead reports a money word among the next few words: "how much did
// the project cost", "how much money".
func moneyAhead(words []string) bool {
	// "how much did the sale make?", not "how much difference did it make?"
	earnAfterAux := len(words) > 1 && auxiliaries[words[1]]
	if len(words) > 2 && words[0] == "much" && (words[1] == "is" || words[1] == "are" || words[1] == "s") && !unpricedAfterIs[words[2]] {
		return true // "how much is a half plot?", "how much is full membership": a price
	}
	for _, w := range words[:min(12, len(words))] {
		if moneyVerbs[w] && (!earnVerbs[w] || earnAfterAux) {
			return true
		}
	}
	return false
}

// unpricedAfterIs follow "how much is" in questions of an amount that is
// no price: "how much is left?", "how much is there?".
var unpricedAfterIs = map[string]bool{
	"left": true, "there": true, "known": true, "needed": true, "involved": true,
	"still": true, "remaining": true, "available": true,
	"enough": true, "too": true, "in": true, "of": true,
}

// auxiliaries follow "how much" when nothing is named between: "how much
// did…", "how much has…".
var auxiliaries = map[string]bool{
	"did": true, "does": true, "do": true, "will": true, "would": true, "has": true, "have": true,
	"had": true, "can": true, "could": true, "should": true, "might": true,
}

// distanceWords follow "how" in questions that want a distance.
var distanceWords = map[string]bool{"far": true, "high": true, "tall": true, "deep": true, "wide": true}

// quantityWords follow "how" in questions that want a number.
var quantityWords = map[string]bool{
	"many": true, "much": true, "old": true, "big": true, "large": true,
	"tall": true, "far": true, "high": true, "few": true,
	"heavy": true, "hot": true, "cold": true, "warm": true, "fast": true,
}

// timeNouns, after "what" or "which", ask for a time: "which weeks…?" is
// answered by "22 July to 12 August", which never says "weeks".
var timeNouns = map[string]bool{
	"year": true, "years": true, "date": true, "dates": true, "month": true, "months": true,
	"week": true, "weeks": true, "weekend": true, "weekends": true, "day": true, "days": true,
	"time": true, "hour": true, "hours": true, "decade": true, "deadline": true, "deadlines": true,
}

// scanWords calls fn with each word of text as written (letters and digits,
// with inner apostrophes, dots and colons of abbreviations and clock times
// split off) and the character just before it (0 at the start).
//
// A number with commas between its thousands ("£5,620") is one word.
func scanWords(text string, fn func(raw string, before byte)) {
	var before byte // the last punctuation since the previous word, ' ' if none
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			switch {
			case unicode.IsSpace(r):
			case r < utf8.RuneSelf:
				before = byte(r)
			case r == '€' || r == '£':
				before = '$'
			default:
				before = '.'
			}
			i += size
			continue
		}
		j := i + size
		for j < len(text) {
			r2, s2 := utf8.DecodeRuneInString(text[j:])
			if r2 == ',' && thousands(text, j) {
				j += 4
				continue
			}
			if !unicode.IsLetter(r2) && !unicode.IsDigit(r2) && !unicode.Is(unicode.Mn, r2) {
				break
			}
			j += s2
		}
		fn(text[i:j], before)
		before = ' '
		i = j
	}
}

// thousands reports a comma at text[i] between a digit and three digits
// that end the number: "5,620", "3,870,000"; not "2022, 340" nor "1,23".
func thousands(text string, i int) bool {
	return i > 0 && i+4 <= len(text) && isDigits(text[i-1:i]) && isDigits(text[i+1:i+4]) &&
		(i+4 == len(text) || !isDigits(text[i+4:i+5]))
}

func startsUpper(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

func hasDigit(w string) bool { return strings.ContainsAny(w, "0123456789") }

// isDigits reports a word of digits only.
func isDigits(w string) bool { return w != "" && strings.Trim(w, "0123456789") == "" }

func isYear(w string) bool {
	return len(w) == 4 && (strings.HasPrefix(w, "19") || strings.HasPrefix(w, "20")) &&
		strings.Trim(w, "0123456789") == ""
}

// percents returns the digits text writes with a "%" after them: "25"
// of "25%", "5" of "4.5%", the word factWords reads last.
func percents(text string) map[string]bool {
	var out map[string]bool
	for rest := text; ; {
		i := strings.IndexByte(rest, '%')
		if i < 0 {
			return out
		}
		j := i
		for j > 0 && isDigits(rest[j-1:j]) {
			j--
		}
		if j < i {
			if out == nil {
				out = map[string]bool{}
			}
			out[rest[j:i]] = true
		}
		rest = rest[i+1:]
	}
}

// isPence reports a sum in pence: "80p", "50p".
func isPence(w string) bool {
	n, ok := strings.CutSuffix(w, "p")
	return ok && n != "" && strings.Trim(n, "0123456789") == ""
}

// isOldYear reports a year before 1900 (isYear takes 1900–2099 alone),
// which a history gives after a word that says when or a month's name:
// "founded in 1687", "since 1894", "14 November 1859". Elsewhere a
// four-digit number is as often a count ("1500 members").
func isOldYear(w, prev string, afterMonth bool) bool {
	if len(w) != 4 || w[0] != '1' || strings.Trim(w, "0123456789") != "" {
		return false
	}
	return afterMonth || yearLeads[prev]
}

// yearLeads are the words before an old year that make it one.
var yearLeads = map[string]bool{
	"in": true, "since": true, "from": true, "until": true, "till": true, "before": true,
	"after": true, "between": true, "circa": true, "c": true,
}

// asideWeight discounts the words of a long message that are not in a
// clause that asks: "hey so i'm new here and kinda lost, i think i spammed
// the bot and now it stopped answering me?? is there a limit" asks about a
// limit; the rest is the story around it.
const asideWeight = 0.5

// asidePos is added to the positions of words in asides: like the words a
// follow-up borrows (contextPos), they are not what the question asks, so
// their absence from an answer says little.
const asidePos = 2 * contextPos

// minAsideWords is how long a message must be before its asides are
// discounted: a short question is all question.
const minAsideWords = 14

// focus lowers the weight of the words that appear only in clauses that do
// not ask anything, and drops unknown words found only there, in messages
// long enough to have such asides. A clause asks when it opens with a
// question word. One that only ends with a question mark asks when no
// clause opens with one; otherwise it tells the story the question is
// about ("there was a girl on the news who was first in the queue?? how
// long had she been waiting"), and its words are read as the context of
// the question, as a follow-up reads the last question's.
func focus(question string, q *search.Query) {
	if len(strings.Fields(question)) < minAsideWords {
		return
	}
	asking, aside, marked := map[string]bool{}, map[string]bool{}, map[string]bool{}
	start := 0
	flush := func(end int, mark bool) {
		clause := question[start:end]
		start = end + 1
		words := strings.Fields(search.Fold(clause))
		if len(words) == 0 {
			return
		}
		for i, w := range words {
			words[i] = mend(w)
		}
		// "…lol but how many countries showed up", "i was just curious
		// how much…": a question word after a hedge, or after a word
		// that embeds a question, asks from there on, whatever came
		// before it in the clause.
		for i := 1; i+1 < len(words); i++ {
			next := words[i+1]
			if clauseHedges[words[i]] && whWords[next] ||
				embedders[words[i]] && !statedBefore[words[i-1]] && (whWords[next] || next == "if" || next == "whether") {
				for _, w := range words[i+1:] {
					asking[w] = true
				}
				words = words[:i]
				break
			}
		}
		m := aside
		n := len(words)
		switch {
		case askingWords[words[0]] || (n > 1 && askingWords[words[1]] && clauseHedges[words[0]]):
			m = asking
		case mark && (whWords[words[n-1]] || n > 1 && whWords[words[n-2]]):
			// "like defend who exactly?", "committed where?": a question
			// word at the end asks too.
			m = asking
		case mark:
			m = marked
		}
		for _, w := range words {
			m[w] = true
		}
	}
	for i := 0; i < len(question); i++ {
		switch question[i] {
		case '?':
			flush(i, true)
		case ',', '.', ';', '!', ':':
			flush(i, false)
		}
	}
	flush(len(question), false)
	if len(asking) == 0 {
		asking = marked
	} else {
		maps.Copy(aside, marked)
	}
	if len(asking) == 0 || len(aside) == 0 {
		return
	}
	for i, t := range q.Terms {
		if !asking[t.Word] {
			q.Terms[i].Weight *= asideWeight
			q.Terms[i].Pos += asidePos // set apart, as a follow-up's borrowed words are
		}
	}
	unknown := q.Unknown[:0]
	for _, w := range q.Unknown {
		if asking[w] {
			unknown = append(unknown, w)
		}
	}
	q.Unknown = unknown
	strange := q.Strange[:0]
	for _, w := range q.Strange {
		if asking[w] {
			strange = append(strange, w)
		}
	}
	q.Strange = strange
}

// embedders are the words before a question asked inside a statement:
// "i was wondering where…", "just curious how much…", "tell me what…".
var embedders = map[string]bool{
	"wondering": true, "wonder": true, "wondered": true, "curious": true, "know": true,
	"me": true, "sure": true, "idea": true, "ask": true, "asking": true, "explain": true,
}

// statedBefore, before an embedding word, make it tell rather than ask:
// "i already know where…", "she asked me what…".
var statedBefore = map[string]bool{"already": true, "asked": true, "told": true, "showed": true}

// clauseHedges may come before the question word that opens a clause:
// "and how long…", "so what…", "like who…".
var clauseHedges = map[string]bool{
	"and": true, "so": true, "but": true, "like": true, "or": true, "ok": true, "also": true, "then": true,
}

// guessed reads the number an asker offers to be confirmed at the end of a
// question ("how many turned up for the rapid, 34?", "…, was it like 40?",
// "…, more than 10?"): their guess, which the answer may well not say
// ("Forty-two volunteers helped"). It is read as an aside: it counts for
// an answer that says it, not against one that does not. One the
// knowledge never states stays unknown: "how many patients are
// registered, is it over ten thousand?" is likely not covered.
func guessed(question string, q *search.Query) {
	cut := strings.LastIndexAny(question, ",;")
	if cut < 0 {
		return
	}
	head := strings.Fields(search.Fold(question[:cut]))
	if len(head) == 0 || !whWords[head[0]] && !askingWords[head[0]] {
		return // not a question, then a guess
	}
	clause := question[cut+1:]
	words := strings.Fields(search.Fold(clause))
	if len(words) == 0 || len(words) > maxGuessWords {
		return
	}
	nums := english.Numbers(clause)
	sums := english.Amounts(clause) // "…, like twenty quid?"
	if len(nums) == 0 && len(sums) == 0 {
		return
	}
	inSums := map[string]bool{}
	for _, a := range sums {
		for _, w := range strings.Fields(search.Fold(clause[a.Start:a.End])) {
			inSums[w] = true
		}
	}
	if _, month := english.Month(head[len(head)-1]); month || slices.ContainsFunc(nums, func(v int64) bool { return isYear(strconv.FormatInt(v, 10)) }) {
		return // "what happened on March 5, 2025?": a date, no guess
	}
	if !guessOpeners[words[0]] {
		for _, w := range words {
			if !hasDigit(w) && !english.IsNumberWord(w) && w != "a" && w != "and" && !approximators[w] && !inSums[w] && !signWords[w] {
				return // more than a number: a part of the question
			}
		}
	}
	keys := make([]string, len(nums), len(nums)+len(sums))
	for i, v := range nums {
		keys[i] = "#" + strconv.FormatInt(v, 10)
	}
	for _, a := range sums {
		keys = append(keys, search.AmountKey(a.Minor))
	}
	for i, t := range q.Terms {
		if slices.Contains(keys, t.Word) && t.Pos < asidePos {
			q.Terms[i].Weight *= asideWeight
			q.Terms[i].Pos += asidePos + guessPos
		}
	}
	// A guess the knowledge never states ("is it over a hundred?" of 143
	// members) is a wrong guess, not a sign that the question is about
	// something the knowledge lacks.
	q.Unknown = slices.DeleteFunc(q.Unknown, func(w string) bool { return slices.Contains(keys, w) })
}

// signWords are what search.Words reads "%" and "°" as: "…, 30°?" and
// "…, like 68%?" offer a number all the same.
var signWords = map[string]bool{"percent": true, "degrees": true}

// guessPos sets a guess apart from the other asides (a long message's
// story): it may be the answer, which a story's numbers are not.
const guessPos = contextPos / 2

// maxGuessWords bounds the clause that offers a guess: "was it like 31
// hours".
const maxGuessWords = 6

// approximators end a number offered as a rough guess: "twenty
// something", "three hundred odd", "fifty or so".
var approximators = map[string]bool{"something": true, "odd": true, "ish": true, "or": true, "so": true}

// guessOpeners open a clause that offers a number to be confirmed.
var guessOpeners = map[string]bool{
	"is": true, "was": true, "are": true, "were": true, "like": true, "more": true, "less": true,
	"over": true, "under": true, "about": true, "around": true, "roughly": true, "maybe": true,
	"approximately": true, "approx": true, "at": true, "or": true, "probably": true, "perhaps": true,
}

// whWords are the question words proper.
var whWords = map[string]bool{
	"who": true, "whom": true, "whose": true, "what": true, "when": true,
	"where": true, "which": true, "why": true, "how": true,
}

// askingWords open a clause that asks.
var askingWords = map[string]bool{
	"who": true, "whom": true, "whose": true, "what": true, "whats": true, "when": true,
	"where": true, "which": true, "why": true, "how": true, "is": true, "are": true,
	"was": true, "were": true, "do": true, "does": true, "did": true, "can": true,
	"could": true, "will": true, "would": true, "should": true, "has": true, "have": true,
}
