package graph_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/rs/zerolog"

	"bssgraph/graph"
	"bssgraph/loaders"
	"bssgraph/upstream"
	"bssgraph/upstream/sandbox"
)

func TestPricing_Golden(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"pricing_pay_per_use", "pricing_subscription", "pricing_renewal"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			e.golden(name, sandbox.TokenEnterprise).mustData(t)
			if n := e.sandbox.TotalCalls(); n != 1 {
				t.Errorf("%s cost %d upstream calls, want 1 (all items in one call): %v", name, n, e.calls())
			}
		})
	}
}

// sandboxClient is an upstream client of e's sandbox, for tests that check
// the gateway's answer against BSS's own (its calls count in e.calls()).
func sandboxClient(t *testing.T, e *env, token string) (*upstream.Client, context.Context) {
	t.Helper()
	srv := httptest.NewServer(e.sandbox)
	t.Cleanup(srv.Close)
	c, err := upstream.NewClient(srv.URL, upstream.WithLimiter(upstream.NewWindowLimiter(-1)))
	if err != nil {
		t.Fatal(err)
	}
	return c, upstream.WithCaller(context.Background(), upstream.Caller{Token: upstream.Secret(token)})
}

// primaryResources returns n provisioned primary yearly/monthly resources
// of the account of token that BSS prices for renewal (not in an order
// pending payment).
func primaryResources(t *testing.T, e *env, token string, n int) []string {
	t.Helper()
	c, ctx := sandboxClient(t, e, token)
	p, err := c.Resources.List(ctx, &upstream.ResourceListRequest{OnlyMainResource: 1, StatusList: []int{2}, OffsetListOptions: upstream.OffsetListOptions{Limit: 100}})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, r := range p.Resources {
		q, err := c.Pricing.Renewal(ctx, &upstream.RenewalPriceRequest{ResourceIDs: []string{r.ResourceID}, PeriodType: 2, PeriodNum: 1})
		if err == nil && len(q.RenewInquiryResults) == 1 {
			ids = append(ids, r.ResourceID)
		}
		if len(ids) == n {
			e.resetCalls()
			return ids
		}
	}
	t.Fatalf("%d priceable primary resources, want %d", len(ids), n)
	return nil
}

// Every amount of the renewal quote arrives exactly as BSS sent it.
func TestPricing_RenewalMoneyDigitForDigit(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ids := primaryResources(t, e, sandbox.TokenEnterprise, 10)
	c, ctx := sandboxClient(t, e, sandbox.TokenEnterprise)
	want, err := c.Pricing.Renewal(ctx, &upstream.RenewalPriceRequest{ResourceIDs: ids, PeriodType: 3, PeriodNum: 2})
	if err != nil {
		t.Fatal(err)
	}
	e.resetCalls()
	r := e.do(request{token: sandbox.TokenEnterprise, query: `query($ids: [String!]!) {
	  renewalPrice(input: {resourceIds: $ids, periodType: YEAR, periodNum: 2}) {
	    resources { resourceId amount { amount rawAmount } }
	    officialWebsiteAmount { amount }
	    optionalDiscounts { amount { amount } discountAmount { amount } officialWebsiteAmount { amount } }
	  } }`, vars: map[string]any{"ids": ids}})
	q := r.mustData(t)["renewalPrice"].(map[string]any)
	got := q["resources"].([]any)
	if len(got) != len(want.RenewInquiryResults) {
		t.Fatalf("%d resources, want %d", len(got), len(want.RenewInquiryResults))
	}
	for i, w := range want.RenewInquiryResults {
		g := got[i].(map[string]any)
		if amt := g["amount"].(map[string]any); g["resourceId"] != w.ResourceID || amt["amount"] != text(w.Amount) || amt["rawAmount"] != text(w.Amount) {
			t.Errorf("resource %d: %v, want %s %s", i, g, w.ResourceID, text(w.Amount))
		}
	}
	if got := priceAt(q, "officialWebsiteAmount", "amount"); got != text(want.OfficialWebsiteRatingResult.OfficialWebsiteAmount) {
		t.Errorf("officialWebsiteAmount = %v, want %s", got, text(want.OfficialWebsiteRatingResult.OfficialWebsiteAmount))
	}
	d := q["optionalDiscounts"].([]any)[0].(map[string]any)
	w := want.OptionalDiscountRatingResults[0]
	if priceAt(d, "amount", "amount") != text(w.Amount) || priceAt(d, "discountAmount", "amount") != text(w.DiscountAmount) ||
		priceAt(d, "officialWebsiteAmount", "amount") != text(w.OfficialWebsiteAmount) {
		t.Errorf("discount %v, want %+v", d, w)
	}
}

