package graph_test

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"bssgraph/upstream/sandbox"
)

// resUnknown is a resource id the sandbox does not have.
const resUnknown = "00000000-0000-0000-0000-000000000000"

// resourceFixtures are resources of the seeded sandbox-customer that the
// tests need, found by what they are (see orderFixtures).
type resourceFixtures struct {
	attached  string   // an attached resource with a spec size
	primary   string   // its primary
	renewable []string // provisioned primaries BSS prices for renewal (none in a pending order)
	grace     string   // a renewable primary whose expire_policy is 0 (grace period)
}

// findResources finds the resource fixtures and resets the call counters.
func findResources(t *testing.T, e *env) resourceFixtures {
	t.Helper()
	r := e.query(`{ viewer { resources(first: 100, filter: {statuses: [PROVISIONED]}) { nodes {
		resourceId isMainResource parentResourceId specSize expirePolicy
		renewalPrice(periodType: MONTH, periodNum: 1) { currency } } } } }`, nil)
	var f resourceFixtures
	for _, n := range dig(r.Data, "viewer", "resources", "nodes").([]any) {
		id := dig(n, "resourceId").(string)
		switch {
		case dig(n, "isMainResource") == false && dig(n, "specSize") != nil && f.attached == "":
			f.attached, f.primary = id, dig(n, "parentResourceId").(string)
		case dig(n, "isMainResource") == true && dig(n, "renewalPrice") != nil:
			f.renewable = append(f.renewable, id)
			if dig(n, "expirePolicy") == "GRACE_PERIOD" && f.grace == "" {
				f.grace = id
			}
		}
	}
	if f.attached == "" || len(f.renewable) < 2 || f.grace == "" {
		t.Fatalf("resource fixtures not found: %+v (errors %+v)", f, r.Errors)
	}
	e.resetCalls()
	return f
}

func TestResources_Golden(t *testing.T) {
	t.Parallel()
	t.Run("resources_list", func(t *testing.T) {
		t.Parallel()
		newEnv(t).golden("resources_list", sandbox.TokenCustomer).mustData(t)
	})
	t.Run("resources_resource", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		f := findResources(t, e)
		e.goldenWith("resources_resource", sandbox.TokenCustomer, map[string]any{"id": f.attached}).mustData(t)
	})
}

// TestOrder_ResourcesKnowTheirOrder: resources read through an order
// carry it (Resource.order); their parents on the same page cost nothing.
func TestOrder_ResourcesKnowTheirOrder(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	d := e.query(`{ viewer { orders(first: 1, filter: {type: NEW_PURCHASE, status: COMPLETED}) { nodes { orderId } } } }`, nil).mustData(t)
	id := dig(d, "viewer", "orders", "nodes", 0, "orderId").(string)
	e.resetCalls()
	d = e.query(readTestdata(t, "resources_order_resources.graphql"), map[string]any{"id": id}).mustData(t)
	nodes := dig(d, "viewer", "order", "resources", "nodes").([]any)
	if len(nodes) == 0 {
		t.Fatalf("order %s has no resources: %v", id, d)
	}
	for _, n := range nodes {
		if dig(n, "order", "orderId") != id {
			t.Errorf("resource %v does not know its order %s", dig(n, "resourceId"), id)
		}
	}
	if got, want := e.calls(), map[string]int{"ShowCustomerOrderDetails": 1, "QueryResources": 1}; !maps.Equal(got, want) {
		t.Errorf("calls = %v, want %v", got, want)
	}
}

