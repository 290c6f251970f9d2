// Package httpapi serves the bot's local HTTP side: liveness and readiness
// probes, the Prometheus metrics handler, the moderators' playground (one
// server-rendered page that needs no JavaScript), the list of unanswered
// questions, the knowledge page (every passage the bot can quote), and
// POST /api/ask, which returns the same JSON as `iccbot ask --json`.
//
// Every question goes through the conversation layer (Handler), so the
// playground shows exactly what a chat would receive and /api/ask is subject
// to the same rate limits. Nothing here logs what was asked or who asked it.
//
// When it listens beyond this machine, the Host header must name it, the
// moderators' pages and /metrics want a token, and clients behind a trusted
// proxy are told apart by X-Forwarded-For (access.go).
package httpapi

import (
	"context"
	"crypto/sha256"
	"embed"
	"encoding/json"
	"html/template"
	"io"
	"log/slog"
	"net/http"
	"net/netip"
	"strings"
	"sync"

	"iccbot/internal/bot"
)

// Handler turns one incoming message into a reply; *bot.Bot satisfies it.
type Handler interface {
	Handle(ctx context.Context, m bot.Message) bot.Reply
}

// GapLister lists the questions the bot could not answer, most frequent
// first, and forgets them when moderators clear the list; *bot.Bot
// satisfies it.
type GapLister interface {
	Gaps(n int) []bot.Gap
	GapsEnabled() bool
	ClearGaps() int
}

// Config is what New needs. Only Bot is required.
type Config struct {
	// Bot answers /api/ask and the playground.
	Bot Handler
	// Gaps backs /gaps and /api/gaps; nil reads as gap tracking turned off.
	Gaps GapLister
	// Feedback backs the playground's rating buttons, /flagged and
	// /api/feedback; nil reads as rating turned off.
	Feedback Feedback
	// Knowledge backs the knowledge page (/knowledge); nil shows that no
	// knowledge is loaded.
	Knowledge KnowledgeSource
	// KnowledgeDir is the knowledge folder as Knowledge's problems name it
	// ("knowledge/file.md:3: ..."), so the page can tell which document a
	// problem is about.
	KnowledgeDir string
	// Ready reports whether the bot can answer, with a line of detail for
	// /readyz: a status such as "ok: 1 documents, 9 passages" when ready,
	// the reason (for example "knowledge.md:3: front matter: ...") when not.
	// Nil means always ready.
	Ready func() (ready bool, detail string)
	// Platforms are the chat platforms /readyz also reports on: one whose
	// token was rejected makes the bot not ready, whatever the knowledge.
	Platforms []Readiness
	// Metrics is mounted at /metrics; nil leaves /metrics unserved (404).
	Metrics http.Handler
	// Log receives errors and debug lines, never question text or
	// addresses; nil discards.
	Log *slog.Logger
	// MaxBody bounds the body of POST /api/ask in bytes; zero or less
	// means DefaultMaxBody.
	MaxBody int64
	// ModeratorToken, when set, is required on /gaps (to read it and to
	// clear it), /api/gaps, /knowledge and /metrics, and for the
	// playground's gaps command, as "Authorization: Bearer <token>" or as
	// the password of Basic authentication (for a browser). Empty leaves
	// them open, which the caller allows only when HTTP listens on
	// loopback.
	ModeratorToken string
	// AllowedHosts are the host names (ports are ignored) accepted in the
	// Host header besides localhost and IP addresses, which are always
	// accepted; any other name gets 421 Misdirected Request.
	AllowedHosts []string
	// TrustedProxies are the peers whose X-Forwarded-For names the client
	// to rate-limit; from any other peer the header is ignored.
	TrustedProxies []netip.Prefix
}

// DefaultMaxBody is the /api/ask body limit when Config.MaxBody is unset:
// a 1,000-character question is at most 4 KiB of UTF-8, so 8 KiB leaves room
// for JSON escaping and the optional conversation key.
const DefaultMaxBody = 8 << 10

// gapsShown is how many gaps the moderators' page and /api/gaps list.
const gapsShown = 20

//go:embed page.html
var pageFS embed.FS

type server struct {
	bot          Handler
	gaps         GapLister
	feedback     Feedback
	knowledge    KnowledgeSource
	knowledgeDir string
	ready        func() (bool, string)
	plats        []Readiness
	log          *slog.Logger
	maxBody      int64
	pages        *template.Template
	// tokenHash is the SHA-256 of the moderator token; nil when none.
	tokenHash []byte
	proxies   []netip.Prefix
	// untrustedProxy logs, once, that forwarded requests come from a peer
	// that is not trusted.
	untrustedProxy sync.Once
	// csrf refuses requests that change state from another site's page.
	csrf *http.CrossOriginProtection
}

