package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The bot process as the operating system runs it — main, with real
// signals — in a child process (this test binary, re-run as iccbot serve).
// SIGHUP reloads the knowledge and prompts and the process lives on (it
// used to end it with status 129); a second SIGTERM while an answer holds
// the shutdown exits at once with status 1, after a log line.
func TestServeSignals(t *testing.T) {
	if os.Getenv("ICCBOT_TEST_MAIN") == "1" {
		os.Args = []string{"iccbot", "serve"}
		main()
		return
	}
	kd := t.TempDir()
	src, err := os.ReadFile(filepath.Join(knowledgeDir(t), "hrw-icc-asp-2025.md"))
	if err != nil {
		t.Fatal(err)
	}
	write(t, kd, "hrw-icc-asp-2025.md", string(src))
	pd, err := filepath.Abs("../../prompts")
	if err != nil {
		t.Fatal(err)
	}

	cmd := exec.Command(os.Args[0], "-test.run=^TestServeSignals$")
	cmd.Dir = t.TempDir() // no stray .env
	cmd.Env = []string{"ICCBOT_TEST_MAIN=1", "KNOWLEDGE_DIR=" + kd, "PROMPTS_DIR=" + pd, "HTTP_ADDR=127.0.0.1:0"}
	logs := newLogLines()
	cmd.Stderr = logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	var waitErr error
	go func() { waitErr = cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-exited
	})
	send := func(sig os.Signal) {
		t.Helper()
		if err := cmd.Process.Signal(sig); err != nil {
			t.Fatalf("signal %v: %v", sig, err)
		}
	}
	// waitLog, but a child that dies says so at once.
	waitLog := func(want string) string {
		t.Helper()
		deadline := time.After(15 * time.Second)
		for {
			select {
			case line := <-logs.lines:
				if strings.Contains(line, want) {
					return line
				}
			case <-exited:
				t.Fatalf("waiting for %q, the process ended: %v; log:\n%s", want, waitErr, logs.String())
			case <-deadline:
				t.Fatalf("no log line with %q; log so far:\n%s", want, logs.String())
			}
		}
	}
	line := waitLog("HTTP listening")
	addr := strings.Fields(line[strings.Index(line, "addr=")+len("addr="):])[0]
	waitLog("watching for changes")

	// SIGHUP: a reload, with nothing changed on disk, and the process
	// carries on.
	send(syscall.SIGHUP)
	waitLog("SIGHUP: reloading the knowledge and prompts")
	waitLog("knowledge loaded")
	resp, err := http.Get("http://" + addr + "/metrics")
	if err != nil {
		t.Fatalf("after SIGHUP: %v; log:\n%s", err, logs.String())
	}
	metrics, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(metrics), "iccbot_knowledge_reloads_total 2") {
		t.Errorf("after SIGHUP, /metrics lacks iccbot_knowledge_reloads_total 2")
	}

	// A question in flight holds the shutdown: "Expect: 100-continue"
	// makes the server say "100 Continue" once the handler reads the body,
	// which the test never sends.
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST /api/ask HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: 100\r\n\r\n")
	if cont, err := http.ReadResponse(bufio.NewReader(conn), nil); err != nil || cont.StatusCode != http.StatusContinue {
		t.Fatalf("want 100 Continue, got %v %v", cont, err)
	}

	send(syscall.SIGTERM)
	waitLog("shutting down")
	select {
	case <-exited:
		t.Fatalf("exited (%v) with an answer in flight after one SIGTERM", waitErr)
	default:
	}
	send(syscall.SIGTERM)
	// Not waitLog: the process is meant to end right after this line.
	logs.waitLog(t, "second stop signal during shutdown")
	select {
	case <-exited:
	case <-time.After(5 * time.Second): // the grace period is 10 s
		t.Fatal("a second SIGTERM did not end the process at once")
	}
	var ee *exec.ExitError
	if !errors.As(waitErr, &ee) || ee.ExitCode() != 1 {
		t.Errorf("exit = %v; want status 1", waitErr)
	}
}
