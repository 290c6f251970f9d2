package wordnet

import (
	"bytes"
	"os"
	"slices"
	"strings"
	"testing"

	"iccbot/internal/wordnet/internal/build"
	"iccbot/internal/wordnet/internal/morph"
)

// dict is where Debian's wordnet-base installs the database.
const dict = "/usr/share/wordnet"

// relTest checks that a lookup's answer holds the words of want and none of
// the words of not. Tests do not pin whole lists, so that tuning the sense
// selection only breaks the cases it should.
type relTest struct {
	word      string
	want, not []string
}

func checkRel(t *testing.T, name string, fn func(string) []string, tests []relTest) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.word, func(t *testing.T) {
			got := fn(tt.word)
			for _, w := range tt.want {
				if !slices.Contains(got, w) {
					t.Errorf("%s(%q) = %v; want it to hold %q", name, tt.word, got, w)
				}
			}
			for _, w := range tt.not {
				if slices.Contains(got, w) {
					t.Errorf("%s(%q) = %v; want it without %q", name, tt.word, got, w)
				}
			}
			if len(tt.want) == 0 && got != nil {
				t.Errorf("%s(%q) = %v; want nil", name, tt.word, got)
			}
			if slices.Contains(got, tt.word) {
				t.Errorf("%s(%q) = %v; want it without the word itself", name, tt.word, got)
			}
			if len(got) > 12 {
				t.Errorf("%s(%q) has %d words; want at most 12", name, tt.word, len(got))
			}
		})
	}
}

// noWords are inputs that no lookup knows: not words, not folded, too long,
// three words, two-word keys spelt otherwise than folded, and two-word
// lemmas that are left out (hyphenated, adjectives, with nothing to say).
var noWords = []string{"", "xyzzy", "12345", "Court", "court's", "court of law", strings.Repeat("a", 300),
	"head of state", "hand over it", "handed over it", "hand  over", "Hand over", "hand_over", " hand", "hand ", " ",
	"e mail", "at large", "steam engine", "hand " + strings.Repeat("o", 300)}

func TestSynonyms(t *testing.T) {
	tests := []relTest{
		{word: "court", want: []string{"tribunal", "judicature"}, not: []string{"woo", "romance", "courtyard"}},
		{word: "penalty", want: []string{"punishment", "penalization"}},
		{word: "begin", want: []string{"start", "commence"}},
		{word: "case", want: []string{"instance", "lawsuit"}, not: []string{"pillowcase", "casing"}},
		{word: "judge", want: []string{"justice", "jurist"}, not: []string{"pronounce", "adjudicate"}},
		{word: "accused", want: []string{"impeach"}},     // a lemma without synonyms: those of "accuse"
		{word: "judges", want: []string{"justice"}},      // the Book of Judges has none: those of "judge"
		{word: "went", want: []string{"travel", "move"}}, // exception list
		{word: "prosecuted", not: []string{"prosecute"}}, // base forms are not synonyms
		{word: "netherlands", want: []string{"holland"}}, // the country's other names
		{word: "hague"},    // "'s_Gravenhage" is not one word
		{word: "genocide"}, // a lemma alone in its synset
	}
	for _, w := range noWords {
		tests = append(tests, relTest{word: w})
	}
	checkRel(t, "Synonyms", Synonyms, tests)
}

func TestAntonyms(t *testing.T) {
	tests := []relTest{
		{word: "open", want: []string{"close", "shut", "closed"}},
		{word: "opened", want: []string{"close", "shut", "closed"}}, // by its base form
		{word: "closed", want: []string{"open"}},
		{word: "eligible", want: []string{"ineligible"}},
		{word: "allowed", want: []string{"disallow", "deny"}},
		{word: "limited", want: []string{"unlimited"}},
		{word: "accept", want: []string{"reject", "refuse"}},
		{word: "renew"}, // none
	}
	for _, w := range noWords {
		tests = append(tests, relTest{word: w})
	}
	checkRel(t, "Antonyms", Antonyms, tests)
}

