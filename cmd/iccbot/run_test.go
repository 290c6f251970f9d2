package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// env builds a lookup function from pairs, standing in for os.LookupEnv.
func env(pairs ...string) func(string) (string, bool) {
	m := map[string]string{}
	for i := 0; i+1 < len(pairs); i += 2 {
		m[pairs[i]] = pairs[i+1]
	}
	return func(k string) (string, bool) {
		v, ok := m[k]
		return v, ok
	}
}

// knowledgeDir is the repository's real knowledge folder.
func knowledgeDir(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs("../../knowledge")
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

type result struct {
	stdout, stderr string
	code           int
}

// runCmd calls run in a fresh working directory (so no stray .env is read)
// and maps its error to the exit code main would use.
func runCmd(t *testing.T, lookup func(string) (string, bool), args ...string) result {
	t.Helper()
	t.Chdir(t.TempDir())
	var out, errOut bytes.Buffer
	err := run(t.Context(), args, lookup, &out, &errOut)
	code := 0
	var ee *exitError
	switch {
	case err == nil:
	case errors.As(err, &ee):
		code = ee.code
		if ee.err != nil {
			errOut.WriteString(ee.err.Error())
		}
	default:
		code = 1
		errOut.WriteString(err.Error())
	}
	return result{out.String(), errOut.String(), code}
}

func TestAskText(t *testing.T) {
	kd := knowledgeDir(t)
	r := runCmd(t, env("KNOWLEDGE_DIR", kd), "ask", "When", "does", "the", "Assembly", "meet?")
	if r.code != 0 {
		t.Fatalf("exit %d; stderr: %s", r.code, r.stderr)
	}
	for _, want := range []string{
		"Here is what the briefing says:",
		`"The 20-page report makes detailed recommendations for the annual session of the ICC’s Assembly of States Parties, which will meet in The Hague, Netherlands, from December 1 to 6, 2025."`,
		"— Human Rights Watch briefing on the ICC Assembly of States Parties 2025, ¶4",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("ask output lacks %q:\n%s", want, r.stdout)
		}
	}
}

func TestAskJSON(t *testing.T) {
	kd := knowledgeDir(t)
	src, err := os.ReadFile(filepath.Join(kd, "hrw-icc-asp-2025.md"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		args     []string
		answered bool
	}{
		{"covered, flag first", []string{"ask", "--json", "Who imposed sanctions on ICC officials?"}, true},
		{"covered, flag last", []string{"ask", "Duterte", "--json"}, true},
		{"not covered", []string{"ask", "--json", "Who won the World Cup?"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCmd(t, env("KNOWLEDGE_DIR", kd), tt.args...)
			if r.code != 0 {
				t.Fatalf("exit %d; stderr: %s", r.code, r.stderr)
			}
			var got struct {
				Question  string  `json:"question"`
				Answered  *bool   `json:"answered"`
				Answer    *string `json:"answer"`
				Citations []struct {
					Source, Title, Passage, Quote string
				} `json:"citations"`
				Mode string `json:"mode"`
			}
			dec := json.NewDecoder(strings.NewReader(r.stdout))
			dec.DisallowUnknownFields()
			if err := dec.Decode(&got); err != nil {
				t.Fatalf("output is not the contract's JSON: %v\n%s", err, r.stdout)
			}
			if got.Answered == nil || *got.Answered != tt.answered {
				t.Fatalf("answered = %v; want %v", got.Answered, tt.answered)
			}
			if got.Mode != "extractive" || got.Answer == nil || *got.Answer == "" {
				t.Errorf("mode %q, answer %v; want extractive and a reply", got.Mode, got.Answer)
			}
			if !strings.Contains(r.stdout, `"citations": [`) {
				t.Errorf("citations must be a list, never null:\n%s", r.stdout)
			}
			if !tt.answered {
				if len(got.Citations) != 0 {
					t.Errorf("not covered but %d citations", len(got.Citations))
				}
				if strings.Contains(*got.Answer, "World Cup") {
					t.Errorf("reply echoes the question: %q", *got.Answer)
				}
				return
			}
			if len(got.Citations) == 0 {
				t.Fatal("answered without citations")
			}
			for _, c := range got.Citations {
				if c.Source != "hrw-icc-asp-2025.md" || c.Title == "" || c.Passage == "" {
					t.Errorf("citation %+v lacks source, title or passage", c)
				}
				if !bytes.Contains(src, []byte(c.Quote)) {
					t.Errorf("quote %q is not verbatim in the source", c.Quote)
				}
				if !strings.Contains(*got.Answer, c.Quote) {
					t.Errorf("reply text lacks quote %q", c.Quote)
				}
			}
		})
	}
}

func TestUsageErrors(t *testing.T) {
	kd := knowledgeDir(t)
	long := strings.Repeat("a", 1001)
	tests := []struct {
		name    string
		args    []string
		code    int
		errWant string
	}{
		{"no question", []string{"ask"}, 2, "no question"},
		{"only flag", []string{"ask", "--json"}, 2, "no question"},
		{"punctuation only", []string{"ask", "?!…"}, 2, "empty"},
		{"emoji only", []string{"ask", "🙂🔥"}, 2, "empty"},
		{"control characters only", []string{"ask", "\x00\x1b\t"}, 2, "empty"},
		{"too long", []string{"ask", long}, 2, "too long"},
		{"unknown flag", []string{"ask", "--yaml", "question"}, 2, "unknown flag"},
		{"unknown command", []string{"frobnicate"}, 2, "unknown command"},
		{"check with arguments", []string{"check", "x"}, 2, "no arguments"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCmd(t, env("KNOWLEDGE_DIR", kd), tt.args...)
			if r.code != tt.code || !strings.Contains(r.stderr, tt.errWant) {
				t.Errorf("run(%q) = exit %d, stderr %q; want exit %d mentioning %q", tt.args, r.code, r.stderr, tt.code, tt.errWant)
			}
			if r.stdout != "" {
				t.Errorf("usage error printed to stdout: %q", r.stdout)
			}
		})
	}
}

