package llm

import (
	"encoding/json"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// reply is what the model answered, as far as it could be read. Models do
// not always do as asked: the JSON may come wrapped in prose or a code
// fence, cut off at the token limit, with other field names, or not at all.
// parseReply reads what it can and never fails; what the reply claims is
// checked afterwards, quote by quote.
type reply struct {
	// Covered is the model's verdict; nil when it gave none.
	Covered  *bool
	Language string
	Answer   string
	Quotes   []replyQuote
}

type replyQuote struct {
	Passage     int // as the model numbered it; 0 when missing or unreadable
	Text        string
	Translation string
}

// parseReply reads a model's answer: JSON as asked, JSON inside prose or a
// code fence, JSON cut off (complete quotes before the cut are kept), JSON
// broken in smaller ways (field by field), or plain text, whose quotation-
// marked parts are taken as quotes.
func parseReply(content string) reply {
	s := strings.TrimSpace(unfence(content))
	var inner string
	if strings.HasPrefix(s, `"`) && json.Unmarshal([]byte(s), &inner) == nil {
		s = strings.TrimSpace(inner) // the whole reply encoded again as a string
	}
	if r, ok := decodeWire(s); ok {
		return r
	}
	if obj, ok := decodeObject(s, replyKeys...); ok {
		return readReply(obj)
	}
	if r, ok := salvageReply(s); ok {
		return r
	}
	return plainReply(s)
}

// wireReply is the reply exactly as asked for; decoding into it is the fast
// path, taken by well-behaved models (encoding/json matches the field names
// without regard to case).
type wireReply struct {
	Covered  *bool  `json:"covered"`
	Language string `json:"language"`
	Answer   string `json:"answer"`
	Quotes   []struct {
		Passage     json.Number `json:"passage"`
		Text        string      `json:"text"`
		Translation string      `json:"translation"`
	} `json:"quotes"`
}

// decodeWire reads a reply that is one well-formed object of the asked
// shape, perhaps with text around it; anything else is left to the
// forgiving path.
func decodeWire(s string) (reply, bool) {
	i, j := strings.IndexByte(s, '{'), strings.LastIndexByte(s, '}')
	if i < 0 || j < i {
		return reply{}, false
	}
	var w wireReply
	if err := json.Unmarshal([]byte(s[i:j+1]), &w); err != nil || (w.Covered == nil && w.Answer == "" && w.Quotes == nil) {
		return reply{}, false
	}
	r := reply{Covered: w.Covered, Language: w.Language, Answer: w.Answer}
	for _, q := range w.Quotes {
		if q.Text == "" {
			continue
		}
		n, _ := q.Passage.Int64()
		if n < 0 || n > 1e6 {
			n = 0
		}
		r.Quotes = append(r.Quotes, replyQuote{Passage: int(n), Text: q.Text, Translation: q.Translation})
	}
	return r, true
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

// decodeObject finds the first JSON object in s that has one of the keys,
// repairing a truncated one. (The keys keep an inner object, a quote, from
// being taken for the reply when the outer one is broken.)
func decodeObject(s string, keys ...string) (map[string]any, bool) {
	accept := func(v any) (map[string]any, bool) {
		obj, ok := asObject(v)
		if !ok {
			return nil, false
		}
		_, ok = field(obj, keys...)
		return obj, ok
	}
	for from := 0; from < len(s); {
		i := strings.IndexByte(s[from:], '{')
		if i < 0 {
			return nil, false
		}
		i += from
		var v any
		if err := json.NewDecoder(strings.NewReader(s[i:])).Decode(&v); err == nil {
			if obj, ok := accept(v); ok {
				return obj, true
			}
		} else if fixed, ok := repairJSON(s[i:]); ok {
			if err := json.Unmarshal([]byte(fixed), &v); err == nil {
				if obj, ok := accept(v); ok {
					return obj, true
				}
			}
		}
		from = i + 1
	}
	return nil, false
}

// asObject accepts an object, or an object encoded again as a JSON string
// (some servers double-encode).
func asObject(v any) (map[string]any, bool) {
	switch x := v.(type) {
	case map[string]any:
		return x, true
	case string:
		var inner any
		if json.Unmarshal([]byte(x), &inner) == nil {
			if obj, ok := inner.(map[string]any); ok {
				return obj, true
			}
		}
	}
	return nil, false
}

// repairJSON cuts a truncated JSON text after the last complete element of
// an object or array and closes what is still open. A value cut in the
// middle (a quote half written) is dropped, never completed.
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

// The field names models commonly use instead of the ones asked for.
var (
	coveredKeys    = []string{"covered", "answered", "answerable"}
	notCoveredKeys = []string{"not_covered", "notcovered", "uncovered"}
	languageKeys   = []string{"language", "lang", "language_code"}
	answerKeys     = []string{"answer", "lead", "response", "reply", "summary"}
	quotesKeys     = []string{"quotes", "citations", "quotations", "evidence", "sources"}
	replyKeys      = slices.Concat(coveredKeys, notCoveredKeys, answerKeys, quotesKeys)
)

// readReply maps a decoded object to a reply.
func readReply(obj map[string]any) reply {
	var r reply
	if v, ok := field(obj, coveredKeys...); ok {
		if b, ok := asBool(v); ok {
			r.Covered = &b
		}
	}
	if v, ok := field(obj, notCoveredKeys...); ok {
		if b, ok := asBool(v); ok {
			nb := !b
			r.Covered = &nb
		}
	}
	if v, ok := field(obj, languageKeys...); ok {
		r.Language, _ = v.(string)
	}
	if v, ok := field(obj, answerKeys...); ok {
		r.Answer, _ = v.(string)
	}
	if v, ok := field(obj, quotesKeys...); ok {
		list, ok := v.([]any)
		if !ok {
			list = []any{v}
		}
		for _, item := range list {
			if q, ok := readQuote(item); ok {
				r.Quotes = append(r.Quotes, q)
			}
		}
	}
	return r
}

func readQuote(item any) (replyQuote, bool) {
	switch x := item.(type) {
	case string:
		return replyQuote{Text: x}, x != ""
	case map[string]any:
		var q replyQuote
		if v, ok := field(x, "text", "quote", "content", "excerpt"); ok {
			q.Text, _ = v.(string)
		}
		if v, ok := field(x, "passage", "passage_number", "number", "n", "source", "id", "paragraph"); ok {
			q.Passage = asNumber(v)
		}
		if v, ok := field(x, "translation", "translated", "translation_text"); ok {
			q.Translation, _ = v.(string)
		}
		return q, q.Text != ""
	}
	return replyQuote{}, false
}

// field returns the value of the first of keys present in obj, ignoring
// case.
func field(obj map[string]any, keys ...string) (any, bool) {
	for _, want := range keys {
		if v, ok := obj[want]; ok {
			return v, true
		}
		for k, v := range obj {
			if strings.EqualFold(k, want) {
				return v, true
			}
		}
	}
	return nil, false
}

func asBool(v any) (bool, bool) {
	switch x := v.(type) {
	case bool:
		return x, true
	case string:
		switch strings.ToLower(strings.TrimSpace(x)) {
		case "true", "yes", "y", "1":
			return true, true
		case "false", "no", "n", "0":
			return false, true
		}
	}
	return false, false
}

var digitsRe = regexp.MustCompile(`\d+`)

// asNumber reads a passage number written as 2, 2.0, "2", "¶2" or "Passage 2".
func asNumber(v any) int {
	switch x := v.(type) {
	case float64:
		if x >= 1 && x < 1e6 && x == float64(int(x)) {
			return int(x)
		}
	case string:
		if m := digitsRe.FindString(x); m != "" && len(m) < 7 {
			n, _ := strconv.Atoi(m)
			return n
		}
	}
	return 0
}

var (
	jsonString   = `"((?:[^"\\]|\\.)*)"`
	answerFieldR = regexp.MustCompile(`"(?:answer|lead|response)"\s*:\s*` + jsonString)
	coveredR     = regexp.MustCompile(`"covered"\s*:\s*"?(true|false)`)
	langR        = regexp.MustCompile(`"(?:language|lang)"\s*:\s*` + jsonString)
	flatObjR     = regexp.MustCompile(`\{[^{}]*\}`)
	quoteFieldR  = regexp.MustCompile(`"(?:text|quote)"\s*:\s*` + jsonString)
	passageR     = regexp.MustCompile(`"(?:passage|passage_number|number|n)"\s*:\s*"?[^\d"]{0,10}(\d{1,6})`)
	translR      = regexp.MustCompile(`"translation"\s*:\s*` + jsonString)
)

// salvageReply reads JSON too broken to decode (trailing commas, a missing
// bracket, comments) field by field: each flat {...} with a text is a quote.
func salvageReply(s string) (reply, bool) {
	var r reply
	found := false
	if m := answerFieldR.FindStringSubmatch(s); m != nil {
		r.Answer, found = unquoteJSON(m[1]), true
	}
	if m := coveredR.FindStringSubmatch(s); m != nil {
		b := m[1] == "true"
		r.Covered, found = &b, true
	}
	if m := langR.FindStringSubmatch(s); m != nil {
		r.Language = unquoteJSON(m[1])
	}
	for _, obj := range flatObjR.FindAllString(s, -1) {
		m := quoteFieldR.FindStringSubmatch(obj)
		if m == nil {
			continue
		}
		q := replyQuote{Text: unquoteJSON(m[1])}
		if p := passageR.FindStringSubmatch(obj); p != nil {
			q.Passage, _ = strconv.Atoi(p[1])
		}
		if t := translR.FindStringSubmatch(obj); t != nil {
			q.Translation = unquoteJSON(t[1])
		}
		if q.Text != "" {
			r.Quotes = append(r.Quotes, q)
			found = true
		}
	}
	return r, found
}

func unquoteJSON(body string) string {
	var s string
	if err := json.Unmarshal([]byte(`"`+body+`"`), &s); err != nil {
		return body
	}
	return s
}

// minPlainQuoteWords is the shortest quotation-marked run of plain text
// taken as a quote; shorter ones are words in scare quotes.
const minPlainQuoteWords = 3

// plainReply reads an answer written as prose: its quotation-marked parts
// are the quotes, and the sentences around them the answer.
func plainReply(s string) reply {
	var r reply
	segs := quotedSegments(s)
	var taken []segment
	for _, seg := range segs {
		if seg.closed && wordCount(seg.inner) >= minPlainQuoteWords {
			r.Quotes = append(r.Quotes, replyQuote{Text: seg.inner})
			taken = append(taken, seg)
		}
	}
	// The sentences holding the quotes become the citations; the rest,
	// if any, is the answer.
	var kept []string
	for _, sent := range sentences(s, segs) {
		if !overlapsAny(sent, taken) {
			kept = append(kept, strings.TrimSpace(s[sent.start:sent.end]))
		}
	}
	r.Answer = strings.Join(kept, " ")
	return r
}

// rewriteReply is the model's restatement of a question.
type rewriteReply struct {
	Query    string
	Language string
}

var queryFieldR = regexp.MustCompile(`"(?:query|question|standalone|standalone_question)"\s*:\s*` + jsonString)

// parseRewrite reads the rewrite call's answer: JSON as asked, broken JSON,
// or, failing that, the first line of plain text.
func parseRewrite(content string) rewriteReply {
	s := strings.TrimSpace(unfence(content))
	var r rewriteReply
	if obj, ok := decodeObject(s, "query", "question", "standalone", "standalone_question", "rewritten"); ok {
		if v, ok := field(obj, "query", "question", "standalone", "standalone_question", "rewritten"); ok {
			r.Query, _ = v.(string)
		}
		if v, ok := field(obj, languageKeys...); ok {
			r.Language, _ = v.(string)
		}
		return r
	}
	if m := queryFieldR.FindStringSubmatch(s); m != nil {
		r.Query = unquoteJSON(m[1])
		if l := langR.FindStringSubmatch(s); l != nil {
			r.Language = unquoteJSON(l[1])
		}
		return r
	}
	line, _, _ := strings.Cut(s, "\n")
	line = strings.TrimSpace(line)
	for _, p := range []string{"Query:", "Question:", "Standalone question:"} {
		if len(line) >= len(p) && strings.EqualFold(line[:len(p)], p) {
			line = strings.TrimSpace(line[len(p):])
		}
	}
	r.Query = strings.Trim(line, "\"“”'‘’ ")
	return r
}
