package library

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// DefaultDebounce is how long the folders must be quiet after a change
// before reloading: editors write a file in several steps (write a temp
// file, rename it over, touch the folder), and a git checkout changes many
// files at once.
const DefaultDebounce = 250 * time.Millisecond

// Watch reloads the library whenever something under the knowledge or
// prompts folder changes, until ctx is cancelled. It watches every
// sub-folder, including ones created later, and handles files saved by
// rename, deleted or moved. A failed reload is logged and recorded in the
// status; the next change tries again.
func (l *Library) Watch(ctx context.Context, debounce time.Duration) error {
	if debounce <= 0 {
		debounce = DefaultDebounce
	}
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("watch knowledge: %w", err)
	}
	defer w.Close()
	for _, dir := range []string{l.knowledgeDir, l.promptsDir} {
		if err := addTree(w, dir); err != nil {
			l.log.Warn("cannot watch folder; changes there need a restart", "folder", dir, "err", err)
		}
	}
	l.log.Info("watching for changes", "knowledge", l.knowledgeDir, "prompts", l.promptsDir)
	l.watchOnce.Do(func() { close(l.watching) })

	timer := time.NewTimer(time.Hour)
	timer.Stop()
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-w.Events:
			if !ok {
				return errors.New("watch knowledge: watcher closed")
			}
			if ev.Has(fsnotify.Create) {
				if info, err := os.Stat(ev.Name); err == nil && info.IsDir() {
					// A new folder, or one moved in: watch it and whatever
					// it already holds (files created before the watch).
					if err := addTree(w, ev.Name); err != nil {
						l.log.Warn("cannot watch new folder", "folder", ev.Name, "err", err)
					}
				}
			}
			if ignored(ev.Name) {
				continue
			}
			timer.Reset(debounce)
		case err, ok := <-w.Errors:
			if !ok {
				return errors.New("watch knowledge: watcher closed")
			}
			// Overflow: events were lost, so reload to be safe.
			l.log.Warn("watching knowledge", "err", err)
			timer.Reset(debounce)
		case <-timer.C:
			before := l.Status()
			if err := l.Load(); err == nil && before.Reloads > 0 {
				l.log.Info("knowledge reloaded after a change")
			}
		}
	}
}

// addTree watches dir and every folder below it, skipping hidden ones.
func addTree(w *fsnotify.Watcher, dir string) error {
	return filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		if path != dir && strings.HasPrefix(d.Name(), ".") {
			return fs.SkipDir
		}
		return w.Add(path)
	})
}

// ignored reports editor droppings that never hold knowledge: swap and
// backup files. A change to them alone triggers no reload.
func ignored(path string) bool {
	base := filepath.Base(path)
	return strings.HasSuffix(base, "~") || strings.HasSuffix(base, ".swp") ||
		strings.HasSuffix(base, ".swx") || strings.HasPrefix(base, ".#") || base == "4913"
}
