package knowledge

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// secretMarker stands for what must never leave a file outside the folder.
const secretMarker = "SECRET-7f3a9c"

// A file swapped for a symlink to a file outside the folder while Load runs
// (a reload racing an attacker, or a careless deploy) is never read: the
// check that a link stays inside and the read are one act.
//
// Regression: Load looked at each entry as listed, and then opened its path,
// which followed whatever link had been swapped in meanwhile.
func TestLoadNeverReadsOutsideDuringASwap(t *testing.T) {
	dir := t.TempDir()
	outside := t.TempDir()
	secret := filepath.Join(outside, "secret.md")
	writeFiles(t, outside, map[string]string{"secret.md": "The password is " + secretMarker + ".\n"})
	// Files listed before the swapped one widen the window between the
	// listing and the read, as a real folder does.
	files := map[string]string{}
	for i := range 30 {
		files[fmt.Sprintf("a%02d.md", i)] = fmt.Sprintf("Ordinary paragraph number %d.\n", i)
	}
	writeFiles(t, dir, files)
	flip := filepath.Join(dir, "flip.md")
	regular := filepath.Join(dir, ".flip-regular")
	link := filepath.Join(dir, ".flip-link")
	writeFiles(t, dir, map[string]string{"flip.md": "Ordinary text.\n"})
	if err := os.Symlink(secret, link); err != nil {
		t.Skipf("cannot make symlinks here: %v", err)
	}

	// The swapper renames a regular file and a symlink over flip.md in
	// turn; rename is atomic, so flip.md always exists. The staging names
	// are hidden, so Load itself skips them.
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var swapErr error
	wg.Go(func() {
		for {
			select {
			case <-stop:
				return
			default:
			}
			if err := os.WriteFile(regular, []byte("Ordinary text.\n"), 0o644); err != nil {
				swapErr = err
				return
			}
			if err := os.Rename(regular, flip); err != nil {
				swapErr = err
				return
			}
			if err := os.Symlink(secret, link); err != nil && !os.IsExist(err) {
				swapErr = err
				return
			}
			if err := os.Rename(link, flip); err != nil {
				swapErr = err
				return
			}
		}
	})
	defer func() {
		close(stop)
		wg.Wait()
		if swapErr != nil {
			t.Errorf("swapping flip.md: %v", swapErr)
		}
	}()

	const loads = 150
	for i := range loads {
		base, problems, err := Load(dir)
		if err != nil {
			t.Fatalf("Load #%d error = %v", i, err)
		}
		for _, d := range base.Docs {
			if bytes.Contains(d.Src, []byte(secretMarker)) {
				t.Fatalf("Load #%d served %s with the text of %s, outside the folder", i, d.Path, secret)
			}
		}
		for _, p := range problems {
			if strings.Contains(p.String(), secretMarker) || strings.Contains(p.String(), outside) {
				t.Fatalf("Load #%d problem %q shows what is outside the folder", i, p)
			}
		}
	}
}
