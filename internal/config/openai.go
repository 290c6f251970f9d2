package config

import (
	"fmt"
	"strconv"
	"time"
)

// The largest values OPENAI_TIMEOUT, OPENAI_MAX_CONCURRENT and
// OPENAI_MAX_QUEUED accept.
const (
	maxOpenAITimeout    = 10 * time.Minute
	maxOpenAIConcurrent = 1000
	maxOpenAIQueued     = 10000
)

// loadOpenAILimits reads how long one question may wait on the model
// (OPENAI_TIMEOUT, a Go duration such as 20s or 1m30s), how many requests
// may be in flight (OPENAI_MAX_CONCURRENT) and how many may wait for one of
// those slots (OPENAI_MAX_QUEUED; 0 for none). Unset, each is left zero:
// the answerer's default (20 s, 4, and as many as may be in flight).
// OPENAI_MAX_QUEUED=0 is kept as -1, the answerer's "none may wait".
func (c *Config) loadOpenAILimits(get getter) []error {
	var errs []error
	if v := get("OPENAI_TIMEOUT", ""); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 || d > maxOpenAITimeout {
			errs = append(errs, fmt.Errorf("OPENAI_TIMEOUT=%q is not a duration between 0 and %v: write it like 20s or 1m30s", v, maxOpenAITimeout))
		} else {
			c.OpenAITimeout = d
		}
	}
	if v := get("OPENAI_MAX_CONCURRENT", ""); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxOpenAIConcurrent {
			errs = append(errs, fmt.Errorf("OPENAI_MAX_CONCURRENT=%q is not a number of requests between 1 and %d", v, maxOpenAIConcurrent))
		} else {
			c.OpenAIMaxConcurrent = n
		}
	}
	if v := get("OPENAI_MAX_QUEUED", ""); v != "" {
		n, err := strconv.Atoi(v)
		switch {
		case err != nil || n < 0 || n > maxOpenAIQueued:
			errs = append(errs, fmt.Errorf("OPENAI_MAX_QUEUED=%q is not a number of requests between 0 and %d", v, maxOpenAIQueued))
		case n == 0:
			c.OpenAIMaxQueued = -1
		default:
			c.OpenAIMaxQueued = n
		}
	}
	return errs
}
