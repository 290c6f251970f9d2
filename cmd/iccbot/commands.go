package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"iccbot/internal/config"
)

// command is one of iccbot's commands, as `iccbot help` describes it.
type command struct {
	name string
	// args is what follows the name in the usage line.
	args string
	// summary is one line for the list of commands.
	summary string
	// doc is what `iccbot help NAME` says after the usage line.
	doc string
	// flags declares the command's flags on fs, to be set in inv. They
	// are all booleans: parse reads each flag as one argument.
	flags func(fs *flag.FlagSet, inv *invocation)
	// operands reports whether the command takes arguments besides flags.
	operands bool
}

// invocation is a command line once parsed: the command, its flags and
// its arguments.
type invocation struct {
	cmd  command
	json bool     // ask --json
	args []string // the arguments that are not flags
}

// commands lists every command, in the order `iccbot help` shows them.
func commands() []command {
	return []command{{
		name:    "serve",
		summary: "run the bot (the default when no command is given)",
		doc: `Runs the bot: loads the knowledge and prompts folders and keeps them in
step with changes, serves health, metrics, the playground and /api/ask on
HTTP_ADDR, and connects to each chat platform that has a token. SIGHUP
reloads the knowledge; SIGINT or SIGTERM stops it, letting answers in
flight finish (up to 10 s).

Exit status: 0 after SIGINT or SIGTERM; 1 when a second one arrives during
the grace period, or when the bot cannot start; 2 on a usage error.`,
	}, {
		name:     "ask",
		args:     "[--json] QUESTION...",
		summary:  "answer one question from the knowledge folder",
		operands: true,
		flags: func(fs *flag.FlagSet, inv *invocation) {
			fs.BoolVar(&inv.json, "json", false, `print the answer as JSON: {"question", "answered", "answer", "citations", "mode"}`)
		},
		doc: `Answers one question with the same engine and configuration as the bot,
and prints the reply as it would be posted to a chat. Flags may come
before or after the question; put -- before a question that starts with -.

Exit status: 0 whether or not the knowledge covers the question; 1 when
there is no usable knowledge; 2 on a usage error (no question, only
punctuation or emoji, over 1,000 characters, an unknown flag).`,
	}, {
		name:    "check",
		summary: "check the knowledge and prompts folders",
		doc: `Checks the knowledge and prompts folders for moderators: prints every
problem as path:line: message, then a summary ("ok: N documents, M
passages"). PDF, web pages and Word documents are checked as the text
taken out of them (a scanned PDF is a problem: it needs OCR). Warns,
without failing, about files it skips (other file types) and about
documents that repeat one another, whose citations would be doubled.

Exit status: 0 when the folders are usable (warnings or not); 1 when
anything is wrong; 2 on a usage error.`,
	}, {
		name:     "extract",
		args:     "FILE",
		summary:  "print the Markdown the bot reads from a PDF, web page or Word file",
		operands: true,
		doc: `Prints the text the bot reads from a PDF (.pdf), a web page saved from a
browser (.html, .htm) or a Word document (.docx), as a Markdown knowledge
file: front matter (title, url, pages), headings, paragraphs and list
items, and for a PDF a "<!-- page N -->" line where each page starts.
Quotes from the file are exact spans of this text, and citations give
its pages or sections. To correct what was extracted, save the output
into the knowledge folder as a .md file, edit it, and remove the
original.

Exit status: 0 when text was extracted; 1 when the file cannot be read
or holds no text (a scanned PDF needs OCR first); 2 on a usage error.`,
	}, {
		name:    "health",
		summary: "check a running bot's /healthz (for container health checks)",
		doc: `Asks the bot running on HTTP_ADDR for /healthz (on 127.0.0.1 when it
listens on every interface) and prints ok.

Exit status: 0 when the bot answers healthy; 1 otherwise; 2 on a usage
error.`,
	}, {
		name:    "version",
		summary: "print the version and the source revision it was built from",
		doc: `Prints the module version and, when the binary was built from a git
checkout with go build, the revision, its time and whether the tree had
uncommitted changes; go run and go test leave those out. iccbot --version
does the same.

Exit status: 0; 2 on a usage error.`,
	}, {
		name:     "help",
		args:     "[COMMAND]",
		summary:  "print a command's usage, flags and environment variables",
		operands: true,
		doc: `Prints the list of commands, or with a command's name, its usage, flags
and the environment variables it reads. iccbot COMMAND --help does the
same.

Exit status: 0; 2 for a command that does not exist.`,
	}}
}

// findCommand returns the command called name.
func findCommand(name string) (command, bool) {
	cs := commands()
	i := slices.IndexFunc(cs, func(c command) bool { return c.name == name })
	if i < 0 {
		return command{}, false
	}
	return cs[i], true
}

