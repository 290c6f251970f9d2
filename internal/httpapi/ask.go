package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"time"

	"iccbot/internal/answer"
	"iccbot/internal/bot"
)

// errQuiet is the error for a question the bot chose not to answer: with
// Addressed set, that only happens to a user already told they are over
// the rate limit.
const errQuiet = "too many questions: wait a little and try again"

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
//	429  any notice from the bot (rate limited, busy, failed), or silence
//	     (the bot answers repeated over-the-limit questions with nothing)
//	500  a reply the endpoint cannot represent
//
// Reply carries no machine-readable reason, so the 400s are decided here by
// running answer.CleanQuestion before the bot sees the question; after that
// the bot's only notices are rate limit, busy and internal error, all of
// which a client should treat as "try again later". 429 is the status that
// says so; the body carries the bot's own words.
func (s *server) ask(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		writeError(w, http.StatusMethodNotAllowed, "use POST with a JSON body {\"question\": \"...\"}")
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
		User:         remoteIP(r),
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
	case reply.Kind == bot.KindNotice:
		s.log.Debug("api ask", "status", http.StatusTooManyRequests, "duration", time.Since(start))
		writeError(w, http.StatusTooManyRequests, reply.Title)
	case reply.Kind == bot.KindNone:
		// The bot tells a chat user once that they are over the limit, then
		// stays quiet; an HTTP client still needs a status for every request.
		s.log.Debug("api ask", "status", http.StatusTooManyRequests, "duration", time.Since(start))
		writeError(w, http.StatusTooManyRequests, errQuiet)
	default:
		s.log.Error("api ask: unexpected reply to a question", "kind", int(reply.Kind), "has_answer", reply.Answer != nil)
		writeError(w, http.StatusInternalServerError, "internal error")
	}
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
