package config

import (
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func lookup(pairs ...string) LookupFunc {
	m := map[string]string{}
	for i := 0; i+1 < len(pairs); i += 2 {
		m[pairs[i]] = pairs[i+1]
	}
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

func TestDefaults(t *testing.T) {
	c, err := Load(lookup(), filepath.Join(t.TempDir(), ".env"))
	if err != nil {
		t.Fatal(err)
	}
	want := Config{KnowledgeDir: "knowledge", PromptsDir: "prompts", HTTPAddr: "127.0.0.1:8080", OpenAIModel: DefaultOpenAIModel, LogLevel: slog.LevelInfo, Gaps: true, RatePerMinute: 6, DiscordShardCount: 1}
	if !reflect.DeepEqual(c, want) {
		t.Errorf("Load() = %+v; want %+v", c, want)
	}
	if c.LLMEnabled() {
		t.Error("LLM enabled without a key")
	}
}

func TestEnvironmentWinsOverDotEnv(t *testing.T) {
	path := filepath.Join(t.TempDir(), ".env")
	if err := os.WriteFile(path, []byte("KNOWLEDGE_DIR=from-file\nOPENAI_MODEL=file-model\nHTTP_ADDR=127.0.0.1:9999\n# comment\nLOG_LEVEL=debug\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := Load(lookup("KNOWLEDGE_DIR", "from-env", "HTTP_ADDR", ""), path)
	if err != nil {
		t.Fatal(err)
	}
	if c.KnowledgeDir != "from-env" || c.OpenAIModel != "file-model" || c.HTTPAddr != "" || c.LogLevel != slog.LevelDebug {
		t.Errorf("Load = %+v; want env over file, file over defaults, HTTP_ADDR= kept empty", c)
	}
	if _, ok := os.LookupEnv("OPENAI_MODEL"); ok {
		t.Error(".env leaked into the process environment")
	}
}

func TestInvalidValues(t *testing.T) {
	secret := "https://user:s3cr3t@"
	tests := []struct {
		name  string
		env   []string
		wants []string
	}{
		{"log level", []string{"LOG_LEVEL", "loud"}, []string{"LOG_LEVEL", "debug, info, warn or error"}},
		{"log level offset", []string{"LOG_LEVEL", "info+2"}, []string{"LOG_LEVEL"}},
		{"url", []string{"OPENAI_BASE_URL", "localhost:11434"}, []string{"OPENAI_BASE_URL is not an http(s) URL"}},
		{"url with secret", []string{"DISCORD_API_URL", secret + " bad"}, []string{"DISCORD_API_URL"}},
		{"empty folder", []string{"KNOWLEDGE_DIR", " "}, []string{"KNOWLEDGE_DIR is empty"}},
		{"bool", []string{"GAPS_ENABLED", "maybe"}, []string{"GAPS_ENABLED", "true or false"}},
		{"rate", []string{"RATE_LIMIT_PER_MINUTE", "-1"}, []string{"RATE_LIMIT_PER_MINUTE"}},
		{"webhook without secret", []string{"TELEGRAM_WEBHOOK_URL", "https://bot.example/tg", "TELEGRAM_WEBHOOK_LISTEN", ":8443"}, []string{"TELEGRAM_WEBHOOK_SECRET must be set"}},
		{"webhook without listen address", []string{"TELEGRAM_WEBHOOK_URL", "https://bot.example/tg", "TELEGRAM_WEBHOOK_SECRET", "abc"}, []string{"TELEGRAM_WEBHOOK_LISTEN must be set"}},
		{"webhook over http", []string{"TELEGRAM_WEBHOOK_URL", "http://bot.example/tg", "TELEGRAM_WEBHOOK_SECRET", "abc"}, []string{"TELEGRAM_WEBHOOK_URL must be an https URL"}},
		{"moderators", []string{"TELEGRAM_MODERATORS", "12,alice"}, []string{"TELEGRAM_MODERATORS"}},
		{"shards", []string{"DISCORD_SHARD_ID", "2", "DISCORD_SHARD_COUNT", "2"}, []string{"DISCORD_SHARD_ID"}},
		{"guild", []string{"DISCORD_GUILD_ID", "my-server"}, []string{"DISCORD_GUILD_ID"}},
		{"open channels", []string{"DISCORD_OPEN_CHANNELS", "123,general"}, []string{"DISCORD_OPEN_CHANNELS"}},
		{"several at once", []string{"LOG_LEVEL", "x", "TELEGRAM_API_URL", "ftp://x"}, []string{"LOG_LEVEL", "TELEGRAM_API_URL"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(lookup(tt.env...), filepath.Join(t.TempDir(), ".env"))
			if err == nil {
				t.Fatal("Load succeeded; want an error")
			}
			for _, w := range tt.wants {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
			if strings.Contains(err.Error(), "s3cr3t") {
				t.Errorf("error leaks a secret: %q", err)
			}
		})
	}
}

func TestBrokenDotEnv(t *testing.T) {
	path := filepath.Join(t.TempDir(), ".env")
	if err := os.Mkdir(path, 0o700); err != nil { // a folder where a file should be
		t.Fatal(err)
	}
	if _, err := Load(lookup(), path); err == nil {
		t.Error("Load with an unreadable .env succeeded")
	}
}

func TestTelegramSettings(t *testing.T) {
	c, err := Load(lookup("TELEGRAM_WEBHOOK_URL", "https://bot.example/tg", "TELEGRAM_WEBHOOK_SECRET", "s3-cr_et", "TELEGRAM_WEBHOOK_LISTEN", ":8443", "TELEGRAM_MODERATORS", "12, 34"), filepath.Join(t.TempDir(), ".env"))
	if err != nil {
		t.Fatal(err)
	}
	if c.TelegramWebhookSecret != "s3-cr_et" || len(c.TelegramModerators) != 2 || c.TelegramModerators[1] != 34 {
		t.Errorf("Load = %+v", c)
	}
}
