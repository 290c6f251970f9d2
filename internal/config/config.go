// Package config turns the environment and an optional .env file into one
// validated Config. Nothing else in the program reads the environment.
package config

import (
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"strconv"
	"strings"

	"github.com/joho/godotenv"
)

// Defaults for the settings in ../shared/CONTRACT.md.
const (
	DefaultKnowledgeDir = "knowledge"
	DefaultPromptsDir   = "prompts"
	DefaultHTTPAddr     = "127.0.0.1:8080"
	DefaultOpenAIModel  = "gpt-4.1-mini"
)

// Config is every setting the bot reads.
type Config struct {
	KnowledgeDir string
	PromptsDir   string
	// HTTPAddr is where health, metrics, the playground and /api/ask listen;
	// empty turns HTTP off.
	HTTPAddr string

	OpenAIKey     string
	OpenAIBaseURL string
	OpenAIModel   string

	TelegramToken  string
	TelegramAPIURL string
	// TelegramWebhookURL turns on webhook mode (for several replicas behind
	// a load balancer); TelegramWebhookSecret is then required.
	TelegramWebhookURL    string
	TelegramWebhookSecret string
	// TelegramWebhookListen, when set, is where the bot serves the webhook
	// itself (behind a TLS proxy).
	TelegramWebhookListen string
	// TelegramModerators are the user ids allowed /gaps.
	TelegramModerators []int64

	DiscordToken  string
	DiscordAPIURL string
	// DiscordGuildID registers the commands to one server (instant updates
	// while testing) instead of globally.
	DiscordGuildID string
	// DiscordShardID and DiscordShardCount split a large bot over processes.
	DiscordShardID    int
	DiscordShardCount int
	// DiscordModeratorRole names a role whose members may use /kb, besides
	// those with Manage Server.
	DiscordModeratorRole string
	// DiscordOpenChannels are channel ids where every message is answered
	// (needs the Message Content intent).
	DiscordOpenChannels []string

	LogLevel slog.Level
	// LogQuestions lets debug logs show question text. Off by default.
	LogQuestions bool
	// Gaps turns on counting unanswered questions for moderators.
	Gaps bool
	// RatePerMinute is how many questions one person may ask per minute
	// (after a burst of five).
	RatePerMinute float64
}

// LookupFunc reads one variable; ok is false when it is not set at all (as
// opposed to set to ""), which matters for HTTP_ADDR= turning HTTP off.
type LookupFunc func(key string) (value string, ok bool)