// text is the JSON text of an amount (its scale kept), what the Decimal
// scalar must send.
func text(v json.Marshaler) string {
	b, _ := v.MarshalJSON()
	return strings.Trim(string(b), `"`)
}

func priceAt(m map[string]any, path ...string) any {
	var v any = m
	for _, p := range path {
		mm, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = mm[p]
	}
	return v
}

// fakeBSS answers each "METHOD path" with a fixed body: the reference's own
// examples, which the sandbox does not serve.
func newFakeEnv(t *testing.T, bodies map[string]string) *env {
	t.Helper()
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, ok := bodies[r.Method+" "+r.URL.Path]
		if !ok {
			http.Error(w, `{"error_code":"CBC.0100","error_msg":"not in the fake"}`, http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, body)
	}))
	t.Cleanup(up.Close)
	bss, err := upstream.NewClient(up.URL, upstream.WithLimiter(upstream.NewWindowLimiter(-1)))
	if err != nil {
		t.Fatal(err)
	}
	opts := graph.Options{BSS: bss, Log: zerolog.New(testWriter{t}), Budget: 200}
	srv := handler.New(graph.NewSchema(opts))
	srv.AddTransport(transport.POST{})
	graph.Configure(opts)(srv)
	gql := httptest.NewServer(withCaller(loaders.Middleware(bss, nil)(srv)))
	t.Cleanup(gql.Close)
	return &env{t: t, gql: gql}
}

