package gateway_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"bssgraph/gateway"
)

func TestHealthz(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	if r := e.do(t, "GET", "/healthz", ""); r.status != 200 || r.raw != "ok\n" {
		t.Errorf("/healthz = %d %q, want 200 ok", r.status, r.raw)
	}
}

func TestReadyz_CachesTheProbe(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	var fail atomic.Bool
	e := newEnv(t, func(o *gateway.Options) {
		o.Ready = func(context.Context) error {
			calls.Add(1)
			if fail.Load() {
				return errors.New("dial tcp 10.0.0.1:443: connection refused")
			}
			return nil
		}
	})
	for range 5 {
		if r := e.do(t, "GET", "/readyz", ""); r.status != 200 {
			t.Fatalf("/readyz = %d %q, want 200", r.status, r.raw)
		}
	}
	if n := calls.Load(); n != 1 {
		t.Errorf("5 /readyz requests ran the probe %d times, want 1 (cached)", n)
	}

	fail.Store(true)
	notReady := newEnv(t, func(o *gateway.Options) {
		o.Ready = func(context.Context) error { return errors.New("dial tcp 10.0.0.1:443: connection refused") }
	})
	r := notReady.do(t, "GET", "/readyz", "")
	if r.status != 503 {
		t.Errorf("/readyz with a failing probe = %d, want 503", r.status)
	}
	if r.raw != "upstream unreachable\n" {
		t.Errorf("/readyz body %q reveals the probe's error", r.raw)
	}
}

func TestUpstreamProbe(t *testing.T) {
	t.Parallel()
	// Any HTTP answer counts, even 404 or 501: the upstream is reachable.
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusNotImplemented)
	}))
	defer up.Close()
	if err := gateway.UpstreamProbe(up.URL, nil)(t.Context()); err != nil {
		t.Errorf("probe of a live server: %v", err)
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	if err := gateway.UpstreamProbe("http://"+addr, nil)(t.Context()); err == nil {
		t.Error("probe of a closed port succeeded")
	}
}
