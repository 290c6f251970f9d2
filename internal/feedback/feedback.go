// Package feedback keeps what people say about the bot's answers — helpful,
// not helpful, or wrong, with an optional reason — so that moderators see
// which answers to look at first. A wrong answer in a community channel is
// the failure that matters most here.
//
// It keeps the question, the answer's quotes and mode, the ratings and
// reasons, and the day: never who rated or where. A voter is a keyed hash,
// only so that one person's second click changes their rating instead of
// counting twice.
package feedback

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strings"
	"time"
	"unicode"
)

// Rating is what a person said about an answer.
type Rating string

// Ratings, as the platforms' buttons send them.
const (
	Up     Rating = "up"     // 👍 helpful
	Down   Rating = "down"   // 👎 not helpful
	Report Rating = "report" // wrong: a reason may follow
)

// Valid reports whether r is one of the ratings.
func (r Rating) Valid() bool { return r == Up || r == Down || r == Report }

// Citation is a quote an answer gave, as people saw it.
type Citation struct {
	Title  string `json:"title"`
	Where  string `json:"where"` // "¶4", "p. 7", "“Section”"
	Quote  string `json:"quote"`
	Source string `json:"source"` // the file, relative to the knowledge folder
}

// Answer is an answer that may be rated.
type Answer struct {
	// ID names the answer in buttons; the same question answered with the
	// same quotes has the same ID, so its ratings add up.
	ID        string     `json:"id"`
	Question  string     `json:"question"`
	Mode      string     `json:"mode"`
	Citations []Citation `json:"citations"`
}

// AnswerID is the ID of an answer to question in mode that quoted the
// passages: 12 hex digits of a hash, short enough for Telegram's 64-byte
// callback data.
func AnswerID(question, mode string, passages []string) string {
	h := sha256.New()
	h.Write([]byte(strings.ToLower(strings.Join(strings.Fields(question), " "))))
	h.Write([]byte{0})
	h.Write([]byte(mode))
	for _, p := range passages {
		h.Write([]byte{0})
		h.Write([]byte(p))
	}
	return hex.EncodeToString(h.Sum(nil))[:12]
}

// Flagged is an answer someone marked not helpful or reported, with its
// counts and the reasons given.
type Flagged struct {
	Answer
	Up      int      `json:"up"`
	Down    int      `json:"down"`
	Reports int      `json:"reports"`
	Reasons []string `json:"reasons"`
	// LastDay is the UTC day of the latest rating, "2006-01-02".
	LastDay string `json:"last_day"`
}

// Outcome says what a rating did.
type Outcome int

const (
	// Recorded: the voter's first rating of the answer.
	Recorded Outcome = iota
	// Changed: the voter had rated the answer otherwise; this replaces it.
	Changed
	// Unchanged: the same rating again (a double click); nothing counted.
	Unchanged
)

// ErrUnknownAnswer is returned for a rating of an answer no longer kept
// (a button on an old message, after a restart or past the window).
var ErrUnknownAnswer = errors.New("answer no longer kept")

// Store keeps answers and their ratings. The in-process Memory is one; a
// store shared by several processes is another.
type Store interface {
	// Keep records an answer that may be rated; keeping one already kept
	// keeps it longer.
	Keep(ctx context.Context, a Answer, now time.Time) error
	// Rate records voter's rating of the answer with id, replacing the
	// voter's earlier rating of it. A reason is kept with a Report.
	Rate(ctx context.Context, id, voter string, r Rating, reason string, now time.Time) (Outcome, error)
	// Flagged lists up to n answers rated Down or reported, most reported
	// first, then most rated down, then most recent.
	Flagged(ctx context.Context, n int, now time.Time) ([]Flagged, error)
	// Clear forgets all ratings (a moderator has dealt with them),
	// returning how many answers had any; the answers can still be rated.
	Clear(ctx context.Context) (int, error)
}

// Bounds of what is kept.
const (
	// DefaultMaxAnswers is how many answers are kept, rated or not.
	DefaultMaxAnswers = 5000
	// DefaultWindow is how long an answer and its ratings are kept after
	// it was last given or rated.
	DefaultWindow = 30 * 24 * time.Hour
	// MaxReasonRunes bounds a reason: one line, as the modal asks.
	MaxReasonRunes = 300
	// maxVoters bounds the ratings kept for one answer.
	maxVoters = 1000
	// maxReasons bounds the reasons kept for one answer.
	maxReasons = 20
)

// CleanReason makes a reason one line of printable text, at most
// MaxReasonRunes long.
func CleanReason(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return ' '
		}
		return r
	}, s)
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > MaxReasonRunes {
		s = string(r[:MaxReasonRunes]) + "…"
	}
	return s
}

// day is t's UTC day.
func day(t time.Time) string { return t.UTC().Format(time.DateOnly) }
