// Package answer turns a question into a reply made of verbatim, cited
// quotes from the knowledge base, or a plain statement that the knowledge
// does not cover it.
//
// The rule this package exists to keep: no quote leaves it unless its text is
// byte for byte the cited span of a knowledge file.
package answer

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"iccbot/internal/knowledge"
	"iccbot/internal/search"
)

// Modes reported in Answer.Mode.
const (
	ModeExtractive         = "extractive"
	ModeLLM                = "llm"
	ModeExtractiveFallback = "extractive-fallback"
)

// Citation is one verbatim quote and where it comes from.
type Citation struct {
	Source  string `json:"source"`  // path relative to the knowledge folder
	Title   string `json:"title"`   // document title
	Passage string `json:"passage"` // stable passage id
	Quote   string `json:"quote"`   // exactly Src[Span.Start:Span.End]

	// Translation is the quote in the asker's language, when an LLM answered
	// in another language; it is the model's, not the source's, and is
	// always shown marked with TranslationLabel ("Traducción").
	Translation      string `json:"translation,omitempty"`
	TranslationLabel string `json:"-"`

	// Number is the passage's position in its document, for people ("¶4").
	Number int `json:"-"`
	// Span locates Quote in the source file.
	Span knowledge.Span `json:"-"`
}

// Answer is the reply to one question, ready for any platform to render.
type Answer struct {
	Question  string     `json:"question"`
	Answered  bool       `json:"answered"`
	Text      string     `json:"answer"` // the reply as plain text
	Citations []Citation `json:"citations"`
	Mode      string     `json:"mode"`

	// Lead is the one line before the quotes; it makes no claim of its own.
	Lead string `json:"-"`
	// Suggestions are example questions offered when Answered is false,
	// introduced by SuggestionsIntro (in the asker's language; English when
	// empty).
	Suggestions      []string `json:"-"`
	SuggestionsIntro string   `json:"-"`
}

// Engine answers from one loaded knowledge base. It is immutable and safe
// for concurrent use; a reload builds a new Engine.
type Engine struct {
	kb          *knowledge.Base
	ix          *search.Index
	suggestions []string
}

// New indexes a knowledge base.
func New(kb *knowledge.Base) *Engine {
	texts := make([]string, len(kb.Passages))
	for i, p := range kb.Passages {
		texts[i] = p.Text()
	}
	e := &Engine{kb: kb, ix: search.Build(texts)}
	for _, d := range kb.Docs {
		e.suggestions = append(e.suggestions, d.Examples...)
	}
	return e
}

// Knowledge returns the base the engine answers from.
func (e *Engine) Knowledge() *knowledge.Base { return e.kb }

// Answer answers a question (already cleaned by CleanQuestion) from the
// knowledge base alone. It never fails for a well-formed question; ctx is
// there for the callers that wrap it with slower generators.
func (e *Engine) Answer(ctx context.Context, question string) (Answer, error) {
	if err := ctx.Err(); err != nil {
		return Answer{}, fmt.Errorf("answer: %w", err)
	}
	picked := e.retrieve(question)
	a := Answer{Question: question, Mode: ModeExtractive, Citations: []Citation{}}
	if picked == nil {
		return e.notCovered(a), nil
	}
	for _, s := range picked {
		p := e.kb.Passages[s.passage]
		a.Citations = append(a.Citations, Citation{
			Source:  p.Doc.Path,
			Title:   p.Doc.Title,
			Passage: p.ID,
			Quote:   string(p.Doc.Src[s.span.Start:s.span.End]),
			Number:  p.Number,
			Span:    s.span,
		})
	}
	a.Citations = e.verified(a.Citations)
	if len(a.Citations) == 0 {
		return e.notCovered(a), nil
	}
	a.Answered = true
	a.Lead = e.lead(a.Citations)
	a.Text = Render(a)
	return a, nil
}

