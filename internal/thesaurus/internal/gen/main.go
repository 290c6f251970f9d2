// Command gen writes the table that package thesaurus embeds: the pairs of
// words one of which the Moby Thesaurus II lists under the other and that
// WordNet 3.0 puts near each other, so that building the bot needs neither.
//
// The Moby Thesaurus II (Grady Ward, 1996) is in the public domain. Its
// words.txt ships in the npm package moby@1.1.2:
//
//	npm pack moby@1.1.2 && tar xzf moby-1.1.2.tgz package/words.txt
//	go run ./internal/gen -moby package/words.txt -out thesaurus.dat
//
// Each line of words.txt is a root word followed by the words it lists,
// separated by commas. Moby is generous: "visitor" lists "boss" and
// "auditor" "chief", and many of its entries are associations ("penalty"
// lists "cargo"). WordNet keeps what a reader would call the same thing
// said otherwise: one word is among the other's synonyms, derived forms or
// more general words (wordnet.Near, wordnet.Hypernyms), or both have the
// same first more general word ("penalty" and "fine" are both a
// "punishment"). A pair needs Moby to list it one way only: "elevator"
// lists "lift", which WordNet makes synonyms, but "lift" does not list
// "elevator". (Asking for both ways as well kept 46,541 pairs and lost
// those; at a fixed calibration the one-way pairs gained 3 held out by set,
// 1 on the probe sets, and 1 on the blind sets, with no wrong quote more.)
//
// Only single words of plain letters are kept, lower-cased. The same input
// always gives the same bytes.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"iccbot/internal/genfile"
	"iccbot/internal/wordnet"
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
	moby := fs.String("moby", "words.txt", "Moby Thesaurus II `file` (words.txt)")
	out := fs.String("out", "thesaurus.dat", "table `file` to write")
	if err := fs.Parse(args); err != nil {
		return err
	}
	f, err := os.Open(*moby)
	if err != nil {
		return fmt.Errorf("read thesaurus: %w", err)
	}
	defer f.Close()
	lists, err := read(f)
	if err != nil {
		return fmt.Errorf("read thesaurus: %w", err)
	}
	data := encode(pairs(lists, agree))
	if err := genfile.Write(*out, data); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "gen: wrote %s (%d bytes)\n", *out, len(data))
	return nil
}

// read parses words.txt into each root word's set of listed words, lower
// case, single plain words only. A root that appears twice has its lists
// merged.
func read(r io.Reader) (map[string]map[string]bool, error) {
	lists := map[string]map[string]bool{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 1<<16), 1<<22) // some lines hold thousands of words
	for sc.Scan() {
		fields := strings.Split(sc.Text(), ",")
		root := strings.ToLower(strings.TrimSpace(fields[0]))
		if !plain(root) {
			continue
		}
		set := lists[root]
		if set == nil {
			set = map[string]bool{}
			lists[root] = set
		}
		for _, w := range fields[1:] {
			if w = strings.ToLower(strings.TrimSpace(w)); plain(w) && w != root {
				set[w] = true
			}
		}
	}
	return lists, sc.Err()
}

// plain reports a word of two or more ASCII letters.
func plain(w string) bool {
	if len(w) < 2 {
		return false
	}
	for i := range len(w) {
		if w[i] < 'a' || w[i] > 'z' {
			return false
		}
	}
	return true
}

// pairs returns, for each word, the words that list it or that it lists,
// which keep agrees to, sorted.
func pairs(lists map[string]map[string]bool, keep func(a, b string) bool) map[string][]string {
	out := map[string][]string{}
	for a, set := range lists {
		for b := range set {
			if (a < b || !lists[b][a]) && keep(a, b) {
				out[a] = append(out[a], b)
				out[b] = append(out[b], a)
			}
		}
	}
	for _, l := range out {
		slices.Sort(l)
	}
	return out
}

// agree reports whether WordNet puts a and b near each other: one among
// the other's synonyms, derived forms or more general words, or the same
// first more general word for both.
func agree(a, b string) bool {
	if slices.Contains(wordnet.Near(a), b) || slices.Contains(wordnet.Near(b), a) ||
		slices.Contains(wordnet.Synonyms(a), b) || slices.Contains(wordnet.Synonyms(b), a) ||
		slices.Contains(wordnet.Derived(a), b) || slices.Contains(wordnet.Derived(b), a) {
		return true
	}
	ha, hb := wordnet.Hypernyms(a), wordnet.Hypernyms(b)
	if slices.Contains(ha, b) || slices.Contains(hb, a) {
		return true
	}
	return len(ha) > 0 && len(hb) > 0 && ha[0] == hb[0]
}

// encode writes one line per word, sorted: the word, then the words paired
// with it, separated by spaces.
func encode(pairs map[string][]string) []byte {
	words := make([]string, 0, len(pairs))
	for w := range pairs {
		words = append(words, w)
	}
	slices.Sort(words)
	var b strings.Builder
	for _, w := range words {
		b.WriteString(w)
		for _, x := range pairs[w] {
			b.WriteByte(' ')
			b.WriteString(x)
		}
		b.WriteByte('\n')
	}
	return []byte(b.String())
}
