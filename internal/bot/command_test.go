package bot

import (
	"strings"
	"testing"
	"time"
)

func TestParseCommand(t *testing.T) {
	tests := []struct {
		text, cmd, rest string
	}{
		{"help", CmdHelp, ""},
		{"  Help? ", CmdHelp, ""},
		{"/help", CmdHelp, ""},
		{"/HELP@iccbot", CmdHelp, ""},
		{"sources", CmdSources, ""},
		{"/sources please", CmdSources, "please"},
		{"gaps", CmdGaps, ""},
		{"/gaps", CmdGaps, ""},
		{"start", CmdStart, ""},
		{"ask", CmdAsk, ""},
		{"/ask When does the Assembly meet?", CmdAsk, "When does the Assembly meet?"},
		{"/ask\tDuterte", CmdAsk, "Duterte"},
		{"/weather", CmdHelp, ""},
		{"When does the Assembly meet?", CmdNone, "When does the Assembly meet?"},
		{"ask about the budget", CmdNone, "ask about the budget"},
		{"help me find the budget", CmdNone, "help me find the budget"},
		{"/2025?", CmdNone, "/2025?"},
		{"", CmdNone, ""},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			cmd, rest := ParseCommand(tt.text)
			if cmd != tt.cmd || rest != tt.rest {
				t.Errorf("ParseCommand(%q) = %q, %q; want %q, %q", tt.text, cmd, rest, tt.cmd, tt.rest)
			}
		})
	}
}

// TestCommandsAreNotGaps: a command, however it arrives, is never counted
// as an unanswered question, and a bare command word sent as a message is
// the command.
func TestCommandsAreNotGaps(t *testing.T) {
	f := newFixture(t, Config{Gaps: true, RatePerMinute: 1000, Burst: 1000})
	for _, m := range []Message{
		question("help"),
		question("Sources?"),
		question("/gaps"),
		question("gaps"),
		question("start"),
		{Platform: "http", Command: CmdAsk, Text: "help", Addressed: true},
		{Platform: "http", Command: CmdAsk, Text: "/sources", Addressed: true},
		{Platform: "playground", Command: CmdHelp, Addressed: true},
		{Platform: "playground", Command: CmdGaps, Addressed: true},
	} {
		f.bot.Handle(t.Context(), m)
	}
	if got := f.bot.Gaps(10); len(got) != 0 {
		t.Errorf("Gaps = %+v after commands only; want none", got)
	}
	if r := f.bot.Handle(t.Context(), question("help")); r.Kind != KindInfo || !strings.Contains(r.Text(), "Commands:") {
		t.Errorf("Handle(plain \"help\") = %v %q; want the help text", r.Kind, r.Text())
	}
	if r := f.bot.Handle(t.Context(), Message{Text: "help"}); r.Kind != KindNone {
		t.Errorf("Handle(\"help\" not addressed to the bot) = %v %q; want silence", r.Kind, r.Text())
	}
	f.bot.Handle(t.Context(), question("Who won the World Cup?"))
	if got := f.bot.Gaps(10); len(got) != 1 || got[0].Question != "Who won the World Cup?" {
		t.Errorf("Gaps = %+v; want only the real question", got)
	}
}

func TestGapsFirstLastSeenAndClear(t *testing.T) {
	f := newFixture(t, Config{Gaps: true, GapsWindow: 72 * time.Hour, RatePerMinute: 1000, Burst: 1000})
	day := func(d int) time.Time { return time.Date(2026, 11, d, 0, 0, 0, 0, time.UTC) }
	ask := func(q string) { f.bot.Handle(t.Context(), question(q)) }

	ask("Who won the World Cup?") // Nov 27, 12:00
	f.clock.advance(13 * time.Hour)
	ask("who won the world cup") // Nov 28, 01:00
	f.clock.advance(24 * time.Hour)
	ask("Who won the World Cup?!") // Nov 29, 01:00
	ask("What is the ICC budget?")
	got := f.bot.Gaps(10)
	want := []Gap{
		{"Who won the World Cup?", 3, day(27), day(29)},
		{"What is the ICC budget?", 1, day(29), day(29)},
	}
	if len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("Gaps = %+v; want %+v", got, want)
	}

	// Once the first sighting falls out of the window, it is forgotten too.
	f.clock.advance(48 * time.Hour) // Dec 1, 01:00: Nov 27 12:00 is past 72 h
	if got := f.bot.Gaps(10); len(got) != 2 || got[0].FirstSeen != day(28) || got[0].Count != 2 {
		t.Errorf("Gaps after the window moved = %+v; want the World Cup twice, first seen Nov 28", got)
	}

	if n := f.bot.ClearGaps(); n != 2 {
		t.Errorf("ClearGaps() = %d; want 2", n)
	}
	if got := f.bot.Gaps(10); len(got) != 0 {
		t.Errorf("Gaps after ClearGaps = %+v; want none", got)
	}
	if n := newFixture(t, Config{}).bot.ClearGaps(); n != 0 {
		t.Errorf("ClearGaps with counting off = %d; want 0", n)
	}
}