func TestAskStripsControlCharacters(t *testing.T) {
	r := runCmd(t, env("KNOWLEDGE_DIR", knowledgeDir(t)), "ask", "--json", "Dute\x1b[31mrte\x07 \u202e?")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var got struct{ Question string }
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatal(err)
	}
	if strings.ContainsAny(got.Question, "\x1b\x07\u202e") {
		t.Errorf("question kept control characters: %q", got.Question)
	}
}

func TestAskLeadingDash(t *testing.T) {
	r := runCmd(t, env("KNOWLEDGE_DIR", knowledgeDir(t)), "ask", "--", "-Duterte")
	if r.code != 0 || !strings.Contains(r.stdout, "Rodrigo Duterte") {
		t.Errorf("ask -- -Duterte: exit %d, out %q, err %q", r.code, r.stdout, r.stderr)
	}
}

func TestAskNoKnowledge(t *testing.T) {
	r := runCmd(t, env("KNOWLEDGE_DIR", t.TempDir()), "ask", "Duterte")
	if r.code != 1 || !strings.Contains(r.stderr, "no usable knowledge") {
		t.Errorf("exit %d, stderr %q; want 1 and 'no usable knowledge'", r.code, r.stderr)
	}
}

func TestCheck(t *testing.T) {
	kd := knowledgeDir(t)
	t.Run("the repository's folders", func(t *testing.T) {
		pd, _ := filepath.Abs("../../prompts")
		r := runCmd(t, env("KNOWLEDGE_DIR", kd, "PROMPTS_DIR", pd), "check")
		if r.code != 0 || r.stdout != "ok: 1 documents, 9 passages\n" {
			t.Errorf("check = exit %d, %q; want 0 and the counts", r.code, r.stdout)
		}
	})
	t.Run("every problem listed", func(t *testing.T) {
		dir := t.TempDir()
		write(t, dir, "good.md", "# Good\n\nThe court meets in The Hague.\n")
		write(t, dir, "bad.md", "---\ntitle: a: b\n---\nText.\n")
		write(t, dir, "sub/latin1.txt", "caf\xe9\n")
		write(t, dir, "empty.txt", "")
		write(t, dir, "examples.md", "---\nexamples:\n  - What is the price of bitcoin?\n---\nThe court meets in The Hague.\n")
		pd := t.TempDir()
		write(t, pd, "answer.tmpl", "hello\n{{ .Question | nosuchfunc }}\n")
		r := runCmd(t, env("KNOWLEDGE_DIR", dir, "PROMPTS_DIR", pd), "check")
		if r.code != 1 {
			t.Errorf("exit %d; want 1", r.code)
		}
		for _, want := range []string{
			dir + "/bad.md:2: front matter:",
			dir + "/sub/latin1.txt:1: invalid UTF-8",
			dir + "/empty.txt:1: empty file",
			dir + "/examples.md:3: example question is not answered",
			pd + "/answer.tmpl:2: function \"nosuchfunc\" not defined",
			"5 problems (2 documents, 2 passages loaded)",
		} {
			if !strings.Contains(r.stdout, want) {
				t.Errorf("check output lacks %q:\n%s", want, r.stdout)
			}
		}
	})
}