// flagSet is the command's flags, writing into inv.
func (c command) flagSet(inv *invocation) *flag.FlagSet {
	fs := flag.NewFlagSet("iccbot "+c.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are returned, help printed by the caller
	if c.flags != nil {
		c.flags(fs, inv)
	}
	return fs
}

// parse reads the command's flags and arguments with the flag package.
// Flags may come anywhere among ask's words (`ask Duterte --json`), as
// they always could; "--" ends them, and a lone "-" or a run of dashes is
// a word. For -h, -help or --help it returns flag.ErrHelp.
func (c command) parse(args []string) (invocation, error) {
	inv := invocation{cmd: c}
	fs := c.flagSet(&inv)
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			inv.args = append(inv.args, args[i+1:]...)
			break
		}
		if len(a) < 2 || a[0] != '-' || strings.Trim(a, "-") == "" {
			inv.args = append(inv.args, a)
			continue
		}
		// One flag at a time: every flag is a boolean, so none takes the
		// next argument as its value.
		if err := fs.Parse([]string{a}); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return inv, err
			}
			name, _, _ := strings.Cut(a, "=")
			if fs.Lookup(strings.TrimLeft(name, "-")) == nil {
				hint := ""
				if c.name == "ask" {
					hint = " (put -- before a question that starts with -)"
				}
				return inv, c.usageError("unknown flag %s%s", name, hint)
			}
			return inv, c.usageError("%v", err)
		}
	}
	if len(inv.args) > 0 && !c.operands {
		return inv, c.usageError("takes no arguments")
	}
	return inv, nil
}

// usageLine is "iccbot NAME ARGS".
func (c command) usageLine() string {
	if c.args == "" {
		return "iccbot " + c.name
	}
	return "iccbot " + c.name + " " + c.args
}

// usageError is a usage error (exit 2) in this command: the message, the
// command's usage line and where to read more.
func (c command) usageError(format string, args ...any) error {
	msg := fmt.Sprintf(c.name+": "+format, args...)
	return &exitError{code: exitUsage, err: fmt.Errorf("%s\nusage: %s\nrun `iccbot help %s` for its flags and environment variables", msg, c.usageLine(), c.name)}
}

// writeHelp prints what `iccbot help NAME` says: the usage line, what the
// command does and its exit codes, its flags, and the environment
// variables it reads, taken from the configuration's own list.
func (c command) writeHelp(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "usage: %s\n\n%s\n\nFlags:\n", c.usageLine(), c.doc)
	fs := c.flagSet(&invocation{})
	fs.SetOutput(&b)
	fs.PrintDefaults()
	b.WriteString("  -h, -help\n    \tprint this help\n")

	vars := commandVariables(c.name)
	if len(vars) == 0 {
		b.WriteString("\nEnvironment: none.\n")
	} else {
		b.WriteString("\nEnvironment (also read from .env in the working directory; a variable set in\nthe environment wins):\n")
		tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
		for _, v := range vars {
			help := v.Help
			if v.Default != "" {
				help += " (default " + v.Default + ")"
			}
			fmt.Fprintf(tw, "  %s\t%s\n", v.Name, help)
		}
		tw.Flush()
		b.WriteString("An invalid value of any variable, listed here or not, stops the command.\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// commandVariables are the environment variables the command reads.
func commandVariables(name string) []config.Variable {
	var out []config.Variable
	for _, v := range config.Variables() {
		if slices.Contains(v.Commands, name) {
			out = append(out, v)
		}
	}
	return out
}

// generalUsage is what `iccbot help` prints: every command in a line.
func generalUsage() string {
	var b strings.Builder
	b.WriteString("usage:\n")
	tw := tabwriter.NewWriter(&b, 0, 0, 3, ' ', 0)
	for _, c := range commands() {
		line := c.usageLine()
		if c.name == "serve" {
			line = "iccbot [serve]"
		}
		fmt.Fprintf(tw, "  %s\t%s\n", line, c.summary)
	}
	tw.Flush()
	b.WriteString("\nRun `iccbot help COMMAND` or `iccbot COMMAND --help` for a command's flags\nand the environment variables it reads.")
	return b.String()
}

// runHelp is `iccbot help [COMMAND]`.
func runHelp(inv invocation, stdout io.Writer) error {
	switch len(inv.args) {
	case 0:
		_, err := fmt.Fprintln(stdout, generalUsage())
		return err
	case 1:
		c, ok := findCommand(inv.args[0])
		if !ok {
			return inv.cmd.usageError("unknown command %q", inv.args[0])
		}
		return c.writeHelp(stdout)
	}
	return inv.cmd.usageError("takes one command's name")
}
