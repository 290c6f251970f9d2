package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"iccbot/internal/answer"
	"iccbot/internal/config"
	"iccbot/internal/knowledge"
	"iccbot/internal/prompts"
)

// runCheck validates the knowledge and prompts folders for moderators: every
// problem as "path:line: message", then a summary. It exits 1 when anything
// is wrong, so that it can guard a commit or a deploy.
func runCheck(cfg config.Config, args []string, stdout io.Writer) error {
	if len(args) > 0 {
		return usageError("check: takes no arguments")
	}
	kb, problems, err := knowledge.Load(cfg.KnowledgeDir)
	if err != nil {
		return &exitError{code: exitFailure, err: err}
	}
	var lines []string
	for _, p := range problems {
		lines = append(lines, joinPath(cfg.KnowledgeDir, p.String()))
	}
	if len(kb.Docs) == 0 && len(problems) == 0 {
		lines = append(lines, cfg.KnowledgeDir+": no .md or .txt files to answer from")
	}
	lines = append(lines, unansweredExamples(cfg.KnowledgeDir, kb)...)
	_, tmplProblems := prompts.Load(cfg.PromptsDir)
	for _, p := range tmplProblems {
		lines = append(lines, joinPath(cfg.PromptsDir, p.String()))
	}

	for _, l := range lines {
		fmt.Fprintln(stdout, l)
	}
	summary := fmt.Sprintf("%d documents, %d passages", len(kb.Docs), len(kb.Passages))
	if len(lines) > 0 {
		fmt.Fprintf(stdout, "%d problems (%s loaded)\n", len(lines), summary)
		return &exitError{code: exitFailure}
	}
	fmt.Fprintf(stdout, "ok: %s\n", summary)
	return nil
}

// unansweredExamples checks that every example question in front matter is
// one the bot answers: they are offered to people whose question was not
// covered, and must not lead to another "not covered".
func unansweredExamples(dir string, kb *knowledge.Base) []string {
	if len(kb.Docs) == 0 {
		return nil
	}
	engine := answer.New(kb)
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
			out = append(out, joinPath(dir, fmt.Sprintf("%s:%d: example question is not answered by the knowledge: rephrase it or remove it", d.Path, line)))
		}
	}
	return out
}

// joinPath prefixes a problem's folder-relative path with the folder, so
// that editors can jump to it from the terminal.
func joinPath(dir, problem string) string {
	if dir == "" || dir == "." {
		return problem
	}
	return strings.TrimSuffix(dir, "/") + "/" + problem
}
