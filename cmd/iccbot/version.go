package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"strings"
)

// runVersion is `iccbot version` and `iccbot --version`.
func runVersion(stdout io.Writer) error {
	bi, ok := debug.ReadBuildInfo()
	_, err := io.WriteString(stdout, versionText(bi, ok))
	return err
}

// versionText describes a build, as debug.ReadBuildInfo reports it: the
// main module's version, then, when go build found a git checkout, the
// revision, its time and whether the tree had uncommitted changes, then
// the Go release and platform. go run and go test (and -buildvcs=false)
// record no revision, and the text says so rather than inventing one.
func versionText(bi *debug.BuildInfo, ok bool) string {
	var b strings.Builder
	goVersion := runtime.Version()
	version := "(unknown version: built without module information)"
	settings := map[string]string{}
	if ok && bi != nil {
		version = bi.Main.Version
		if version == "" {
			version = "(devel)"
		}
		if bi.GoVersion != "" {
			goVersion = bi.GoVersion
		}
		for _, s := range bi.Settings {
			settings[s.Key] = s.Value
		}
	}
	fmt.Fprintf(&b, "iccbot %s\n", version)
	if rev := settings["vcs.revision"]; rev != "" {
		fmt.Fprintf(&b, "revision: %s\n", rev)
		if t := settings["vcs.time"]; t != "" {
			fmt.Fprintf(&b, "time: %s\n", t)
		}
		if m := settings["vcs.modified"]; m != "" {
			fmt.Fprintf(&b, "modified: %s\n", m)
		}
	} else {
		b.WriteString("revision: unknown (no VCS information in this build: go run, go test and -buildvcs=false leave it out; go build in a git checkout records it)\n")
	}
	fmt.Fprintf(&b, "go: %s %s/%s\n", goVersion, runtime.GOOS, runtime.GOARCH)
	return b.String()
}
