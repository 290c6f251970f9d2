package httpapi

import (
	"bytes"
	"net/http"

	"iccbot/internal/bot"
)

// pageData is everything page.html shows. Every string in it is escaped by
// html/template for the context it lands in; none is marked safe.
type pageData struct {
	Page string // "playground" or "gaps", for the title and navigation
	// Playground.
	Asked    bool   // a question was submitted (q present in the URL)
	Question string // as typed, refilled into the input and echoed
	Reply    *replyView
	// Gaps page.
	GapsOn bool
	Gaps   []gapView
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
}

type citationView struct {
	Quote   string
	Title   string
	Number  int
	Source  string
	Passage string
}

// gapView is one unanswered question, in the page and in /api/gaps.
type gapView struct {
	Question string `json:"question"`
	Count    int    `json:"count"`
}

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
		reply := s.bot.Handle(r.Context(), bot.Message{
			Platform: "playground",
			// No conversation: each question stands alone, whoever asks,
			// so one moderator's questions never colour another's answers.
			Conversation: "",
			User:         s.client(r),
			Command:      bot.CmdAsk,
			Text:         data.Question,
			Addressed:    true,
		})
		data.Reply = s.replyView(reply)
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
	v.Answered = a.Answered
	v.Mode = a.Mode
	for _, c := range a.Citations {
		v.Citations = append(v.Citations, citationView{
			Quote:   c.Quote,
			Title:   c.Title,
			Number:  c.Number,
			Source:  c.Source,
			Passage: c.Passage,
		})
	}
	return v
}

// gapsPage serves GET /gaps, the moderators' list of frequent unanswered
// questions. The list holds questions and counts only, never who asked.
func (s *server) gapsPage(w http.ResponseWriter, r *http.Request) {
	data := pageData{Page: "gaps"}
	data.GapsOn, data.Gaps = s.gapList()
	s.render(w, "gaps", data)
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
		out = append(out, gapView{Question: g.Question, Count: g.Count})
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