// TestResources_ParentAndRenewalPriceCallCounts: 120 resources asking for
// parent and renewalPrice cost one list call, no parent call (every parent
// is on the page, primed) and ceil(primaries/10) renewal price calls.
func TestResources_ParentAndRenewalPriceCallCounts(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	r := e.query(`{ viewer { resources(first: 120) { nodes {
		resourceId isMainResource parentResourceId
		parent { resourceId isMainResource }
		renewalPrice(periodType: MONTH, periodNum: 1) { currency } } } } }`, nil)
	nodes := dig(r.Data, "viewer", "resources", "nodes").([]any)
	if len(nodes) != 120 {
		t.Fatalf("got %d resources (errors %+v), want 120", len(nodes), r.Errors)
	}
	onPage := map[string]bool{}
	main := 0
	for _, n := range nodes {
		onPage[dig(n, "resourceId").(string)] = true
		if dig(n, "isMainResource") == true {
			main++
		}
	}
	attached := 0
	for _, n := range nodes {
		if dig(n, "isMainResource") == true {
			if dig(n, "parent") != nil {
				t.Errorf("primary %v has a parent", dig(n, "resourceId"))
			}
			continue
		}
		attached++
		p := dig(n, "parentResourceId").(string)
		if !onPage[p] {
			t.Fatalf("the parent %s of %v is not on the page; the test needs a page that holds every parent", p, dig(n, "resourceId"))
		}
		if dig(n, "parent", "resourceId") != p || dig(n, "parent", "isMainResource") != true {
			t.Errorf("parent of %v = %v, want primary %s", dig(n, "resourceId"), dig(n, "parent"), p)
		}
	}
	if attached == 0 {
		t.Fatal("no attached resources on the page")
	}
	// Renewal prices may fail for resources BSS will not price (e.g. ones
	// in a pending renewal order): those errors stay on their own fields.
	for _, e := range r.Errors {
		if fmt.Sprint(e.Path[len(e.Path)-1]) != "renewalPrice" {
			t.Errorf("unexpected error %+v", e)
		}
	}
	want := map[string]int{"QueryResources": 1, "ListRenewRateOnPeriod": (main + 9) / 10}
	got := e.calls()
	delete(got, "ListServiceTypes") // none selected, but tolerate catalog warm-up
	if !maps.Equal(got, want) {
		t.Errorf("calls = %v, want %v (%d primaries, %d attached)", got, want, main, attached)
	}
}

// TestResources_ParentsNotOnPage: parents that the page does not hold are
// read 50 per call.
func TestResources_ParentsNotOnPage(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	d := e.query(`{ viewer { resources(first: 500) { nodes { resourceId isMainResource } } } }`, nil).mustData(t)
	var attached []string
	for _, n := range dig(d, "viewer", "resources", "nodes").([]any) {
		if dig(n, "isMainResource") == false {
			attached = append(attached, dig(n, "resourceId").(string))
		}
	}
	if len(attached) < 51 {
		t.Fatalf("only %d attached resources in the first 500; the seeded data must hold more", len(attached))
	}
	attached = attached[:51]
	e.resetCalls()
	// Only attached resources are on the page (resourceIds filter with
	// only their ids): each asks for its parent.
	q := `query($ids: [String!]) { viewer { resources(filter: {resourceIds: $ids}, first: 50) { nodes { parent { resourceId } } } } }`
	r := e.query(q, map[string]any{"ids": attached[:50]}).mustData(t)
	for _, n := range dig(r, "viewer", "resources", "nodes").([]any) {
		if dig(n, "parent", "resourceId") == nil {
			t.Errorf("missing parent: %v", n)
		}
	}
	if got := e.calls()["QueryResources"]; got != 2 {
		t.Errorf("QueryResources = %d, want 2 (the page, then all parents in one call)", got)
	}
}

// TestResources_NodesBatch: node(id:) look-ups of resources are batched
// 50 per call: 120 ids cost ceil(120/50) = 3 queries.
func TestResources_NodesBatch(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	d := e.query(`{ viewer { resources(first: 120) { nodes { id } } } }`, nil).mustData(t)
	var ids []string
	for _, n := range dig(d, "viewer", "resources", "nodes").([]any) {
		ids = append(ids, dig(n, "id").(string))
	}
	e.resetCalls()
	d = e.query(`query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Resource { resourceId } } }`, map[string]any{"ids": ids}).mustData(t)
	for i, n := range d["nodes"].([]any) {
		if dig(n, "id") != ids[i] {
			t.Fatalf("nodes[%d] = %v, want %s", i, n, ids[i])
		}
	}
	if got := e.calls()["QueryResources"]; got != 3 {
		t.Errorf("QueryResources = %d, want 3 for 120 ids", got)
	}
}

// TestResources_AttachedResourcesBatch: the attached resources of 60
// primaries cost ceil(60/50) = 2 queries besides the list, and each primary
// gets exactly the resources whose parent it is.
func TestResources_AttachedResourcesBatch(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	r := e.query(`{ viewer { resources(filter: {onlyMainResources: true}, first: 60) { nodes {
		resourceId attachedResources { resourceId parentResourceId isMainResource } } } } }`, nil).mustData(t)
	nodes := dig(r, "viewer", "resources", "nodes").([]any)
	withAttached := 0
	for _, n := range nodes {
		att := dig(n, "attachedResources").([]any)
		if len(att) > 0 {
			withAttached++
		}
		for _, a := range att {
			if dig(a, "parentResourceId") != dig(n, "resourceId") || dig(a, "isMainResource") != false {
				t.Errorf("attached %v listed under %v", a, dig(n, "resourceId"))
			}
		}
	}
	if len(nodes) != 60 || withAttached == 0 {
		t.Fatalf("%d primaries, %d with attached resources; want 60 and some", len(nodes), withAttached)
	}
	if got := e.calls()["QueryResources"]; got != 3 {
		t.Errorf("QueryResources = %d, want 3 (the list, then 50 + 10 primaries)", got)
	}
}

