package httpapi

import (
	"bytes"
	"net/http"
	"strconv"
	"time"

	"iccbot/internal/answer"
	"iccbot/internal/bot"
	"iccbot/internal/feedback"
)

// pageData is everything page.html shows. Every string in it is escaped by
// html/template for the context it lands in; none is marked safe.
type pageData struct {
	Page string // "playground", "gaps", "flagged" or "knowledge", for the title and navigation
	// Playground.
	Asked    bool   // a question was submitted (q present in the URL)
	Question string // as typed, refilled into the input and echoed
	Reply    *replyView
	// Rated is the bot's acknowledgement of a rating; Back links to the
	// answer that was rated.
	Rated string
	Back  string
	// Gaps page.
	GapsOn  bool
	Gaps    []gapView
	Cleared int // how many questions a clearing just forgot; -1 when none
	// Flagged answers page (Cleared as for gaps).
	FeedbackOn bool
	Flagged    []feedback.Flagged
	// Knowledge page.
	Knowledge *knowledgeView
}

// replyView is a bot.Reply as the playground shows it.
type replyView struct {
	// Text is what a chat would receive, as plain text (bot.Reply.Text).
	Text string
	// Silent is true when the bot would not reply at all.
	Silent bool
	// IsAnswer is true for answers; the fields below are set only then.
	IsAnswer  bool
	Answered  bool
	Mode      string
	Citations []citationView
	// FeedbackID names the answer in the rating form; "" shows none.
	FeedbackID string
}

// citationView is a citation as people see it: the title (a link when the
// document has an http or https address) and where the quote is in it
// (¶N, or a page or section for extracted documents), never the passage id.
type citationView struct {
	Quote  string
	Title  string
	URL    string // empty when there is no link to show
	Where  string
	Source string
}

// gapView is one unanswered question, in the page and in /api/gaps.
// FirstSeen and LastSeen are UTC days, "2006-01-02".
type gapView struct {
	Question  string `json:"question"`
	Count     int    `json:"count"`
	FirstSeen string `json:"first_seen"`
	LastSeen  string `json:"last_seen"`
}

// dayLayout is how the moderators' pages write a day.
const dayLayout = "2006-01-02"

// playground serves GET /. Without a q parameter it shows the form; with
// one it asks the bot exactly as a chat message would, and shows the reply
// text a chat would get, then the citations behind it. It works without
// JavaScript: the form submits by GET, so each answer is a plain page
// that can be reloaded or shared between moderators.
func (s *server) playground(w http.ResponseWriter, r *http.Request) {
	data := pageData{Page: "playground"}
	query := r.URL.Query()
	if query.Has("q") {
		data.Asked = true
		data.Question = query.Get("q")
		// Commands work as in a chat ("help", "/sources", "gaps"); any
		// other text is a question.
		cmd, text := bot.ParseCommand(data.Question)
		if cmd == bot.CmdNone {
			cmd = bot.CmdAsk
		}
		reply := s.bot.Handle(r.Context(), bot.Message{
			Platform: "playground",
			// No conversation: each question stands alone, whoever asks,
			// so one moderator's questions never colour another's answers.
			Conversation: "",
			User:         s.client(r),
			Command:      cmd,
			Text:         text,
			Addressed:    true,
			// The gaps command needs the moderator token, as /gaps does.
			Moderator: s.isModerator(r),
		})
		data.Reply = s.replyView(reply)
		// The rating form posts to this site: see gapsPage. The question
		// in the URL still never leaves it.
		w.Header().Set("Referrer-Policy", "same-origin")
	}
	s.render(w, "playground", data)
}

func (s *server) replyView(reply bot.Reply) *replyView {
	if reply.Kind == bot.KindAnswer && reply.Answer == nil {
		s.log.Error("playground: answer reply without an answer")
		return &replyView{Text: "Internal error: the bot returned an empty answer."}
	}
	v := &replyView{Text: reply.Text(), Silent: reply.Kind == bot.KindNone}
	if reply.Kind != bot.KindAnswer {
		return v
	}
	a := reply.Answer
	v.IsAnswer = true
	if s.feedback != nil && s.feedback.FeedbackEnabled() {
		v.FeedbackID = reply.FeedbackID
	}
	v.Answered = a.Answered
	v.Mode = a.Mode
	for _, c := range a.Citations {
		v.Citations = append(v.Citations, citationView{
			Quote:  c.Quote,
			Title:  c.Title,
			URL:    answer.LinkURL(c.URL),
			Where:  answer.CitationPlace(c),
			Source: c.Source,
		})
	}
	return v
}