// The reference's example answers (4.2.1, 4.2.2, 4.2.3) arrive at the client
// digit for digit, per item matched by id.
func TestPricing_ReferenceExamplesDigitForDigit(t *testing.T) {
	t.Parallel()
	e := newFakeEnv(t, map[string]string{
		"POST /v2/bills/ratings/on-demand-resources": `{"amount":8.128,"discount_amount":0.0,"official_website_amount":8.128,"measure_id":1,"currency":"USD","product_rating_results":[
 {"id":"1","product_id":"00301-243025-0--0_merge","amount":5.48,"discount_amount":0.0,"official_website_amount":5.48,"measure_id":1,"discount_rating_results":[]},
 {"id":"2","product_id":"00301-290407774-0--1","amount":0.028,"discount_amount":0.0,"official_website_amount":0.028,"measure_id":1,"discount_rating_results":[]},
 {"id":"3","product_id":"00301-238601-0--0_merge","amount":0.06,"discount_amount":0.0,"official_website_amount":0.06,"measure_id":1,"discount_rating_results":[]},
 {"id":"4","product_id":"00301-290407706-0--1","amount":2.56,"discount_amount":0.0,"official_website_amount":2.56,"measure_id":1,"discount_rating_results":[]}]}`,
		"POST /v2/bills/ratings/period-resources/subscribe-rate": `{"official_website_rating_result":{"official_website_amount":623.78,"installment_official_website_amount":null,"installment_period_type":null,"measure_id":1,
  "product_rating_results":[
   {"id":"1","product_id":"00301-18008-0--0","official_website_amount":27.2,"measure_id":1,"installment_official_website_amount":null,"installment_period_type":null},
   {"id":"2","product_id":"00301-03001-0--0","official_website_amount":0,"measure_id":1,"installment_official_website_amount":null,"installment_period_type":null},
   {"id":"3","product_id":"00301-170006-0--0","official_website_amount":5.28,"measure_id":1,"installment_official_website_amount":null,"installment_period_type":null},
   {"id":"4","product_id":"00301-34543-0--0","official_website_amount":591.3,"measure_id":1,"installment_official_website_amount":null,"installment_period_type":null}]},
 "optional_discount_rating_results":[],"currency":"USD"}`,
		"POST /v2/bills/ratings/period-resources/renew-rate": `{"currency":"CNY","renew_inquiry_results":[{"resource_id":"230221_169ee*****9d5b8af6a38f099abea","amount":"800.0"}],"official_website_rating_result":{"official_website_amount":"800.0","installment_official_website_amount":null,"installment_period_type":null},"optional_discount_rating_results":[],"fail_resource_infos":[]}`,
	})
	item := func(id string) string {
		return fmt.Sprintf(`{id: %q, cloudServiceType: "s", resourceType: "r", resourceSpec: "x", region: "ap-southeast-1", usageFactor: "Duration", usageValue: "2", usageMeasureId: 4, subscriptionNum: 1}`, id)
	}
	period := func(id string) string {
		return fmt.Sprintf(`{id: %q, cloudServiceType: "s", resourceType: "r", resourceSpec: "x", region: "ap-southeast-1", periodType: MONTH, periodNum: 1, subscriptionNum: 1}`, id)
	}
	// The products are asked for in another order than BSS answers them.
	r := e.query(`{
	  payPerUsePrice(input: {projectId: "p", inquiryPrecision: HIGH, products: [`+item("4")+`, `+item("1")+`, `+item("3")+`, `+item("2")+`]}) {
	    amount { amount currency measureId } discountAmount { amount } officialWebsiteAmount { amount }
	    products { id productId amount { amount } discountAmount { amount } officialWebsiteAmount { amount } }
	  }
	  subscriptionPrice(input: {projectId: "p", products: [`+period("1")+`, `+period("2")+`, `+period("3")+`, `+period("4")+`]}) {
	    currency officialWebsiteAmount { amount } products { id officialWebsiteAmount { amount } } optionalDiscounts { discountId } bestOffer { discountId }
	  }
	  renewalPrice(input: {resourceIds: ["230221_169ee*****9d5b8af6a38f099abea"], periodType: MONTH, periodNum: 1}) {
	    currency amount { amount currency measureId } resources { resourceId amount { amount } } officialWebsiteAmount { amount currency }
	    optionalDiscounts { discountId } failedResources { resourceId }
	  }
	}`, nil)
	got, _ := json.Marshal(r.mustData(t))
	want := `{"payPerUsePrice":{"amount":{"amount":"8.128","currency":"USD","measureId":1},"discountAmount":{"amount":"0.0"},"officialWebsiteAmount":{"amount":"8.128"},` +
		`"products":[{"amount":{"amount":"2.56"},"discountAmount":{"amount":"0.0"},"id":"4","officialWebsiteAmount":{"amount":"2.56"},"productId":"00301-290407706-0--1"},` +
		`{"amount":{"amount":"5.48"},"discountAmount":{"amount":"0.0"},"id":"1","officialWebsiteAmount":{"amount":"5.48"},"productId":"00301-243025-0--0_merge"},` +
		`{"amount":{"amount":"0.06"},"discountAmount":{"amount":"0.0"},"id":"3","officialWebsiteAmount":{"amount":"0.06"},"productId":"00301-238601-0--0_merge"},` +
		`{"amount":{"amount":"0.028"},"discountAmount":{"amount":"0.0"},"id":"2","officialWebsiteAmount":{"amount":"0.028"},"productId":"00301-290407774-0--1"}]},` +
		`"renewalPrice":{"amount":{"amount":"800.0","currency":"CNY","measureId":null},"currency":"CNY","failedResources":[],"officialWebsiteAmount":{"amount":"800.0","currency":"CNY"},` +
		`"optionalDiscounts":[],"resources":[{"amount":{"amount":"800.0"},"resourceId":"230221_169ee*****9d5b8af6a38f099abea"}]},` +
		`"subscriptionPrice":{"bestOffer":null,"currency":"USD","officialWebsiteAmount":{"amount":"623.78"},"optionalDiscounts":[],` +
		`"products":[{"id":"1","officialWebsiteAmount":{"amount":"27.2"}},{"id":"2","officialWebsiteAmount":{"amount":"0"}},{"id":"3","officialWebsiteAmount":{"amount":"5.28"}},{"id":"4","officialWebsiteAmount":{"amount":"591.3"}}]}}`
	if string(got) != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestPricing_BadInput(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ppu := func(id string) map[string]any {
		return map[string]any{"id": id, "cloudServiceType": "hws.service.type.ec2", "resourceType": "hws.resource.type.vm",
			"resourceSpec": "s6.small.1.linux", "region": "ap-southeast-1", "usageFactor": "Duration", "usageValue": "1",
			"usageMeasureId": 4, "subscriptionNum": 1}
	}
	sub := func(id string) map[string]any {
		return map[string]any{"id": id, "cloudServiceType": "hws.service.type.ec2", "resourceType": "hws.resource.type.vm",
			"resourceSpec": "s6.small.1.linux", "region": "ap-southeast-1", "periodType": "MONTH", "periodNum": 1, "subscriptionNum": 1}
	}
	many := func(n int, f func(string) map[string]any) []any {
		var out []any
		for i := range n {
			out = append(out, f(fmt.Sprint(i)))
		}
		return out
	}
	with := func(m map[string]any, k string, v any) map[string]any { m[k] = v; return m }
	without := func(m map[string]any, k string) map[string]any { delete(m, k); return m }
	ids := func(n int) []any {
		var out []any
		for i := range n {
			out = append(out, fmt.Sprintf("res-%d", i))
		}
		return out
	}
	const ppuQ = `query($input: PayPerUsePriceInput!) { payPerUsePrice(input: $input) { currency } }`
	const subQ = `query($input: SubscriptionPriceInput!) { subscriptionPrice(input: $input) { currency } }`
	const renQ = `query($input: RenewalPriceInput!) { renewalPrice(input: $input) { currency } }`
	for name, c := range map[string]struct {
		q     string
		input map[string]any
	}{
		"101 products":            {ppuQ, map[string]any{"projectId": "p", "products": many(101, ppu)}},
		"no products":             {ppuQ, map[string]any{"projectId": "p", "products": []any{}}},
		"duplicate product ids":   {ppuQ, map[string]any{"projectId": "p", "products": []any{ppu("a"), ppu("b"), ppu("a")}}},
		"empty product id":        {ppuQ, map[string]any{"projectId": "p", "products": []any{ppu("")}}},
		"empty project":           {ppuQ, map[string]any{"projectId": "", "products": []any{ppu("a")}}},
		"negative usage":          {ppuQ, map[string]any{"projectId": "p", "products": []any{with(ppu("a"), "usageValue", "-1")}}},
		"malformed usage":         {ppuQ, map[string]any{"projectId": "p", "products": []any{with(ppu("a"), "usageValue", "two")}}},
		"size without unit":       {ppuQ, map[string]any{"projectId": "p", "products": []any{with(ppu("a"), "resourceSize", 10)}}},
		"0 subscriptions":         {ppuQ, map[string]any{"projectId": "p", "products": []any{with(ppu("a"), "subscriptionNum", 0)}}},
		"unknown precision":       {ppuQ, map[string]any{"projectId": "p", "inquiryPrecision": "ULTRA", "products": []any{ppu("a")}}},
		"missing usage factor":    {ppuQ, map[string]any{"projectId": "p", "products": []any{without(ppu("a"), "usageFactor")}}},
		"101 period products":     {subQ, map[string]any{"projectId": "p", "products": many(101, sub)}},
		"duplicate period ids":    {subQ, map[string]any{"projectId": "p", "products": []any{sub("x"), sub("x")}}},
		"unknown period type":     {subQ, map[string]any{"projectId": "p", "products": []any{with(sub("a"), "periodType", "WEEK")}}},
		"0 periods":               {subQ, map[string]any{"projectId": "p", "products": []any{with(sub("a"), "periodNum", 0)}}},
		"11 renewal ids":          {renQ, map[string]any{"resourceIds": ids(11), "periodType": "MONTH", "periodNum": 1}},
		"no renewal ids":          {renQ, map[string]any{"resourceIds": ids(0), "periodType": "MONTH", "periodNum": 1}},
		"duplicate renewal ids":   {renQ, map[string]any{"resourceIds": []any{"a", "b", "a"}, "periodType": "MONTH", "periodNum": 1}},
		"renewal by day":          {renQ, map[string]any{"resourceIds": ids(1), "periodType": "DAY", "periodNum": 1}},
		"12 months":               {renQ, map[string]any{"resourceIds": ids(1), "periodType": "MONTH", "periodNum": 12}},
		"4 years":                 {renQ, map[string]any{"resourceIds": ids(1), "periodType": "YEAR", "periodNum": 4}},
		"unknown renewal period":  {renQ, map[string]any{"resourceIds": ids(1), "periodType": "FORTNIGHT", "periodNum": 1}},
		"empty renewal id":        {renQ, map[string]any{"resourceIds": []any{""}, "periodType": "YEAR", "periodNum": 1}},
		"renewal id of 65 chars":  {renQ, map[string]any{"resourceIds": []any{strings.Repeat("r", 65)}, "periodType": "YEAR", "periodNum": 1}},
		"renewal flag not a bool": {renQ, map[string]any{"resourceIds": ids(1), "periodType": "YEAR", "periodNum": 1, "includeRelativeResources": "yes"}},
	} {
		r := e.query(c.q, map[string]any{"input": c.input})
		if !slices.Equal(r.errorCodes(), []string{"BAD_USER_INPUT"}) {
			t.Errorf("%s: errors = %+v, want one BAD_USER_INPUT", name, r.Errors)
		}
	}
	if n := e.sandbox.TotalCalls(); n != 0 {
		t.Errorf("bad input cost %d upstream calls, want 0: %v", n, e.calls())
	}
}

// BSS's own refusal of a price inquiry is a GraphQL error with its code.
func TestPricing_UpstreamRefusal(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	r := e.query(`{ subscriptionPrice(input: {projectId: "p", products: [{id: "1", cloudServiceType: "hws.service.type.ec2",
	  resourceType: "hws.resource.type.vm", resourceSpec: "no.such.flavor", region: "ap-southeast-1", periodType: MONTH, periodNum: 1,
	  subscriptionNum: 1}]}) { currency } }`, nil)
	if len(r.Errors) != 1 || r.Errors[0].Extensions["upstreamCode"] != "CBC.99006006" || r.Errors[0].Extensions["code"] != "NOT_FOUND" {
		t.Errorf("errors = %+v, want CBC.99006006 as NOT_FOUND", r.Errors)
	}
}
