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
//
// The folders themselves may go away and come back (deleted and recreated,
// renamed away and back, a deploy's symlink swapped): Watch also watches
// each folder's parent for the folder's name. While a folder is missing the
// reload fails as a problem, so readiness says so and the last good
// knowledge keeps answering; when it comes back it is watched again and
// reloaded.
func (l *Library) Watch(ctx context.Context, debounce time.Duration) error {
	if debounce <= 0 {
		debounce = DefaultDebounce
	}
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("watch knowledge: %w", err)
	}
	defer w.Close()
	var roots []string
	for _, dir := range []string{l.knowledgeDir, l.promptsDir} {
		abs, err := filepath.Abs(dir)
		if err != nil {
			l.log.Warn("cannot watch folder; changes there need a restart", "folder", dir, "err", err)
			continue
		}
		roots = append(roots, abs)
		if err := w.Add(filepath.Dir(abs)); err != nil {
			l.log.Warn("cannot watch the folder's parent; if the folder is deleted or renamed, changes need a restart", "folder", dir, "err", err)
		}
		if err := addTree(w, abs); errors.Is(err, fs.ErrNotExist) {
			l.log.Warn("folder is missing; watching for it to appear", "folder", dir)
		} else if err != nil {
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
			name := filepath.Clean(ev.Name)
			if root, ok := isRoot(roots, name); ok {
				if ev.Has(fsnotify.Create) || ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) {
					// The folder itself was created, deleted, renamed or
					// replaced: forget the watches on what was there (a
					// folder renamed away is still watched where it
					// went) and watch what is there now, if anything.
					unwatchTree(w, root)
					if err := addTree(w, root); err != nil && !errors.Is(err, fs.ErrNotExist) {
						l.log.Warn("cannot watch folder", "folder", root, "err", err)
					}
				}
				timer.Reset(debounce)
				continue
			}
			if !under(roots, name) {
				// Something else in a folder's parent.
				continue
			}
			if ev.Has(fsnotify.Create) {
				if info, err := os.Stat(name); err == nil && info.IsDir() {
					// A new folder, or one moved in: watch it and whatever
					// it already holds (files created before the watch).
					if err := addTree(w, name); err != nil {
						l.log.Warn("cannot watch new folder", "folder", name, "err", err)
					}
				}
			}
			if ignored(name) {
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

// addTree watches dir and every folder below it, skipping hidden ones. dir
// itself may be a symlink to a folder (a deploy's "current" link): its
// watches are added under dir's own name, so events name paths under dir.
func addTree(w *fsnotify.Watcher, dir string) error {
	real, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return err
	}
	return filepath.WalkDir(real, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		if path != real && strings.HasPrefix(d.Name(), ".") {
			return fs.SkipDir
		}
		rel, err := filepath.Rel(real, path)
		if err != nil {
			return err
		}
		return w.Add(filepath.Join(dir, rel))
	})
}

// unwatchTree removes the watches on dir and below it.
func unwatchTree(w *fsnotify.Watcher, dir string) {
	for _, p := range w.WatchList() {
		if p == dir || strings.HasPrefix(p, dir+string(filepath.Separator)) {
			// An error means the watch is already gone (the folder was
			// deleted): nothing to do.
			_ = w.Remove(p)
		}
	}
}

// isRoot reports whether path is one of the watched folders themselves.
func isRoot(roots []string, path string) (string, bool) {
	for _, r := range roots {
		if path == r {
			return r, true
		}
	}
	return "", false
}

// under reports whether path is inside one of the watched folders.
func under(roots []string, path string) bool {
	for _, r := range roots {
		if strings.HasPrefix(path, r+string(filepath.Separator)) {
			return true
		}
	}
	return false
}

// ignored reports editor droppings that never hold knowledge: swap and
// backup files. A change to them alone triggers no reload.
func ignored(path string) bool {
	base := filepath.Base(path)
	return strings.HasSuffix(base, "~") || strings.HasSuffix(base, ".swp") ||
		strings.HasSuffix(base, ".swx") || strings.HasPrefix(base, ".#") || base == "4913"
}