// gapsPage serves GET /gaps, the moderators' list of frequent unanswered
// questions. The list holds questions and counts only, never who asked.
func (s *server) gapsPage(w http.ResponseWriter, r *http.Request) {
	data := pageData{Page: "gaps", Cleared: -1}
	data.GapsOn, data.Gaps = s.gapList()
	if n, err := strconv.Atoi(r.URL.Query().Get("cleared")); err == nil && n >= 0 {
		data.Cleared = n
	}
	// The clearing form posts to this same site. Under "no-referrer" a
	// browser sends "Origin: null" with a POST, and browsers send no
	// Sec-Fetch-Site to a plain-HTTP address that is not loopback, so
	// the same-origin check would refuse the page's own form. Nothing on
	// this page links elsewhere, and no question travels in its URL.
	w.Header().Set("Referrer-Policy", "same-origin")
	s.render(w, "gaps", data)
}

// clearGaps serves POST /gaps: it forgets every unanswered question (the
// moderators have dealt with them) and sends the browser back to the
// list. Only moderators get here (the moderator token, when one is set),
// and only from this site: a page elsewhere cannot make a moderator's
// browser, which sends the Basic credentials it remembers with any
// request, clear the list (csrf, a same-origin check on Sec-Fetch-Site or
// Origin). Programs without those headers, curl with the token, may.
func (s *server) clearGaps(w http.ResponseWriter, r *http.Request) {
	if err := s.csrf.Check(r); err != nil {
		writeText(w, http.StatusForbidden, "the list can only be cleared from the gaps page of this site, or by a program with the moderator token")
		return
	}
	if s.gaps == nil || !s.gaps.GapsEnabled() {
		writeText(w, http.StatusNotFound, "gap tracking is off")
		return
	}
	n := s.gaps.ClearGaps()
	s.log.Info("unanswered questions cleared by a moderator", "count", n)
	http.Redirect(w, r, "/gaps?cleared="+strconv.Itoa(n), http.StatusSeeOther)
}

// apiGaps serves GET /api/gaps: a JSON array of {"question", "count"},
// most frequent first, at most 20. When gap tracking is off it answers 404
// with an error, so a client cannot mistake "off" for "nothing unanswered".
func (s *server) apiGaps(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		writeError(w, http.StatusMethodNotAllowed, "use GET")
		return
	}
	on, gaps := s.gapList()
	if !on {
		writeError(w, http.StatusNotFound, "gap tracking is off")
		return
	}
	writeJSON(w, http.StatusOK, gaps)
}

// gapList reports whether gap tracking is on and, if so, the gaps to show
// (never nil, so JSON says [] rather than null).
func (s *server) gapList() (bool, []gapView) {
	if s.gaps == nil || !s.gaps.GapsEnabled() {
		return false, nil
	}
	out := []gapView{}
	for _, g := range s.gaps.Gaps(gapsShown) {
		out = append(out, gapView{Question: g.Question, Count: g.Count, FirstSeen: dayText(g.FirstSeen), LastSeen: dayText(g.LastSeen)})
	}
	return true, out
}

// render executes a page into memory first, so that a template error is a
// clean 500 rather than half a page.
func (s *server) render(w http.ResponseWriter, name string, data pageData) {
	var buf bytes.Buffer
	if err := s.pages.ExecuteTemplate(&buf, name, data); err != nil {
		s.log.Error("render page", "page", name, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	// Answers change when the knowledge does, and questions are in the URL.
	h.Set("Cache-Control", "no-store")
	w.Write(buf.Bytes())
}

// dayText writes a day, or "" for the zero time.
func dayText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(dayLayout)
}
