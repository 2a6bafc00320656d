package graph_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/rs/zerolog"

	"bssgraph/graph"
	"bssgraph/loaders"
	"bssgraph/upstream"
	"bssgraph/upstream/sandbox"
)

// orderFixtures are orders of the seeded sandbox-customer that the tests
// need, found by what they are rather than by id, so the tests follow
// changes of the sandbox's seeding (goldens then need -update only).
type orderFixtures struct {
	pendingRenewal  string // pending payment, with discounts to pay it with
	discountID      string // a PROMOTION discount of pendingRenewal
	pendingPurchase string // a common order pending payment
	pendingCombined string // a combined order pending payment
	completed       string // a completed new purchase
	unsubscription  string // a completed unsubscription with refund records
}

// findOrders finds the order fixtures and resets the call counters.
func findOrders(t *testing.T, e *env) orderFixtures {
	t.Helper()
	var f orderFixtures
	first := func(filter string, ok func(n any) bool) string {
		d := e.query(`{ viewer { orders(first: 20, filter: `+filter+`) { nodes { orderId subOrders { orderId }
			availableDiscounts { discountId type } refundRecords { id } } } } }`, nil).mustData(t)
		for _, n := range dig(d, "viewer", "orders", "nodes").([]any) {
			if ok(n) {
				return dig(n, "orderId").(string)
			}
		}
		t.Fatalf("no order %s in the sandbox", filter)
		return ""
	}
	none := func(key string) func(n any) bool {
		return func(n any) bool { return len(dig(n, key).([]any)) == 0 }
	}
	some := func(key string) func(n any) bool {
		return func(n any) bool { return len(dig(n, key).([]any)) > 0 }
	}
	f.pendingRenewal = first(`{status: PENDING_PAYMENT, type: RENEWAL}`, func(n any) bool {
		for _, d := range dig(n, "availableDiscounts").([]any) {
			if dig(d, "type") == "PROMOTION" {
				f.discountID = dig(d, "discountId").(string)
				return true
			}
		}
		return false
	})
	f.pendingPurchase = first(`{status: PENDING_PAYMENT, type: NEW_PURCHASE}`, none("subOrders"))
	f.pendingCombined = first(`{status: PENDING_PAYMENT}`, some("subOrders"))
	f.completed = first(`{status: COMPLETED, type: NEW_PURCHASE}`, none("subOrders"))
	f.unsubscription = first(`{status: COMPLETED, type: UNSUBSCRIPTION}`, some("refundRecords"))
	e.resetCalls()
	return f
}

func TestOrders_Golden(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name string
		vars func(f orderFixtures) map[string]any
	}{
		{"orders_list", nil},
		{"orders_order", func(f orderFixtures) map[string]any {
			return map[string]any{"id": f.pendingCombined, "globalId": base64.RawURLEncoding.EncodeToString([]byte("Order:" + f.pendingCombined))}
		}},
		{"orders_refunds", func(f orderFixtures) map[string]any { return map[string]any{"id": f.unsubscription} }},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			if c.vars == nil {
				e.golden(c.name, sandbox.TokenCustomer).mustData(t)
				return
			}
			e.goldenWith(c.name, sandbox.TokenCustomer, c.vars(findOrders(t, e))).mustData(t)
		})
	}
}

func TestPartnerRefundRecords_Golden(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	f := findOrders(t, e)
	r := e.goldenWith("partner_refund_records", sandbox.TokenPartner, map[string]any{"orderId": f.unsubscription, "customerId": sandbox.DomainCustomer})
	r.mustData(t)
	// baseOrder is null in the partner view, without a call.
	if got := e.calls(); !maps.Equal(got, map[string]int{"ShowRefundOrderDetails": 1}) {
		t.Errorf("partner refund records cost %v, want one ShowRefundOrderDetails only", got)
	}
}

func TestPartnerRefundRecords_NotPartnersCustomer(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	f := findOrders(t, e)
	r := e.do(request{token: sandbox.TokenPartner, query: `{ partnerRefundRecords(orderId: "` + f.unsubscription + `", customerId: "ffffffffffffffffffffffffffffffff") { totalCount } }`})
	if len(r.Errors) != 1 || r.Errors[0].Extensions["upstreamCode"] != "CBC.99000035" {
		t.Fatalf("errors = %+v, want CBC.99000035", r.Errors)
	}
}