func TestResources_BadInput(t *testing.T) {
	t.Parallel()
	ids := func(n int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = fmt.Sprintf("res-%03d", i)
		}
		return out
	}
	for _, c := range []struct {
		name, query string
		vars        map[string]any
	}{
		{"51 resource ids", `query($ids: [String!]) { viewer { resources(filter: {resourceIds: $ids}) { totalCount } } }`, map[string]any{"ids": ids(51)}},
		{"first over 1000", `{ viewer { resources(first: 1001) { totalCount } } }`, nil},
		{"malformed cursor", `{ viewer { resources(after: "b2Zmc2V0Oi0x") { totalCount } } }`, nil},
		{"unknown status via variables", `query($s: [ResourceStatus!]) { viewer { resources(filter: {statuses: $s}) { totalCount } } }`, map[string]any{"s": []string{"RUNNING"}}},
		{"status UNKNOWN", `{ viewer { resources(filter: {statuses: [UNKNOWN]}) { totalCount } } }`, nil},
		{"11 statuses", `{ viewer { resources(filter: {statuses: [PROVISIONED, CLOSED, FROZEN, EXPIRED, PROVISIONED, CLOSED, FROZEN, EXPIRED, PROVISIONED, CLOSED, FROZEN]}) { totalCount } } }`, nil},
		{"empty service type", `{ viewer { resources(filter: {serviceTypeCode: ""}) { totalCount } } }`, nil},
		{"expiry window backwards", `{ viewer { resources(filter: {expiresFrom: "2026-01-01T00:00:00Z", expiresTo: "2025-01-01T00:00:00Z"}) { totalCount } } }`, nil},
		{"empty resource id", `{ viewer { resource(id: "") { resourceId } } }`, nil},
		{"renew 11 ids", `mutation($ids: [String!]!) { renewResources(input: {resourceIds: $ids, periodType: MONTH, periodNum: 1}) { orderIds } }`, map[string]any{"ids": ids(11)}},
		{"renew no ids", `mutation { renewResources(input: {resourceIds: [], periodType: MONTH, periodNum: 1}) { orderIds } }`, nil},
		{"renew 12 months", `mutation { renewResources(input: {resourceIds: ["a"], periodType: MONTH, periodNum: 12}) { orderIds } }`, nil},
		{"renew 4 years", `mutation { renewResources(input: {resourceIds: ["a"], periodType: YEAR, periodNum: 4}) { orderIds } }`, nil},
		{"renew by the day", `mutation { renewResources(input: {resourceIds: ["a"], periodType: DAY, periodNum: 1}) { orderIds } }`, nil},
		{"renew duplicate ids", `mutation { renewResources(input: {resourceIds: ["a", "a"], periodType: MONTH, periodNum: 1}) { orderIds } }`, nil},
		{"unsubscribe 11 ids", `mutation($ids: [String!]!) { unsubscribeResources(input: {resourceIds: $ids, type: RESOURCE_AND_RENEWAL_PERIODS, confirm: true}) { orderIds } }`, map[string]any{"ids": ids(11)}},
		{"unsubscribe unconfirmed", `mutation { unsubscribeResources(input: {resourceIds: ["a"], type: RESOURCE_AND_RENEWAL_PERIODS, confirm: false}) { orderIds } }`, nil},
		{"unsubscribe long reason", `mutation($r: String) { unsubscribeResources(input: {resourceIds: ["a"], type: RENEWAL_PERIODS_ONLY, reason: $r, confirm: true}) { orderIds } }`, map[string]any{"r": strings.Repeat("x", 513)}},
		{"unsubscribe unknown type via variables", `mutation($t: UnsubscribeType!) { unsubscribeResources(input: {resourceIds: ["a"], type: $t, confirm: true}) { orderIds } }`, map[string]any{"t": "EVERYTHING"}},
		{"auto-renew empty id", `mutation { enableAutoRenew(input: {resourceId: ""}) { resourceId } }`, nil},
		{"auto-renew order id", `mutation { disableAutoRenew(input: {resourceId: "T3JkZXI6eA"}) { resourceId } }`, nil},
		{"pay-per-use 101 ids", `mutation($ids: [String!]!) { setPayPerUseAfterExpiry(input: {resourceIds: $ids, operation: SET_UP}) { failedResources { resourceId } } }`, map[string]any{"ids": ids(101)}},
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

// TestResource_BadRenewalPeriod: a renewal price of an impossible period
// fails that field only.
func TestResource_BadRenewalPeriod(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	f := findResources(t, e)
	r := e.query(`{ viewer { resource(id: "`+f.primary+`") { resourceId renewalPrice(periodType: MONTH, periodNum: 12) { currency } } } }`, nil)
	if !slices.Equal(r.errorCodes(), []string{"BAD_USER_INPUT"}) || dig(r.Data, "viewer", "resource", "resourceId") != f.primary {
		t.Errorf("response = %s, want the resource and a BAD_USER_INPUT on renewalPrice", r.raw)
	}
	if got := e.calls(); !maps.Equal(got, map[string]int{"QueryResources": 1}) {
		t.Errorf("calls = %v, want only the resource", got)
	}
}

func TestResource_UnknownAndNode(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	f := findResources(t, e)
	resAttachedVol, resPrimaryRDS := f.attached, f.primary
	r := e.query(`{ viewer { resource(id: "`+resUnknown+`") { resourceId } } }`, nil)
	if !slices.Equal(r.errorCodes(), []string{"NOT_FOUND"}) {
		t.Errorf("unknown resource: errors %+v, want NOT_FOUND", r.Errors)
	}
	d := e.query(`{ viewer { resource(id: "`+resAttachedVol+`") { id } } }`, nil).mustData(t)
	id := dig(d, "viewer", "resource", "id").(string)
	d = e.query(`query($id: ID!) { node(id: $id) { id ... on Resource { resourceId parent { resourceId } } } viewer { resource(id: $id) { resourceId } } }`, map[string]any{"id": id}).mustData(t)
	if dig(d, "node", "resourceId") != resAttachedVol || dig(d, "node", "parent", "resourceId") != resPrimaryRDS ||
		dig(d, "viewer", "resource", "resourceId") != resAttachedVol {
		t.Errorf("node = %v", d)
	}
}

func TestRenewResources(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	resRenewable := findResources(t, e).renewable[0]
	d := e.goldenWith("resources_renew", sandbox.TokenCustomer, map[string]any{"input": map[string]any{
		"resourceIds": []string{resRenewable}, "periodType": "MONTH", "periodNum": 1}}).mustData(t)
	p := d["renewResources"].(map[string]any)
	orderID, _ := dig(p, "orderIds", 0).(string)
	if orderID == "" || dig(p, "orders", 0, "status") != "PENDING_PAYMENT" || dig(p, "orders", 0, "type") != "RENEWAL" {
		t.Fatalf("renewResources = %v, want a pending renewal order", p)
	}
	// The new order is visible to later reads, and it blocks a second
	// renewal (a documented refusal).
	d = e.query(`{ viewer { orders(first: 1, filter: {type: RENEWAL, status: PENDING_PAYMENT}) { nodes { orderId } } } }`, nil).mustData(t)
	if got := dig(d, "viewer", "orders", "nodes", 0, "orderId"); got != orderID {
		t.Errorf("newest pending renewal = %v, want %s", got, orderID)
	}
	e.resetCalls()
	d = e.query(`mutation { renewResources(input: {resourceIds: ["`+resRenewable+`"], periodType: MONTH, periodNum: 1}) { orderIds orders { orderId } userErrors { code field } } }`, nil).mustData(t)
	if dig(d, "renewResources", "userErrors", 0, "code") != "CBC.99003100" || len(dig(d, "renewResources", "orderIds").([]any)) != 0 {
		t.Errorf("second renewal = %v, want userErrors CBC.99003100", d)
	}
	if got := e.calls(); !maps.Equal(got, map[string]int{"RenewResources": 1}) {
		t.Errorf("calls = %v, want one RenewResources", got)
	}
	// Paying the renewal order moves the resource's expiry.
	d = e.query(`mutation($id: String!) { payOrder(input: {orderId: $id}) { paid } }`, map[string]any{"id": orderID}).mustData(t)
	if dig(d, "payOrder", "paid") != true {
		t.Fatalf("payOrder = %v", d)
	}
	before := dig(p, "resources", 0, "expiresAt")
	d = e.query(`{ viewer { resource(id: "`+resRenewable+`") { expiresAt } } }`, nil).mustData(t)
	if after := dig(d, "viewer", "resource", "expiresAt"); after == before {
		t.Errorf("expiresAt still %v after paying the renewal", after)
	}
}

// TestRenewResources_Expired: ids BSS does not know come back in
// expiredResourceIds (CBC.99003016).
func TestRenewResources_Expired(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	resRenewable := findResources(t, e).renewable[0]
	d := e.query(`mutation { renewResources(input: {resourceIds: ["`+resRenewable+`", "`+resUnknown+`"], periodType: YEAR, periodNum: 1}) {
		orderIds expiredResourceIds resources { resourceId } userErrors { code field } } }`, nil).mustData(t)
	p := d["renewResources"].(map[string]any)
	if dig(p, "userErrors", 0, "code") != "CBC.99003016" || fmt.Sprint(p["expiredResourceIds"]) != "["+resUnknown+"]" {
		t.Errorf("payload = %v, want CBC.99003016 with the unknown id", p)
	}
	if fmt.Sprint(dig(p, "resources", 0, "resourceId")) != resRenewable || len(p["resources"].([]any)) != 1 {
		t.Errorf("resources = %v, want only the known one", p["resources"])
	}
}

// TestResourceOrders_OutcomeUnknown: a renewal or unsubscription whose
// answer is lost is made once and reported OUTCOME_UNKNOWN, naming the
// resources and the orders to look for, in the message and in
// extensions.check.
func TestResourceOrders_OutcomeUnknown(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		op, mutation, what, orderType string
	}{
		{"RenewResources", `renewResources(input: {resourceIds: [$id], periodType: MONTH, periodNum: 1})`, "renewal", "RENEWAL"},
		{"UnsubscribeResources", `unsubscribeResources(input: {resourceIds: [$id], type: RENEWAL_PERIODS_ONLY, confirm: true})`, "unsubscription", "UNSUBSCRIPTION"},
	} {
		e := newEnv(t)
		id := findResources(t, e).renewable[0]
		e.resetCalls()
		e.sandbox.SetFaults(sandbox.Faults{DropRate: 1, Operations: []string{tc.op}})
		r := e.query(`mutation($id: String!) { `+tc.mutation+` { orderIds } }`, map[string]any{"id": id})
		want := tc.what + " of " + id + "; look for their " + tc.what + " orders"
		if !slices.Equal(r.errorCodes(), []string{"OUTCOME_UNKNOWN"}) || !strings.Contains(r.Errors[0].Message, want) {
			t.Fatalf("%s: errors = %+v, want OUTCOME_UNKNOWN saying %q", tc.op, r.Errors, want)
		}
		if got := dig(r.Errors[0].Extensions, "check", "orderType"); got != tc.orderType {
			t.Errorf("%s: extensions.check = %v, want orderType %s", tc.op, r.Errors[0].Extensions["check"], tc.orderType)
		}
		if got, want := e.calls(), map[string]int{tc.op: 1}; !maps.Equal(got, want) {
			t.Errorf("%s: calls = %v, want %v", tc.op, got, want)
		}
	}
}

