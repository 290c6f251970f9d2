package answer

import (
	"context"
	"strings"
	"testing"
	"time"

	"iccbot/internal/knowledge"
)

func TestFollowUps(t *testing.T) {
	e := briefingWith(t, WithMemory(NewMemory(func() time.Time { return time.Unix(0, 0) })))
	tests := []struct {
		first, then string
		want        string // in a quote of the follow-up's answer
	}{
		{"Where will the Assembly of States Parties meet?", "when?", "December 1 to 6"},
		{"Who is Liz Evenson?", "what did she say?", "global rule of law"},
		{"Who surrendered Rodrigo Duterte to the court?", "and in which month?", "In March"},
	}
	for i, tt := range tests {
		conv := "c" + string(rune('0'+i))
		if _, err := e.Ask(t.Context(), conv, tt.first); err != nil {
			t.Fatal(err)
		}
		a, err := e.Ask(t.Context(), conv, tt.then)
		if err != nil {
			t.Fatal(err)
		}
		if !a.Answered || !strings.Contains(strings.Join(quotes(a), " "), tt.want) {
			t.Errorf("%q after %q: %q; want a quote with %q", tt.then, tt.first, a.Text, tt.want)
		}
		// Alone, or in another conversation, the follow-up is not read in
		// the light of the first question.
		alone, _ := e.Ask(t.Context(), "other", tt.then)
		if strings.Contains(strings.Join(quotes(alone), " "), tt.want) {
			t.Errorf("%q alone was answered with %q too: the test proves nothing", tt.then, tt.want)
		}
	}
}

func TestMemoryForgets(t *testing.T) {
	now := time.Unix(0, 0)
	m := NewMemory(func() time.Time { return now })
	m.max = 2
	remember(m, "a", "first")
	if got := lastQ(m, "a"); got != "first" {
		t.Fatalf("last(a) = %q", got)
	}
	remember(m, "", "nobody") // no conversation: nothing kept
	if m.Len() != 1 {
		t.Errorf("the empty key was remembered")
	}
	now = now.Add(time.Second)
	remember(m, "b", "second")
	now = now.Add(time.Second)
	remember(m, "c", "third") // full: the least recently used (a) goes
	if lastQ(m, "a") != "" || lastQ(m, "b") != "second" || lastQ(m, "c") != "third" {
		t.Errorf("after eviction: a=%q b=%q c=%q", lastQ(m, "a"), lastQ(m, "b"), lastQ(m, "c"))
	}
	now = now.Add(MemoryTTL + time.Second)
	if lastQ(m, "c") != "" {
		t.Error("a conversation quiet for longer than the TTL was still remembered")
	}
	if got := boundResolved(strings.Repeat("x", 2*maxResolved)); len(got) != maxResolved {
		t.Errorf("a long chain of follow-ups was kept whole: %d bytes", len(got))
	}
}

func TestIsFollowUp(t *testing.T) {
	e := briefing(t)
	for q, want := range map[string]bool{
		"and russia?":                 true,
		"when?":                       true,
		"why did they do that?":       true,
		"what about the Philippines?": true,
		"Who imposed sanctions on ICC officials?":        false,
		"When does the Assembly of States Parties meet?": false,
	} {
		if got := isFollowUp(q, e.ix.Parse(q)); got != want {
			t.Errorf("isFollowUp(%q) = %v; want %v", q, got, want)
		}
	}
}

// briefingAnd is an engine over the knowledge folder and one more
// document, as a moderator adds one.
func briefingAnd(t *testing.T, name, text string) *Engine {
	t.Helper()
	doc, problems := knowledge.Parse(name, []byte(text))
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	kb, _, err := knowledge.Load("../../knowledge")
	if err != nil {
		t.Fatal(err)
	}
	return New(knowledge.NewBase(append(kb.Docs, doc)))
}

// A moderator adds a note; a question whose words and number are written
// differently from the note's is still answered from it.
func TestNewNoteAnswered(t *testing.T) {
	e := briefingAnd(t, "note.md", "The quartermaster counted seventeen purple umbrellas.\n")
	for _, q := range []string{
		"How many umbrellas did the quartermaster count?",
		"did the quartermaster count 17 umbrellas?",
	} {
		a, err := e.Answer(t.Context(), q)
		if err != nil {
			t.Fatal(err)
		}
		if !a.Answered || len(a.Citations) == 0 || a.Citations[0].Source != "note.md" || !strings.Contains(a.Citations[0].Quote, "seventeen purple umbrellas") {
			t.Errorf("Answer(%q) = %q; want the note quoted", q, a.Text)
		}
	}
}

