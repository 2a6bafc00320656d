package loaders_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"

	"github.com/shopspring/decimal"

	"bssgraph/loaders"
	"bssgraph/upstream"
	"bssgraph/upstream/sandbox"
)

// recorder is an Observer that keeps every batch size.
type recorder struct {
	mu      sync.Mutex
	batches map[string][]int
	hits    map[string]int
}

func (r *recorder) ObserveBatch(loader string, size int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.batches == nil {
		r.batches = map[string][]int{}
	}
	r.batches[loader] = append(r.batches[loader], size)
}

func (r *recorder) ObserveCacheHit(cache string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.hits == nil {
		r.hits = map[string]int{}
	}
	r.hits[cache]++
}

func (r *recorder) sizes(loader string) []int {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := slices.Clone(r.batches[loader])
	slices.Sort(s)
	return s
}

// pricingEnv is a sandbox over HTTP, a client of it, and the context of the
// sandbox customer.
type pricingEnv struct {
	url string
	sb  *sandbox.Server
	bss *upstream.Client
	ctx context.Context
}

func newPricingEnv(t *testing.T) *pricingEnv {
	t.Helper()
	sb := sandbox.New(sandbox.Options{Sizes: sandbox.Sizes{Orders: 100, Resources: 200, Months: 2, Members: 1}, QuotaScale: -1})
	srv := httptest.NewServer(sb)
	t.Cleanup(srv.Close)
	bss, err := upstream.NewClient(srv.URL, upstream.WithLimiter(upstream.NewWindowLimiter(-1)))
	if err != nil {
		t.Fatal(err)
	}
	ctx := upstream.WithCaller(t.Context(), upstream.Caller{Token: sandbox.TokenCustomer})
	return &pricingEnv{url: srv.URL, sb: sb, bss: bss, ctx: ctx}
}

// primaries returns n primary resources BSS prices for renewal.
func (e *pricingEnv) primaries(t *testing.T, n int) []string {
	t.Helper()
	p, err := e.bss.Resources.List(e.ctx, &upstream.ResourceListRequest{OnlyMainResource: 1, StatusList: []int{2}, OffsetListOptions: upstream.OffsetListOptions{Limit: 100}})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, r := range p.Resources {
		q, err := e.bss.Pricing.Renewal(e.ctx, &upstream.RenewalPriceRequest{ResourceIDs: []string{r.ResourceID}, PeriodType: 2, PeriodNum: 1})
		if err == nil && len(q.RenewInquiryResults) == 1 {
			ids = append(ids, r.ResourceID)
		}
		if len(ids) == n {
			e.sb.ResetCalls()
			return ids
		}
	}
	t.Fatalf("only %d priceable primary resources, want %d", len(ids), n)
	return nil
}

// loadAll asks for every key at once, as the resolvers of one list do, and
// waits for all of them.
func loadAll(ctx context.Context, l *loaders.Loaders, keys []loaders.RenewalKey) ([]*loaders.RenewalPrice, []error) {
	thunks := make([]func() (*loaders.RenewalPrice, error), len(keys))
	for i, k := range keys {
		thunks[i] = l.RenewalPrice.Load(ctx, k)
	}
	out := make([]*loaders.RenewalPrice, len(keys))
	errs := make([]error, len(keys))
	for i, th := range thunks {
		out[i], errs[i] = th()
	}
	return out, errs
}

func keys(ids []string, periodType, periodNum int) []loaders.RenewalKey {
	out := make([]loaders.RenewalKey, len(ids))
	for i, id := range ids {
		out[i] = loaders.RenewalKey{ResourceID: id, PeriodType: periodType, PeriodNum: periodNum}
	}
	return out
}

