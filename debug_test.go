package main

import (
	"bufio"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

func TestLoadConfig_DebugAddr(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{":6060", "127.0.0.1:6060"},
		{"127.0.0.1:6060", "127.0.0.1:6060"},
		{"0.0.0.0:6060", "0.0.0.0:6060"}, // an explicit host is the operator's choice
	} {
		c, err := loadConfig(nil, func(k string) string {
			if k == "BSSGRAPH_DEBUG_ADDR" {
				return tc.in
			}
			return ""
		}, nil)
		if err != nil || c.DebugAddr != tc.want {
			t.Errorf("BSSGRAPH_DEBUG_ADDR=%q: got %q, %v; want %q", tc.in, c.DebugAddr, err, tc.want)
		}
	}
	if _, err := loadConfig([]string{"-debug-addr", "6060"}, func(string) string { return "" }, nil); err == nil {
		t.Error("-debug-addr 6060 (no colon) was accepted")
	}
}

// TestRun_DebugListener: pprof answers on its own listener only when asked
// for, and never on the gateway's port.
func TestRun_DebugListener(t *testing.T) {
	off := startRun(t, map[string]string{})
	if code, _ := get(t, off.url+"/debug/pprof/"); code != http.StatusNotFound {
		t.Errorf("gateway port without a debug address: /debug/pprof/ answered %d, want 404", code)
	}
	if strings.Contains(off.log.String(), `"server":"debug"`) {
		t.Error("a debug listener started without BSSGRAPH_DEBUG_ADDR")
	}

	on := startRun(t, map[string]string{"BSSGRAPH_DEBUG_ADDR": "127.0.0.1:0"})
	var debugAddr string
	sc := bufio.NewScanner(strings.NewReader(on.log.String()))
	for sc.Scan() {
		var line struct{ Message, Server, Addr string }
		if json.Unmarshal(sc.Bytes(), &line) == nil && line.Message == "listening" && line.Server == "debug" {
			debugAddr = line.Addr
		}
	}
	if debugAddr == "" {
		t.Fatalf("no debug listener logged:\n%s", on.log)
	}
	if code, body := get(t, "http://"+debugAddr+"/debug/pprof/goroutine?debug=1"); code != http.StatusOK || !strings.Contains(body, "goroutine profile") {
		t.Errorf("debug listener: /debug/pprof/goroutine answered %d", code)
	}
	if code, _ := get(t, on.url+"/debug/pprof/"); code != http.StatusNotFound {
		t.Errorf("gateway port: /debug/pprof/ answered %d, want 404", code)
	}
}