func TestConfigErrorsAreReported(t *testing.T) {
	r := runCmd(t, env("KNOWLEDGE_DIR", knowledgeDir(t), "LOG_LEVEL", "loud"), "ask", "Duterte")
	if r.code != 1 || !strings.Contains(r.stderr, "LOG_LEVEL") {
		t.Errorf("exit %d, stderr %q; want 1 naming LOG_LEVEL", r.code, r.stderr)
	}
}

func TestDotEnvIsRead(t *testing.T) {
	kd := knowledgeDir(t)
	t.Chdir(t.TempDir())
	write(t, ".", ".env", "KNOWLEDGE_DIR="+kd+"\n")
	var out, errOut bytes.Buffer
	if err := run(t.Context(), []string{"ask", "Duterte"}, env(), &out, &errOut); err != nil {
		t.Fatalf("run: %v (%s)", err, errOut.String())
	}
	if !strings.Contains(out.String(), "Rodrigo Duterte") {
		t.Errorf("ask with KNOWLEDGE_DIR from .env = %q", out.String())
	}
}

func write(t *testing.T, dir, name, content string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// fakeOpenAI answers chat completions with reply (an OpenAI JSON body) or
// a status, and records the model each request named.
func fakeOpenAI(t *testing.T, status int, content string) (url string, models *[]string) {
	t.Helper()
	var seen []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v1/chat/completions" || r.Header.Get("Authorization") != "Bearer test-key" {
			http.Error(w, `{"error":{"message":"bad request path or key"}}`, http.StatusUnauthorized)
			return
		}
		var req struct {
			Model    string                     `json:"model"`
			Messages []struct{ Content string } `json:"messages"`
		}
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
			http.Error(w, `{"error":{"message":"bad json"}}`, http.StatusBadRequest)
			return
		}
		seen = append(seen, req.Model)
		if status != http.StatusOK {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(status)
			io.WriteString(w, `{"error":{"message":"upstream trouble"}}`)
			return
		}
		body, _ := json.Marshal(map[string]any{
			"id": "c1", "object": "chat.completion", "model": req.Model,
			"choices": []map[string]any{{"index": 0, "finish_reason": "stop", "message": map[string]string{"role": "assistant", "content": content}}},
		})
		w.Header().Set("Content-Type", "application/json")
		w.Write(body)
	}))
	t.Cleanup(srv.Close)
	return srv.URL, &seen
}

func TestAskWithLLM(t *testing.T) {
	kd := knowledgeDir(t)
	pd, _ := filepath.Abs("../../prompts")
	good, _ := json.Marshal(map[string]any{
		"covered": true, "language": "en", "answer": "The Philippines handed him over in March.",
		"quotes": []map[string]any{{"passage": 1, "text": "the Philippines surrendered former President Rodrigo Duterte to the court"}},
	})
	tests := []struct {
		name   string
		status int
		mode   string
	}{
		{"good answer", http.StatusOK, "llm"},
		{"service failing", http.StatusInternalServerError, "extractive-fallback"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			url, models := fakeOpenAI(t, tt.status, string(good))
			r := runCmd(t, env("KNOWLEDGE_DIR", kd, "PROMPTS_DIR", pd, "OPENAI_API_KEY", "test-key", "OPENAI_BASE_URL", url, "OPENAI_MODEL", "tiny-model"), "ask", "--json", "Which former president did the Philippines surrender?")
			if r.code != 0 {
				t.Fatalf("exit %d: %s", r.code, r.stderr)
			}
			var got struct {
				Answered  bool
				Mode      string
				Citations []struct{ Quote string }
			}
			if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
				t.Fatal(err, r.stdout)
			}
			if got.Mode != tt.mode || !got.Answered || len(got.Citations) == 0 || !strings.Contains(got.Citations[0].Quote, "Rodrigo Duterte") {
				t.Errorf("ask = %+v; want mode %s with the Duterte quote", got, tt.mode)
			}
			if len(*models) == 0 || (*models)[0] != "tiny-model" {
				t.Errorf("the fake saw models %q; want tiny-model", *models)
			}
			if strings.Contains(r.stderr, "test-key") {
				t.Error("the API key reached the log")
			}
		})
	}
}
