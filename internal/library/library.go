// Package library holds the knowledge the bot answers from while it runs:
// it loads the knowledge and prompts folders, swaps in a new answer engine
// when they change, keeps the last good one when a change is broken, and
// reports what it holds for readiness checks and moderators.
package library

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"iccbot/internal/answer"
	"iccbot/internal/knowledge"
	"iccbot/internal/prompts"
)

// Snapshot is one loaded state: an engine and the prompts parsed with it.
// Answers in flight keep the snapshot they started with.
type Snapshot struct {
	Engine   *answer.Engine
	Prompts  *prompts.Set
	LoadedAt time.Time
}

// Status describes the library for /readyz, logs and moderators.
type Status struct {
	// Ready is true when there is knowledge to answer from and the last
	// load found no problem.
	Ready     bool
	Documents int
	Passages  int
	LoadedAt  time.Time // when the knowledge in use was loaded
	// Problems are the last load's problems as "path:line: message"; when
	// there are any, the bot is still answering from the last good load.
	Problems []string
	// Warnings are what the last load found that moderators should know
	// though it does not stop the bot (files skipped, documents that repeat
	// one another), as "path: warning: message"; they do not affect Ready.
	Warnings    []string
	LastAttempt time.Time
	Reloads     int // successful loads, the first included
	Failures    int // loads rejected for problems
}

// Summary is a one-line account of the status, for /readyz and logs.
func (s Status) Summary() string {
	var b strings.Builder
	switch {
	case s.Documents == 0:
		b.WriteString("no knowledge loaded")
	case s.Ready:
		fmt.Fprintf(&b, "ok: %d documents, %d passages", s.Documents, s.Passages)
	default:
		fmt.Fprintf(&b, "answering from the knowledge loaded at %s (%d documents, %d passages); the latest change has problems",
			s.LoadedAt.UTC().Format(time.RFC3339), s.Documents, s.Passages)
	}
	for _, p := range s.Problems {
		b.WriteString("\n")
		b.WriteString(p)
	}
	return b.String()
}

// Observer is told about every load, for metrics.
type Observer interface {
	ObserveReload(ok bool, documents, passages int)
}

// Library is safe for concurrent use.
type Library struct {
	knowledgeDir string
	promptsDir   string
	log          *slog.Logger
	now          func() time.Time
	observer     Observer
	// memory keeps conversations for follow-ups across reloads: every
	// engine the library builds shares it.
	memory answer.Conversations
	// extracted remembers what PDF, web and Word files gave, so a reload
	// extracts only the files that changed.
	extracted knowledge.ExtractCache
	// maxBytes bounds the knowledge in all (KNOWLEDGE_MAX_BYTES); a load
	// past it is refused as a problem.
	maxBytes int64
	// release gives memory back to the operating system; it is called when
	// a reload leaves at least releaseAbove bytes less text than before.
	release      func()
	releaseAbove int64

	cur atomic.Pointer[Snapshot]

	mu      sync.Mutex // serialises loads and guards status
	status  Status
	reloads chan struct{} // closed and replaced after each load attempt

	watching  chan struct{} // closed once Watch has its folders in view
	watchOnce sync.Once
}

// Option configures a Library.
type Option func(*Library)

// WithMaxBytes bounds the text of the whole knowledge (KNOWLEDGE_MAX_BYTES;
// knowledge.DefaultMaxBytes when not given, no limit when n <= 0). A load
// past it is refused as a problem and the last good knowledge stays.
func WithMaxBytes(n int64) Option { return func(l *Library) { l.maxBytes = n } }

// WithConversations keeps conversations in c (shared by replicas, say)
// instead of in this process.
func WithConversations(c answer.Conversations) Option {
	return func(l *Library) { l.memory = c }
}

// releaseAbove is how much smaller (in text) the knowledge must become for
// a reload to hand memory back at once: one maximum-size file, whose
// passages and index take some tens of MB.
const releaseAbove = knowledge.MaxFileSize

// New creates an empty library; call Load to fill it.
func New(knowledgeDir, promptsDir string, log *slog.Logger, now func() time.Time, observer Observer, opts ...Option) *Library {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	l := &Library{
		knowledgeDir: knowledgeDir,
		promptsDir:   promptsDir,
		log:          log,
		now:          now,
		observer:     observer,
		memory:       answer.NewMemory(now),
		maxBytes:     knowledge.DefaultMaxBytes,
		release:      debug.FreeOSMemory,
		releaseAbove: releaseAbove,
		reloads:      make(chan struct{}),
		watching:     make(chan struct{}),
	}
	for _, o := range opts {
		o(l)
	}
	return l
}

// Watching returns a channel closed once Watch watches the folders: changes
// made before then may go unnoticed until the next one.
func (l *Library) Watching() <-chan struct{} { return l.watching }

// Snapshot returns the state in use (nil before the first usable load).
func (l *Library) Snapshot() *Snapshot { return l.cur.Load() }