func TestDerived(t *testing.T) {
	tests := []relTest{
		{word: "accuse", want: []string{"accusation", "accuser"}},
		{word: "accused", want: []string{"accusation"}},
		{word: "prosecute", want: []string{"prosecution", "prosecutor"}},
		{word: "prosecutor", want: []string{"prosecute"}},
		// WordNet links the noun and the verb "sanction" to each other, which
		// a folded word cannot tell apart; what is left is the adjective.
		{word: "sanction", want: []string{"sanctionative"}},
		{word: "sanctions", want: []string{"sanctionative"}},
		// Pertainyms, both ways.
		{word: "russian", want: []string{"russia"}},
		{word: "russia", want: []string{"russian"}},
		{word: "american", want: []string{"america"}},
		{word: "dutch", want: []string{"netherlands"}},
		{word: "netherlands", want: []string{"dutch"}},
		{word: "quickly", want: []string{"quick"}},
		{word: "judge", want: []string{"judicial", "judgment"}},
	}
	for _, w := range noWords {
		tests = append(tests, relTest{word: w})
	}
	checkRel(t, "Derived", Derived, tests)
}

func TestPlaces(t *testing.T) {
	tests := []relTest{
		{word: "lisbon", want: []string{"portugal"}},
		{word: "rotterdam", want: []string{"netherlands", "holland"}},
		{word: "kampala", want: []string{"uganda"}}, // through Buganda
		{word: "hague", want: []string{"netherlands"}},
		{word: "edinburgh", want: []string{"scotland", "uk", "britain"}},
		{word: "scotland", want: []string{"uk"}},
		{word: "paris", want: []string{"france"}, not: []string{"america"}}, // not Paris, Texas
		{word: "darfur", want: []string{"sudan"}},
		{word: "portugal"}, // a country lies in none
		{word: "kuwait"},   // Kuwait City lies in Kuwait: nothing to add
		{word: "court"},
	}
	for _, w := range noWords {
		tests = append(tests, relTest{word: w})
	}
	checkRel(t, "Places", Places, tests)
}

func TestHypernyms(t *testing.T) {
	tests := []relTest{
		// Its noun sense climbs through the multiword chromatic_color; the
		// adjective, five times as frequent, has no hypernyms.
		{word: "green", want: []string{"color", "colour"}, not: []string{"property"}},
		{word: "boss", want: []string{"supervisor", "employer", "leader"}},
		{word: "kid", want: []string{"juvenile", "person"}, not: []string{"child"}}, // a synonym
		{word: "kids", want: []string{"juvenile"}},
		// The nouns are untagged, so only the verb counts.
		{word: "freeze", want: []string{"change"}},
		{word: "freezes", want: []string{"change"}},
		// The noun's parent is not crowded out by the verbs' long synsets.
		{word: "ban", want: []string{"decree", "forbid", "outlaw"}, not: []string{"prohibition"}},
		{word: "lisbon", want: []string{"capital", "city"}},
		{word: "hague", want: []string{"city"}},
		{word: "judge", want: []string{"official", "adjudicator", "decide"}},
		{word: "judged", want: []string{"decide"}},
		{word: "tribunal", want: []string{"assembly"}, not: []string{"court"}},
		{word: "accused", want: []string{"defendant"}},
		{word: "dog", want: []string{"canine", "animal"}, not: []string{"organism"}}, // two levels only
		{word: "murder", want: []string{"homicide", "killing"}},
		{word: "penalty"}, // social_control, then group_action: all multiword
		{word: "happy"},   // an adjective
		{word: "quickly"}, // an adverb
		{word: "entity"},  // the root
	}
	for _, w := range noWords {
		tests = append(tests, relTest{word: w})
	}
	checkRel(t, "Hypernyms", Hypernyms, tests)
}

