package genfile

import (
	"os"
	"path/filepath"
	"testing"
)

func TestWrite(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "table.dat")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Write(path, []byte("new table")); err != nil {
		t.Fatal(err)
	}
	if got, err := os.ReadFile(path); err != nil || string(got) != "new table" {
		t.Errorf("read back %q, %v; want the new table", got, err)
	}
	if _, err := os.Stat(path + ".tmp"); !os.IsNotExist(err) {
		t.Errorf("left %s.tmp behind (%v)", path, err)
	}
	// A directory that does not exist: an error, and nothing written.
	if err := Write(filepath.Join(dir, "none", "t.dat"), []byte("x")); err == nil {
		t.Error("Write into a missing directory = nil; want an error")
	}
}
