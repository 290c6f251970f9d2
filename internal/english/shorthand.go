package english

import "slices"

// Shorthand returns what a chat abbreviation stands for, as folded words
// ("idk" gives "i", "don", "t", "know", as folding "I don't know" would),
// or nil when w is not one. The list holds general chat and texting
// shorthand only, nothing tied to a subject.
//
// Some entries are also something else: "u" and "r" are letters, "bc" is
// a date suffix ("300 bc"), "y" is an axis. Callers that can see context
// should use it; a shorthand reading is right in a chat question far more
// often than not. "w/" ("with") is not here: folding leaves only "w".
//
// Contractions typed without their apostrophe ("dont", "theyre", "whats")
// are chat shorthand too, and expand to what folding the apostrophe form
// gives ("don", "t"), so that they match the rest of the bot's text. Those
// that are also common words ("were", "ill", "lets", "its") are left out;
// "cant", "wont", "hes", "whats" and a few others are in, as in a chat
// question they are almost always the contraction.
func Shorthand(w string) []string {
	exp, ok := shorthands[w]
	if !ok {
		exp = contractions[w]
	}
	return slices.Clone(exp) // a copy, so that callers cannot change the tables
}

// shorthands maps a folded abbreviation to its folded expansion. Ones that
// are about as often something else are left out: "sat", "hr" (human
// resources), "min", "sec", "atm", "cud", "bout", "k", "prob" (probably or
// problem), "sb" (somebody or senate bill).
var shorthands = map[string][]string{
	// people and pronouns
	"u": {"you"}, "ya": {"you"}, "yu": {"you"}, "yous": {"you"}, "youse": {"you"}, "ur": {"your"}, "urs": {"yours"},
	"ppl": {"people"}, "ppls": {"people"},
	"sth": {"something"}, "smth": {"something"}, "smthg": {"something"},
	"some1": {"someone"}, "any1": {"anyone"}, "ne1": {"anyone"}, "every1": {"everyone"}, "no1": {"no", "one"},
	// verbs
	"r": {"are"}, "hv": {"have"}, "wud": {"would"}, "shud": {"should"}, "wld": {"would"}, "cld": {"could"}, "shld": {"should"},
	"gonna": {"going", "to"}, "wanna": {"want", "to"}, "gotta": {"got", "to"}, "hafta": {"have", "to"},
	"lemme": {"let", "me"}, "gimme": {"give", "me"}, "dunno": {"don", "t", "know"},
	"kinda": {"kind", "of"}, "sorta": {"sort", "of"},
	// question words
	"wats": {"what", "is"}, "wat": {"what"}, "wut": {"what"}, "wot": {"what"}, "wht": {"what"}, "y": {"why"}, "hw": {"how"},
	// linking words
	"bc": {"because"}, "bcz": {"because"}, "bcs": {"because"}, "bcoz": {"because"}, "cuz": {"because"},
	"coz": {"because"}, "cos": {"because"}, "becuz": {"because"},
	"abt": {"about"}, "thru": {"through"}, "tho": {"though"}, "altho": {"although"},
	"wrt": {"with", "respect", "to"}, "vs": {"versus"}, "esp": {"especially"}, "approx": {"approximately"},
	"b4": {"before"}, "w8": {"wait"}, "l8r": {"later"}, "gr8": {"great"},
	// time
	"2day": {"today"}, "tday": {"today"}, "2nite": {"tonight"}, "tonite": {"tonight"}, "nite": {"night"}, "nites": {"nights"},
	"tmrw": {"tomorrow"}, "tmr": {"tomorrow"}, "tmrow": {"tomorrow"}, "tomoz": {"tomorrow"}, "2moro": {"tomorrow"},
	"2morrow": {"tomorrow"}, "yday": {"yesterday"}, "yest": {"yesterday"}, "rn": {"now"}, "til": {"until"},
	"asap": {"as", "soon", "as", "possible"}, "yrs": {"years"}, "hrs": {"hours"}, "mins": {"minutes"}, "wk": {"week"}, "wks": {"weeks"},
	// stock phrases
	"tbh": {"to", "be", "honest"}, "imo": {"in", "my", "opinion"}, "imho": {"in", "my", "humble", "opinion"},
	"idk": {"i", "don", "t", "know"}, "idc": {"i", "don", "t", "care"}, "btw": {"by", "the", "way"},
	"fyi": {"for", "your", "information"}, "afaik": {"as", "far", "as", "i", "know"},
	"iirc": {"if", "i", "remember", "correctly"}, "nvm": {"never", "mind"}, "ofc": {"of", "course"},
	"obv": {"obviously"}, "obvs": {"obviously"}, "prolly": {"probably"},
	"rly": {"really"}, "srsly": {"seriously"}, "np": {"no", "problem"}, "omg": {"oh", "my", "god"},
	"pls": {"please"}, "plz": {"please"}, "plox": {"please"}, "thx": {"thanks"}, "thnx": {"thanks"}, "thanx": {"thanks"},
	"tx": {"thanks"}, "tnx": {"thanks"}, "ty": {"thank", "you"}, "tysm": {"thank", "you", "so", "much"},
	"sry": {"sorry"}, "soz": {"sorry"}, "alot": {"a", "lot"},
	// greetings
	"hiya": {"hi"}, "heya": {"hey"}, "hii": {"hi"}, "helo": {"hello"}, "hallo": {"hello"}, "howdy": {"hello"},
	// things
	"q": {"question"}, "qs": {"questions"}, "qn": {"question"}, "qns": {"questions"}, "ques": {"question"},
	"ans": {"answer"}, "faq": {"frequently", "asked", "questions"},
	"fone": {"phone"}, "fones": {"phones"},
	"msg": {"message"}, "msgs": {"messages"}, "dm": {"direct", "message"}, "convo": {"conversation"},
	"info": {"information"}, "pic": {"picture"}, "pics": {"pictures"}, "pov": {"point", "of", "view"},
	"govt": {"government"}, "gov": {"government"}, "gvt": {"government"}, "govts": {"governments"},
	"intl": {"international"}, "natl": {"national"}, "org": {"organization"},
	"bday": {"birthday"}, "diff": {"difference"},
	"ww1": {"first", "world", "war"}, "wwi": {"first", "world", "war"},
	"ww2": {"second", "world", "war"}, "wwii": {"second", "world", "war"},
	"max": {"maximum"}, "mgmt": {"management"}, "yr": {"year"}, "hr": {"hour"},
	"uni": {"university"}, "prof": {"professor"}, "hq": {"headquarters"}, "mgr": {"manager"}, "asst": {"assistant"},
	"agm": {"annual", "general", "meeting"}, "egm": {"extraordinary", "general", "meeting"},
	"bbq": {"barbecue"}, "bbqs": {"barbecues"},
	"hosp": {"hospital"}, "bldg": {"building"}, "apt": {"apartment"}, "dept": {"department"},
	// addresses
	"st": {"street"}, "rd": {"road"}, "ave": {"avenue"}, "av": {"avenue"}, "blvd": {"boulevard"}, "ln": {"lane"},
	"hwy": {"highway"}, "sq": {"square"}, "pl": {"place"},
	"mod": {"moderator"}, "mods": {"moderators"}, "admin": {"administrator"}, "admins": {"administrators"},
}