// TestPairs checks the two-word keys: phrasal verbs and compound nouns
// answer with single words, as WordNet 3.0 has them. It does not give
// "surrender" for "hand over", nor "withdraw" as a synonym of "pull out" (it
// is one of its hypernyms).
func TestPairs(t *testing.T) {
	checkRel(t, "Synonyms", Synonyms, []relTest{
		{word: "hand over", want: []string{"deliver", "render"}},
		{word: "handed over", want: []string{"deliver"}},
		{word: "step up", want: []string{"intensify", "escalate"}},
		{word: "stepping up", want: []string{"intensify"}},
		{word: "come back", want: []string{"return"}, not: []string{"recall"}}, // "hark back" is rare
		{word: "came back", want: []string{"return"}},
		{word: "pull out", want: []string{"pull", "draw", "extract"}},
		{word: "look for", want: []string{"seek", "search"}},
		{word: "looks for", want: []string{"seek", "search"}},
		{word: "set up", want: []string{"establish", "found"}},
		{word: "go after", want: []string{"chase"}},
		{word: "went after", want: []string{"chase"}},
		{word: "end up", want: []string{"finish"}},
		{word: "prime minister", want: []string{"premier"}},
		{word: "war crime"}, // alone in its synset
	})
	checkRel(t, "Hypernyms", Hypernyms, []relTest{
		{word: "step up", want: []string{"increase"}},
		{word: "pull out", want: []string{"withdraw", "leave"}},
		{word: "hand over", want: []string{"give", "pass"}},
		{word: "war crime", want: []string{"crime"}},
		{word: "war crimes", want: []string{"crime"}},
		{word: "new york", want: []string{"city", "port"}},
		{word: "look for"}, // a root of the verb hierarchy
	})
	checkRel(t, "Derived", Derived, []relTest{
		{word: "hand over", want: []string{"handover"}},
		{word: "come back", want: []string{"comeback"}},
	})
	checkRel(t, "Places", Places, []relTest{
		{word: "new york", want: []string{"us"}},
		{word: "hand over"},
	})
}

func TestBase(t *testing.T) {
	tests := []struct {
		word string
		want []string
	}{
		{"handed over", []string{"hand over"}},
		{"came back", []string{"come back"}},    // exception list
		{"stepping up", []string{"step up"}},    // exception list, for the doubled p
		{"pulls out", []string{"pull out"}},     // rule
		{"looking for", []string{"look for"}},   // also a noun lemma of its own
		{"war crimes", []string{"war crime"}},   // a noun inflects its last word
		{"mass media", []string{"mass medium"}}, // a two-word exception
		{"hand overs", nil},                     // a verb does not inflect its last word
		{"wars crime", nil},                     // nor a noun its first
		{"hand over", nil},
		{"handed over it", nil},
		{"accused", []string{"accuse"}},
		{"countries", []string{"country"}},
		{"went", []string{"go"}},
		{"judges", []string{"judge"}},
		{"sanctions", []string{"sanction"}},
		{"children", []string{"child"}},
		{"better", []string{"good", "well"}},
		{"boss", nil}, // not the genus "bos"
		{"court", nil},
	}
	for _, w := range noWords {
		tests = append(tests, struct {
			word string
			want []string
		}{w, nil})
	}
	for _, tt := range tests {
		t.Run(tt.word, func(t *testing.T) {
			if got := Base(tt.word); !slices.Equal(got, tt.want) {
				t.Errorf("Base(%q) = %v; want %v", tt.word, got, tt.want)
			}
		})
	}
}

func TestIrregular(t *testing.T) {
	for word, want := range map[string]string{
		"kept": "keep", "went": "go", "paid": "pay", "built": "build", "taught": "teach",
		"children": "child", "criteria": "criterion",
		// Nouns or verbs of their own that tagged texts use six times
		// more often as the inflection.
		"found": "find", "saw": "see", "led": "lead", "felt": "feel", "lost": "lose",
		// Nouns or verbs of their own nearly as likely as the inflection,
		// or forms of two lemmas: left alone.
		"left": "", "thought": "", "ground": "", "lay": "", "wound": "", "better": "",
		// Regular forms and lemmas: the stemmer's.
		"judges": "", "accused": "", "keep": "", "court": "",
	} {
		got, ok := Irregular(word)
		if got != want || ok != (want != "") {
			t.Errorf("Irregular(%q) = %q, %v; want %q", word, got, ok, want)
		}
	}
}

func TestLemma(t *testing.T) {
	for w, want := range map[string]bool{"parking": true, "park": true, "verdicts": false, "went": false, "hand over": true, "xyzzy": false, "": false} {
		if got := Lemma(w); got != want {
			t.Errorf("Lemma(%q) = %v; want %v", w, got, want)
		}
	}
}

func TestPlural(t *testing.T) {
	for w, want := range map[string]bool{"clubs": true, "churches": true, "women": true, "running": false, "club": false, "won": false, "xyzzys": false} {
		if got := Plural(w); got != want {
			t.Errorf("Plural(%q) = %v; want %v", w, got, want)
		}
	}
}