// Load reads the .env file at dotenvPath (a missing file is fine) and then
// the real environment, which always wins: an operator's exported variable is
// never overridden by a file left lying around.
func Load(lookup LookupFunc, dotenvPath string) (Config, error) {
	file, err := godotenv.Read(dotenvPath)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return Config{}, fmt.Errorf("read %s: %w", dotenvPath, err)
	}
	get := func(key, def string) string {
		if v, ok := lookup(key); ok {
			return strings.TrimSpace(v)
		}
		if v, ok := file[key]; ok {
			return strings.TrimSpace(v)
		}
		return def
	}

	c := Config{
		KnowledgeDir:   get("KNOWLEDGE_DIR", DefaultKnowledgeDir),
		PromptsDir:     get("PROMPTS_DIR", DefaultPromptsDir),
		HTTPAddr:       get("HTTP_ADDR", DefaultHTTPAddr),
		OpenAIKey:      get("OPENAI_API_KEY", ""),
		OpenAIBaseURL:  get("OPENAI_BASE_URL", ""),
		OpenAIModel:    get("OPENAI_MODEL", DefaultOpenAIModel),
		TelegramToken:  get("TELEGRAM_BOT_TOKEN", ""),
		TelegramAPIURL: get("TELEGRAM_API_URL", ""),

		TelegramWebhookURL:    get("TELEGRAM_WEBHOOK_URL", ""),
		TelegramWebhookSecret: get("TELEGRAM_WEBHOOK_SECRET", ""),
		TelegramWebhookListen: get("TELEGRAM_WEBHOOK_LISTEN", ""),
		DiscordToken:          get("DISCORD_TOKEN", ""),
		DiscordAPIURL:         get("DISCORD_API_URL", ""),
		DiscordGuildID:        get("DISCORD_GUILD_ID", ""),
		DiscordModeratorRole:  get("DISCORD_MODERATOR_ROLE", ""),
	}

	var errs []error
	boolVar := func(key string, def bool) bool {
		v := get(key, strconv.FormatBool(def))
		switch strings.ToLower(v) {
		case "1", "true", "yes", "on":
			return true
		case "0", "false", "no", "off":
			return false
		}
		errs = append(errs, fmt.Errorf("%s=%q is not on or off: use true or false", key, v))
		return def
	}
	c.LogQuestions = boolVar("LOG_QUESTIONS", false)
	c.Gaps = boolVar("GAPS_ENABLED", true)
	rate := get("RATE_LIMIT_PER_MINUTE", "6")
	if r, err := strconv.ParseFloat(rate, 64); err != nil || r <= 0 || r > 6000 {
		errs = append(errs, fmt.Errorf("RATE_LIMIT_PER_MINUTE=%q is not a number of questions per minute between 0 and 6000", rate))
	} else {
		c.RatePerMinute = r
	}
	for _, id := range strings.FieldsFunc(get("TELEGRAM_MODERATORS", ""), func(r rune) bool { return r == ',' || r == ' ' }) {
		n, err := strconv.ParseInt(id, 10, 64)
		if err != nil {
			errs = append(errs, errors.New("TELEGRAM_MODERATORS must be Telegram user ids separated by commas"))
			break
		}
		c.TelegramModerators = append(c.TelegramModerators, n)
	}
	for _, id := range strings.FieldsFunc(get("DISCORD_OPEN_CHANNELS", ""), func(r rune) bool { return r == ',' || r == ' ' }) {
		if _, err := strconv.ParseUint(id, 10, 64); err != nil {
			errs = append(errs, errors.New("DISCORD_OPEN_CHANNELS must be channel ids separated by commas"))
			break
		}
		c.DiscordOpenChannels = append(c.DiscordOpenChannels, id)
	}
	if c.DiscordGuildID != "" {
		if _, err := strconv.ParseUint(c.DiscordGuildID, 10, 64); err != nil {
			errs = append(errs, errors.New("DISCORD_GUILD_ID must be a server id (a number), or unset for global commands"))
		}
	}
	shardID, shardCount := get("DISCORD_SHARD_ID", "0"), get("DISCORD_SHARD_COUNT", "1")
	id, err1 := strconv.Atoi(shardID)
	count, err2 := strconv.Atoi(shardCount)
	if err1 != nil || err2 != nil || count < 1 || id < 0 || id >= count {
		errs = append(errs, fmt.Errorf("DISCORD_SHARD_ID=%q and DISCORD_SHARD_COUNT=%q must be numbers with 0 <= id < count", shardID, shardCount))
	} else {
		c.DiscordShardID, c.DiscordShardCount = id, count
	}
	if c.TelegramWebhookURL != "" {
		if u, err := url.Parse(c.TelegramWebhookURL); err != nil || u.Scheme != "https" || u.Host == "" {
			errs = append(errs, errors.New("TELEGRAM_WEBHOOK_URL must be an https URL that Telegram can reach, or unset for polling"))
		}
		if c.TelegramWebhookListen == "" {
			errs = append(errs, errors.New("TELEGRAM_WEBHOOK_LISTEN must be set with TELEGRAM_WEBHOOK_URL: the address (e.g. :8443) where the bot serves the webhook behind your TLS proxy"))
		}
		if !validSecret(c.TelegramWebhookSecret) {
			errs = append(errs, errors.New("TELEGRAM_WEBHOOK_SECRET must be set with TELEGRAM_WEBHOOK_URL: 1 to 256 of A-Z, a-z, 0-9, _ and -, the same on every replica"))
		}
	}
	if c.KnowledgeDir == "" {
		errs = append(errs, errors.New("KNOWLEDGE_DIR is empty: unset it to use ./knowledge, or name the knowledge folder"))
	}
	if c.PromptsDir == "" {
		errs = append(errs, errors.New("PROMPTS_DIR is empty: unset it to use ./prompts, or name the prompts folder"))
	}
	for _, u := range []struct{ key, val string }{
		{"OPENAI_BASE_URL", c.OpenAIBaseURL},
		{"TELEGRAM_API_URL", c.TelegramAPIURL},
		{"DISCORD_API_URL", c.DiscordAPIURL},
	} {
		if err := checkURL(u.key, u.val); err != nil {
			errs = append(errs, err)
		}
	}
	level := get("LOG_LEVEL", "info")
	if err := c.LogLevel.UnmarshalText([]byte(level)); err != nil || strings.ContainsAny(level, "+-") {
		errs = append(errs, fmt.Errorf("LOG_LEVEL=%q is not a level: use debug, info, warn or error", level))
	}
	if len(errs) > 0 {
		return Config{}, fmt.Errorf("configuration: %w", errors.Join(errs...))
	}
	return c, nil
}

func validSecret(s string) bool {
	if len(s) == 0 || len(s) > 256 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-') {
			return false
		}
	}
	return true
}

// checkURL accepts an empty value (the service's default) or an absolute
// http(s) URL. The value is never echoed: it may carry credentials.
func checkURL(key, val string) error {
	if val == "" {
		return nil
	}
	u, err := url.Parse(val)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("%s is not an http(s) URL: set it like https://host[:port][/path], or unset it", key)
	}
	return nil
}

// LLMEnabled reports whether LLM answers are configured. The key turns them
// on; local servers that need none (Ollama, llama.cpp) accept any value.
func (c Config) LLMEnabled() bool { return c.OpenAIKey != "" }
