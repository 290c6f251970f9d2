package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A tiny words.txt: "boss" and "leader" list each other and WordNet agrees;
// "visitor" and "auditor" list each other but WordNet does not agree;
// "penalty" lists "cargo" one way only and WordNet does not agree either,
// while "cargo" lists "freight" one way and WordNet does; "Boss" is
// folded, phrases and words with hyphens are dropped.
const words = `boss,leader,big cheese,chief
Leader,boss,chief,cargo
visitor,auditor,caller
auditor,visitor
penalty,cargo,fine
cargo,freight
fine,penalty,co-op
chief,boss
`

func TestRun(t *testing.T) {
	dir := t.TempDir()
	in, out := filepath.Join(dir, "words.txt"), filepath.Join(dir, "thesaurus.dat")
	if err := os.WriteFile(in, []byte(words), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := run([]string{"-moby", in, "-out", out}, io.Discard); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	want := "boss chief leader\ncaller visitor\ncargo freight\nchief boss leader\nfine penalty\nfreight cargo\nleader boss chief\npenalty fine\nvisitor caller\n"
	if string(got) != want {
		t.Errorf("table:\n%s\nwant:\n%s", got, want)
	}
	if _, err := os.Stat(out + ".tmp"); !os.IsNotExist(err) {
		t.Errorf("left %s.tmp behind", out)
	}
}

func TestRunMissingInput(t *testing.T) {
	err := run([]string{"-moby", filepath.Join(t.TempDir(), "none.txt"), "-out", filepath.Join(t.TempDir(), "t.dat")}, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "read thesaurus") {
		t.Errorf("run with no input = %v; want a read error", err)
	}
}

func TestPairsListedEitherWay(t *testing.T) {
	lists, err := read(strings.NewReader(words))
	if err != nil {
		t.Fatal(err)
	}
	all := pairs(lists, func(a, b string) bool { return true })
	if got := strings.Join(all["visitor"], " "); got != "auditor caller" {
		t.Errorf("visitor pairs %q without WordNet's say; want auditor caller", got)
	}
	// "cargo" lists "freight"; "penalty" and "leader" list "cargo": each
	// pair once, both ways.
	if got := strings.Join(all["cargo"], " "); got != "freight leader penalty" {
		t.Errorf("cargo pairs %q without WordNet's say; want freight leader penalty", got)
	}
	if got := strings.Join(all["freight"], " "); got != "cargo" {
		t.Errorf("freight pairs %q; want cargo", got)
	}
}

// TestGenerated checks that the committed table is what the generator makes
// of the Moby words.txt named by $MOBY_WORDS (.ci/run fetches it from the
// npm registry), so that nobody edits one without the other.
func TestGenerated(t *testing.T) {
	in := os.Getenv("MOBY_WORDS")
	if in == "" {
		t.Skip("MOBY_WORDS not set (see .ci/run): cannot check thesaurus.dat against the Moby Thesaurus")
	}
	out := filepath.Join(t.TempDir(), "thesaurus.dat")
	if err := run([]string{"-moby", in, "-out", out}, io.Discard); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("../../thesaurus.dat")
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Errorf("the generator gives %d bytes that differ from thesaurus.dat (%d bytes); run go generate ./internal/thesaurus", len(got), len(want))
	}
}