func TestNoun(t *testing.T) {
	for w, want := range map[string]bool{
		"staff": true, "households": true, "people": true, "children": true, "leaks": true,
		"new": false, "joined": false, "quickly": false, "xyzzy": false, "": false,
	} {
		if got := Noun(w); got != want {
			t.Errorf("Noun(%q) = %v; want %v", w, got, want)
		}
	}
}

func TestNear(t *testing.T) {
	tests := []struct {
		word       string
		has, lacks []string
	}{
		{"chief", []string{"head"}, nil},                            // a synonym
		{"subsidy", []string{"grant", "subsidize"}, nil},            // the first hypernym, a derived form
		{"ngos", []string{"organization"}, nil},                     // no lemma: its base form's
		{"parking", []string{"park"}, []string{"green", "commons"}}, // a lemma: its own lists, not the verb's
		{"court", []string{"tribunal"}, []string{"woo"}},            // common senses only
	}
	for _, tt := range tests {
		got := Near(tt.word)
		for _, w := range tt.has {
			if !slices.Contains(got, w) {
				t.Errorf("Near(%q) = %v; want %q in it", tt.word, got, w)
			}
		}
		for _, w := range tt.lacks {
			if slices.Contains(got, w) {
				t.Errorf("Near(%q) = %v; want no %q", tt.word, got, w)
			}
		}
	}
}

func TestKnown(t *testing.T) {
	tests := []struct {
		word string
		want bool
	}{
		{"court", true},
		{"accused", true},
		{"went", true},   // only through the exception list
		{"judges", true}, // a lemma and an inflection
		{"tribunals", true},
		{"hague", true}, // "the_hague" without its article
		{"2", true},     // WordNet has numerals: "2" is "two" and "ii"
		{"the", false},
		{"states", true}, // as the plural of "state", not as "the_states"
		{"hand over", true},
		{"handed over", true},
		{"war crimes", true},
		{"new york", true},
		{"hand", true},
		{"over", true},
	}
	for _, w := range noWords {
		tests = append(tests, struct {
			word string
			want bool
		}{w, false})
	}
	for _, tt := range tests {
		t.Run(tt.word, func(t *testing.T) {
			if got := Known(tt.word); got != tt.want {
				t.Errorf("Known(%q) = %v; want %v", tt.word, got, tt.want)
			}
		})
	}
}

// TestStatesIsNotAmerica guards the "the_" folding: "states" must keep
// meaning the plural of "state".
func TestStatesIsNotAmerica(t *testing.T) {
	for _, fn := range []struct {
		name string
		fn   func(string) []string
	}{{"Synonyms", Synonyms}, {"Places", Places}, {"Hypernyms", Hypernyms}} {
		if got := fn.fn("states"); slices.Contains(got, "america") {
			t.Errorf("%s(%q) = %v; want it without %q", fn.name, "states", got, "america")
		}
	}
}

// TestTable walks every row, so that a damaged or misgenerated table fails
// here rather than panicking in a lookup.
func TestTable(t *testing.T) {
	if magic != build.Magic || 1<<listSynonyms != build.HasSynonyms || 1<<listDerived != build.HasDerived ||
		1<<listPlaces != build.HasPlaces || 1<<listBases != build.HasBases || 1<<listHypernyms != build.HasHypernyms ||
		1<<listAntonyms != build.HasAntonyms {
		t.Fatal("the reader's format constants differ from package build's")
	}
	const allPOS = morph.Noun | morph.Verb | morph.Adj | morph.Adv
	if !strings.HasPrefix(data, magic) {
		t.Fatalf("table starts with %q; want %q", data[:min(len(data), len(magic))], magic)
	}
	n := int(u32(len(magic)))
	prev := ""
	for i := range n {
		at := row(i)
		w := wordAt(at)
		if w <= prev {
			t.Fatalf("row %d: %q after %q; want rows sorted", i, w, prev)
		}
		prev = w
		first, last, pair := strings.Cut(w, " ")
		if !folded(first) || pair && !folded(last) {
			t.Fatalf("row %d: %q is neither a folded word nor two joined by a space", i, w)
		}
		if find(w) != at {
			t.Fatalf("find(%q) = %d; want %d", w, find(w), at)
		}
		if posOf(at)&^(allPOS|morph.Inflected) != 0 || lists(at)>>(listAntonyms+1) != 0 {
			t.Fatalf("row %q has unknown flags %#x, %#x", w, posOf(at), lists(at))
		}
		// Only a noun or verb with one base form is marked as read as
		// that base's inflection.
		if posOf(at)&morph.Inflected != 0 && (posOf(at)&(morph.Noun|morph.Verb) == 0 || len(appendList(nil, at, listBases, "")) != 1) {
			t.Errorf("row %q is marked inflected but is no noun or verb of one base form", w)
		}
		if posOf(at) == 0 && lists(at) != 1<<listBases {
			t.Errorf("row %q is neither a lemma nor an inflection with only base forms", w)
		}
		for k := listSynonyms; k <= listAntonyms; k++ {
			for _, x := range appendList(nil, at, k, "") {
				if x == w {
					t.Errorf("row %q lists itself in list %d", w, k)
				}
				// Only a two-word exception's bases are two-word keys.
				if strings.Contains(x, " ") != (pair && k == listBases) {
					t.Errorf("row %q lists %q in list %d", w, x, k)
				}
			}
		}
	}
}

