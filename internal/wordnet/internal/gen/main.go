// Command gen writes the table that package wordnet embeds, from an installed
// WordNet 3.0 database (Debian: wordnet-base), so that building the bot never
// needs the database:
//
//	go run ./internal/gen -dict /usr/share/wordnet -out wordnet.dat
//
// The same database always gives the same bytes, so the committed file only
// changes when the database or the generator does.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"iccbot/internal/wordnet/internal/build"
)

func main() {
	if err := run(os.Args[1:], os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("gen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dict := fs.String("dict", "/usr/share/wordnet", "WordNet 3.0 database `directory`")
	out := fs.String("out", "wordnet.dat", "table `file` to write")
	if err := fs.Parse(args); err != nil {
		return err
	}
	data, err := build.Build(*dict)
	if err != nil {
		return err
	}
	// Write beside the target and rename, so that a failed run never leaves
	// a truncated table for go:embed to pick up.
	tmp := *out + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return fmt.Errorf("write table: %w", err)
	}
	if err := os.Rename(tmp, *out); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write table: %w", err)
	}
	fmt.Fprintf(stderr, "gen: wrote %s (%d bytes)\n", *out, len(data))
	return nil
}
