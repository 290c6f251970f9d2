package llm

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strconv"
	"strings"

	"iccbot/internal/answer"
	"iccbot/internal/prose"
)

// The model is asked for one JSON object. Its replies are read only as far
// as the replies recorded in testdata/replies need (each file there is one,
// with what is read from it):
//
//   - the object as asked, or in a code fence (```json), or after or
//     before a line of prose ("Here is the answer:");
//   - with trailing commas, "passage" as a string ("2", "¶3", "Passage 2")
//     or null, and "covered" as a string ("true", "no");
//   - cut off at the token limit: the quotes complete before the cut are
//     kept, a quote half written is dropped, never completed;
//   - prose instead of JSON, its quotes in quotation marks of any style
//     (typographic ones mostly): those runs are the quotes, the sentences
//     without them the answer.
//
// Anything else reads as a draft without quotes, which gets the extractive
// answer. Whatever is read is only the model's claim: answer.Generated
// verifies it.

// parseReply reads a model's answer.
func parseReply(content string) answer.Draft {
	s := strings.TrimSpace(unfence(content))
	if !strings.Contains(s, "{") {
		return proseReply(s)
	}
	var w wireReply
	if !decodeJSON(s, &w, func() bool { return w.Covered != nil || w.Answer != nil || w.Quotes != nil }) {
		return answer.Draft{}
	}
	d := answer.Draft{Language: normLang(w.Language), NotCovered: w.Covered != nil && *w.Covered == no}
	if w.Answer != nil {
		d.Lead = *w.Answer
	}
	for _, q := range w.Quotes {
		if q.Text != "" {
			d.Quotes = append(d.Quotes, answer.DraftQuote{Passage: int(q.Passage), Text: q.Text, Translation: q.Translation})
		}
	}
	return d
}

// wireReply is the reply as asked for (encoding/json matches the field
// names without regard to case). A field a reply leaves out stays nil.
type wireReply struct {
	Covered  *flexBool `json:"covered"`
	Language string    `json:"language"`
	Answer   *string   `json:"answer"`
	Quotes   []struct {
		Passage     flexInt `json:"passage"`
		Text        string  `json:"text"`
		Translation string  `json:"translation"`
	} `json:"quotes"`
}

// flexBool is a yes or no written as a JSON boolean or a string ("true",
// "no"); anything else is unknown.
type flexBool int8

const (
	unknown flexBool = iota
	yes
	no
)

func (b *flexBool) UnmarshalJSON(data []byte) error {
	switch string(data) {
	case "true":
		*b = yes
		return nil
	case "false":
		*b = no
		return nil
	}
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		return err
	}
	switch x := v.(type) {
	case bool:
		*b = no
		if x {
			*b = yes
		}
	case string:
		switch strings.ToLower(strings.TrimSpace(x)) {
		case "true", "yes":
			*b = yes
		case "false", "no":
			*b = no
		}
	}
	return nil
}

// flexInt is a passage number written as 2, 2.0, "2", "¶2" or "Passage 2";
// anything else, or out of range, is 0 (no passage named).
type flexInt int

var digitsRe = regexp.MustCompile(`\d+`)

func (n *flexInt) UnmarshalJSON(data []byte) error {
	*n = 0
	if i, err := strconv.Atoi(string(data)); err == nil {
		if i >= 1 && i < 1e6 {
			*n = flexInt(i)
		}
		return nil
	}
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		return err
	}
	switch x := v.(type) {
	case float64:
		if x >= 1 && x < 1e6 && x == float64(int(x)) {
			*n = flexInt(x)
		}
	case string:
		if m := digitsRe.FindString(x); m != "" && len(m) < 7 {
			i, _ := strconv.Atoi(m)
			*n = flexInt(i)
		}
	}
	return nil
}

// proseReply reads an answer written as prose: its quotation-marked runs
// are the quotes, and the sentences without them the answer.
func proseReply(s string) answer.Draft {
	var d answer.Draft
	segs := prose.Quotations(s)
	var taken []prose.Segment
	for _, g := range segs {
		if g.Quote() {
			d.Quotes = append(d.Quotes, answer.DraftQuote{Text: g.Inner})
			taken = append(taken, g)
		}
	}
	var kept []string
	for _, sp := range prose.Sentences(s, segs) {
		if !prose.Overlaps(sp, taken) {
			kept = append(kept, strings.TrimSpace(s[sp.Start:sp.End]))
		}
	}
	d.Lead = strings.Join(kept, " ")
	return d
}

