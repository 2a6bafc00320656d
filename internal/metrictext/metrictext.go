// Package metrictext reads values out of a Prometheus text exposition, so
// that tests compare a metric's value as a number: a substring such as
// `x_total 1` also matches `x_total 10`.
package metrictext

import (
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// Value returns the value of one series in text. series is the metric's
// name with its labels as exposed, such as `bssgraph_cache_hits_total{cache="apq"}`.
func Value(text, series string) (float64, bool) {
	for line := range strings.Lines(text) {
		line = strings.TrimSpace(line)
		i := strings.LastIndexByte(line, ' ')
		if i < 0 || strings.HasPrefix(line, "#") || line[:i] != series {
			continue
		}
		v, err := strconv.ParseFloat(line[i+1:], 64)
		return v, err == nil
	}
	return 0, false
}

// Check fails t for each series of want that text lacks or holds with
// another value.
func Check(t testing.TB, text string, want map[string]float64) {
	t.Helper()
	for _, series := range slices.Sorted(maps.Keys(want)) {
		if got, ok := Value(text, series); !ok {
			t.Errorf("/metrics lacks %s", series)
		} else if got != want[series] {
			t.Errorf("/metrics: %s = %v, want %v", series, got, want[series])
		}
	}
}
