package httpapi

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"iccbot/internal/bot"
	"iccbot/internal/feedback"
)

// Feedback backs the playground's rating buttons and the moderators'
// flagged answers; *bot.Bot satisfies it.
type Feedback interface {
	FeedbackEnabled() bool
	Rate(ctx context.Context, platform, user, id string, r feedback.Rating, reason string) bot.Reply
	Flagged(ctx context.Context, n int) ([]feedback.Flagged, error)
	ClearFeedback(ctx context.Context) (int, error)
}

// flaggedShown is how many flagged answers the page and /api/feedback list.
const flaggedShown = 50

// playgroundPlatform names the playground in ratings and metrics.
const playgroundPlatform = "playground"

// rate serves POST /feedback, the playground's rating form: plain form
// buttons, no script. It answers with the playground page holding the
// bot's acknowledgement and a link back to the answer. Only from this
// site's own page (the same-origin check as for clearing lists), so
// another site cannot rate answers through a visitor's browser.
func (s *server) rate(w http.ResponseWriter, r *http.Request) {
	if err := s.csrf.Check(r); err != nil {
		writeText(w, http.StatusForbidden, "answers can only be rated from the playground of this site")
		return
	}
	if s.feedback == nil || !s.feedback.FeedbackEnabled() {
		writeText(w, http.StatusNotFound, "rating answers is turned off")
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, s.maxBody)
	if err := r.ParseForm(); err != nil {
		writeText(w, http.StatusBadRequest, "the form could not be read")
		return
	}
	rating := feedback.Rating(r.PostForm.Get("rating"))
	id := r.PostForm.Get("id")
	if !rating.Valid() || id == "" || len(id) > 32 {
		writeText(w, http.StatusBadRequest, "choose 👍, 👎 or Report under an answer")
		return
	}
	reason := ""
	if rating == feedback.Report {
		reason = r.PostForm.Get("reason")
	}
	reply := s.feedback.Rate(r.Context(), playgroundPlatform, s.client(r), id, rating, reason)
	data := pageData{Page: "playground", Rated: reply.Title}
	if q := r.PostForm.Get("q"); q != "" {
		data.Back = "/?q=" + url.QueryEscape(q)
	}
	s.render(w, "playground", data)
}

// flaggedPage serves GET /flagged: answers people reported or rated down,
// most reported first, with the quotes given and the reasons. Nothing on
// it says who rated, or where.
func (s *server) flaggedPage(w http.ResponseWriter, r *http.Request) {
	data := pageData{Page: "flagged", Cleared: -1}
	var err error
	data.FeedbackOn, data.Flagged, err = s.flaggedList(r.Context())
	if err != nil {
		s.log.Error("list flagged answers", "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	if n, err := strconv.Atoi(r.URL.Query().Get("cleared")); err == nil && n >= 0 {
		data.Cleared = n
	}
	w.Header().Set("Referrer-Policy", "same-origin") // see gapsPage
	s.render(w, "flagged", data)
}

// clearFlagged serves POST /flagged: it forgets every rating (the
// moderators have dealt with them), under the same checks as POST /gaps.
func (s *server) clearFlagged(w http.ResponseWriter, r *http.Request) {
	if err := s.csrf.Check(r); err != nil {
		writeText(w, http.StatusForbidden, "the list can only be cleared from the flagged answers page of this site, or by a program with the moderator token")
		return
	}
	if s.feedback == nil || !s.feedback.FeedbackEnabled() {
		writeText(w, http.StatusNotFound, "rating answers is turned off")
		return
	}
	n, err := s.feedback.ClearFeedback(r.Context())
	if err != nil {
		s.log.Error("clear flagged answers", "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	s.log.Info("ratings cleared by a moderator", "answers", n)
	http.Redirect(w, r, "/flagged?cleared="+strconv.Itoa(n), http.StatusSeeOther)
}

// apiFeedback serves GET /api/feedback: a JSON array of flagged answers
// (feedback.Flagged), most reported first; 404 with an error when rating
// is off, so "off" never reads as "nothing flagged".
func (s *server) apiFeedback(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		writeError(w, http.StatusMethodNotAllowed, "use GET")
		return
	}
	on, fs, err := s.flaggedList(r.Context())
	switch {
	case err != nil:
		s.log.Error("list flagged answers", "err", err)
		writeError(w, http.StatusInternalServerError, "internal error")
	case !on:
		writeError(w, http.StatusNotFound, "rating answers is turned off")
	default:
		writeJSON(w, http.StatusOK, fs)
	}
}

// flaggedList reports whether rating is on and, if so, the flagged
// answers (never nil, so JSON says []).
func (s *server) flaggedList(ctx context.Context) (bool, []feedback.Flagged, error) {
	if s.feedback == nil || !s.feedback.FeedbackEnabled() {
		return false, nil, nil
	}
	fs, err := s.feedback.Flagged(ctx, flaggedShown)
	if err != nil {
		return true, nil, err
	}
	out := []feedback.Flagged{}
	for _, f := range fs {
		if f.Reasons == nil {
			f.Reasons = []string{}
		}
		if f.Citations == nil {
			f.Citations = []feedback.Citation{}
		}
		out = append(out, f)
	}
	return true, out, nil
}
