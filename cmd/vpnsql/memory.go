package main

import (
	"bufio"
	"os"
	"strconv"
	"strings"

	"github.com/vpnsql/vpnsql/executor"
)

// memoryFlag is a flag holding bytes, written as PostgreSQL's memory
// settings are (10MB, 1GB; a bare number is kB).
type memoryFlag struct{ n *int64 }

func (m memoryFlag) String() string {
	if m.n == nil {
		return ""
	}
	return executor.FormatMemory(*m.n)
}

func (m memoryFlag) Set(v string) error {
	n, err := executor.ParseMemory(v)
	if err != nil {
		return err
	}
	*m.n = n
	return nil
}

func (g *flagGroup) Memory(name string, value int64, usage string) *int64 {
	g.names = append(g.names, name)
	p := &value
	g.fs.Var(memoryFlag{p}, name, usage)
	return p
}

// defaultMaxMemory is --max-memory's default: half the memory the process
// may use, the machine's (MemTotal) or its cgroup's limit when lower; 0
// (no limit) when neither can be read.
func defaultMaxMemory() int64 {
	total := memTotal("/proc/meminfo")
	if lim := cgroupLimit(); lim > 0 && (total == 0 || lim < total) {
		total = lim
	}
	return total / 2
}

// memTotal reads MemTotal from /proc/meminfo (in kB there).
func memTotal(path string) int64 {
	f, err := os.Open(path)
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) >= 2 && fields[0] == "MemTotal:" {
			kb, err := strconv.ParseInt(fields[1], 10, 64)
			if err != nil {
				return 0
			}
			return kb << 10
		}
	}
	return 0
}

// cgroupLimit is the memory limit of the process's cgroup (v2, then v1);
// 0 when there is none.
func cgroupLimit() int64 {
	for _, path := range []string{"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"} {
		b, err := os.ReadFile(path)
		if err != nil {
			continue
		}
		v := strings.TrimSpace(string(b))
		if v == "max" {
			return 0
		}
		// cgroup v1 writes "no limit" as a number near 2^63.
		if n, err := strconv.ParseInt(v, 10, 64); err == nil && n > 0 && n < 1<<62 {
			return n
		}
	}
	return 0
}
