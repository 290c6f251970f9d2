package llm

import (
	"fmt"
	"reflect"
	"testing"
)

func TestParseReply(t *testing.T) {
	yes, no := true, false
	tests := []struct {
		name string
		in   string
		want reply
	}{
		{
			name: "as asked",
			in:   `{"covered": true, "language": "es", "answer": "Sí.", "quotes": [{"passage": 2, "text": "The court met.", "translation": "La corte se reunió."}]}`,
			want: reply{Covered: &yes, Language: "es", Answer: "Sí.", Quotes: []replyQuote{{Passage: 2, Text: "The court met.", Translation: "La corte se reunió."}}},
		},
		{
			name: "code fence and chatter",
			in:   "Here you go:\n```json\n{\"covered\": true, \"answer\": \"A.\", \"quotes\": [{\"passage\": 1, \"text\": \"B c d.\"}]}\n```\nHope this helps!",
			want: reply{Covered: &yes, Answer: "A.", Quotes: []replyQuote{{Passage: 1, Text: "B c d."}}},
		},
		{
			name: "other field names, strings for numbers and booleans",
			in:   `{"Answered": "yes", "Lead": "A.", "citations": [{"source": "Passage 3", "quote": "B c d."}, "E f g."]}`,
			want: reply{Covered: &yes, Answer: "A.", Quotes: []replyQuote{{Passage: 3, Text: "B c d."}, {Text: "E f g."}}},
		},
		{
			name: "not covered",
			in:   `{"covered": false, "answer": "", "quotes": []}`,
			want: reply{Covered: &no},
		},
		{
			name: "not_covered flag",
			in:   `{"not_covered": true}`,
			want: reply{Covered: &no},
		},
		{
			name: "double-encoded",
			in:   `"{\"covered\": true, \"answer\": \"A.\", \"quotes\": []}"`,
			want: reply{Covered: &yes, Answer: "A."},
		},
		{
			name: "truncated after a complete quote",
			in:   `{"covered": true, "answer": "A.", "quotes": [{"passage": 1, "text": "B c d."}, {"passage": 2, "text": "E f`,
			want: reply{Covered: &yes, Answer: "A.", Quotes: []replyQuote{{Passage: 1, Text: "B c d."}}},
		},
		{
			name: "truncated in the first quote",
			in:   `{"covered": true, "answer": "A.", "quotes": [{"passage": 1, "text": "B c`,
			want: reply{Covered: &yes, Answer: "A."},
		},
		{
			name: "trailing commas, read field by field",
			in:   `{"covered": true, "answer": "A \"b\".", "quotes": [{"passage": "2", "text": "B c d.",},],}`,
			want: reply{Covered: &yes, Answer: `A "b".`, Quotes: []replyQuote{{Passage: 2, Text: "B c d."}}},
		},
		{
			name: "only the outer object broken",
			in:   `{"covered": true, "answer": "A.", "quotes": [{"passage": 1, "text": "B c d."}],}`,
			want: reply{Covered: &yes, Answer: "A.", Quotes: []replyQuote{{Passage: 1, Text: "B c d."}}},
		},
		{
			name: "plain text with quotations",
			in:   `The court met in March. The briefing says: “The court met in The Hague.” It adds "in 2025" too.`,
			want: reply{Answer: "The court met in March.", Quotes: []replyQuote{{Text: "The court met in The Hague."}}},
		},
		{
			name: "plain text without quotations",
			in:   "I don't know.",
			want: reply{Answer: "I don't know."},
		},
		{
			name: "empty",
			in:   "",
			want: reply{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := parseReply(tt.in)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("parseReply(%q) =\n%s\nwant\n%s", tt.in, show(got), show(tt.want))
			}
		})
	}
}

func show(r reply) string {
	c := "nil"
	if r.Covered != nil {
		c = fmt.Sprint(*r.Covered)
	}
	return fmt.Sprintf("covered=%s lang=%q answer=%q quotes=%+v", c, r.Language, r.Answer, r.Quotes)
}

func TestRepairJSON(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{`{"a": 1}`, `{"a": 1}`, true},
		{`{"a": [{"b": 1}, {"b": 2`, `{"a": [{"b": 1}]}`, true},
		{`{"a": [{"b": "}"}, {"b": "x`, `{"a": [{"b": "}"}]}`, true},
		{`{"a": "no end`, "", false},
		{`]`, "", false},
	}
	for _, tt := range tests {
		got, ok := repairJSON(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("repairJSON(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestParseRewrite(t *testing.T) {
	tests := []struct {
		in   string
		want rewriteReply
	}{
		{`{"query": "Who imposed sanctions?", "language": "es"}`, rewriteReply{"Who imposed sanctions?", "es"}},
		{"```\n{\"question\": \"Who?\"}\n```", rewriteReply{Query: "Who?"}},
		{`{"query": "Who imposed sanctions?", "language": "es",}`, rewriteReply{"Who imposed sanctions?", "es"}},
		{"Query: \"Who imposed sanctions?\"\nThis restates the question.", rewriteReply{Query: "Who imposed sanctions?"}},
	}
	for _, tt := range tests {
		if got := parseRewrite(tt.in); got != tt.want {
			t.Errorf("parseRewrite(%q) = %+v; want %+v", tt.in, got, tt.want)
		}
	}
}

func FuzzParseReply(f *testing.F) {
	for _, s := range []string{
		`{"covered": true, "answer": "A.", "quotes": [{"passage": 1, "text": "B c d."}]}`,
		`{"covered": true, "quotes": [{"passage": 1, "text": "B`,
		"“a b c” and \"d e f\"",
		"```json\n{}\n```",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r := parseReply(s) // must not panic
		for _, q := range r.Quotes {
			if q.Text == "" {
				t.Errorf("parseReply(%q) gave an empty quote", s)
			}
		}
		parseRewrite(s)
	})
}
