package main

import (
	"cmp"
	"flag"
	"runtime/debug"
	"slices"
	"strings"
	"testing"

	"iccbot/internal/config"
)

func TestVersion(t *testing.T) {
	// Neither needs a usable configuration.
	broken := env("LOG_LEVEL", "loud")
	v := runCmd(t, broken, "version")
	if v.code != 0 || v.stderr != "" {
		t.Fatalf("version = exit %d, stderr %q; want 0 and nothing", v.code, v.stderr)
	}
	// A test binary carries no VCS information, unless built with
	// -buildvcs=true: the output says what the build info holds.
	bi, _ := debug.ReadBuildInfo()
	want := []string{"iccbot " + cmp.Or(bi.Main.Version, "(devel)") + "\n", "revision: unknown (no VCS information", "\ngo: go1."}
	for _, s := range bi.Settings {
		if s.Key == "vcs.revision" {
			want[1] = "revision: " + s.Value + "\n"
		}
	}
	for _, want := range want {
		if !strings.Contains(v.stdout, want) {
			t.Errorf("version printed %q; want it to hold %q", v.stdout, want)
		}
	}
	if dd := runCmd(t, broken, "--version"); dd.code != 0 || dd.stdout != v.stdout {
		t.Errorf("--version = exit %d, %q; want 0 and what version prints, %q", dd.code, dd.stdout, v.stdout)
	}
	if r := runCmd(t, broken, "version", "x"); r.code != 2 || r.stdout != "" {
		t.Errorf("version x = exit %d, %q; want 2 and nothing on stdout", r.code, r.stdout)
	}
}

func TestVersionText(t *testing.T) {
	vcs := []debug.BuildSetting{
		{Key: "-buildmode", Value: "exe"},
		{Key: "vcs", Value: "git"},
		{Key: "vcs.revision", Value: "7fc7ca7c0123456789abcdef0123456789abcdef"},
		{Key: "vcs.time", Value: "2025-11-20T10:00:00Z"},
		{Key: "vcs.modified", Value: "true"},
	}
	tests := []struct {
		name string
		bi   *debug.BuildInfo
		ok   bool
		want []string
	}{
		{"go build in a checkout", &debug.BuildInfo{GoVersion: "go1.26.1", Main: debug.Module{Path: "iccbot", Version: "v0.0.0-20251120100000-7fc7ca7c0123+dirty"}, Settings: vcs}, true, []string{
			"iccbot v0.0.0-20251120100000-7fc7ca7c0123+dirty\n",
			"revision: 7fc7ca7c0123456789abcdef0123456789abcdef\n",
			"time: 2025-11-20T10:00:00Z\n",
			"modified: true\n",
			"go: go1.26.1 ",
		}},
		{"a tagged release", &debug.BuildInfo{GoVersion: "go1.26.1", Main: debug.Module{Path: "iccbot", Version: "v1.2.0"}, Settings: vcs[:4]}, true, []string{
			"iccbot v1.2.0\n", "revision: 7fc7ca7c", "time: 2025-11-20T10:00:00Z\n",
		}},
		{"go run", &debug.BuildInfo{GoVersion: "go1.26.1", Main: debug.Module{Path: "iccbot", Version: "(devel)"}, Settings: vcs[:1]}, true, []string{
			"iccbot (devel)\n", "revision: unknown (no VCS information in this build: go run, go test and -buildvcs=false leave it out", "go: go1.26.1 ",
		}},
		{"no module version", &debug.BuildInfo{Main: debug.Module{Path: "iccbot"}}, true, []string{"iccbot (devel)\n", "revision: unknown"}},
		{"no build information", nil, false, []string{"iccbot (unknown version: built without module information)\n", "revision: unknown", "go: go1."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := versionText(tt.bi, tt.ok)
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("versionText = %q; want it to hold %q", got, w)
				}
			}
			if tt.ok && len(tt.bi.Settings) < 3 && strings.Contains(got, "modified:") {
				t.Errorf("versionText = %q; says modified without VCS information", got)
			}
		})
	}
}

