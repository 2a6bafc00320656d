package main

import (
	"runtime/debug"
	"strconv"
	"strings"
)

// gcPercent is the collector's target when the operator sets no GOGC. Go's
// default of 100 collects every time the heap doubles; the gateway's live
// heap is small and its garbage is per request, so at 100 the collector
// took about a sixth of its CPU under load. 200 gave the balance query
// about 1.2× the requests per second (BENCHMARKS.md, F8) for a heap that
// peaks at 3× the live one instead of 2×.
const gcPercent = 200

// memoryLimitShare is the part of a container's memory limit given to the
// Go heap as a soft limit (GOMEMLIMIT) when the operator sets none: near
// the limit the collector works harder instead of the kernel killing the
// process.
const memoryLimitShare = 0.9

// cgroupMemoryFiles hold a container's memory limit: cgroup v2, then v1.
var cgroupMemoryFiles = []string{"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"}

// gcSettings are the collector settings the gateway applies: 0 leaves the
// runtime's own (the operator's GOGC or GOMEMLIMIT, or Go's default).
type gcSettings struct {
	percent     int
	memoryLimit int64
}

// gcDefaults chooses the collector settings the operator left unset.
func gcDefaults(getenv func(string) string, readFile func(string) ([]byte, error)) gcSettings {
	var s gcSettings
	if getenv("GOGC") == "" {
		s.percent = gcPercent
	}
	if getenv("GOMEMLIMIT") == "" {
		s.memoryLimit = containerMemoryLimit(readFile)
	}
	return s
}

// containerMemoryLimit returns memoryLimitShare of the cgroup's memory
// limit, or 0 when there is none ("max", or v1's near-2^63 "unlimited").
func containerMemoryLimit(readFile func(string) ([]byte, error)) int64 {
	for _, f := range cgroupMemoryFiles {
		b, err := readFile(f)
		if err != nil {
			continue
		}
		n, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64)
		if err != nil || n <= 0 || n >= 1<<60 {
			return 0
		}
		return int64(float64(n) * memoryLimitShare)
	}
	return 0
}

// apply sets what s chose.
func (s gcSettings) apply() {
	if s.percent > 0 {
		debug.SetGCPercent(s.percent)
	}
	if s.memoryLimit > 0 {
		debug.SetMemoryLimit(s.memoryLimit)
	}
}
