package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"iccbot/internal/answer"
	"iccbot/internal/config"
	"iccbot/internal/knowledge"
	"iccbot/internal/library"
	"iccbot/internal/llm"
)

// runCheck validates the knowledge and prompts folders for moderators: every
// problem as "path:line: message", then a summary. It exits 1 when anything
// is wrong, so that it can guard a commit or a deploy. Warnings (files
// skipped, documents that repeat one another) are printed as
// "path: warning: message" and do not fail it.
func runCheck(cfg config.Config, stdout io.Writer) error {
	lib := library.New(cfg.KnowledgeDir, cfg.PromptsDir, slog.New(slog.DiscardHandler), time.Now, nil, library.WithMaxBytes(cfg.KnowledgeMaxBytes))
	_ = lib.Load() // the problems are in the status
	st := lib.Status()
	lines := st.Problems
	if e := lib.Engine(); e != nil {
		lines = append(lines, unansweredExamples(cfg.KnowledgeDir, e)...)
	}
	// The LLM's templates must also hold what the LLM fills in; checked
	// whenever the LLM is configured, since then the bot refuses to start
	// without them.
	if s := lib.Snapshot(); cfg.LLMEnabled() && s != nil {
		for _, p := range llm.CheckPrompts(s.Prompts) {
			lines = append(lines, p.In(cfg.PromptsDir))
		}
	}
	for _, l := range lines {
		fmt.Fprintln(stdout, l)
	}
	for _, w := range st.Warnings {
		fmt.Fprintln(stdout, w)
	}
	summary := fmt.Sprintf("%d documents, %d passages", st.Documents, st.Passages)
	warned := ""
	switch n := len(st.Warnings); {
	case n == 1:
		warned = "; 1 warning"
	case n > 1:
		warned = fmt.Sprintf("; %d warnings", n)
	}
	if len(lines) > 0 {
		fmt.Fprintf(stdout, "%d problems (%s loaded)%s\n", len(lines), summary, warned)
		return &exitError{code: exitFailure}
	}
	fmt.Fprintf(stdout, "ok: %s%s\n", summary, warned)
	return nil
}

// unansweredExamples checks that every example question in front matter is
// one the bot answers: they are offered to people whose question was not
// covered, and must not lead to another "not covered".
func unansweredExamples(dir string, engine *answer.Engine) []string {
	kb := engine.Knowledge()
	var out []string
	for _, d := range kb.Docs {
		for _, ex := range d.Examples {
			q, err := answer.CleanQuestion(ex)
			if err == nil {
				var a answer.Answer
				a, err = engine.Answer(context.Background(), q)
				if err == nil && a.Answered {
					continue
				}
			}
			line := 1 + strings.Count(string(d.Src[:max(0, strings.Index(string(d.Src), ex))]), "\n")
			out = append(out, knowledge.Problem{Path: d.Path, Line: line, Msg: "example question is not answered by the knowledge: rephrase it or remove it"}.In(dir))
		}
	}
	return out
}