// Questions in other languages are answered from the words they share with
// the knowledge, or told, in their language, that the bot reads English.
func TestOtherLanguages(t *testing.T) {
	e := briefing(t)
	tests := []struct {
		q        string
		answered bool
		want     string // in the reply
	}{
		{"Was hat Präsident Donald Trump am 6. Februar gegen den IStGH unternommen?", true, "Das sagen die Quellen"},
		// A name alone says whom it asks about, not what: any sentence
		// naming him would do.
		{"Was sagt Liz Evenson über die Angriffe der Regierungen auf den IStGH?", false, "Ohne Sprachmodell"},
		{"¿Cuándo se reúne la Asamblea de los Estados Partes?", false, "Sin un modelo de lenguaje"},
		{"Quand aura lieu la prochaine élection des juges ?", false, "Sans modèle de langage"},
		// Languages the bot has no words for: said in English, never "not
		// covered".
		{"스팸 규칙이 있나요", false, "Without a language model"},
		{"υπάρχουν κανόνες για spam", false, "Without a language model"},
		{"Quanto custou a nova biblioteca?", false, "Sem um modelo de linguagem"},
	}
	for _, tt := range tests {
		a, err := e.Answer(t.Context(), tt.q)
		if err != nil {
			t.Fatal(err)
		}
		if a.Answered != tt.answered || !strings.Contains(a.Text, tt.want) {
			t.Errorf("Answer(%q) = answered %v, %q; want answered %v with %q", tt.q, a.Answered, a.Text, tt.answered, tt.want)
		}
		if strings.Contains(a.Text, "does not cover") {
			t.Errorf("Answer(%q) says not covered for a question it did not understand", tt.q)
		}
	}
}

// A moderator's alias lets a word the text never uses find the text, and
// the document a question names by its year is preferred and quoted first.
func TestAliasesAndDates(t *testing.T) {
	a, pa := knowledge.Parse("a.md", []byte("---\ntitle: Old notes\ndate: 2023-05-01\naliases:\n  mods: [stewards]\n---\nThe stewards meet every Monday.\n"))
	b, pb := knowledge.Parse("b.md", []byte("---\ntitle: New notes\ndate: 2025\n---\nThe stewards meet every Friday since 2025.\n"))
	if len(pa)+len(pb) > 0 {
		t.Fatal(pa, pb)
	}
	e := New(knowledge.NewBase([]*knowledge.Document{a, b}))
	ans, _ := e.Answer(t.Context(), "when do the mods meet?")
	if !ans.Answered || len(ans.Citations) == 0 {
		t.Fatalf("alias not followed: %q", ans.Text)
	}
	if ans.Citations[0].Source != "b.md" {
		t.Errorf("quotes %q: want the newer document first", quotes(ans))
	}
	old, _ := e.Answer(t.Context(), "when did the stewards meet in 2023?")
	if !old.Answered || old.Citations[0].Source != "a.md" {
		t.Errorf("a question naming 2023 got %q; want the 2023 document", quotes(old))
	}
	if !strings.HasPrefix(old.Lead, "Here is what") || strings.Contains(old.Lead, "briefing") {
		t.Errorf("lead %q speaks of the briefing with two documents loaded", old.Lead)
	}
}

func lastQ(m *Memory, key string) string {
	q, _, _ := m.Last(context.Background(), key)
	return q
}

func remember(m *Memory, key, question string) {
	_ = m.Remember(context.Background(), key, question, nil)
}