// Engine returns the engine in use (nil before the first usable load).
func (l *Library) Engine() *answer.Engine {
	if s := l.cur.Load(); s != nil {
		return s.Engine
	}
	return nil
}

// Status returns a copy of the current status.
func (l *Library) Status() Status {
	l.mu.Lock()
	defer l.mu.Unlock()
	s := l.status
	s.Problems = append([]string(nil), s.Problems...)
	s.Warnings = append([]string(nil), s.Warnings...)
	return s
}

// Loaded returns a channel closed at the end of the next load attempt, so
// callers (tests, mostly) can wait for a reload without sleeping.
func (l *Library) Loaded() <-chan struct{} {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.reloads
}

// Load reads both folders and builds a new engine off to the side. With no
// problem it replaces the one in use at once. With problems it is used
// only if there is nothing yet (so a bot started on a half-broken folder
// still answers from the good files); otherwise the last good knowledge
// stays. It returns an error describing the problems, if any.
func (l *Library) Load() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	defer func() {
		close(l.reloads)
		l.reloads = make(chan struct{})
	}()
	start := l.now()
	l.status.LastAttempt = start

	kb, kProblems, err := knowledge.LoadCached(l.knowledgeDir, l.maxBytes, &l.extracted)
	if err != nil {
		l.status.Warnings = nil
		return l.fail(nil, err.Error())
	}
	l.setWarnings(kb)
	set, pProblems := prompts.Load(l.promptsDir)
	var problems []string
	for _, p := range kProblems {
		problems = append(problems, p.In(l.knowledgeDir))
	}
	for _, p := range pProblems {
		problems = append(problems, p.In(l.promptsDir))
	}
	if len(kb.Docs) == 0 && len(problems) == 0 {
		problems = append(problems, l.knowledgeDir+": no documents to answer from (Markdown, text, PDF, web pages or Word)")
	}

	snap := &Snapshot{Engine: answer.New(kb, answer.WithMemory(l.memory)), Prompts: set, LoadedAt: start}
	if len(problems) > 0 {
		return l.fail(snap, problems...)
	}
	var before int64
	var changed []any
	if old := l.cur.Swap(snap); old != nil {
		before = old.Engine.Knowledge().Size()
		changed = changes(old.Engine.Knowledge(), kb)
	}
	l.status.Ready = true
	l.status.Problems = nil
	l.setCounts(snap)
	l.status.Reloads++
	// Metrics first: whoever reads the log line may look at them next.
	if l.observer != nil {
		l.observer.ObserveReload(true, l.status.Documents, l.status.Passages)
	}
	l.log.Info("knowledge loaded", append([]any{"documents", l.status.Documents, "passages", l.status.Passages, "took", l.now().Sub(start)}, changed...)...)
	if before-kb.Size() >= l.releaseAbove {
		// Large files were removed. The old engine is garbage once the
		// answers in flight on it finish; without this, the heap it
		// took stays with the process until the runtime gets round to
		// returning it (minutes), and looks like a leak.
		l.release()
	}
	return nil
}

// fail records a rejected load. snap, when it has documents and nothing is
// in use yet, becomes the state in use anyway.
func (l *Library) fail(snap *Snapshot, problems ...string) error {
	l.status.Ready = false
	l.status.Problems = problems
	l.status.Failures++
	if l.cur.Load() == nil && snap != nil && len(snap.Engine.Knowledge().Docs) > 0 {
		l.cur.Store(snap)
		l.setCounts(snap)
	}
	if l.observer != nil {
		l.observer.ObserveReload(false, l.status.Documents, l.status.Passages)
	}
	for _, p := range problems {
		l.log.Warn("knowledge problem; keeping the last good knowledge", "problem", p)
	}
	return fmt.Errorf("load knowledge: %d problems, first: %s", len(problems), problems[0])
}

// setWarnings records the warnings about kb, logging those that are new
// since the last load.
func (l *Library) setWarnings(kb *knowledge.Base) {
	var ws []string
	for _, w := range knowledge.Warnings(kb) {
		w.Msg = "warning: " + w.Msg
		ws = append(ws, w.In(l.knowledgeDir))
	}
	for _, w := range newWarnings(l.status.Warnings, ws) {
		l.log.Warn("knowledge warning", "warning", w)
	}
	l.status.Warnings = ws
}

func (l *Library) setCounts(s *Snapshot) {
	kb := s.Engine.Knowledge()
	l.status.Documents = len(kb.Docs)
	l.status.Passages = len(kb.Passages)
	l.status.LoadedAt = s.LoadedAt
}

// Ask answers from the engine in use; it makes the library an answer.Asker
// that follows reloads.
func (l *Library) Ask(ctx context.Context, conversation, question string) (answer.Answer, error) {
	e := l.Engine()
	if e == nil {
		return answer.Answer{}, errNoKnowledge
	}
	return e.Ask(ctx, conversation, question)
}

var errNoKnowledge = errors.New("no knowledge loaded")
