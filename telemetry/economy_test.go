package telemetry_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"bssgraph/internal/metrictext"
	"bssgraph/telemetry"
	"bssgraph/upstream"
)

// Answers shared within a request or kept by the final-state cache reach
// Prometheus through the observers the gateway installs.
func TestMetrics_SharedAnswers(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Date", "Sat, 31 Oct 2026 16:00:00 GMT")
		io.WriteString(w, `{"order_info":{"order_id":"o1","status":5},"account_balances":[]}`)
	}))
	t.Cleanup(srv.Close)
	m := telemetry.NewMetrics()
	c, err := upstream.NewClient(srv.URL, upstream.WithObserver(telemetry.Observers(m)),
		upstream.WithEconomy(upstream.EconomyOptions{FinalTTL: time.Hour}))
	if err != nil {
		t.Fatal(err)
	}
	ctx := upstream.WithRequestMemo(upstream.WithCaller(t.Context(), upstream.Caller{Token: "tok"}))
	for range 2 {
		if _, err := c.Accounts.Balances(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := c.Orders.Get(upstream.WithCaller(t.Context(), upstream.Caller{Token: "tok"}), "o1", nil); err != nil {
			t.Fatal(err)
		}
	}
	metrictext.Check(t, scrape(t, m), map[string]float64{
		`bssgraph_upstream_shared_total{operation="ShowCustomerAccountBalances",source="request"}`: 1,
		`bssgraph_upstream_shared_total{operation="ShowCustomerOrderDetails",source="final"}`:      1,
		`bssgraph_upstream_calls_total{operation="ShowCustomerOrderDetails",status="200"}`:         1,
	})
}
