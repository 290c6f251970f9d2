// Command gen folds plain word lists (one word a line, such as Debian's
// wamerican and wbritish) into the compact sorted file that package english
// embeds: their union, so that both "color" and "colour", "check" and
// "cheque" are English (the documents and the people who ask about them
// write either).
//
// Folding matches what the rest of the bot does to text: lower case,
// diacritics removed. Possessives ("Paris's") are dropped because the bare
// word is always listed too, and entries that still hold anything but a–z
// after folding ("I'd", "Hallowe'en") are dropped because a folded question
// can never contain them.
//
// The output is text, so that a regenerated file diffs readably. It is
// front coded: words are sorted, and each line is a block of up to
// blockSize words whose first word is written in full; every later word is
// the number of leading letters it shares with the word before it,
// followed by the rest of its letters. A word the list has only
// capitalised (a proper name, such as "Paris") has the first letter it
// writes out in upper case. Lines give package english restart points for
// a binary search with no index and no start-up work.
//
// Usage (see the go:generate line in package english):
//
//	go run ./internal/gen -in /usr/share/dict/american-english,/usr/share/dict/british-english -out words.txt
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// blockSize trades size against lookup time: each lookup decodes up to one
// block linearly after the binary search over blocks.
const blockSize = 16

// maxLen is the longest word package english can hold in its decode buffer.
const maxLen = 32

func main() {
	in := flag.String("in", "/usr/share/dict/american-english,/usr/share/dict/british-english", "word lists to read, comma-separated, one word a line")
	out := flag.String("out", "words.txt", "file to write")
	flag.Parse()
	if err := run(*in, *out); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(in, out string) error {
	var lists []io.Reader
	for name := range strings.SplitSeq(in, ",") {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		defer f.Close()
		// A newline between lists, in case one lacks its last.
		lists = append(lists, f, strings.NewReader("\n"))
	}
	data, err := build(io.MultiReader(lists...))
	if err != nil {
		return fmt.Errorf("read %s: %w", in, err)
	}
	return os.WriteFile(out, data, 0o644)
}

// build returns the encoded word list for the list read from r.
func build(r io.Reader) ([]byte, error) {
	// common[w] is true when some entry folds to w without having had a
	// capital letter, false when every entry that folds to w was capitalised.
	common := map[string]bool{}
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		w, lower, ok := fold(strings.TrimSpace(sc.Text()))
		if !ok {
			continue
		}
		if len(w) > maxLen {
			return nil, fmt.Errorf("word %q longer than %d letters", w, maxLen)
		}
		common[w] = common[w] || lower
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	words := make([]string, 0, len(common))
	for w := range common {
		words = append(words, w)
	}
	slices.Sort(words)
	return encode(words, common), nil
}

// encode writes words (sorted, distinct) in the front-coded format
// described in the package comment.
func encode(words []string, common map[string]bool) []byte {
	var b bytes.Buffer
	prev := ""
	for i, w := range words {
		shared := 0
		if i%blockSize == 0 {
			if i > 0 {
				b.WriteByte('\n')
			}
		} else {
			for shared < len(prev) && shared < len(w) && prev[shared] == w[shared] {
				shared++
			}
			b.WriteString(strconv.Itoa(shared))
		}
		rest := w[shared:]
		if !common[w] {
			b.WriteByte(rest[0] - 'a' + 'A')
			rest = rest[1:]
		}
		b.WriteString(rest)
		prev = w
	}
	if len(words) > 0 {
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// fold returns entry in lower case with diacritics removed and a possessive
// "'s" dropped, and whether entry had no capital letter. ok is false when
// the folded entry holds anything but a–z.
func fold(entry string) (word string, lower, ok bool) {
	if strings.HasSuffix(entry, "'s") {
		return "", false, false // the bare word is listed too
	}
	lower = true
	var b strings.Builder
	for _, r := range entry {
		if unicode.IsUpper(r) {
			lower = false
		}
		switch {
		case 'a' <= r && r <= 'z':
			b.WriteRune(r)
		case 'A' <= r && r <= 'Z':
			b.WriteRune(r - 'A' + 'a')
		case 0xC0 <= r && r <= 0xFF && latin1[r-0xC0] != "":
			b.WriteString(latin1[r-0xC0])
		default:
			return "", false, false
		}
	}
	if b.Len() == 0 {
		return "", false, false
	}
	return b.String(), lower, true
}

// latin1 folds the letters of Unicode's Latin-1 Supplement (U+00C0 to
// U+00FF) the way the bot's text folding does: the base letter of an accented
// one, and the same spellings as package search for those without a base
// (æ→ae, ø→o, þ→th, ð→d, ß→ss). "" marks × and ÷, which are not letters.
// The standard library has no Unicode decomposition, and the word list
// holds no letters beyond this block.
var latin1 = [64]string{
	"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
	"d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "ss",
	"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
	"d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "y",
}