// TestOrders_LineItemCallCounts: 20 orders asking for lineItems cost one
// list call and one detail call per order, also when the same orders are
// asked for twice (aliases, and order(id:) of a listed order).
func TestOrders_LineItemCallCounts(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ids := e.query(`{ viewer { orders(first: 20) { nodes { orderId } } } }`, nil).mustData(t)
	first := dig(ids, "viewer", "orders", "nodes", 0, "orderId").(string)
	e.resetCalls()

	r := e.query(`query($id: ID!) { viewer {
		orders(first: 20) { nodes { orderId
			a: lineItems(first: 1) { totalCount nodes { lineItemId } }
			b: lineItems(first: 5) { totalCount nodes { lineItemId } }
			userName pendingPaymentEndsAt } }
		order(id: $id) { orderId lineItems { totalCount } } } }`, map[string]any{"id": first})
	d := r.mustData(t)
	if n := len(dig(d, "viewer", "orders", "nodes").([]any)); n != 20 {
		t.Fatalf("got %d orders, want 20", n)
	}
	want := map[string]int{"ListCustomerOrders": 1, "ShowCustomerOrderDetails": 20}
	if got := e.calls(); !maps.Equal(got, want) {
		t.Errorf("calls = %v, want %v", got, want)
	}
	if got := r.Extensions.Upstream.ByOperation; !maps.Equal(got, want) {
		t.Errorf("extensions.upstream.byOperation = %v, want %v", got, want)
	}
}

// TestOrders_LineItemPaging pages through line items with cursors; pages
// inside the first 100 items come from the order's one detail call.
func TestOrders_LineItemPaging(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	// An order with at least three pages of three line items.
	d := e.query(`{ viewer { orders(first: 100) { nodes { orderId lineItems { totalCount } } } } }`, nil).mustData(t)
	orderID, total := "", 0
	for _, n := range dig(d, "viewer", "orders", "nodes").([]any) {
		if c := int(ordNum(dig(n, "lineItems", "totalCount"))); c >= 7 {
			orderID, total = dig(n, "orderId").(string), c
			break
		}
	}
	if orderID == "" {
		t.Fatal("no order with 7 or more line items among the first 100; the seeded data must hold one")
	}
	e.resetCalls()
	q := `query($after: String) { viewer { order(id: "` + orderID + `") {
		lineItems(first: 3, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { lineItemId } } } } }`
	var all []string
	var after any
	requests := 0
	for range 40 {
		requests++
		d := e.query(q, map[string]any{"after": after}).mustData(t)
		li := dig(d, "viewer", "order", "lineItems").(map[string]any)
		for _, n := range li["nodes"].([]any) {
			all = append(all, n.(map[string]any)["lineItemId"].(string))
		}
		if !dig(li, "pageInfo", "hasNextPage").(bool) {
			break
		}
		after = dig(li, "pageInfo", "endCursor")
	}
	if len(all) != total || all[0] != orderID+"-000001" || all[total-1] != fmt.Sprintf("%s-%06d", orderID, total) {
		t.Errorf("line items = %v, want the order's %d items in order", all, total)
	}
	if got := e.calls()["ShowCustomerOrderDetails"]; got != requests {
		t.Errorf("ShowCustomerOrderDetails calls = %d, want %d (one per request)", got, requests)
	}
}

// TestOrders_MoneyDigits: every amount of the list arrives digit for digit
// as BSS sent it.
func TestOrders_MoneyDigits(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	raw := ordUpstreamJSON(t, e, "/v2/orders/customer-orders?limit=50&offset=0")
	var page struct {
		Orders []struct {
			OrderID        string      `json:"order_id"`
			OfficialAmount json.Number `json:"official_amount"`
			AfterDiscount  json.Number `json:"amount_after_discount"`
			AmountInfo     struct {
				CouponAmount *json.Number `json:"coupon_amount"`
			} `json:"amount_info"`
		} `json:"order_infos"`
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&page); err != nil || len(page.Orders) != 50 {
		t.Fatalf("upstream list: %v (%d orders)", err, len(page.Orders))
	}
	d := e.query(`{ viewer { orders(first: 50) { nodes { orderId officialAmount { amount rawAmount } amountAfterDiscount { amount } amountInfo { couponAmount { amount } } } } } }`, nil).mustData(t)
	for i, n := range dig(d, "viewer", "orders", "nodes").([]any) {
		want := page.Orders[i]
		if got := dig(n, "officialAmount", "amount"); got != want.OfficialAmount.String() {
			t.Errorf("%s officialAmount = %v, want %s", want.OrderID, got, want.OfficialAmount)
		}
		if got := dig(n, "amountAfterDiscount", "amount"); got != want.AfterDiscount.String() {
			t.Errorf("%s amountAfterDiscount = %v, want %s", want.OrderID, got, want.AfterDiscount)
		}
		if c := want.AmountInfo.CouponAmount; c != nil {
			if got := dig(n, "amountInfo", "couponAmount", "amount"); got != c.String() {
				t.Errorf("%s couponAmount = %v, want %s", want.OrderID, got, c)
			}
		}
	}
}

