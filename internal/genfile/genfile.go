// Package genfile writes the files that the generators (go generate)
// produce for go:embed.
package genfile

import (
	"fmt"
	"os"
)

// Write writes data to path through a file beside it that is then renamed,
// so that a failed run never leaves a truncated table for go:embed to pick
// up.
func Write(path string, data []byte) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