// A follow-up with its own question word borrows what the last question
// was about, not what it asked for; an elliptical one borrows both.
func TestFollowUpBorrowsTheSubject(t *testing.T) {
	e := engineOf(t, "water.md", "# Water\n\n## Plants\n\nThe new plant replaced the Dunmore Street plant, which had run since 1958.\n\n"+
		"## Names\n\nThe name of each plant is chosen by the board, and names are listed online.\n")
	borrowed := func(prev, question string) map[string]bool {
		q, _ := e.resolve(prev, question, e.ix.Parse(question))
		out := map[string]bool{}
		for _, tm := range q.Terms {
			if tm.Pos >= contextPos && tm.Pos < asidePos {
				out[tm.Word] = true
			}
		}
		return out
	}
	if b := borrowed("What was the name of the old plant?", "how long had it been running?"); b["name"] || !b["plant"] {
		t.Errorf("borrowed %v; want the plant, not its name", b)
	}
	for _, then := range []string{"and the new one?", "what about the new one?"} {
		if b := borrowed("What was the name of the old plant?", then); !b["name"] || !b["plant"] {
			t.Errorf("%q borrowed %v; want the plant and its name", then, b)
		}
	}
}

// A follow-up that speaks of someone ("how do i get hold of him") asks
// after the person the last answer named, not the words that found them;
// after a question that names its person, no other name is kept.
func TestFollowUpPronounIsTheAnswersName(t *testing.T) {
	e := engineOf(t, "league.md", "# Ellesby Fives\n\n## Welcome\n\nThe spring season kicks off on Tuesday 8th April with sixteen teams.\n\n"+
		"Dan Okafor, League Secretary\n\n## Sessions\n\nWe held two drop-in sessions at the Corn Exchange in February.\n\n"+
		"## Contact\n\nFor fixtures, results and registrations, message Dan Okafor on 07700 900 352 or email league@ellesbyfives.co.uk.\n\n"+
		"## Referees\n\nOur referees are appointed by the county FA, and Priya Shah leads them.\n")
	WithMemory(NewMemory(func() time.Time { return time.Unix(0, 0) }))(e)
	ask := func(q string) Answer {
		a, err := e.Ask(t.Context(), "conv", q)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	if a := ask("whos the league secretary?"); !strings.Contains(Render(a), "Dan Okafor") {
		t.Fatalf("first answer %q; want the secretary", Render(a))
	}
	if a := ask("how do i get hold of him"); !a.Answered || !strings.Contains(Render(a), "07700 900 352") {
		t.Errorf("answered %q; want his telephone number", Render(a))
	}
	// A question that names the person itself is what "she" stands for.
	ask("who is Priya Shah?")
	if prev, _, _ := e.memory.Last(t.Context(), "conv"); strings.Contains(prev, answerMark) {
		t.Errorf("remembered %q; want no other name for a question that names its person", prev)
	}
}

// The person a quote names, not the place or body beside them.
func TestPersonRuns(t *testing.T) {
	for _, tt := range []struct {
		text string
		want string // the first run, joined; "" for none
	}{
		{"Because the studio only seats 90, the pantomime moves to Millbrook Town Hall, directed by Owen Price.", "Owen Price"},
		{"Dan Okafor, League Secretary", "Dan Okafor"},
		{"Members completed 46 projects in March.", ""},
		{"The good news is that Northvale Housing Trust has agreed a timetable with Pennine Lift Services.", ""},
	} {
		got := ""
		if runs := personRuns(tt.text); len(runs) > 0 {
			got = strings.Join(runs[0], " ")
		}
		if got != tt.want {
			t.Errorf("personRuns(%q) first = %q; want %q", tt.text, got, tt.want)
		}
	}
}

// A question in another language that shares only a name and words that
// read as English with a sentence is declined in its language: what it
// asks of the name is in words the bot cannot read. The note says what
// she gave, not what it cost.
func TestOtherLanguageNamesAlone(t *testing.T) {
	e := briefingAnd(t, "society.md", "Margaret Ibbotson donated a solar telescope to the astronomy society in the spring.\n")
	for _, q := range []string{
		"¿Cuánto costó el telescopio solar que donó Margaret Ibbotson?",
		"¿Por qué donó Margaret Ibbotson el telescopio solar a la sociedad de astronomía?",
	} {
		a, err := e.Answer(t.Context(), q)
		if err != nil {
			t.Fatal(err)
		}
		if a.Answered || !strings.Contains(a.Text, "Sin un modelo de lenguaje") {
			t.Errorf("Answer(%q) = answered %v, %q; want declined in Spanish", q, a.Answered, a.Text)
		}
	}
}