// ordUpstreamJSON reads path from the sandbox as sandbox-customer.
func ordUpstreamJSON(t *testing.T, e *env, path string) []byte {
	t.Helper()
	req := httptest.NewRequest("GET", path, nil)
	req.Header.Set("X-Auth-Token", sandbox.TokenCustomer)
	rec := httptest.NewRecorder()
	e.sandbox.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Fatalf("GET %s: %d %s", path, rec.Code, rec.Body)
	}
	e.resetCalls()
	return rec.Body.Bytes()
}

// TestOrders_BadInput: invalid arguments are refused before any upstream call.
func TestOrders_BadInput(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name, query string
		vars        map[string]any
	}{
		{"first over 1000", `{ viewer { orders(first: 1001) { totalCount } } }`, nil},
		{"negative first", `{ viewer { orders(first: -1) { totalCount } } }`, nil},
		{"malformed cursor", `{ viewer { orders(after: "not-a-cursor") { totalCount } } }`, nil},
		{"unfilterable status", `{ viewer { orders(filter: {status: PENDING_REFUND}) { totalCount } } }`, nil},
		{"status UNKNOWN", `{ viewer { orders(filter: {status: UNKNOWN}) { totalCount } } }`, nil},
		{"unknown enum via variables", `query($f: OrderFilter) { viewer { orders(filter: $f) { totalCount } } }`, map[string]any{"f": map[string]any{"type": "GIFT"}}},
		{"empty order id filter", `{ viewer { orders(filter: {orderId: ""}) { totalCount } } }`, nil},
		{"window over a year", `{ viewer { orders(filter: {createdFrom: "2024-01-01T00:00:00Z", createdTo: "2025-01-02T00:00:00Z"}) { totalCount } } }`, nil},
		{"window backwards", `{ viewer { orders(filter: {paidFrom: "2025-01-01T00:00:00Z", paidTo: "2024-01-01T00:00:00Z"}) { totalCount } } }`, nil},
		{"malformed DateTime", `{ viewer { orders(filter: {createdFrom: "yesterday"}) { totalCount } } }`, nil},
		{"empty order id", `{ viewer { order(id: "") { orderId } } }`, nil},
		{"global id of another type", `{ viewer { order(id: "UmVzb3VyY2U6eA") { orderId } } }`, nil},
		{"four coupons", `mutation { payOrder(input: {orderId: "CS2610312009C04KA", coupons: [{id: "a"}, {id: "b"}, {id: "c"}, {id: "d"}]}) { paid } }`, nil},
		{"two discounts", `mutation { payOrder(input: {orderId: "CS2610312009C04KA", discounts: [{id: "a", type: PROMOTION}, {id: "b", type: PROMOTION}]}) { paid } }`, nil},
		{"duplicate coupon", `mutation { payOrder(input: {orderId: "CS2610312009C04KA", coupons: [{id: "a"}, {id: "a"}]}) { paid } }`, nil},
		{"discount type UNKNOWN", `mutation { payOrder(input: {orderId: "CS2610312009C04KA", discounts: [{id: "a", type: UNKNOWN}]}) { paid } }`, nil},
		{"pay without order id", `mutation { payOrder(input: {orderId: ""}) { paid } }`, nil},
		{"cancel without order id", `mutation { cancelOrder(input: {orderId: ""}) { canceled } }`, nil},
		{"partner without customer", `{ partnerRefundRecords(orderId: "CS26103122247G7SR", customerId: "") { totalCount } }`, nil},
		{"partner first over 1000", `{ partnerRefundRecords(orderId: "CS26103122247G7SR", customerId: "x", first: 1001) { totalCount } }`, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			r := e.query(c.query, c.vars)
			if codes := r.errorCodes(); len(codes) == 0 || codes[0] != "BAD_USER_INPUT" {
				t.Errorf("errors = %+v, want BAD_USER_INPUT", r.Errors)
			}
			if n := e.sandbox.TotalCalls(); n != 0 {
				t.Errorf("bad input cost %d upstream calls (%v), want 0", n, e.calls())
			}
		})
	}
}

