package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"iccbot/internal/answer"
	"iccbot/internal/config"
	"iccbot/internal/knowledge"
	"iccbot/internal/llm"
	"iccbot/internal/prompts"
)

// runAsk answers one question, inv's words. It exits 0 whether or not the
// briefing covers the question: "not covered" is an answer, not a failure.
func runAsk(ctx context.Context, cfg config.Config, log *slog.Logger, inv invocation, stdout io.Writer) error {
	asJSON, words := inv.json, inv.args
	if len(words) == 0 {
		return inv.cmd.usageError("no question given")
	}
	q, err := answer.CleanQuestion(strings.Join(words, " "))
	if err != nil {
		return inv.cmd.usageError("%v", err)
	}

	engine, err := loadEngine(cfg, log)
	if err != nil {
		return err
	}
	var asker answer.Asker = engine
	if cfg.LLMEnabled() {
		set, problems := prompts.Load(cfg.PromptsDir)
		if len(problems) > 0 {
			return fmt.Errorf("ask: prompts: %s (run `iccbot check`)", problems[0])
		}
		if asker, err = newLLM(cfg, log, func() *answer.Engine { return engine }, func() *prompts.Set { return set }, nil, nil); err != nil {
			return fmt.Errorf("ask: %w", err)
		}
	}
	a, err := asker.Ask(ctx, "", q)
	if err != nil {
		return fmt.Errorf("ask: %w", err)
	}
	if err := engine.Check(a); err != nil {
		return fmt.Errorf("ask: %w", err)
	}
	if asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(a)
	}
	_, err = fmt.Fprintln(stdout, a.Text)
	return err
}

// newLLM builds the LLM answerer from the configuration: answers drafted
// by the model (llm), verified and falling back to the engine (answer).
// obs, when not nil, is told what happens to questions (metrics).
func newLLM(cfg config.Config, log *slog.Logger, engine func() *answer.Engine, set func() *prompts.Set, obs answer.ModelObserver, history answer.History) (*answer.Generated, error) {
	model, err := llm.New(llm.Config{
		BaseURL:       cfg.OpenAIBaseURL,
		APIKey:        cfg.OpenAIKey,
		Model:         cfg.OpenAIModel,
		Timeout:       cfg.OpenAITimeout,
		MaxConcurrent: cfg.OpenAIMaxConcurrent,
		MaxWaiting:    cfg.OpenAIMaxQueued,
	}, set, log)
	if err != nil {
		return nil, err
	}
	if history == nil {
		history = llm.NewMemory(nil)
	}
	return answer.NewGenerated(model, engine, answer.GeneratedConfig{
		Timeout:  cfg.OpenAITimeout,
		History:  history,
		Observer: obs,
		Log:      log,
	}), nil
}

// loadEngine loads the knowledge folder and indexes it. Problems in some
// files are logged and the rest is used; no usable file at all is an error.
func loadEngine(cfg config.Config, log *slog.Logger) (*answer.Engine, error) {
	kb, problems, err := knowledge.LoadLimit(cfg.KnowledgeDir, cfg.KnowledgeMaxBytes)
	if err != nil {
		return nil, err
	}
	for _, p := range problems {
		log.Warn("knowledge file skipped", "problem", p.String())
	}
	if len(kb.Docs) == 0 {
		return nil, errors.New("no usable knowledge in " + cfg.KnowledgeDir + ": run `iccbot check` to see why")
	}
	return answer.New(kb), nil
}
