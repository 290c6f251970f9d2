package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A .env with a mistake is reported by file, line and variable name, and
// never with anything of a value: godotenv's own errors quote the file
// from the mistake onwards, tokens included.
func TestDotEnvSyntaxErrorsHideValues(t *testing.T) {
	const (
		openAI   = "sk-proj-Zq8xLw2vN4tR7yB1cD5eF9gH"
		telegram = "7411023456:AAF3kLmN0pQrStUvWxYz-1aBcDeFgHiJk"
		discord  = "MTE4OTk5ODc2NTQzMjEw.GxYz12.AbCdEfGhIjKlMnOpQrStUvWxYz0123"
	)
	// Every value above is secret; so is any piece of one a parser might
	// quote (the part before a '-', after a ':' and so on).
	secrets := []string{openAI, telegram, discord, "sk-proj", "Zq8xLw2v", "7411023456", "AAF3kLmN", "MTE4OTk5", "GxYz12", "AbCdEfGh", "s3cr3t", "S3CR3T"}
	tests := []struct {
		name, file string
		want       string // the whole error, but for the folder
	}{{
		name: "value without =",
		file: "KNOWLEDGE_DIR=knowledge\n# the key\nOPENAI_API_KEY " + openAI + "\nTELEGRAM_BOT_TOKEN=" + telegram + "\nDISCORD_TOKEN=" + discord + "\n",
		want: ".env:3: OPENAI_API_KEY: not KEY=value (the line is not shown: it may hold a secret)",
	}, {
		name: "unterminated double quote",
		file: "OPENAI_API_KEY=" + openAI + "\nTELEGRAM_BOT_TOKEN=\"" + telegram + "\nDISCORD_TOKEN=" + discord + "\n",
		want: ".env:2: TELEGRAM_BOT_TOKEN: the quoted value has no closing \"",
	}, {
		name: "unterminated single quote after export, CRLF",
		file: "export OPENAI_API_KEY=" + openAI + "\r\n\r\nexport DISCORD_TOKEN='" + discord + "\r\nTELEGRAM_BOT_TOKEN=" + telegram + "\r\n",
		want: ".env:3: DISCORD_TOKEN: the quoted value has no closing '",
	}, {
		name: "a token pasted on a line of its own",
		file: "TELEGRAM_BOT_TOKEN=" + telegram + "\n" + discord + "-s3cr3t\nOPENAI_API_KEY=" + openAI + "\n",
		want: ".env:2: not KEY=value (the line is not shown: it may hold a secret)",
	}, {
		name: "a line without =",
		file: "DISCORD_TOKEN=" + discord + "\nOPENAI_API_KEY\nTELEGRAM_BOT_TOKEN=" + telegram + "\n",
		want: ".env:2: OPENAI_API_KEY: not KEY=value (the line is not shown: it may hold a secret)",
	}, {
		name: "a capitalised token alone on a line",
		file: "DISCORD_TOKEN=" + discord + "\nAKIAS3CR3TEXAMPLE7\nTELEGRAM_BOT_TOKEN=" + telegram + "\n",
		want: ".env:2: not KEY=value (the line is not shown: it may hold a secret)",
	}, {
		name: "mistake after a quoted value over several lines",
		file: "NOTE=\"one\ntwo\nthree\"\nTELEGRAM_BOT_TOKEN=" + telegram + "\nOPENAI_API_KEY " + openAI + "\n",
		want: ".env:5: OPENAI_API_KEY: not KEY=value (the line is not shown: it may hold a secret)",
	}, {
		name: "a shell command",
		file: "OPENAI_API_KEY=" + openAI + "\n$(cat s3cr3t)\n",
		want: ".env:2: not KEY=value (the line is not shown: it may hold a secret)",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, ".env")
			if err := os.WriteFile(path, []byte(tt.file), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := Load(lookup(), path)
			if err == nil {
				t.Fatal("Load succeeded; want a syntax error")
			}
			msg := err.Error()
			for _, s := range secrets {
				if strings.Contains(msg, s) {
					t.Errorf("Load error holds %q: %s", s, msg)
				}
			}
			if got := strings.ReplaceAll(msg, dir+string(filepath.Separator), ""); got != tt.want {
				t.Errorf("Load error = %q; want %q", got, tt.want)
			}
		})
	}
}

// The walk that finds the line follows godotenv's reading: every file it
// accepts parses without error here too, and what it reads is kept.
func TestDotEnvStillReadsGoodFiles(t *testing.T) {
	path := filepath.Join(t.TempDir(), ".env")
	file := "# comment\nexport OPENAI_MODEL=m1 # trailing comment\nKNOWLEDGE_DIR: docs\nPROMPTS_DIR=\"my\nprompts\"\nOPENAI_API_KEY='sk-x'\n"
	if err := os.WriteFile(path, []byte(file), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := Load(lookup(), path)
	if err != nil {
		t.Fatal(err)
	}
	if c.OpenAIModel != "m1" || c.KnowledgeDir != "docs" || c.PromptsDir != "my\nprompts" || c.OpenAIKey != "sk-x" {
		t.Errorf("Load = %+v", c)
	}
}