// folded reports whether w is one folded word.
func folded(w string) bool {
	for j := 0; j < len(w); j++ {
		if c := w[j]; (c < 'a' || c > 'z') && (c < '0' || c > '9') {
			return false
		}
	}
	return w != ""
}

// TestGenerated checks that the committed table is what the generator makes
// of the installed database, so that nobody edits one without the other. As
// the file was made by another process, it also catches output that depends
// on map order.
func TestGenerated(t *testing.T) {
	if _, err := os.Stat(dict); err != nil {
		t.Skipf("WordNet database not installed at %s (apt-get install wordnet-base): cannot check wordnet.dat against it", dict)
	}
	got, err := build.Build(dict)
	if err != nil {
		t.Fatalf("build.Build(%q): %v", dict, err)
	}
	if !bytes.Equal(got, []byte(data)) {
		t.Errorf("build.Build(%q) gives %d bytes that differ from wordnet.dat (%d bytes); run go generate ./internal/wordnet", dict, len(got), len(data))
	}
}

// TestAllocs holds the promise that a lookup costs only the slice it returns.
func TestAllocs(t *testing.T) {
	if got := testing.AllocsPerRun(100, func() { Synonyms("court") }); got != 1 {
		t.Errorf("Synonyms(%q) allocates %v times; want 1", "court", got)
	}
	if got := testing.AllocsPerRun(100, func() { Hypernyms("boss") }); got != 1 {
		t.Errorf("Hypernyms(%q) allocates %v times; want 1", "boss", got)
	}
	for _, w := range []string{"court", "hand over"} { // lemmas; inflections build their base forms
		if got := testing.AllocsPerRun(100, func() { Known(w) }); got != 0 {
			t.Errorf("Known(%q) allocates %v times; want 0", w, got)
		}
	}
	if got := testing.AllocsPerRun(100, func() { Synonyms("hand over") }); got != 1 {
		t.Errorf("Synonyms(%q) allocates %v times; want 1", "hand over", got)
	}
}

var sink []string

func BenchmarkSynonyms(b *testing.B) {
	for _, w := range []string{"court", "accused", "xyzzy", "hand over", "handed over", "xyzzy over"} {
		b.Run(w, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sink = Synonyms(w)
			}
		})
	}
}

func BenchmarkLookups(b *testing.B) {
	for _, fn := range []struct {
		name string
		fn   func(string) []string
		word string
	}{
		{"Derived", Derived, "accuse"},
		{"Places", Places, "kampala"},
		{"Base", Base, "countries"},
		{"BasePair", Base, "handed over"},
		{"HypernymsPair", Hypernyms, "war crimes"}, // through Base
		{"Hypernyms", Hypernyms, "judge"},
		{"HypernymsBase", Hypernyms, "freezes"}, // through Base
	} {
		b.Run(fn.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sink = fn.fn(fn.word)
			}
		})
	}
}

var sinkBool bool

func BenchmarkKnown(b *testing.B) {
	for _, w := range []string{"court", "hand over", "handed over", "xyzzy over"} {
		b.Run(w, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sinkBool = Known(w)
			}
		})
	}
}
