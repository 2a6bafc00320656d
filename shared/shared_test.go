package shared

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"go.uber.org/goleak"

	"bssgraph/internal/redistest"
	"bssgraph/upstream"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func connect(t *testing.T, url string) *Redis {
	t.Helper()
	// A generous timeout: a loaded test machine must not open the breaker.
	r, err := Connect(url, Options{Log: zerolog.Nop(), Timeout: time.Second, ProbeEvery: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = r.Close() })
	return r
}

var op = &upstream.Operation{Name: "TestOp", Quota: 4}

// fill takes every slot l admits within a short deadline, holding them.
func fill(t *testing.T, l *Limiter, cred string) int {
	t.Helper()
	n := 0
	for {
		ctx, cancel := context.WithTimeout(t.Context(), 300*time.Millisecond)
		_, _, err := l.Wait(ctx, cred, op)
		cancel()
		if errors.Is(err, upstream.ErrRateLimited) {
			return n
		}
		if err != nil {
			t.Fatal(err)
		}
		n++
		if n > 100 {
			t.Fatal("the limiter admits without limit")
		}
	}
}

// Two limiters on one Redis (two replicas) admit the quota once between
// them, per credential.
func TestLimiter_OneQuotaForAllReplicas(t *testing.T) {
	rs := redistest.Start(t)
	a := NewLimiter(connect(t, rs.URL()), 1, 2, time.Minute)
	b := NewLimiter(connect(t, rs.URL()), 1, 2, time.Minute)
	if n := fill(t, a, "cred-1"); n != op.Quota {
		t.Fatalf("replica A took %d slots; want the quota, %d", n, op.Quota)
	}
	if n := fill(t, b, "cred-1"); n != 0 {
		t.Errorf("replica B took %d more slots of a full quota; want 0", n)
	}
	if n := fill(t, b, "cred-2"); n != op.Quota {
		t.Errorf("another credential on B took %d slots; want its own quota, %d", n, op.Quota)
	}
}

// A released call keeps its slot for one second after it completes, as
// upstream.WindowLimiter does.
func TestLimiter_CallCountsOneSecondAfterCompletion(t *testing.T) {
	rs := redistest.Start(t)
	l := NewLimiter(connect(t, rs.URL()), 1, 1, time.Minute)
	var releases []func()
	for range op.Quota {
		release, _, err := l.Wait(t.Context(), "c", op)
		if err != nil {
			t.Fatal(err)
		}
		releases = append(releases, release)
	}
	for _, r := range releases {
		r()
	}
	ctx, cancel := context.WithTimeout(t.Context(), 300*time.Millisecond)
	defer cancel()
	if _, _, err := l.Wait(ctx, "c", op); !errors.Is(err, upstream.ErrRateLimited) {
		t.Fatalf("a slot freed at once after release (err %v); want it held for a second", err)
	}
	release, waited, err := l.Wait(t.Context(), "c", op)
	if err != nil {
		t.Fatal(err)
	}
	release()
	if waited <= 0 {
		t.Errorf("waited %s; want a wait for the window", waited)
	}
}

// With Redis down each replica admits quota ÷ replicas on its own, at
// once (the breaker is open), and shares the quota again when Redis is back.
func TestLimiter_LocalShareWhileRedisIsDown(t *testing.T) {
	rs := redistest.Start(t)
	r := connect(t, rs.URL())
	l := NewLimiter(r, 1, 2, time.Minute)
	rs.Stop()
	if n := fill(t, l, "down"); n != op.Quota/2 {
		t.Errorf("without Redis the replica took %d slots; want quota ÷ replicas = %d", n, op.Quota/2)
	}
	if r.Up() || r.Err() == nil {
		t.Errorf("Up() = %v, Err() = %v while Redis is down", r.Up(), r.Err())
	}
	rs.Restart()
	deadline := time.Now().Add(5 * time.Second)
	for !r.Up() {
		if time.Now().After(deadline) {
			t.Fatal("the breaker never closed after Redis returned")
		}
		time.Sleep(10 * time.Millisecond)
	}
	if n := fill(t, l, "up-again"); n != op.Quota {
		t.Errorf("after Redis returned the replica took %d slots; want the shared quota, %d", n, op.Quota)
	}
}

// A replica that falls back mid-second counts the calls it made through
// Redis in that second: it does not start a fresh local window.
func TestLimiter_FallbackCountsCallsMadeThroughRedis(t *testing.T) {
	rs := redistest.Start(t)
	l := NewLimiter(connect(t, rs.URL()), 1, 1, time.Minute)
	if n := fill(t, l, "c"); n != op.Quota {
		t.Fatalf("took %d slots through Redis; want %d", n, op.Quota)
	}
	rs.Stop()
	if n := fill(t, l, "c"); n != 0 {
		t.Errorf("after Redis stopped the replica took %d more slots in the same second; want 0", n)
	}
}

// Values carry a version: one written by another encoding version reads
// as a miss, never as data.
func TestStore_VersionedValues(t *testing.T) {
	rs := redistest.Start(t)
	r := connect(t, rs.URL())
	s := NewStore(r)
	s.Set(t.Context(), "k", []byte("v"), time.Minute)
	raw, err := r.client.Get(t.Context(), "k").Bytes()
	if err != nil || string(raw) != "\x01v" {
		t.Fatalf("raw value %q (%v); want the version byte then the value", raw, err)
	}
	if v, ok := s.Get(t.Context(), "k"); !ok || string(v) != "v" {
		t.Errorf("Get = %q, %v", v, ok)
	}
	r.client.Set(t.Context(), "k", "\x02v", time.Minute)
	if v, ok := s.Get(t.Context(), "k"); ok {
		t.Errorf("a value of version 2 read as %q; want a miss", v)
	}
	if _, ok := s.Get(t.Context(), "absent"); ok || !r.Up() {
		t.Errorf("a missing key: ok %v, Up %v; want a miss that does not open the breaker", ok, r.Up())
	}
}

func TestConnect_BadURLHidesIt(t *testing.T) {
	_, err := Connect("http://:pw-5ecret@x", Options{})
	if err == nil || strings.Contains(err.Error(), "5ecret") {
		t.Errorf("err = %v; want an error without the password", err)
	}
}