// TestOrder_LineItemsBadFirst: a nested connection's bad first fails that
// field before its own upstream calls (only its order has been read).
func TestOrder_LineItemsBadFirst(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	f := findOrders(t, e)
	r := e.query(`{ viewer { order(id: "`+f.completed+`") { orderId lineItems(first: 5000) { totalCount } } } }`, nil)
	if !slices.Equal(r.errorCodes(), []string{"BAD_USER_INPUT"}) || fmt.Sprint(r.Errors[0].Path) != "[viewer order lineItems]" {
		t.Errorf("response = %s, want BAD_USER_INPUT on lineItems", r.raw)
	}
	if got := e.calls(); !maps.Equal(got, map[string]int{"ShowCustomerOrderDetails": 1}) {
		t.Errorf("calls = %v, want only the order's details", got)
	}
}

// TestOrder_UnknownBesideResources: an unknown order fails its own field
// (NOT_FOUND); the resources beside it are intact.
func TestOrder_UnknownBesideResources(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	r := e.query(`{ viewer { order(id: "CS0000000000NOPE0") { orderId } resources(first: 3) { totalCount nodes { resourceId } } } }`, nil)
	if len(r.Errors) != 1 || r.errorCodes()[0] != "NOT_FOUND" || fmt.Sprint(r.Errors[0].Path) != "[viewer order]" {
		t.Fatalf("errors = %+v, want one NOT_FOUND on viewer.order", r.Errors)
	}
	if r.Errors[0].Extensions["upstreamCode"] != "CBC.30000010" {
		t.Errorf("upstreamCode = %v, want CBC.30000010", r.Errors[0].Extensions["upstreamCode"])
	}
	if dig(r.Data, "viewer", "order") != nil {
		t.Errorf("order = %v, want null", dig(r.Data, "viewer", "order"))
	}
	if n := len(dig(r.Data, "viewer", "resources", "nodes").([]any)); n != 3 {
		t.Errorf("resources beside the failed order: %d nodes, want 3", n)
	}
}

// TestOrder_Node refetches an order by global id; an unknown one is null.
func TestOrder_Node(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	f := findOrders(t, e)
	d := e.query(`{ viewer { order(id: "`+f.completed+`") { id } } }`, nil).mustData(t)
	id := dig(d, "viewer", "order", "id").(string)
	d = e.query(`query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Order { orderId type } } }`,
		map[string]any{"ids": []string{id, "T3JkZXI6Q1MwMDAwMDAwMDAwTk9QRTA"}}).mustData(t)
	nodes := d["nodes"].([]any)
	if dig(nodes, 0, "orderId") != f.completed || nodes[1] != nil {
		t.Errorf("nodes = %v, want the order and null", nodes)
	}
}

// TestOrders_RefundRecordsOnlyForUnsubscriptions: other orders give []
// without a call.
func TestOrders_RefundRecordsOnlyForUnsubscriptions(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	d := e.query(`{ viewer { orders(first: 30, filter: {type: NEW_PURCHASE}) { nodes { refundRecords { id } availableDiscounts { discountId } status } } } }`, nil).mustData(t)
	pending := 0
	for _, n := range dig(d, "viewer", "orders", "nodes").([]any) {
		if len(dig(n, "refundRecords").([]any)) != 0 {
			t.Errorf("a new purchase has refund records: %v", n)
		}
		if dig(n, "status") == "PENDING_PAYMENT" {
			pending++
		}
	}
	want := map[string]int{"ListCustomerOrders": 1}
	if pending > 0 {
		want["ListOrderDiscounts"] = pending
	}
	if got := e.calls(); !maps.Equal(got, want) {
		t.Errorf("calls = %v, want %v (discounts only for the %d pending orders, no refund calls)", got, want, pending)
	}
}