func TestUnsubscribeResources(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	resUnsubscribe := findResources(t, e).renewable[1]
	d := e.goldenWith("resources_unsubscribe", sandbox.TokenCustomer, map[string]any{"input": map[string]any{
		"resourceIds": []string{resUnsubscribe}, "type": "RESOURCE_AND_RENEWAL_PERIODS", "reasonType": "OTHERS", "reason": "test", "confirm": true}}).mustData(t)
	p := d["unsubscribeResources"].(map[string]any)
	if len(p["orderIds"].([]any)) != 1 || dig(p, "orders", 0, "type") != "UNSUBSCRIPTION" || len(p["resources"].([]any)) != 0 {
		t.Fatalf("unsubscribeResources = %v, want one unsubscription order and the resource gone", p)
	}
	if len(dig(p, "orders", 0, "refundRecords").([]any)) == 0 {
		t.Errorf("the unsubscription order has no refund records")
	}
	r := e.query(`{ viewer { resource(id: "`+resUnsubscribe+`") { resourceId } } }`, nil)
	if !slices.Equal(r.errorCodes(), []string{"NOT_FOUND"}) {
		t.Errorf("re-read of the unsubscribed resource: %s, want NOT_FOUND", r.raw)
	}
	// Again: BSS refuses (the resource is closed).
	d = e.query(`mutation { unsubscribeResources(input: {resourceIds: ["`+resUnsubscribe+`"], type: RESOURCE_AND_RENEWAL_PERIODS, confirm: true}) { orderIds userErrors { code } } }`, nil).mustData(t)
	if dig(d, "unsubscribeResources", "userErrors", 0, "code") != "CBC.30000067" {
		t.Errorf("second unsubscription = %v, want userErrors CBC.30000067", d)
	}
}