// Every command explains itself, by `help CMD`, `CMD --help` and `CMD -h`:
// its usage, its flags and the environment variables it reads, without
// needing a usable configuration, on stdout, with exit 0.
func TestHelpForEveryCommand(t *testing.T) {
	// What each command must show, besides what config.Variables says it
	// reads: written out here so that a variable dropped from the list by
	// mistake fails too.
	musts := map[string][]string{
		"serve":   {"usage: iccbot serve\n", "KNOWLEDGE_DIR", "HTTP_ADDR", "HTTP_MODERATOR_TOKEN", "TELEGRAM_BOT_TOKEN", "DISCORD_TOKEN", "DISCORD_THREADS", "FEEDBACK_ENABLED", "OPENAI_API_KEY", "LOG_LEVEL", "RATE_LIMIT_PER_MINUTE", "SIGHUP"},
		"ask":     {"usage: iccbot ask [--json] QUESTION...\n", "-json", "KNOWLEDGE_DIR", "KNOWLEDGE_MAX_BYTES", "OPENAI_API_KEY", "OPENAI_MODEL", "LOG_LEVEL", "Exit status: 0 whether or not"},
		"check":   {"usage: iccbot check\n", "KNOWLEDGE_DIR", "PROMPTS_DIR", "OPENAI_API_KEY", "warning"},
		"health":  {"usage: iccbot health\n", "HTTP_ADDR"},
		"extract": {"usage: iccbot extract FILE\n", "<!-- page N -->", "Environment: none.", "Exit status: 0 when text was extracted"},
		"version": {"usage: iccbot version\n", "Environment: none."},
		"help":    {"usage: iccbot help [COMMAND]\n", "Environment: none."},
	}
	mustNot := map[string][]string{
		"health": {"KNOWLEDGE_DIR", "TELEGRAM_BOT_TOKEN"},
		"check":  {"TELEGRAM_BOT_TOKEN", "HTTP_ADDR"},
		"ask":    {"TELEGRAM_BOT_TOKEN", "HTTP_ADDR"},
	}
	for name := range musts {
		if _, ok := findCommand(name); !ok {
			t.Errorf("this test knows a command %s that does not exist", name)
		}
	}
	broken := env("LOG_LEVEL", "loud", "KNOWLEDGE_DIR", "")
	for _, c := range commands() {
		want := append([]string(nil), musts[c.name]...)
		if want == nil {
			t.Errorf("command %s: add what its help must say to this test", c.name)
		}
		for _, v := range config.Variables() {
			if slices.Contains(v.Commands, c.name) {
				want = append(want, "\n  "+v.Name+" ")
			}
		}
		for _, args := range [][]string{{"help", c.name}, {c.name, "--help"}, {c.name, "-h"}, {c.name, "-help"}} {
			t.Run(strings.Join(args, " "), func(t *testing.T) {
				r := runCmd(t, broken, args...)
				if r.code != 0 || r.stderr != "" {
					t.Fatalf("exit %d, stderr %q; want 0 and nothing", r.code, r.stderr)
				}
				for _, w := range want {
					if !strings.Contains(r.stdout, w) {
						t.Errorf("help lacks %q:\n%s", w, r.stdout)
					}
				}
				for _, w := range mustNot[c.name] {
					if strings.Contains(r.stdout, w) {
						t.Errorf("help lists %s, which %s does not read:\n%s", w, c.name, r.stdout)
					}
				}
			})
		}
	}
}

func TestHelpListsEveryCommand(t *testing.T) {
	for _, args := range [][]string{{"help"}, {"--help"}, {"-h"}} {
		r := runCmd(t, env(), args...)
		if r.code != 0 {
			t.Errorf("%q: exit %d", args, r.code)
		}
		for _, c := range commands() {
			if !strings.Contains(r.stdout, "iccbot "+c.name) && !strings.Contains(r.stdout, "iccbot ["+c.name+"]") {
				t.Errorf("%q does not list %s:\n%s", args, c.name, r.stdout)
			}
		}
	}
}

// Every command a variable names exists, so no variable is listed for a
// command nobody can run.
func TestVariablesNameRealCommands(t *testing.T) {
	for _, v := range config.Variables() {
		for _, name := range v.Commands {
			if _, ok := findCommand(name); !ok {
				t.Errorf("config.Variables: %s is read by %q, which is not a command", v.Name, name)
			}
		}
	}
}

func TestCommandUsageErrors(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"help", "nosuch"}, `help: unknown command "nosuch"`},
		{[]string{"help", "ask", "check"}, "help: takes one command's name"},
		{[]string{"serve", "now"}, "serve: takes no arguments"},
		{[]string{"health", "x"}, "health: takes no arguments"},
		{[]string{"check", "--json"}, "check: unknown flag --json"},
		{[]string{"serve", "-port=80"}, "serve: unknown flag -port"},
		{[]string{"ask", "-json=maybe", "q"}, "ask: invalid boolean value"},
		{[]string{"-x"}, "unknown flag -x"},
		{[]string{"--json", "ask"}, "unknown flag --json"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			r := runCmd(t, env(), tt.args...)
			if r.code != 2 || !strings.Contains(r.stderr, tt.want) || r.stdout != "" {
				t.Errorf("run(%q) = exit %d, stdout %q, stderr %q; want exit 2 and %q", tt.args, r.code, r.stdout, r.stderr, tt.want)
			}
			if !strings.Contains(r.stderr, "usage:") {
				t.Errorf("run(%q): stderr %q lacks the usage", tt.args, r.stderr)
			}
		})
	}
}

// ask reads its flags one argument at a time (they may follow the
// question), which holds only while each is a boolean.
func TestAskFlagsAreBooleans(t *testing.T) {
	for _, c := range commands() {
		c.flagSet(&invocation{}).VisitAll(func(f *flag.Flag) {
			if b, ok := f.Value.(interface{ IsBoolFlag() bool }); !ok || !b.IsBoolFlag() {
				t.Errorf("%s -%s takes a value; parse reads each flag as one argument", c.name, f.Name)
			}
		})
	}
}

func TestAskFlagForms(t *testing.T) {
	kd := knowledgeDir(t)
	for _, args := range [][]string{
		{"ask", "-json", "Duterte"},
		{"ask", "--json=true", "Duterte"},
		{"ask", "Duterte", "-json"},
	} {
		r := runCmd(t, env("KNOWLEDGE_DIR", kd), args...)
		if r.code != 0 || !strings.HasPrefix(r.stdout, "{") {
			t.Errorf("run(%q) = exit %d, %q; want JSON", args, r.code, r.stdout)
		}
	}
	r := runCmd(t, env("KNOWLEDGE_DIR", kd), "ask", "--json=false", "Duterte")
	if r.code != 0 || strings.HasPrefix(r.stdout, "{") {
		t.Errorf("ask --json=false = exit %d, %q; want text", r.code, r.stdout)
	}
}