// TestLoaders_NotSharedBetweenTokens: the same order read with two tokens
// is fetched twice, and each caller gets its own answer.
func TestLoaders_NotSharedBetweenTokens(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	f := findOrders(t, e)
	q := `{ viewer { order(id: "` + f.completed + `") { orderId userName } } }`
	if d := e.do(request{token: sandbox.TokenCustomer, query: q}).mustData(t); dig(d, "viewer", "order", "orderId") != f.completed {
		t.Fatalf("customer: %v", d)
	}
	r := e.do(request{token: sandbox.TokenEnterprise, query: q})
	if codes := r.errorCodes(); !slices.Equal(codes, []string{"NOT_FOUND"}) {
		t.Errorf("enterprise reading the customer's order: errors %+v, want NOT_FOUND", r.Errors)
	}
	if got := e.calls()["ShowCustomerOrderDetails"]; got != 2 {
		t.Errorf("ShowCustomerOrderDetails = %d, want 2 (one per request and token)", got)
	}
}

func TestPayOrder(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	f := findOrders(t, e)
	ordPendingRenewal := f.pendingRenewal
	d := e.goldenWith("orders_pay_order", sandbox.TokenCustomer, map[string]any{"input": map[string]any{
		"orderId": f.pendingRenewal, "discounts": []any{map[string]any{"id": f.discountID, "type": "PROMOTION"}}}}).mustData(t)
	if dig(d, "payOrder", "paid") != true || dig(d, "payOrder", "order", "status") != "COMPLETED" {
		t.Fatalf("payOrder = %v, want paid and COMPLETED", d)
	}
	// The change is visible to a later read.
	d = e.query(`{ viewer { order(id: "`+ordPendingRenewal+`") { status paidAt availableDiscounts { discountId } } } }`, nil).mustData(t)
	if dig(d, "viewer", "order", "status") != "COMPLETED" || dig(d, "viewer", "order", "paidAt") == nil {
		t.Errorf("re-read = %v, want COMPLETED with paidAt", d)
	}
	// Paying again is a documented refusal: userErrors, and the order re-read.
	e.resetCalls()
	d = e.query(`mutation { payOrder(input: {orderId: "`+ordPendingRenewal+`"}) { paid order { status } userErrors { code field } } }`, nil).mustData(t)
	p := d["payOrder"].(map[string]any)
	if p["paid"] != false || dig(p, "userErrors", 0, "code") != "CBC.99003106" || dig(p, "order", "status") != "COMPLETED" {
		t.Errorf("second payment = %v, want userErrors CBC.99003106", p)
	}
	if got := e.calls(); got["PayOrders"] != 1 {
		t.Errorf("PayOrders calls = %d, want 1 (never retried)", got["PayOrders"])
	}
}

func TestPayOrder_SubOrderAndUnknown(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	f := findOrders(t, e)
	d := e.query(`{ viewer { order(id: "`+f.pendingCombined+`") { subOrders { orderId } } } }`, nil).mustData(t)
	sub := dig(d, "viewer", "order", "subOrders", 0, "orderId").(string)
	for id, code := range map[string]string{sub: "CBC.99000089", "CS0000000000NOPE0": "CBC.30000010"} {
		d := e.query(`mutation($id: String!) { payOrder(input: {orderId: $id, coupons: [{id: "CP1"}]}) { paid userErrors { code message field } } }`, map[string]any{"id": id}).mustData(t)
		if dig(d, "payOrder", "paid") != false || dig(d, "payOrder", "userErrors", 0, "code") != code {
			t.Errorf("pay %s = %v, want userErrors %s", id, d, code)
		}
	}
}

