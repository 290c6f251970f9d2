package bot

import (
	"strings"
	"unicode"
)

// ParseCommand reads a command typed as plain text, for a surface with no
// command syntax of its own (the playground): "/help", "/ask@Bot When…",
// or a bare command word ("help", "Sources?"). It returns the command and
// the text after it; cmd is CmdNone when text is not a command, and then
// rest is text unchanged. A slash and a word that is not one of ours reads
// as CmdHelp, as it does in a private Telegram chat. A bare "ask" with a
// question after it is not a command: it reads as the question it is.
func ParseCommand(text string) (cmd, rest string) {
	t := strings.TrimSpace(text)
	if after, ok := strings.CutPrefix(t, "/"); ok && isWordStart(after) {
		name, args := after, ""
		if i := strings.IndexFunc(after, unicode.IsSpace); i >= 0 {
			name, args = after[:i], strings.TrimSpace(after[i:])
		}
		name, _, _ = strings.Cut(name, "@")
		name = strings.ToLower(name)
		if isCommandName(name) {
			return name, args
		}
		return CmdHelp, ""
	}
	if name, ok := bareCommand(t); ok {
		return name, ""
	}
	return CmdNone, text
}

// bareCommand reports whether text is nothing but a command's name, with
// or without a slash, in any case, perhaps followed by "?", "!" or ".".
// Such a message is a command, never a question: it is not answered from
// the knowledge nor counted as an unanswered question.
func bareCommand(text string) (string, bool) {
	t := strings.TrimSpace(text)
	t = strings.TrimPrefix(t, "/")
	t = strings.TrimRight(t, "?!. ")
	t = strings.ToLower(t)
	return t, isCommandName(t)
}

func isCommandName(name string) bool {
	switch name {
	case CmdAsk, CmdHelp, CmdStart, CmdSources, CmdGaps, CmdFlagged:
		return true
	}
	return false
}

func isWordStart(s string) bool {
	for _, r := range s {
		return unicode.IsLetter(r)
	}
	return false
}
