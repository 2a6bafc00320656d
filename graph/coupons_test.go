package graph_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"bssgraph/upstream/sandbox"
)

func TestCoupons_Golden(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.golden("coupons_list", sandbox.TokenCustomer).mustData(t)
	if n := e.calls()["ListCoupons"]; n != 3 {
		t.Errorf("three coupon pages cost %d calls, want 3", n)
	}
}

// A coupon is refetchable by node(id:) with one filtered call.
func TestCoupons_NodeRefetch(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	const fields = `id couponId couponCode status faceValue { amount } balance { amount } expireTime useLimits { limitKeyCode value1 }`
	list := e.query(`{ viewer { coupons(first: 3) { nodes { `+fields+` } } } }`, nil)
	nodes := list.mustData(t)["viewer"].(map[string]any)["coupons"].(map[string]any)["nodes"].([]any)
	want := nodes[2].(map[string]any)
	if want["id"] != globalID("Coupon", want["couponId"].(string)) {
		t.Errorf("coupon id %v is not the global id of %v", want["id"], want["couponId"])
	}
	e.resetCalls()
	r := e.query(`query($id: ID!) { node(id: $id) { ... on Coupon { `+fields+` } } }`, map[string]any{"id": want["id"]})
	got := r.mustData(t)["node"]
	a, _ := json.Marshal(got)
	b, _ := json.Marshal(want)
	if string(a) != string(b) {
		t.Errorf("node(id:) = %s, want %s", a, b)
	}
	if calls := e.calls(); calls["ListCoupons"] != 1 || e.sandbox.TotalCalls() != 1 {
		t.Errorf("refetch cost %v, want one ListCoupons", calls)
	}
	// A coupon id the caller does not have gives null.
	r = e.query(`query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": globalID("Coupon", "CP-NOT-MINE")})
	if r.mustData(t)["node"] != nil {
		t.Errorf("unknown coupon: %v, want null", r.Data["node"])
	}
}

// The reference's example coupon (6.1.1), with every number quoted as a
// string, arrives digit for digit.
func TestCoupons_ReferenceExample(t *testing.T) {
	t.Parallel()
	e := newFakeEnv(t, map[string]string{
		"GET /v2/promotions/benefits/coupons": `{"count":"1","user_coupons":[{"coupon_id":"CP19092406014086E3","coupon_code":"CP19092406014086E3","status":"2",
 "customer_id":"c9e731c4663646988ef4cdb3122837b6","coupon_type":"1","measure_id":"1","face_value":"100",
 "valid_time":"2019-09-16T16:00:00Z","expire_time":"2019-09-16T16:00:00Z","order_id":"CS1904011928GIBHC1,CS1904011928GIBHC2;CS1904011928GIBHCB",
 "promotion_plan_id":"promotionPlanId5322584","plan_name":"532 USDCoupon name","media_type":"1","fetch_method":"1",
 "use_limits":[{"use_limiti_info_id":"CP19092406014086E3","limit_key":"simultaneousUseWithDiscountCoupon","value1":"1","value2":"","value_unit":"","limit_type":"=","promotion_plan_id":"promotionPlanId5322584"}],
 "coupon_version":"2","balance":"100","lock_order_id":"CS1904011928GIBHC","is_frozen":"0","currency":"USD","source_id":"c9e731c4663646988ef4cdb3122837b6"}]}`,
	})
	r := e.query(`{ viewer { coupons(filter: {status: TO_BE_USED, couponType: CASH}, first: 10) { totalCount nodes {
	  couponId status statusCode couponType measureId faceValue { amount rawAmount currency } balance { amount } validTime
	  orderId orderIds lockOrderId mediaType fetchMethod couponVersion frozen frozenCode
	  useLimits { useLimitInfoId limitKey limitKeyCode value1 value2 valueUnit limitType } } } } }`, nil)
	got, _ := json.Marshal(r.mustData(t))
	want := `{"viewer":{"coupons":{"nodes":[{"balance":{"amount":"100"},"couponId":"CP19092406014086E3","couponType":"CASH","couponVersion":"REUSABLE",` +
		`"faceValue":{"amount":"100","currency":"USD","rawAmount":"100"},"fetchMethod":"CLAIMED_ONLINE","frozen":false,"frozenCode":"0",` +
		`"lockOrderId":"CS1904011928GIBHC","measureId":1,"mediaType":"E_COUPON",` +
		`"orderId":"CS1904011928GIBHC1,CS1904011928GIBHC2;CS1904011928GIBHCB","orderIds":["CS1904011928GIBHC1","CS1904011928GIBHC2","CS1904011928GIBHCB"],` +
		`"status":"TO_BE_USED","statusCode":2,"useLimits":[{"limitKey":"SIMULTANEOUS_USE_WITH_DISCOUNT_COUPON","limitKeyCode":"simultaneousUseWithDiscountCoupon",` +
		`"limitType":"=","useLimitInfoId":"CP19092406014086E3","value1":"1","value2":null,"valueUnit":null}],"validTime":"2019-09-16T16:00:00Z"}],"totalCount":1}}}`
	if string(got) != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestCoupons_BadInput(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	const q = `query($f: CouponFilter, $first: Int, $after: String) { viewer { coupons(filter: $f, first: $first, after: $after) { totalCount } } }`
	for name, vars := range map[string]map[string]any{
		"first 1001":          {"first": 1001},
		"negative first":      {"first": -1},
		"malformed cursor":    {"after": "not-a-cursor"},
		"unknown status":      {"f": map[string]any{"status": "BOGUS"}},
		"UNKNOWN type":        {"f": map[string]any{"couponType": "UNKNOWN"}},
		"UNKNOWN status":      {"f": map[string]any{"status": "UNKNOWN"}},
		"end before start":    {"f": map[string]any{"activeStartTime": "2025-02-01T00:00:00Z", "activeEndTime": "2025-01-01T00:00:00Z"}},
		"malformed time":      {"f": map[string]any{"activeStartTime": "yesterday"}},
		"coupon id too long":  {"f": map[string]any{"couponId": strings.Repeat("c", 65)}},
		"source id too long":  {"f": map[string]any{"sourceId": strings.Repeat("s", 256)}},
		"unknown filter name": {"f": map[string]any{"couponStatus": "USED"}},
	} {
		r := e.query(q, vars)
		if !slices.Contains(r.errorCodes(), "BAD_USER_INPUT") {
			t.Errorf("%s: errors = %+v, want BAD_USER_INPUT", name, r.Errors)
		}
	}
	if n := e.sandbox.TotalCalls(); n != 0 {
		t.Errorf("bad input cost %d upstream calls, want 0: %v", n, e.calls())
	}
}

// More coupons than one upstream page are fetched concurrently and stitched.
func TestCoupons_StitchPages(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	r := e.query(`{ viewer { coupons(first: 250) { totalCount nodes { couponId } } } }`, nil)
	c := r.mustData(t)["viewer"].(map[string]any)["coupons"].(map[string]any)
	total, _ := c["totalCount"].(json.Number).Int64()
	nodes := c["nodes"].([]any)
	if int64(len(nodes)) != min(total, 250) {
		t.Fatalf("%d coupons of %d, want all up to 250", len(nodes), total)
	}
	seen := map[string]bool{}
	for _, n := range nodes {
		id := n.(map[string]any)["couponId"].(string)
		if seen[id] {
			t.Errorf("coupon %s twice", id)
		}
		seen[id] = true
	}
	if want := max(1, (len(nodes)+99)/100); e.calls()["ListCoupons"] != want {
		t.Errorf("%d ListCoupons calls for %d coupons, want %d", e.calls()["ListCoupons"], len(nodes), want)
	}
}