// TestPayOrder_QuotaInfos: the 400 body of a payment blocked by quota or
// enterprise project funds reaches the payload.
func TestPayOrder_QuotaInfos(t *testing.T) {
	t.Parallel()
	body := map[string]string{
		"CBC.99003141": `{"error_code":"CBC.99003141","error_msg":"The cloud service quota or capacity is insufficient.","quota_infos":[{"region":"ap-southeast-1","service_type_code":"hws.service.type.ec2","resource_type_code":"hws.resource.type.vm","resource_spec_code":"s2.small.1.linux","service_type_name":"Elastic Cloud Server","resource_type_name":"Cloud Host","auth_result":1,"available_zone":"ap-southeast-1a"},{"region":"ap-southeast-1","auth_result":42}]}`,
		"CBC.99003155": `{"error_code":"CBC.99003155","error_msg":"The enterprise project's fund quota is insufficient, or the project is invalid.","enterprise_project_auth_result":[{"enterprise_project_id":"0","enterprise_project_name":"default","auth_statuses":10},{"enterprise_project_id":"-1","auth_statuses":11}]}`,
	}
	for code, b := range body {
		t.Run(code, func(t *testing.T) {
			t.Parallel()
			e := newEnvWrapped(t, func(next http.Handler) http.Handler {
				return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					if strings.HasSuffix(r.URL.Path, "/customer-orders/pay") {
						w.Header().Set("Content-Type", "application/json")
						w.WriteHeader(http.StatusBadRequest)
						io.WriteString(w, b)
						return
					}
					next.ServeHTTP(w, r)
				})
			})
			d := e.query(`mutation { payOrder(input: {orderId: "CS2610312009C04KA"}) {
				paid
				quotaInfos { region serviceTypeCode resourceTypeCode resourceSpecCode serviceTypeName resourceTypeName authResult authResultCode availableZone }
				enterpriseProjectAuthResults { enterpriseProjectId enterpriseProjectName authStatus authStatusCode }
				userErrors { code field } } }`, nil).mustData(t)
			p := d["payOrder"].(map[string]any)
			if dig(p, "userErrors", 0, "code") != code || p["paid"] != false {
				t.Fatalf("payload = %v, want userErrors %s", p, code)
			}
			got, _ := json.Marshal(p)
			var want string
			if code == "CBC.99003141" {
				want = `{"enterpriseProjectAuthResults":[],"paid":false,"quotaInfos":[{"authResult":"QUOTA_INSUFFICIENT","authResultCode":1,"availableZone":"ap-southeast-1a","region":"ap-southeast-1","resourceSpecCode":"s2.small.1.linux","resourceTypeCode":"hws.resource.type.vm","resourceTypeName":"Cloud Host","serviceTypeCode":"hws.service.type.ec2","serviceTypeName":"Elastic Cloud Server"},{"authResult":"UNKNOWN","authResultCode":42,"availableZone":null,"region":"ap-southeast-1","resourceSpecCode":null,"resourceTypeCode":null,"resourceTypeName":null,"serviceTypeCode":null,"serviceTypeName":null}],"userErrors":[{"code":"CBC.99003141","field":["orderId"]}]}`
			} else {
				want = `{"enterpriseProjectAuthResults":[{"authStatus":"FUND_QUOTA_INSUFFICIENT","authStatusCode":10,"enterpriseProjectId":"0","enterpriseProjectName":"default"},{"authStatus":"ORGANIZATION_BUDGET_INSUFFICIENT","authStatusCode":11,"enterpriseProjectId":"-1","enterpriseProjectName":null}],"paid":false,"quotaInfos":[],"userErrors":[{"code":"CBC.99003155","field":["orderId"]}]}`
			}
			if string(got) != want {
				t.Errorf("payload\n got %s\nwant %s", got, want)
			}
		})
	}
}

// TestPayOrder_OutcomeUnknown: a dropped connection after the payment was
// sent is OUTCOME_UNKNOWN naming the order, after exactly one call.
func TestPayOrder_OutcomeUnknown(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ordPendingRenewal := findOrders(t, e).pendingRenewal
	e.sandbox.SetFaults(sandbox.Faults{DropRate: 1, Operations: []string{"PayOrders"}})
	r := e.query(`mutation { payOrder(input: {orderId: "`+ordPendingRenewal+`"}) { paid } }`, nil)
	if !slices.Equal(r.errorCodes(), []string{"OUTCOME_UNKNOWN"}) {
		t.Fatalf("errors = %+v, want OUTCOME_UNKNOWN", r.Errors)
	}
	if msg := r.Errors[0].Message; !strings.Contains(msg, ordPendingRenewal) {
		t.Errorf("message %q does not name the order to check", msg)
	}
	if got := dig(r.Errors[0].Extensions, "check", "orderId"); got != ordPendingRenewal {
		t.Errorf("extensions.check.orderId = %v, want %s", got, ordPendingRenewal)
	}
	if r.Errors[0].Extensions["retryable"] != false {
		t.Errorf("retryable = %v, want false", r.Errors[0].Extensions["retryable"])
	}
	if got, want := e.calls(), map[string]int{"PayOrders": 1}; !maps.Equal(got, want) {
		t.Errorf("calls = %v, want %v", got, want)
	}
}