// unfence returns the inside of the first ``` code fence, if there is one.
func unfence(s string) string {
	i := strings.Index(s, "```")
	if i < 0 {
		return s
	}
	rest := s[i+3:]
	if nl := strings.IndexByte(rest, '\n'); nl >= 0 && !strings.ContainsAny(rest[:nl], "{}") {
		rest = rest[nl+1:] // the fence's language tag: ```json
	}
	if j := strings.Index(rest, "```"); j >= 0 {
		rest = rest[:j]
	}
	return rest
}

// decodeJSON decodes into v the JSON object that starts at the first "{"
// of s, with prose after it, trailing commas, or cut off (see repairJSON),
// and reports whether it did and accept agreed.
func decodeJSON(s string, v any, accept func() bool) bool {
	i := strings.IndexByte(s, '{')
	if i < 0 {
		return false
	}
	s = s[i:]
	try := func(s string) bool {
		if j := strings.LastIndexByte(s, '}'); j >= 0 && json.Unmarshal([]byte(s[:j+1]), v) == nil {
			return accept()
		}
		// Prose after the object may hold a "}" too.
		return json.NewDecoder(strings.NewReader(s)).Decode(v) == nil && accept()
	}
	if try(s) {
		return true
	}
	s = dropTrailingCommas(s)
	if try(s) {
		return true
	}
	fixed, ok := repairJSON(s)
	return ok && json.Unmarshal([]byte(fixed), v) == nil && accept()
}

// dropTrailingCommas removes the commas that come last in an object or an
// array, outside strings.
func dropTrailingCommas(s string) string {
	var b []byte
	inStr, esc := false, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if inStr {
			switch {
			case esc:
				esc = false
			case c == '\\':
				esc = true
			case c == '"':
				inStr = false
			}
			b = append(b, c)
			continue
		}
		if c == '"' {
			inStr = true
		}
		if c == ',' {
			rest := bytes.TrimLeft([]byte(s[i+1:]), " \t\r\n")
			if len(rest) > 0 && (rest[0] == '}' || rest[0] == ']') {
				continue
			}
		}
		b = append(b, c)
	}
	return string(b)
}

// repairJSON cuts a JSON text cut off at the token limit after the last
// complete element of an array or object inside it, or failing that after
// the last complete member of the outer object, and closes what is still
// open. A value cut in the middle (a quote half written) is dropped, never
// completed.
func repairJSON(s string) (string, bool) {
	var stack, cutStack []byte
	cut := -1
	inStr, esc := false, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if inStr {
			switch {
			case esc:
				esc = false
			case c == '\\':
				esc = true
			case c == '"':
				inStr = false
			}
			continue
		}
		switch c {
		case '"':
			inStr = true
		case '{', '[':
			stack = append(stack, c)
		case '}', ']':
			if len(stack) == 0 {
				return "", false
			}
			stack = stack[:len(stack)-1]
			if len(stack) == 0 {
				return s[:i+1], true
			}
			cut = i + 1
			cutStack = append(cutStack[:0], stack...)
		case ',':
			if len(stack) == 1 {
				cut = i
				cutStack = append(cutStack[:0], stack...)
			}
		}
	}
	if cut < 0 {
		return "", false
	}
	var b strings.Builder
	b.WriteString(s[:cut])
	for j := len(cutStack) - 1; j >= 0; j-- {
		if cutStack[j] == '{' {
			b.WriteByte('}')
		} else {
			b.WriteByte(']')
		}
	}
	return b.String(), true
}

// rewriteReply is the model's restatement of a question.
type rewriteReply struct {
	Query    string
	Language string
}

// parseRewrite reads the rewrite call's answer, as far as the replies in
// testdata/rewrites need: the JSON object as asked (with "question" for
// "query", as models sometimes write), fenced, with prose around it or
// trailing commas; or a line of plain text ("Standalone question: …").
func parseRewrite(content string) rewriteReply {
	s := strings.TrimSpace(unfence(content))
	if strings.Contains(s, "{") {
		var w struct {
			Query    *string `json:"query"`
			Question *string `json:"question"`
			Language string  `json:"language"`
		}
		if decodeJSON(s, &w, func() bool { return w.Query != nil || w.Question != nil }) {
			r := rewriteReply{Language: w.Language}
			if w.Query != nil {
				r.Query = *w.Query
			} else {
				r.Query = *w.Question
			}
			return r
		}
	}
	line, _, _ := strings.Cut(s, "\n")
	line = strings.TrimSpace(line)
	for _, p := range []string{"Query:", "Standalone question:"} {
		if len(line) >= len(p) && strings.EqualFold(line[:len(p)], p) {
			line = strings.TrimSpace(line[len(p):])
		}
	}
	return rewriteReply{Query: strings.Trim(line, "\"“”'‘’ ")}
}