func TestAutoRenew(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	d := e.goldenWith("resources_auto_renew", sandbox.TokenCustomer, map[string]any{"id": findResources(t, e).grace}).mustData(t)
	if dig(d, "on", "resource", "autoRenew") != true || dig(d, "off", "resource", "autoRenew") != false ||
		dig(d, "again", "unchanged") != true || len(dig(d, "again", "userErrors").([]any)) != 0 {
		t.Errorf("auto-renew on/off/off = %v", d)
	}
	if got := e.calls(); got["EnableAutoRenew"] != 1 || got["DisableAutoRenew"] != 2 || got["QueryResources"] != 3 {
		t.Errorf("calls = %v, want 1 enable, 2 disables and 3 re-reads", got)
	}
	r := e.query(`mutation { enableAutoRenew(input: {resourceId: "`+resUnknown+`"}) { resource { resourceId } userErrors { code field } } }`, nil)
	if dig(r.mustData(t), "enableAutoRenew", "userErrors", 0, "code") != "CBC.99003012" || dig(r.Data, "enableAutoRenew", "resource") != nil {
		t.Errorf("unknown resource = %s, want userErrors CBC.99003012 and no resource", r.raw)
	}
}

func TestAutoRenew_OutcomeUnknown(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	resGracePolicy := findResources(t, e).grace
	e.sandbox.SetFaults(sandbox.Faults{DropRate: 1, Operations: []string{"EnableAutoRenew"}})
	r := e.query(`mutation { enableAutoRenew(input: {resourceId: "`+resGracePolicy+`"}) { resourceId } }`, nil)
	if !slices.Equal(r.errorCodes(), []string{"OUTCOME_UNKNOWN"}) || !strings.Contains(r.Errors[0].Message, resGracePolicy) {
		t.Fatalf("errors = %+v, want OUTCOME_UNKNOWN naming the resource", r.Errors)
	}
	if got, want := e.calls(), map[string]int{"EnableAutoRenew": 1}; !maps.Equal(got, want) {
		t.Errorf("calls = %v, want %v", got, want)
	}
}

