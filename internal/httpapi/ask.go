package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"iccbot/internal/answer"
	"iccbot/internal/bot"
)

// errQuiet is the error for a question the bot chose not to answer: with
// Addressed set, that only happens to a user already told they are over
// the rate limit.
const errQuiet = "too many questions: wait a little and try again"

// errContentType answers a body that is not declared JSON. Requiring the
// type makes a cross-site form unable to post questions: a browser sends
// application/json across sites only after a preflight, which this server
// does not grant.
const errContentType = "send the question as JSON with Content-Type: application/json"

// maxConversation bounds the optional conversation key: it names a thread
// of follow-up questions, and the bot keeps memory per key.
const maxConversation = 128

// askRequest is the body of POST /api/ask. Unknown fields are rejected, so
// a misspelt "question" is an error rather than an empty question.
type askRequest struct {
	Question string `json:"question"`
	// Conversation, when set, groups requests into one thread for
	// follow-up questions; without one, each question stands alone.
	Conversation string `json:"conversation"`
}

// ask answers POST /api/ask with the contract's JSON (answer.Answer as
// encoded). Statuses:
//
//	200  an answer, covered or not ("answered" says which)
//	400  no body, invalid JSON, unknown fields, empty or too long question
//	405  not POST
//	413  body over the limit
//	415  Content-Type is not application/json
//	429  over the rate limit (the bot's notice, or silence once it has
//	     said so), with Retry-After in seconds
//	503  the bot is answering as many questions as it can
//	500  answering failed, or a reply the endpoint cannot represent
//
// Errors are {"error": "..."} with the bot's own words where it has some.
// The 400s are decided here, by running answer.CleanQuestion before the
// bot sees the question, so that bad input costs no rate-limit token.
func (s *server) ask(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		writeError(w, http.StatusMethodNotAllowed, "use POST with a JSON body {\"question\": \"...\"}")
		return
	}
	if !isJSON(r.Header.Get("Content-Type")) {
		s.log.Debug("api ask rejected", "status", http.StatusUnsupportedMediaType)
		writeError(w, http.StatusUnsupportedMediaType, errContentType)
		return
	}
	req, status, msg := s.readAsk(w, r)
	if status != 0 {
		s.log.Debug("api ask rejected", "status", status)
		writeError(w, status, msg)
		return
	}
	if _, err := answer.CleanQuestion(req.Question); err != nil {
		// Both errors are fixed sentences that do not quote the question.
		s.log.Debug("api ask rejected", "status", http.StatusBadRequest)
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}

	reply := s.bot.Handle(r.Context(), bot.Message{
		Platform:     "http",
		Conversation: req.Conversation,
		User:         s.client(r),
		Command:      bot.CmdAsk,
		Text:         req.Question,
		Addressed:    true,
	})

	switch {
	case reply.Kind == bot.KindAnswer && reply.Answer != nil:
		a := *reply.Answer
		if a.Citations == nil {
			a.Citations = []answer.Citation{} // the contract says [], not null
		}
		s.log.Debug("api ask", "status", http.StatusOK, "answered", a.Answered, "mode", a.Mode, "duration", time.Since(start))
		writeJSON(w, http.StatusOK, a)
	case (reply.Kind == bot.KindNotice || reply.Kind == bot.KindNone) && reply.Reason != bot.ReasonNone:
		status, msg := noticeStatus(reply)
		if reply.Reason == bot.ReasonRateLimited && reply.RetryAfter > 0 {
			w.Header().Set("Retry-After", strconv.FormatInt(int64(math.Ceil(reply.RetryAfter.Seconds())), 10))
		}
		s.log.Debug("api ask", "status", status, "reason", string(reply.Reason), "duration", time.Since(start))
		writeError(w, status, msg)
	default:
		s.log.Error("api ask: unexpected reply to a question", "kind", int(reply.Kind), "has_answer", reply.Answer != nil, "reason", string(reply.Reason))
		writeError(w, http.StatusInternalServerError, "internal error")
	}
}

// noticeStatus maps the reason for a notice, or for silence, onto a
// status and the error to send: the bot's words, or for silence (the bot
// tells a chat user once that they are over the limit, then stays quiet)
// a fixed sentence, since an HTTP client needs an answer to each request.
func noticeStatus(reply bot.Reply) (int, string) {
	status, quiet := http.StatusInternalServerError, "internal error"
	switch reply.Reason {
	case bot.ReasonRateLimited:
		status, quiet = http.StatusTooManyRequests, errQuiet
	case bot.ReasonBusy:
		status, quiet = http.StatusServiceUnavailable, "too many questions at once: ask again in a moment"
	case bot.ReasonNotUnderstood:
		status, quiet = http.StatusBadRequest, "ask a question in words"
	}
	if reply.Kind == bot.KindNotice && reply.Title != "" {
		return status, reply.Title
	}
	return status, quiet
}

// isJSON reports whether a Content-Type is application/json, with any
// parameters (charset=utf-8).
func isJSON(contentType string) bool {
	mediaType, _, _ := strings.Cut(contentType, ";")
	return strings.EqualFold(strings.TrimSpace(mediaType), "application/json")
}

// readAsk reads and decodes the request body. On failure it returns the
// status and message to send.
func (s *server) readAsk(w http.ResponseWriter, r *http.Request) (askRequest, int, string) {
	var req askRequest
	tooLarge := "request body too large: the limit is " + sizeText(s.maxBody)
	if r.ContentLength > s.maxBody {
		return req, http.StatusRequestEntityTooLarge, tooLarge
	}
	// Reading the whole (bounded) body first makes an oversized body a 413
	// whatever it contains, rather than depending on where JSON breaks.
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.maxBody))
	var maxErr *http.MaxBytesError
	switch {
	case errors.As(err, &maxErr):
		return req, http.StatusRequestEntityTooLarge, tooLarge
	case err != nil:
		return req, http.StatusBadRequest, "could not read the request body"
	case len(bytes.TrimSpace(body)) == 0:
		return req, http.StatusBadRequest, "the request body is empty: send {\"question\": \"...\"}"
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		return req, http.StatusBadRequest, "invalid JSON: send one object {\"question\": \"...\"}; the only other field is \"conversation\""
	}
	if _, err := dec.Token(); err != io.EOF {
		return req, http.StatusBadRequest, "invalid JSON: send one object and nothing after it"
	}
	if len(req.Conversation) > maxConversation {
		return req, http.StatusBadRequest, "the conversation key is too long: at most 128 bytes"
	}
	return req, 0, ""
}

// sizeText writes a byte count the way people read it.
func sizeText(n int64) string {
	if n%1024 == 0 {
		return strconv.FormatInt(n/1024, 10) + " KiB"
	}
	return strconv.FormatInt(n, 10) + " bytes"
}
