package main

import (
	"os"
	"path/filepath"
	"testing"
)

func TestMemTotal(t *testing.T) {
	path := filepath.Join(t.TempDir(), "meminfo")
	if err := os.WriteFile(path, []byte("MemFree:  100 kB\nMemTotal:       16318508 kB\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if got := memTotal(path); got != 16318508<<10 {
		t.Errorf("memTotal = %d", got)
	}
	if got := memTotal(filepath.Join(t.TempDir(), "none")); got != 0 {
		t.Errorf("memTotal of a missing file = %d", got)
	}
	if real := memTotal("/proc/meminfo"); real <= 0 {
		t.Errorf("memTotal(/proc/meminfo) = %d", real)
	}
	if d := defaultMaxMemory(); d <= 0 || d > memTotal("/proc/meminfo")/2 {
		t.Errorf("defaultMaxMemory = %d, want at most half of MemTotal", d)
	}
}

func TestMemoryFlag(t *testing.T) {
	f, o := serveFlags()
	if err := f.parse([]string{"--statement-mem", "10MB", "--max-memory", "2GB"}); err != nil {
		t.Fatal(err)
	}
	if *o.statementMem != 10<<20 || *o.maxMemory != 2<<30 {
		t.Errorf("statement-mem %d, max-memory %d", *o.statementMem, *o.maxMemory)
	}
}
