package llm

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"

	"iccbot/internal/prompts"
)

// The templates in the prompts folder that LLM answers need.
const (
	// TemplateSystem is the system message for answering.
	TemplateSystem = "system.tmpl"
	// TemplateAnswer is the user message carrying the passages and the question.
	TemplateAnswer = "answer.tmpl"
	// TemplateRewriteSystem is the system message for turning a follow-up or a
	// question in another language into a standalone English question.
	TemplateRewriteSystem = "rewrite-system.tmpl"
	// TemplateRewrite is the user message carrying earlier turns and the question.
	TemplateRewrite = "rewrite.tmpl"
)

var templateNames = []string{TemplateSystem, TemplateAnswer, TemplateRewriteSystem, TemplateRewrite}

// PromptData is what the templates see. Everything in it except Tag is data
// written by someone else (the asker, the knowledge's editors, the model in
// an earlier turn); the templates put it between <Tag …> and </Tag> so that
// the model can tell data from instructions. Tag carries a random part made
// afresh for every request, so text inside the data cannot close the block
// early: its author cannot know the tag.
type PromptData struct {
	Tag string
	// Question is the user's message as they wrote it.
	Question string
	// Query is the question restated on its own in English, for retrieval;
	// it equals Question when no restating was needed.
	Query string
	// Passages are the passages to answer from, numbered from 1.
	Passages []PromptPassage
	// History holds earlier turns of the conversation, oldest first (only
	// for the rewrite templates).
	History []PromptTurn
}

// PromptPassage is one passage as the model sees it.
type PromptPassage struct {
	N       int // 1-based, what the model cites
	Title   string
	Heading string
	Text    string
}

// PromptTurn is one earlier exchange.
type PromptTurn struct {
	Question string
	Answer   string
}

// sampleData exercises every field, so a dry run finds a template that
// names a field PromptData lacks.
func sampleData() PromptData {
	return PromptData{
		Tag:      "data-0000",
		Question: "What did the court do?",
		Query:    "What did the court do in March?",
		Passages: []PromptPassage{{N: 1, Title: "Title", Heading: "Heading", Text: "The court met."}},
		History:  []PromptTurn{{Question: "When did the court meet?", Answer: "In March."}},
	}
}

// CheckPrompts reports, as "file:line: message" problems, the templates LLM
// answers need that are missing from set or fail when run. `iccbot check`
// and start-up with an LLM configured both call it.
func CheckPrompts(set *prompts.Set) []prompts.Problem {
	var out []prompts.Problem
	if set == nil {
		set = &prompts.Set{}
	}
	data := sampleData()
	for _, name := range templateNames {
		if _, err := set.Execute(name, data); err != nil {
			out = append(out, prompts.ExecProblem(name, err))
		}
	}
	return out
}

// newTag makes the per-request delimiter.
func newTag() string {
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		// crypto/rand does not fail on supported platforms; a fixed tag
		// still delimits, only less strongly.
		return "data"
	}
	return "data-" + hex.EncodeToString(b[:])
}

// render runs one template, naming it in the error.
func render(set *prompts.Set, name string, data PromptData) (string, error) {
	s, err := set.Execute(name, data)
	if err != nil {
		return "", fmt.Errorf("prompt %s: %w", name, err)
	}
	return s, nil
}
