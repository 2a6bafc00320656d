package load

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
)

// PeakRSS returns the peak resident memory of process pid in bytes: the
// kernel's high-water mark (VmHWM in /proc/<pid>/status).
func PeakRSS(pid int) (int64, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb << 10, err
		}
	}
	return 0, fmt.Errorf("no VmHWM in /proc/%d/status", pid)
}

// RSSWatcher samples a gateway's process_resident_memory_bytes from its
// /metrics while a run lasts and keeps the largest value, for a gateway
// whose process the harness cannot read.
type RSSWatcher struct {
	mu   sync.Mutex
	peak int64
	err  error
	stop context.CancelFunc
	done chan struct{}
}

// WatchRSS starts sampling metricsURL every interval.
func WatchRSS(client *http.Client, metricsURL string, interval time.Duration) *RSSWatcher {
	ctx, cancel := context.WithCancel(context.Background())
	w := &RSSWatcher{stop: cancel, done: make(chan struct{})}
	go func() {
		defer close(w.done)
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			v, err := scrapeRSS(ctx, client, metricsURL)
			w.mu.Lock()
			if err != nil && w.peak == 0 {
				w.err = err
			}
			w.peak = max(w.peak, v)
			w.mu.Unlock()
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
	return w
}

// Stop ends the sampling and returns the largest value seen.
func (w *RSSWatcher) Stop() (int64, error) {
	w.stop()
	<-w.done
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.peak > 0 {
		return w.peak, nil
	}
	return 0, w.err
}

func scrapeRSS(ctx context.Context, client *http.Client, metricsURL string) (int64, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, metricsURL, nil)
	if err != nil {
		return 0, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "process_resident_memory_bytes "); ok {
			f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			return int64(f), err
		}
	}
	return 0, fmt.Errorf("%s has no process_resident_memory_bytes", metricsURL)
}
