package gateway

import (
	"context"
	"errors"
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/rs/zerolog"
)

// How long /readyz trusts its last probe. A failure is retried sooner, so a
// recovered upstream is noticed quickly while a load balancer polling every
// second costs at most one probe per interval.
const (
	readyTTL    = 10 * time.Second
	notReadyTTL = 2 * time.Second
	probeBudget = 3 * time.Second
)

// readiness serves /readyz from a cached probe of the upstream.
type readiness struct {
	check    func(context.Context) error
	degraded func() error
	log      zerolog.Logger
	now      func() time.Time

	mu    sync.Mutex // held during a probe, so concurrent requests share it
	until time.Time
	err   error
}

func newReadiness(check func(context.Context) error, degraded func() error, log zerolog.Logger) *readiness {
	return &readiness{check: check, degraded: degraded, log: log, now: time.Now}
}

func (rd *readiness) status(ctx context.Context) error {
	if rd.check == nil {
		return nil
	}
	rd.mu.Lock()
	defer rd.mu.Unlock()
	if rd.now().Before(rd.until) {
		return rd.err
	}
	// The probe must not die with the request that happened to trigger it:
	// its answer is shared with everyone who asks in the next seconds.
	pctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), probeBudget)
	defer cancel()
	err := rd.check(pctx)
	if err != nil && rd.err == nil {
		rd.log.Warn().Err(err).Msg("upstream not reachable; /readyz answers 503")
	} else if err == nil && rd.err != nil {
		rd.log.Info().Msg("upstream reachable again")
	}
	rd.err = err
	ttl := readyTTL
	if err != nil {
		ttl = notReadyTTL
	}
	rd.until = rd.now().Add(ttl)
	return err
}

func (rd *readiness) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if err := rd.status(r.Context()); err != nil {
		// The reason (an address, a TLS detail) is logged, not shown.
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte("upstream unreachable\n"))
		return
	}
	if rd.degraded != nil && rd.degraded() != nil {
		// Still 200: this replica serves every request (on local quotas
		// and caches), so a load balancer must keep sending it traffic.
		_, _ = w.Write([]byte("ready (degraded: shared state unavailable)\n"))
		return
	}
	_, _ = w.Write([]byte("ready\n"))
}

// UpstreamProbe returns a readiness check that sends GET baseURL/ and counts
// any HTTP answer as reachable: it proves DNS, TCP, TLS and a live server
// without spending a credential or an API quota.
func UpstreamProbe(baseURL string, client *http.Client) func(context.Context) error {
	if client == nil {
		client = &http.Client{
			Transport: http.DefaultTransport,
			CheckRedirect: func(*http.Request, []*http.Request) error {
				return http.ErrUseLastResponse
			},
		}
	}
	return func(ctx context.Context) error {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, baseURL+"/", nil)
		if err != nil {
			return err
		}
		resp, err := client.Do(req)
		if err != nil {
			return err
		}
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 4<<10))
		if err := resp.Body.Close(); err != nil && !errors.Is(err, context.Canceled) {
			return err
		}
		return nil
	}
}
