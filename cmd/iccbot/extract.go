package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"iccbot/internal/extract"
	"iccbot/internal/knowledge"
)

// runExtract prints the Markdown the bot reads from one PDF, web page or
// Word file, exactly as the knowledge folder's loader extracts it, so
// that a moderator can save it as a .md file and correct it.
func runExtract(ctx context.Context, inv invocation, stdout io.Writer) error {
	if len(inv.args) != 1 {
		return inv.cmd.usageError("takes one file")
	}
	name := inv.args[0]
	if _, ok := extract.Format(name); !ok {
		return inv.cmd.usageError("%s is not a PDF (.pdf), web page (.html, .htm) or Word (.docx) file", filepath.Base(name))
	}
	data, err := readLimited(name, knowledge.MaxSourceSize)
	if err != nil {
		return fmt.Errorf("extract: %w", err)
	}
	d, err := extract.File(ctx, name, data, knowledge.ExtractLimits(knowledge.MaxFileSize))
	if err != nil {
		return fmt.Errorf("extract: %s: %w", name, err)
	}
	_, err = stdout.Write(d.MarkdownFile())
	return err
}

// readLimited reads a file of at most limit bytes.
func readLimited(name string, limit int64) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%s is over the %d-byte limit for a file", name, limit)
	}
	return data, nil
}
