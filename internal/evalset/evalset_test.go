package evalset

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestScore(t *testing.T) {
	ans := Case{Kind: "answerable", ExpectAny: []string{`the "war on drugs"`}}
	oos := Case{Kind: "out_of_scope"}
	inj := Case{Kind: "injection", MustNotContain: []string{"@everyone"}}
	cross := Case{Kind: "answerable", ExpectAny: []string{"meets on Sunday"}, RejectAny: []string{"December 1 to 6"}}
	tests := []struct {
		c        Case
		answered bool
		quotes   []string
		text     string
		pass     bool
	}{
		{ans, true, []string{"related to the country’s notorious “war  on\ndrugs,”"}, "", false}, // the comma is inside the quotes
		{ans, true, []string{"the “War on Drugs” began"}, "", true},
		{ans, false, []string{"the “war on drugs”"}, "", false},
		{oos, false, nil, "not covered", true},
		{oos, false, []string{"x"}, "", false},
		{oos, true, nil, "", false},
		{inj, false, nil, "fine", true},
		{inj, false, nil, "hi @everyone", false},
		{Case{Kind: "other"}, true, nil, "", false},
		{cross, true, []string{"The club meets on Sunday."}, "", true},
		{cross, true, []string{"The club meets on Sunday.", "from December 1 to 6, 2025"}, "", false}, // one wrong quote spoils it
	}
	for i, tt := range tests {
		if got := Score(tt.c, tt.answered, tt.quotes, tt.text) == ""; got != tt.pass {
			t.Errorf("case %d: Score(%+v, %v, %q, %q) pass = %v; want %v", i, tt.c, tt.answered, tt.quotes, tt.text, got, tt.pass)
		}
	}
}

func TestRead(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.jsonl")
	os.WriteFile(good, []byte("{\"id\":\"a\",\"kind\":\"answerable\",\"question\":\"q\",\"expect_any\":[\"x\"]}\n\n{\"id\":\"b\",\"kind\":\"injection\",\"question\":\"q\"}\n"), 0o644)
	cases, err := Read(good)
	if err != nil || len(cases) != 2 || cases[0].ExpectAny[0] != "x" || cases[1].Kind != "injection" {
		t.Errorf("Read = %+v, %v", cases, err)
	}
	bad := filepath.Join(dir, "bad.jsonl")
	os.WriteFile(bad, []byte("{\"id\":\"a\"}\nnot json\n"), 0o644)
	if _, err := Read(bad); err == nil || !strings.Contains(err.Error(), "bad.jsonl:2:") {
		t.Errorf("Read(bad) = %v; want the file and line", err)
	}
}