// 25 resources of one period cost ceil(25/10) = 3 renewal inquiries, and
// each resource gets BSS's price of it.
func TestRenewalPrice_BatchesOfTen(t *testing.T) {
	t.Parallel()
	e := newPricingEnv(t)
	ids := e.primaries(t, 25)
	obs := &recorder{}
	l := loaders.New(e.ctx, e.bss, obs)
	got, errs := loadAll(e.ctx, l, keys(ids, 2, 1))
	if n := e.sb.Calls()["ListRenewRateOnPeriod"]; n != 3 {
		t.Errorf("25 resources cost %d renewal inquiries, want 3", n)
	}
	if s := obs.sizes("RenewalPrice"); !slices.Equal(s, []int{5, 10, 10}) {
		t.Errorf("batch sizes %v, want [5 10 10]", s)
	}
	for i, id := range ids {
		if errs[i] != nil {
			t.Fatalf("%s: %v", id, errs[i])
		}
		want, err := e.bss.Pricing.Renewal(e.ctx, &upstream.RenewalPriceRequest{ResourceIDs: []string{id}, PeriodType: 2, PeriodNum: 1})
		if err != nil {
			t.Fatal(err)
		}
		if got[i].ResourceID != id || got[i].Amount.String() != want.RenewInquiryResults[0].Amount.String() || got[i].Quote != nil {
			t.Errorf("%s: got %+v, want amount %s and no whole quote (priced with others)", id, got[i], want.RenewInquiryResults[0].Amount)
		}
	}
}

// Keys of two periods never share a call; each period is batched on its
// own, whatever order the keys arrive in.
func TestRenewalPrice_PeriodsSplitBatches(t *testing.T) {
	t.Parallel()
	e := newPricingEnv(t)
	ids := e.primaries(t, 15)
	var ks []loaders.RenewalKey
	for i, id := range ids {
		ks = append(ks, loaders.RenewalKey{ResourceID: id, PeriodType: 2, PeriodNum: 1})
		if i < 5 {
			ks = append(ks, loaders.RenewalKey{ResourceID: id, PeriodType: 3, PeriodNum: 1})
		}
	}
	obs := &recorder{}
	l := loaders.New(e.ctx, e.bss, obs)
	got, errs := loadAll(e.ctx, l, ks)
	if n := e.sb.Calls()["ListRenewRateOnPeriod"]; n != 3 {
		t.Errorf("15 monthly + 5 yearly keys cost %d inquiries, want 3 (10+5 monthly, 5 yearly)", n)
	}
	if s := obs.sizes("RenewalPrice"); !slices.Equal(s, []int{5, 5, 10}) {
		t.Errorf("batch sizes %v, want [5 5 10]", s)
	}
	for i, k := range ks {
		if errs[i] != nil || got[i].ResourceID != k.ResourceID {
			t.Errorf("%+v: %+v, %v", k, got[i], errs[i])
		}
	}
}

// The same resource asked for twice is sent once (BSS rejects duplicate
// ids with CBC.30050012); a resource priced alone carries the whole quote.
func TestRenewalPrice_DedupesAndKeepsTheQuoteOfOne(t *testing.T) {
	t.Parallel()
	e := newPricingEnv(t)
	id := e.primaries(t, 1)[0]
	l := loaders.New(e.ctx, e.bss, nil)
	got, errs := loadAll(e.ctx, l, keys([]string{id, id, id}, 3, 2))
	if n := e.sb.Calls()["ListRenewRateOnPeriod"]; n != 1 {
		t.Errorf("one resource asked for 3 times cost %d inquiries, want 1", n)
	}
	for i := range got {
		if errs[i] != nil || got[i].Quote == nil || got[i].Quote.OfficialWebsiteRatingResult == nil {
			t.Fatalf("key %d: %+v, %v; want the whole quote of a resource priced alone", i, got[i], errs[i])
		}
	}
	if !got[0].Quote.OfficialWebsiteRatingResult.OfficialWebsiteAmount.Equal(got[0].Amount.Decimal) {
		t.Errorf("list price %s, want the resource's amount %s", got[0].Quote.OfficialWebsiteRatingResult.OfficialWebsiteAmount, got[0].Amount)
	}
}