func TestSetPayPerUseAfterExpiry(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	resPayPerUseSet := findResources(t, e).grace
	d := e.goldenWith("resources_pay_per_use", sandbox.TokenCustomer, map[string]any{"input": map[string]any{
		"operation": "SET_UP", "resourceIds": []string{resPayPerUseSet, resUnknown}}}).mustData(t)
	p := d["setPayPerUseAfterExpiry"].(map[string]any)
	if dig(p, "failedResources", 0, "resourceId") != resUnknown || dig(p, "failedResources", 0, "code") != "CBC.99003012" {
		t.Errorf("failedResources = %v, want the unknown id", p["failedResources"])
	}
	if dig(p, "resources", 0, "expirePolicy") != "TO_PAY_PER_USE" {
		t.Errorf("resources = %v, want TO_PAY_PER_USE", p["resources"])
	}
	d = e.query(`mutation { setPayPerUseAfterExpiry(input: {resourceIds: ["`+resPayPerUseSet+`"], operation: CANCEL}) { failedResources { resourceId } resources { expirePolicy } } }`, nil).mustData(t)
	if dig(d, "setPayPerUseAfterExpiry", "resources", 0, "expirePolicy") != "GRACE_PERIOD" {
		t.Errorf("after CANCEL = %v, want the previous policy back", d)
	}
}

func TestResources_WithDomainID(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	r := e.do(request{token: sandbox.TokenCustomer, domainID: sandbox.DomainCustomer,
		query: `{ viewer { accountId resources(first: 1) { totalCount } } }`})
	if len(r.Errors) != 0 || dig(r.Data, "viewer", "resources", "totalCount") == nil {
		t.Errorf("own resources with X-Domain-Id: %s", r.raw)
	}
}

func readTestdata(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
