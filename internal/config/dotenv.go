package config

import (
	"bytes"
	"fmt"
	"os"
	"unicode"

	"github.com/joho/godotenv"
)

// readDotEnv parses the .env file at path with godotenv. A missing file
// is returned as is (os.ErrNotExist), for the caller to allow.
//
// godotenv's syntax errors quote the file from the mistake onwards, which
// is where tokens and keys live, so they are never passed on: the error
// names the file, the line and the variable, and nothing of any value.
func readDotEnv(path string) (map[string]string, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	vars, err := godotenv.UnmarshalBytes(src)
	if err != nil {
		return nil, dotEnvSyntaxError(path, src)
	}
	return vars, nil
}

// dotEnvSyntaxError finds the first mistake in src by walking it the way
// godotenv's parser does (statements, comments, "export", KEY=value or
// KEY: value, quoted values that may span lines), and describes it as
// "path:line: message". Messages hold the variable's name at most.
func dotEnvSyntaxError(path string, src []byte) error {
	src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
	line := func(pos int) int { return 1 + bytes.Count(src[:pos], []byte("\n")) }
	for pos := 0; ; {
		// The next statement: skip blank space and comment lines.
		for pos < len(src) && unicode.IsSpace(rune(src[pos])) {
			pos++
		}
		if pos == len(src) {
			break
		}
		if src[pos] == '#' {
			nl := bytes.IndexByte(src[pos:], '\n')
			if nl < 0 {
				break
			}
			pos += nl
			continue
		}
		start := pos
		if rest, ok := bytes.CutPrefix(src[pos:], []byte("export")); ok && len(rest) > 0 && isBlank(rest[0]) {
			pos += len("export")
			for pos < len(src) && isBlank(src[pos]) {
				pos++
			}
		}
		// The name, up to '=' or ':'.
		nameStart, sep := pos, -1
		for ; pos < len(src); pos++ {
			c := src[pos]
			if c == '=' || c == ':' {
				sep = pos
				break
			}
			if r := rune(c); isBlank(c) || c == '_' || c == '.' || unicode.IsLetter(r) || unicode.IsNumber(r) {
				continue // godotenv's test, byte by byte as it makes it
			}
			// A name followed by a blank ("KEY value") is shown, and one
			// alone on its line when it has an underscore: other words may
			// be a token pasted on a line of its own.
			word, name := src[nameStart:pos], ""
			if c == '\n' && bytes.IndexByte(word, '_') > 0 {
				name = nameOf(word, true)
			} else {
				name = nameOf(word, false)
			}
			return fmt.Errorf("%s:%d: %snot KEY=value (the line is not shown: it may hold a secret)", path, line(pos), name)
		}
		if sep < 0 {
			break // godotenv reads a trailing name without '=' as a value of ""
		}
		name := src[nameStart:sep]
		pos = sep + 1
		for pos < len(src) && isBlank(src[pos]) {
			pos++
		}
		// The value: to the end of the line, or to its closing quote.
		if pos < len(src) && (src[pos] == '"' || src[pos] == '\'') {
			q, end := src[pos], -1
			for i := pos + 1; i < len(src); i++ {
				if src[i] == q && src[i-1] != '\\' {
					end = i
					break
				}
			}
			if end < 0 {
				return fmt.Errorf("%s:%d: %sthe quoted value has no closing %c", path, line(start), nameOf(name, true), q)
			}
			pos = end + 1
			continue
		}
		if eol := bytes.IndexAny(src[pos:], "\r\n"); eol >= 0 {
			pos += eol
		} else {
			pos = len(src)
		}
	}
	// The walk found nothing godotenv objected to: say so without detail.
	return fmt.Errorf("%s: a syntax error (not shown: the file may hold secrets); each line must be KEY=value", path)
}

// nameOf is the variable name at the start of s followed by ": ", or "".
// A name is shaped like an environment variable (capitals, digits and
// underscores) and ends at a blank, or at the end of s when alone is true.
// Nothing after the name (a value typed without '=') comes with it.
func nameOf(s []byte, alone bool) string {
	n := 0
	for n < len(s) && (s[n] == '_' || s[n] >= '0' && s[n] <= '9' || s[n] >= 'A' && s[n] <= 'Z') {
		n++
	}
	switch {
	case n == 0 || s[0] >= '0' && s[0] <= '9':
		return ""
	case n == len(s) && !alone, n < len(s) && !isBlank(s[n]):
		return ""
	}
	return string(s[:n]) + ": "
}

// isBlank is godotenv's "space": white space other than a line break.
func isBlank(c byte) bool {
	switch c {
	case '\t', '\v', '\f', '\r', ' ', 0x85, 0xA0:
		return true
	}
	return false
}
