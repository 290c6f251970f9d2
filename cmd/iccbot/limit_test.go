package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"
)

// KNOWLEDGE_MAX_BYTES reaches every command that loads the knowledge:
// `check` reports knowledge over it as a problem, and neither `ask` nor
// `serve` answers from it.
func TestKnowledgeMaxBytes(t *testing.T) {
	kd := knowledgeDir(t) // the briefing: a few KB
	const want = "over 1 KiB in all (KNOWLEDGE_MAX_BYTES)"

	t.Run("check", func(t *testing.T) {
		r := runCmd(t, env("KNOWLEDGE_DIR", kd, "PROMPTS_DIR", t.TempDir(), "KNOWLEDGE_MAX_BYTES", "1KiB"), "check")
		if r.code != 1 || !strings.Contains(r.stdout, want) || !strings.Contains(r.stdout, "(0 documents, 0 passages loaded)") {
			t.Errorf("check = exit %d, %q; want 1, the limit and nothing loaded", r.code, r.stdout)
		}
		r = runCmd(t, env("KNOWLEDGE_DIR", kd, "PROMPTS_DIR", t.TempDir(), "KNOWLEDGE_MAX_BYTES", "1MiB"), "check")
		if r.code != 0 {
			t.Errorf("check under the limit = exit %d, %q; want 0", r.code, r.stdout)
		}
	})
	t.Run("ask", func(t *testing.T) {
		r := runCmd(t, env("KNOWLEDGE_DIR", kd, "KNOWLEDGE_MAX_BYTES", "1KiB"), "ask", "Duterte")
		if r.code != 1 || !strings.Contains(r.stderr, "no usable knowledge") {
			t.Errorf("ask = exit %d, stderr %q; want 1 and no usable knowledge", r.code, r.stderr)
		}
	})
	t.Run("serve", func(t *testing.T) {
		t.Chdir(t.TempDir())
		// Bounded: a serve that ignored the limit would run until ctx ends.
		ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
		defer cancel()
		var out, errOut bytes.Buffer
		err := run(ctx, []string{"serve"}, env("KNOWLEDGE_DIR", kd, "PROMPTS_DIR", t.TempDir(), "HTTP_ADDR", "", "KNOWLEDGE_MAX_BYTES", "1KiB"), &out, &errOut)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("serve = %v; want a refusal naming the limit", err)
		}
	})
}
