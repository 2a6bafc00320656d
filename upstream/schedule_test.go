package upstream

import (
	"testing"
	"testing/synctest"
	"time"
)

// PlanWait counts the calls that hold or wait for a slot of the same
// credential and operation, and nobody else's.
func TestWindowLimiter_PlanWait(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := NewWindowLimiter(1)
		op := &Operation{Name: "Plan", Quota: 10}
		for n, want := range map[int]time.Duration{1: 0, 10: 0, 11: time.Second, 25: 2 * time.Second} {
			if got := l.PlanWait("a", op, n); got != want {
				t.Errorf("PlanWait(%d) on an idle window = %s, want %s", n, got, want)
			}
		}
		for range 10 {
			if _, _, err := l.Wait(t.Context(), "a", op); err != nil {
				t.Fatal(err)
			}
		}
		// Three more callers queue behind the 10 in flight.
		for range 3 {
			go l.Wait(t.Context(), "a", op)
		}
		synctest.Wait()
		if got := l.PlanWait("a", op, 5); got != time.Second {
			t.Errorf("PlanWait(5) behind 13 busy = %s, want 1s", got)
		}
		if got := l.PlanWait("a", op, 8); got != 2*time.Second {
			t.Errorf("PlanWait(8) behind 13 busy = %s, want 2s", got)
		}
		if got := l.PlanWait("b", op, 5); got != 0 {
			t.Errorf("another credential's PlanWait(5) = %s, want 0", got)
		}
		if got := NewWindowLimiter(-1).PlanWait("a", op, 1000); got != 0 {
			t.Errorf("PlanWait without limiting = %s, want 0", got)
		}
	})
}