func TestCancelOrder(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	f := findOrders(t, e)
	ordPendingPurchase, ordCompleted := f.pendingPurchase, f.completed
	d := e.goldenWith("orders_cancel_order", sandbox.TokenCustomer, map[string]any{"input": map[string]any{"orderId": f.pendingPurchase}}).mustData(t)
	if dig(d, "cancelOrder", "canceled") != true || dig(d, "cancelOrder", "order", "status") != "CANCELED" {
		t.Fatalf("cancelOrder = %v, want canceled", d)
	}
	d = e.query(`{ viewer { order(id: "`+ordPendingPurchase+`") { status } } }`, nil).mustData(t)
	if dig(d, "viewer", "order", "status") != "CANCELED" {
		t.Errorf("re-read = %v, want CANCELED", d)
	}
	// Cancelling again: BSS refuses with CBC.99005010; the order is
	// cancelled, so that is success.
	q := `mutation($id: String!) { cancelOrder(input: {orderId: $id}) { canceled alreadyCanceled userErrors { code field } } }`
	d = e.query(q, map[string]any{"id": ordPendingPurchase}).mustData(t)
	if dig(d, "cancelOrder", "alreadyCanceled") != true || len(dig(d, "cancelOrder", "userErrors").([]any)) != 0 {
		t.Errorf("second cancel = %v, want alreadyCanceled without userErrors", d)
	}
	// A completed order cannot be cancelled.
	d = e.query(q, map[string]any{"id": ordCompleted}).mustData(t)
	if dig(d, "cancelOrder", "canceled") != false || dig(d, "cancelOrder", "userErrors", 0, "code") != "CBC.99005010" {
		t.Errorf("cancel of a completed order = %v, want userErrors CBC.99005010", d)
	}
}

func TestCancelOrder_OutcomeUnknown(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ordPendingPurchase := findOrders(t, e).pendingPurchase
	e.sandbox.SetFaults(sandbox.Faults{DropRate: 1, Operations: []string{"CancelCustomerOrder"}})
	r := e.query(`mutation { cancelOrder(input: {orderId: "`+ordPendingPurchase+`"}) { canceled } }`, nil)
	if !slices.Equal(r.errorCodes(), []string{"OUTCOME_UNKNOWN"}) || !strings.Contains(r.Errors[0].Message, ordPendingPurchase) {
		t.Fatalf("errors = %+v, want OUTCOME_UNKNOWN naming the order", r.Errors)
	}
	if got, want := e.calls(), map[string]int{"CancelCustomerOrder": 1}; !maps.Equal(got, want) {
		t.Errorf("calls = %v, want %v", got, want)
	}
}

// TestOrders_BudgetEstimate: large order lists that fetch details per order
// are refused before any call.
func TestOrders_BudgetEstimate(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	r := e.query(`{ viewer { orders(first: 500) { nodes { lineItems { totalCount } } } } }`, nil)
	if !slices.Equal(r.errorCodes(), []string{"LIMIT_EXCEEDED"}) {
		t.Fatalf("errors = %+v, want LIMIT_EXCEEDED", r.Errors)
	}
	if n := e.sandbox.TotalCalls(); n != 0 {
		t.Errorf("refused query cost %d calls", n)
	}
}

// ---- helpers ----

// ordNum reads a JSON number of a decoded response.
func ordNum(v any) float64 {
	n, _ := v.(json.Number).Float64()
	return n
}

// newEnvWrapped is newEnv with wrap in front of the sandbox, for answers
// the sandbox does not simulate.
func newEnvWrapped(t *testing.T, wrap func(http.Handler) http.Handler) *env {
	t.Helper()
	sb := sandbox.New(sandbox.Options{Sizes: testSizes, QuotaScale: -1})
	up := httptest.NewServer(wrap(sb))
	t.Cleanup(up.Close)
	bss, err := upstream.NewClient(up.URL, upstream.WithLimiter(upstream.NewWindowLimiter(-1)),
		upstream.WithRetryPolicy(upstream.RetryPolicy{MaxAttempts: 2, BaseDelay: time.Millisecond, MaxDelay: 5 * time.Millisecond}))
	if err != nil {
		t.Fatal(err)
	}
	opts := graph.Options{BSS: bss, IAM: upstream.NewIAM(up.URL, nil), Log: zerolog.New(testWriter{t}), Budget: 200}
	srv := handler.New(graph.NewSchema(opts))
	srv.AddTransport(transport.POST{})
	graph.Configure(opts)(srv)
	gql := httptest.NewServer(withCaller(loaders.Middleware(bss, nil)(srv)))
	t.Cleanup(gql.Close)
	return &env{t: t, sandbox: sb, gql: gql}
}
