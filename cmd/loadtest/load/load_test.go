package load

import (
	"testing"
	"time"
)

// TestCheckLoopback: the harness refuses any target off this machine.
func TestCheckLoopback(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		url string
		ok  bool
	}{
		{"http://127.0.0.1:8080", true},
		{"http://127.0.0.2:8080/graphql", true},
		{"http://[::1]:8080", true},
		{"http://localhost:8080", true},
		{"http://10.0.0.1:8080", false},
		{"http://192.0.2.1/graphql", false},
		{"http://[2001:db8::1]:8080", false},
		{"http://0.0.0.0:8080", false},
		{"ftp://127.0.0.1", false},
		{"127.0.0.1:8080", false},
	} {
		if err := CheckLoopback(tc.url); (err == nil) != tc.ok {
			t.Errorf("CheckLoopback(%q) = %v, want ok=%v", tc.url, err, tc.ok)
		}
	}
	if _, err := parseGateways("before=http://127.0.0.1:1,after=http://192.0.2.1:2"); err == nil {
		t.Error("a list with one non-loopback gateway was accepted")
	}
}

// TestStatsQuantile: nearest-rank percentiles.
func TestStatsQuantile(t *testing.T) {
	t.Parallel()
	s := newStats("x")
	for i := 100; i >= 1; i-- {
		s.latencies = append(s.latencies, time.Duration(i)*time.Millisecond)
	}
	for q, want := range map[float64]time.Duration{.5: 50 * time.Millisecond, .95: 95 * time.Millisecond, .99: 99 * time.Millisecond, 1: 100 * time.Millisecond} {
		if got := s.Quantile(q); got != want {
			t.Errorf("Quantile(%v) = %v, want %v", q, got, want)
		}
	}
}
