package searchtest

import "strings"

// The word lists below are roughly ordered from common to rare: the
// generator draws from each with a Zipf-like law over that order.

var nouns = fields(`
government report court minister year company case police decision state
policy law committee official market city country group member percent
price right week month court-order investigation agreement council director
ruling evidence board bank system plan budget contract service claim
authority statement election party family child school worker hospital
judge trial appeal tribunal hearing witness lawyer prosecutor defendant
plaintiff charge sentence verdict jury regulation directive statute clause
provision amendment treaty convention protocol commission inquiry audit
review assessment finding recommendation measure sanction penalty fine
damage compensation settlement dispute complaint petition application
licence permit tax revenue deficit debt loan bond share investor shareholder
profit loss quarter growth inflation rate unemployment wage pension benefit
subsidy tariff export import trade supply demand shortage crisis recession
recovery reform proposal bill vote majority opposition coalition leader
spokesman spokeswoman president chairman chief executive officer manager
employee union strike protest demonstration crowd incident accident fire
flood storm drought earthquake damage victim survivor resident community
neighbourhood region province district border territory port airport
railway road bridge tunnel project construction infrastructure energy
electricity gas oil fuel emission climate pollution waste water land farm
crop harvest food health disease vaccine patient doctor nurse clinic drug
treatment research study survey data figure number estimate forecast target
deadline schedule delay period term session meeting summit conference talk
negotiation deal offer bid merger acquisition takeover subsidiary brand
product customer consumer user platform network software device security
breach attack fraud corruption bribery scandal allegation suspect arrest
detention custody release prison officer soldier army force operation
mission ceasefire conflict war refugee migrant asylum visa passport citizen
population census household income poverty housing rent mortgage property
estate building office headquarters branch factory plant mine shipment cargo
vessel aircraft flight passenger vehicle truck license procedure standard
guideline framework strategy programme initiative fund grant donation
charity foundation institute university student teacher professor scientist
expert analyst economist journalist newspaper broadcaster article interview
document record file letter memo email message note transcript minute
archive register database account payment transfer transaction invoice
receipt audit-trail obligation liability responsibility duty breach-notice
jurisdiction precedent judgment injunction order writ summons subpoena
testimony affidavit exhibit counsel barrister solicitor magistrate registrar
clerk bailiff warrant parole probation acquittal conviction retrial remedy
arbitration mediation ombudsman regulator watchdog inspector inspection
compliance enforcement violation offence misconduct negligence fraudster
embezzlement laundering smuggling trafficking cartel syndicate network-operator
`)

var irregularPlural = map[string]string{
	"child": "children", "person": "people", "analysis": "analyses",
	"crisis": "crises", "spokesman": "spokesmen", "spokeswoman": "spokeswomen",
	"chairman": "chairmen", "counsel": "counsel", "police": "police",
	"evidence": "evidence", "research": "research", "data": "data",
	"infrastructure": "infrastructure", "health": "health", "food": "food",
	"electricity": "electricity", "compensation": "compensation",
}

var verbs = fields(`
say report announce confirm reject approve deny order find rule decide
review examine investigate publish release issue propose introduce adopt
pass block suspend cancel delay extend increase reduce cut raise lower
expand close open launch sign agree accept challenge appeal overturn uphold
dismiss award grant refuse request demand warn criticise support oppose
defend question charge accuse arrest detain sentence convict acquit fine
sue settle negotiate resolve dispute acquire sell buy invest fund finance
borrow lend repay default owe pay transfer record estimate forecast predict
expect project estimate measure assess audit inspect monitor track identify
discover reveal disclose conceal destroy damage repair restore rebuild
replace remove withdraw resign appoint elect nominate promote dismiss hire
employ recruit train evacuate rescue treat vaccinate test screen register
document file submit present argue claim allege testify object concede
admit plead interpret apply enforce implement comply breach violate
exceed meet miss complete abandon postpone resume halt reopen restructure
consolidate privatise nationalise regulate deregulate liberalise
`)

var irregularPast = map[string]string{
	"say": "said", "find": "found", "pay": "paid", "sell": "sold",
	"buy": "bought", "lend": "lent", "meet": "met", "cut": "cut",
	"rebuild": "rebuilt", "withdraw": "withdrew", "plead": "pleaded",
	"ban": "banned", "commit": "committed", "admit": "admitted",
	"submit": "submitted", "object": "objected", "rule": "ruled",
	"overturn": "overturned", "appeal": "appealed", "cancel": "cancelled",
	"repay": "repaid", "forecast": "forecast", "acquit": "acquitted",
	"transfer": "transferred", "label": "labelled", "control": "controlled",
}

var adjectives = fields(`
new former public national local federal senior foreign private major
official financial legal economic political international regional
independent recent previous final initial annual quarterly monthly
significant serious substantial minor critical key central main primary
secondary early late further additional separate joint internal external
total average higher lower strong weak rapid slow sharp steady modest
unprecedented controversial disputed alleged suspected unlawful lawful
criminal civil administrative constitutional judicial parliamentary
municipal environmental commercial industrial agricultural medical
technical digital electronic confidential classified sensitive urgent
temporary permanent interim provisional binding voluntary mandatory
statutory contractual fiscal monetary structural systemic procedural
substantive material adverse favourable unanimous preliminary detailed
comprehensive independent-minded thorough partial complete outstanding
overdue unpaid undisclosed unidentified unnamed anonymous prominent
veteran acting deputy incoming outgoing embattled beleaguered
`)

var adverbs = fields(`
also however already still recently previously formally publicly officially
reportedly allegedly initially eventually subsequently immediately quickly
sharply significantly largely partly fully widely strongly repeatedly
jointly separately unanimously narrowly temporarily permanently
`)

var firstNames = fields(`
John Maria David Anna Michael Sarah James Elena Robert Laura Peter Sofia
Thomas Julia Daniel Clara Paul Emma Mark Helen Andrew Nadia Richard Fatima
Stephen Ingrid Martin Amara Simon Yuki Patrick Lucia Brian Olga Kevin Priya
Samuel Ines George Chloe Henry Leila Frank Greta Victor Rosa Hugo Mei
Oscar Zara Felix Irene Marcus Alice Pedro Nora Ahmed Karin Luca Hannah
Tomas Ewa Rafael Aisha Dmitri Marta Kenji Sinead Ravi Birgit Omar Celine
`)

var months = fields(`January February March April May June July August September October November December`)

var weekdays = fields(`Monday Tuesday Wednesday Thursday Friday Saturday Sunday`)

var orgKinds = fields(`
Commission Ministry Tribunal Court Council Authority Agency Bank Group
Holdings Institute Office Board Union Foundation Partners Trust Bureau
Directorate Inspectorate
`)

var titles = fields(`Judge Mr Ms Dr Professor Minister Senator Inspector Commissioner Justice`)

// Syllables for generated proper names: pronounceable, not real.
var (
	onsets = fields(`b br c d f g gr h k kr l m n p pr r s st t tr v w z ch sh th`)
	nuclei = fields(`a e i o u a e o ai ea ie ou`)
	codas  = fields(`_ _ _ n r l s t m nd rt ll ck ng st`)
	ends   = fields(`son sen ez ova ov ini ano ard ell ton ham berg stein ski ic an ier ley ford wick ovic es is`)
	// placeEnds make generated names read as towns and regions.
	placeEnds = fields(`ford ton burg ia grad mouth field vale port haven stad dorf ville`)
)

func fields(s string) []string { return strings.Fields(s) }