// A resource BSS cannot price gets its own BSS error; the others of the
// same call still get their prices.
func TestRenewalPrice_PerKeyErrors(t *testing.T) {
	t.Parallel()
	e := newPricingEnv(t)
	ids := e.primaries(t, 3)
	ids = append(ids, "no-such-resource")
	l := loaders.New(e.ctx, e.bss, nil)
	got, errs := loadAll(e.ctx, l, keys(ids, 2, 3))
	for i := range 3 {
		if errs[i] != nil || got[i] == nil {
			t.Errorf("%s: %v", ids[i], errs[i])
		}
	}
	var ue *upstream.Error
	if !errors.As(errs[3], &ue) || ue.Code != "CBC.30050009" || !errors.Is(errs[3], upstream.ErrNotFound) {
		t.Errorf("unknown resource: error %v, want CBC.30050009 (not found)", errs[3])
	}
	if n := e.sb.Calls()["ListRenewRateOnPeriod"]; n != 1 {
		t.Errorf("%d inquiries, want 1", n)
	}
}

// A failed call fails the keys of that call only.
func TestRenewalPrice_CallFailure(t *testing.T) {
	t.Parallel()
	e := newPricingEnv(t)
	ids := e.primaries(t, 2)
	e.sb.SetFaults(sandbox.Faults{ErrorRate: 1, Operations: []string{"ListRenewRateOnPeriod"}})
	bss, err := upstream.NewClient(e.url, upstream.WithLimiter(upstream.NewWindowLimiter(-1)),
		upstream.WithRetryPolicy(upstream.RetryPolicy{MaxAttempts: 1}))
	if err != nil {
		t.Fatal(err)
	}
	l := loaders.New(e.ctx, bss, nil)
	_, errs := loadAll(e.ctx, l, keys(ids, 2, 1))
	for i, err := range errs {
		if !errors.Is(err, upstream.ErrUnavailable) {
			t.Errorf("%s: %v, want the call's error", ids[i], err)
		}
	}
}

// When BSS refuses a whole batch because of one resource, each resource is
// priced alone: the others get their price and the culprit its own error.
func TestRenewalPrice_WholeBatchRefusalFallsBackToSingles(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var sizes []int
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var req upstream.RenewalPriceRequest
		json.NewDecoder(r.Body).Decode(&req)
		mu.Lock()
		sizes = append(sizes, len(req.ResourceIDs))
		mu.Unlock()
		if slices.Contains(req.ResourceIDs, "pending") {
			w.WriteHeader(http.StatusBadRequest)
			io.WriteString(w, `{"error_code":"CBC.30050010","error_msg":"some resources are included in unpaid orders"}`)
			return
		}
		fmt.Fprintf(w, `{"currency":"USD","renew_inquiry_results":[{"resource_id":%q,"amount":"12.30"}]}`, req.ResourceIDs[0])
	}))
	t.Cleanup(srv.Close)
	bss, err := upstream.NewClient(srv.URL, upstream.WithLimiter(upstream.NewWindowLimiter(-1)))
	if err != nil {
		t.Fatal(err)
	}
	ctx := upstream.WithCaller(t.Context(), upstream.Caller{Token: "t"})
	got, errs := loadAll(ctx, loaders.New(ctx, bss, nil), keys([]string{"a", "pending", "b"}, 2, 1))
	for _, i := range []int{0, 2} {
		if errs[i] != nil || got[i] == nil || !got[i].Amount.Equal(decimal.RequireFromString("12.3")) {
			t.Errorf("key %d: %+v, %v; want its price", i, got[i], errs[i])
		}
	}
	var ue *upstream.Error
	if !errors.As(errs[1], &ue) || ue.Code != "CBC.30050010" {
		t.Errorf("pending resource: %v, want CBC.30050010", errs[1])
	}
	slices.Sort(sizes)
	if !slices.Equal(sizes, []int{1, 1, 1, 3}) {
		t.Errorf("inquiry sizes %v, want one batch of 3 then 3 singles", sizes)
	}
}