// New returns the handler for all the HTTP endpoints. It panics if cfg.Bot
// is nil, which is a wiring mistake, not a runtime condition.
func New(cfg Config) http.Handler {
	if cfg.Bot == nil {
		panic("httpapi: Config.Bot is nil")
	}
	s := &server{
		bot:          cfg.Bot,
		gaps:         cfg.Gaps,
		feedback:     cfg.Feedback,
		knowledge:    cfg.Knowledge,
		knowledgeDir: cfg.KnowledgeDir,
		ready:        cfg.Ready,
		plats:        cfg.Platforms,
		log:          cfg.Log,
		maxBody:      cfg.MaxBody,
		pages:        template.Must(template.New("").ParseFS(pageFS, "page.html")),
		csrf:         http.NewCrossOriginProtection(),
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.maxBody <= 0 {
		s.maxBody = DefaultMaxBody
	}
	if s.ready == nil {
		s.ready = func() (bool, string) { return true, "ok" }
	}
	if cfg.ModeratorToken != "" {
		sum := sha256.Sum256([]byte(cfg.ModeratorToken))
		s.tokenHash = sum[:]
	}
	s.proxies = cfg.TrustedProxies
	hosts := map[string]bool{}
	for _, h := range cfg.AllowedHosts {
		if name, ok := hostName(h); ok {
			hosts[name] = true
		}
	}

	// Patterns with a method make the mux answer 405 with an Allow header
	// for other methods, and "GET" also admits HEAD. The /api/ paths check
	// methods themselves so that their errors are JSON too.
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("GET /readyz", s.readyz)
	if cfg.Metrics != nil {
		mux.Handle("GET /metrics", s.moderator(cfg.Metrics))
	}
	mux.HandleFunc("GET /{$}", s.playground)
	mux.Handle("GET /gaps", s.moderator(http.HandlerFunc(s.gapsPage)))
	mux.Handle("POST /gaps", s.moderator(http.HandlerFunc(s.clearGaps)))
	mux.Handle("GET /knowledge", s.moderator(http.HandlerFunc(s.knowledgePage)))
	mux.HandleFunc("POST /feedback", s.rate)
	mux.Handle("GET /flagged", s.moderator(http.HandlerFunc(s.flaggedPage)))
	mux.Handle("POST /flagged", s.moderator(http.HandlerFunc(s.clearFlagged)))
	mux.HandleFunc("/api/ask", s.ask)
	mux.Handle("/api/gaps", s.moderator(http.HandlerFunc(s.apiGaps)))
	mux.Handle("/api/feedback", s.moderator(http.HandlerFunc(s.apiFeedback)))
	mux.HandleFunc("/api/", s.apiNotFound)
	return secure(checkHost(hosts, mux))
}

// secure sets the headers every response carries. The pages run no script
// at all, so the policy forbids it: a mistake in escaping could show stray
// markup but could not run code.
func secure(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hdr := w.Header()
		hdr.Set("X-Content-Type-Options", "nosniff")
		hdr.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
		// Questions travel in the playground's URL; keep them off other sites.
		hdr.Set("Referrer-Policy", "no-referrer")
		h.ServeHTTP(w, r)
	})
}

func (s *server) healthz(w http.ResponseWriter, r *http.Request) {
	writeText(w, http.StatusOK, "ok")
}

// Readiness is a part of the process that /readyz reports on besides the
// knowledge, such as a chat platform; *supervise.Health is one.
type Readiness interface {
	// Ready reports whether the part is fit to serve; when not, detail is
	// one line that names it and says what to fix.
	Ready() (ok bool, detail string)
}

func (s *server) readyz(w http.ResponseWriter, r *http.Request) {
	ok, detail := s.ready()
	var problems []string
	for _, p := range s.plats {
		if pok, pdetail := p.Ready(); !pok {
			ok = false
			problems = append(problems, pdetail)
		}
	}
	if len(problems) > 0 { // first: the knowledge's line may begin "ok:"
		detail = strings.Join(append(problems, detail), "\n")
	}
	status := http.StatusOK
	if !ok {
		status = http.StatusServiceUnavailable
	}
	writeText(w, status, detail)
}

func writeText(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	io.WriteString(w, body)
}

// writeJSON writes v as the whole response. Encoding our own types cannot
// fail; a write error means the client left, and there is no one to tell.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// apiError is the body of every /api/ error. Messages are fixed strings or
// the bot's notices, never anything the client sent.
type apiError struct {
	Error string `json:"error"`
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, apiError{Error: msg})
}

func (s *server) apiNotFound(w http.ResponseWriter, r *http.Request) {
	writeError(w, http.StatusNotFound, "no such endpoint: see POST /api/ask, GET /api/gaps and GET /api/feedback")
}
