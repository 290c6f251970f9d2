package config

// Variable describes one setting Load reads from the environment or .env,
// for people: `iccbot help CMD` lists the variables each command reads.
// A test checks that the list holds exactly the variables Load reads, and
// that each default is the one Load uses.
type Variable struct {
	Name string
	// Default is the value used when the variable is unset, written as it
	// would be set; empty when unset means off, none, or a default that
	// Help describes.
	Default string
	// Help says in a few words what it does.
	Help string
	// Commands are the iccbot commands whose behaviour it changes. Every
	// command that loads the configuration stops on an invalid value of
	// any variable, listed for it or not.
	Commands []string
}

// Variables returns every variable Load reads, in the README's order.
func Variables() []Variable {
	v := func(name, def, help string, commands ...string) Variable {
		return Variable{Name: name, Default: def, Help: help, Commands: commands}
	}
	serve := []string{"serve"}
	return []Variable{
		v("KNOWLEDGE_DIR", DefaultKnowledgeDir, "the knowledge folder", "serve", "ask", "check"),
		v("KNOWLEDGE_MAX_BYTES", "64MiB", "the most text the whole knowledge may hold (bytes, KiB, MiB or GiB)", "serve", "ask", "check"),
		v("PROMPTS_DIR", DefaultPromptsDir, "the prompt templates (*.tmpl), used with LLM answers", "serve", "ask", "check"),
		v("HTTP_ADDR", DefaultHTTPAddr, "where health, metrics, the playground and /api/ask listen; empty turns HTTP off", "serve", "health"),
		v("HTTP_MODERATOR_TOKEN", "", "token for the moderators' pages and /metrics; required when HTTP_ADDR is not loopback", serve...),
		v("HTTP_ALLOWED_HOSTS", "", "more host names accepted in the Host header, comma-separated", serve...),
		v("HTTP_TRUSTED_PROXIES", "", "proxies (IPs or CIDRs, comma-separated) whose X-Forwarded-For is believed", serve...),
		v("OPENAI_API_KEY", "", "turns on LLM answers (check then checks the prompts the LLM needs)", "serve", "ask", "check"),
		v("OPENAI_BASE_URL", "", "an OpenAI-compatible server (unset: the OpenAI API)", "serve", "ask"),
		v("OPENAI_MODEL", DefaultOpenAIModel, "the chat model", "serve", "ask"),
		v("OPENAI_TIMEOUT", "", "how long one question may wait on the model, such as 20s (unset: 20s)", "serve", "ask"),
		v("OPENAI_MAX_CONCURRENT", "", "model requests in flight at once (unset: 4)", serve...),
		v("OPENAI_MAX_QUEUED", "", "model requests that may wait for a free slot; 0 for none (unset: as many as may be in flight)", serve...),
		v("TELEGRAM_BOT_TOKEN", "", "turns on the Telegram bot", serve...),
		v("TELEGRAM_API_URL", "", "a self-hosted Bot API server (unset: Telegram's own)", serve...),
		v("TELEGRAM_WEBHOOK_URL", "", "an https URL: webhook mode instead of polling", serve...),
		v("TELEGRAM_WEBHOOK_SECRET", "", "required with the webhook URL; checked on every webhook request", serve...),
		v("TELEGRAM_WEBHOOK_LISTEN", "", "where the bot serves the webhook, such as :8443 (required with the webhook URL)", serve...),
		v("TELEGRAM_MODERATORS", "", "Telegram user ids allowed /gaps, comma-separated", serve...),
		v("DISCORD_TOKEN", "", "turns on the Discord bot", serve...),
		v("DISCORD_API_URL", "", "a REST proxy; gateway discovery goes through it too (unset: Discord's own)", serve...),
		v("DISCORD_GUILD_ID", "", "register the commands to this server only (instant updates while testing)", serve...),
		v("DISCORD_SHARD_ID", "0", "this process's shard, for large deployments", serve...),
		v("DISCORD_SHARD_COUNT", "1", "how many shards there are", serve...),
		v("DISCORD_MODERATOR_ROLE", "", "a role whose members may use /kb, besides Manage Server", serve...),
		v("DISCORD_OPEN_CHANNELS", "", "channel ids where every message is answered, comma-separated", serve...),
		v("DISCORD_THREADS", "true", "answer a mention in a server channel in a thread of its own, where follow-ups need no mention", serve...),
		v("LOG_LEVEL", "info", "debug, info, warn or error", "serve", "ask"),
		v("LOG_QUESTIONS", "false", "with LOG_LEVEL=debug, log question text", serve...),
		v("GAPS_ENABLED", "true", "count unanswered questions for moderators", serve...),
		v("FEEDBACK_ENABLED", "true", "rating buttons (👍, 👎, Report) under answers; moderators see reported answers at /flagged", serve...),
		v("REDIS_URL", "", "share conversation memory, rate limits, gaps and feedback between replicas (redis://[:password@]host:6379/0); one replica polls Telegram at a time", serve...),
		v("REDIS_HASH_KEY", "", "with REDIS_URL: the same secret on every replica, keying the hashes that stand for people and chats in Redis (openssl rand -hex 32)", serve...),
		v("RATE_LIMIT_PER_MINUTE", "6", "questions one person may ask per minute, after a burst of 5", serve...),
	}
}
