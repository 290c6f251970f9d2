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

	"iccbot/internal/genfile"
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
	if err := genfile.Write(*out, data); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "gen: wrote %s (%d bytes)\n", *out, len(data))
	return nil
}