// contractions maps a contraction typed without its apostrophe to the words
// folding splits the apostrophe form into: joined, they spell the key.
var contractions = map[string][]string{
	"im": {"i", "m"}, "ive": {"i", "ve"}, "youre": {"you", "re"}, "youve": {"you", "ve"},
	"youll": {"you", "ll"}, "youd": {"you", "d"}, "hes": {"he", "s"}, "shes": {"she", "s"},
	"theyre": {"they", "re"}, "theyve": {"they", "ve"}, "theyll": {"they", "ll"}, "theyd": {"they", "d"},
	"weve": {"we", "ve"}, "yall": {"y", "all"},
	"dont": {"don", "t"}, "doesnt": {"doesn", "t"}, "didnt": {"didn", "t"}, "isnt": {"isn", "t"},
	"arent": {"aren", "t"}, "wasnt": {"wasn", "t"}, "werent": {"weren", "t"}, "havent": {"haven", "t"},
	"hasnt": {"hasn", "t"}, "hadnt": {"hadn", "t"}, "cant": {"can", "t"}, "couldnt": {"couldn", "t"},
	"wouldnt": {"wouldn", "t"}, "shouldnt": {"shouldn", "t"}, "wont": {"won", "t"}, "aint": {"ain", "t"},
	"mustnt": {"mustn", "t"}, "neednt": {"needn", "t"},
	"wouldve": {"would", "ve"}, "couldve": {"could", "ve"}, "shouldve": {"should", "ve"},
	"thats": {"that", "s"}, "whats": {"what", "s"}, "whos": {"who", "s"}, "wheres": {"where", "s"},
	"hows": {"how", "s"}, "whens": {"when", "s"}, "whys": {"why", "s"}, "theres": {"there", "s"},
	"heres": {"here", "s"},
}
