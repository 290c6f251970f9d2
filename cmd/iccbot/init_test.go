package main

import (
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
)

// maxInitBytes bounds what one of our packages may allocate at package
// init. Every run of iccbot pays for it, `version` and `health` included;
// past this, a package is building something large (a regular expression
// with a counted repetition, a table) that should be built when first
// needed.
const maxInitBytes = 128 << 10

// The test binary links every package iccbot does; run again with
// GODEBUG=inittrace=1 and no test, it reports what each package's init
// allocated. Bytes, unlike times, do not vary from run to run.
//
// Regression: internal/telegram compiled ^[A-Za-z0-9_-]{1,256}$ at init:
// 241 KB and about 3.5 ms of every run, Telegram on or off.
func TestPackageInitIsCheap(t *testing.T) {
	cmd := exec.CommandContext(t.Context(), os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	seen := 0
	for _, line := range strings.Split(string(out), "\n") {
		// init iccbot/internal/telegram @21 ms, 3.4 ms clock, 241248 bytes, 3360 allocs
		f := strings.Fields(line)
		if len(f) < 10 || f[0] != "init" || !strings.HasPrefix(f[1], "iccbot/") || f[8] != "bytes," {
			continue
		}
		seen++
		n, err := strconv.Atoi(f[7])
		if err != nil {
			t.Fatalf("cannot read %q: %v", line, err)
		}
		if n > maxInitBytes {
			t.Errorf("%s allocates %d bytes at package init; want at most %d: build what it needs when first needed (sync.OnceValue)\n%s", f[1], n, maxInitBytes, line)
		}
	}
	if seen == 0 {
		t.Fatalf("no init trace of our packages in:\n%s", out)
	}
}