// verified drops any citation whose quote is not exactly its source span.
// Extractive quotes are cut from the source, so this only ever fires on a
// bug; it is here so that no future change can skip it.
func (e *Engine) verified(cs []Citation) []Citation {
	out := cs[:0]
	for _, c := range cs {
		if e.kb.Verify(c.Source, c.Span, c.Quote) {
			out = append(out, c)
		}
	}
	return out
}

func (e *Engine) lead(cs []Citation) string {
	for _, c := range cs[1:] {
		if c.Source != cs[0].Source {
			return "Here is what the sources say:"
		}
	}
	return "Here is what the briefing says:"
}

func (e *Engine) notCovered(a Answer) Answer {
	a.Answered = false
	a.Citations = []Citation{}
	a.Lead = "The briefing does not cover that, so I can't answer it."
	a.Suggestions = e.suggestions
	if len(a.Suggestions) > 3 {
		a.Suggestions = a.Suggestions[:3]
	}
	a.SuggestionsIntro = defaultSuggestionsIntro
	a.Text = Render(a)
	return a
}

const defaultSuggestionsIntro = "You could ask, for example:"

// Render writes an answer as plain text: the lead line, then each quote in
// quotation marks with its citation on the next line (and its marked
// translation, if any). White space inside a quote is collapsed for display
// only; the citation keeps the exact span.
func Render(a Answer) string {
	var b strings.Builder
	b.WriteString(a.Lead)
	if !a.Answered {
		if len(a.Suggestions) > 0 {
			intro := a.SuggestionsIntro
			if intro == "" {
				intro = defaultSuggestionsIntro
			}
			b.WriteString(" " + intro)
			for _, s := range a.Suggestions {
				b.WriteString("\n- ")
				b.WriteString(s)
			}
		}
		return b.String()
	}
	for _, c := range a.Citations {
		fmt.Fprintf(&b, "\n\n\"%s\"\n— %s", strings.Join(strings.Fields(c.Quote), " "), CitationLabel(c))
		if t := TranslationLine(c); t != "" {
			b.WriteString("\n" + t)
		}
	}
	return b.String()
}

// TranslationLine is how a quote's translation is shown: marked as one, in
// brackets, never in quotation marks. Empty when there is none.
func TranslationLine(c Citation) string {
	if c.Translation == "" {
		return ""
	}
	label := c.TranslationLabel
	if label == "" {
		label = "Translation"
	}
	return "(" + label + ": " + c.Translation + ")"
}

// CitationLabel is how a citation is named to people: the document's title
// and the passage's number in it.
func CitationLabel(c Citation) string {
	return fmt.Sprintf("%s, ¶%d", c.Title, c.Number)
}

// Asker answers a question asked in a conversation. The conversation key
// (platform, chat and thread) lets an implementation read a follow-up in
// the light of earlier turns; Engine ignores it.
type Asker interface {
	Ask(ctx context.Context, conversation, question string) (Answer, error)
}

// Ask answers from the knowledge alone; see Answer.
func (e *Engine) Ask(ctx context.Context, conversation, question string) (Answer, error) {
	return e.Answer(ctx, question)
}

// ErrUnverified is returned by Check for an answer holding a quote that is
// not exactly in the knowledge.
var ErrUnverified = errors.New("answer holds an unverified quote")

// Check is the gate every answer passes before it is sent, whatever made
// it: each citation must be exactly its span of a file of this engine's
// knowledge, and must appear in the reply text (white space aside).
func (e *Engine) Check(a Answer) error {
	text := strings.Join(strings.Fields(a.Text), " ")
	for _, c := range a.Citations {
		if !e.kb.Verify(c.Source, c.Span, c.Quote) {
			return fmt.Errorf("%w: %s passage %s", ErrUnverified, c.Source, c.Passage)
		}
		if !strings.Contains(text, strings.Join(strings.Fields(c.Quote), " ")) {
			return fmt.Errorf("%w: %s passage %s is cited but not in the reply", ErrUnverified, c.Source, c.Passage)
		}
	}
	return nil
}
