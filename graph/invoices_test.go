package graph_test

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"testing"

	"bssgraph/graph"
	"bssgraph/upstream"
	"bssgraph/upstream/sandbox"
)

func TestInvoices_Golden(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.golden("invoices_invoices", sandbox.TokenCustomer).mustData(t)
	// Both windows lie in the first page of 100: the same call, made once.
	if c := e.calls(); !countsEqual(c, map[string]int{"ListInvoices": 1}) {
		t.Errorf("calls = %v, want 1", c)
	}
}

func offsetCursor(offset int) string { return graph.CursorAt("Customer.invoices", offset) }

// TestInvoices_SandboxPaging walks the sandbox's invoices with windows of
// several sizes from every position: each is the same slice of the list
// as one large page.
func TestInvoices_SandboxPaging(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	const q = `query($first: Int, $after: String) { viewer { invoices(filter: {from: "2023-01-01T00:00:00Z", to: "2026-11-01T00:00:00Z"}, first: $first, after: $after) {
		totalCount pageInfo { hasNextPage hasPreviousPage } nodes { invoiceId } } } }`
	all := dig(e.query(q, map[string]any{"first": 100}).mustData(t), "viewer", "invoices", "nodes").([]any)
	if len(all) < 5 {
		t.Fatalf("the sandbox customer has %d invoices, want several", len(all))
	}
	for _, first := range []int{1, 2, 3, 7} {
		for off := 0; off <= len(all); off++ {
			vars := map[string]any{"first": first}
			if off > 0 {
				vars["after"] = offsetCursor(off - 1)
			}
			e.resetCalls()
			d := e.query(q, vars).mustData(t)
			got := dig(d, "viewer", "invoices", "nodes")
			want := all[off:min(off+first, len(all))]
			if jsonText(t, got) != jsonText(t, want) {
				t.Errorf("first %d after %d: %s, want %s", first, off, jsonText(t, got), jsonText(t, want))
			}
			if next := dig(d, "viewer", "invoices", "pageInfo", "hasNextPage"); next != (off+first < len(all)) {
				t.Errorf("first %d after %d: hasNextPage = %v", first, off, next)
			}
			if c := e.calls()["ListInvoices"]; c != 1 {
				t.Errorf("first %d after %d: %d calls, want 1", first, off, c)
			}
		}
	}
}

// invoiceStub serves n invoices the way 10.1.1 pages them (offset is a
// 1-based page number, limit 1–100, both mandatory) and records the pages
// asked for.
type invoiceStub struct {
	n     int
	mu    sync.Mutex
	pages [][2]int // page, limit
}

func (s *invoiceStub) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	page, err1 := strconv.Atoi(q.Get("offset"))
	limit, err2 := strconv.Atoi(q.Get("limit"))
	if err1 != nil || err2 != nil || page < 1 || page > 99999 || limit < 1 || limit > 100 || q.Get("start_time") == "" || q.Get("end_time") == "" {
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprint(w, `{"error_code":"CBC.0100","error_msg":"Parameter error."}`)
		return
	}
	s.mu.Lock()
	s.pages = append(s.pages, [2]int{page, limit})
	s.mu.Unlock()
	out := upstream.InvoicePage{Count: s.n, Invoices: []upstream.Invoice{}}
	for i := (page - 1) * limit; i < min(page*limit, s.n); i++ {
		out.Invoices = append(out.Invoices, upstream.Invoice{RequestID: fmt.Sprintf("IV%05d", i), ApplyTime: "2026-01-01T00:00:00Z", InvoiceAmount: upstream.NewAmount("1.5")})
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(out)
}

// TestInvoices_PageMapping checks windows across page boundaries of a list
// of 537 invoices: each window is exactly its records, fetched with the
// fewest pages of one size (records 95–114 are page 2 of 58, one call).
func TestInvoices_PageMapping(t *testing.T) {
	t.Parallel()
	stub := &invoiceStub{n: 537}
	e := envWith(t, stub, nil, false)
	const q = `query($first: Int, $after: String) { viewer { invoices(first: $first, after: $after) {
		totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } nodes { invoiceId } } } }`
	for _, tc := range []struct {
		after, first, calls int // after -1: no cursor
	}{
		{-1, 20, 1}, {94, 20, 1}, {98, 5, 1}, {99, 100, 1}, {49, 100, 2}, {-1, 100, 1}, {-1, 1000, 6},
		{250, 300, 4}, {520, 50, 1}, {536, 10, 1}, {600, 10, 1}, {-1, 0, 1}, {0, 1, 1}, {199, 2, 1}, {150, 101, 2},
	} {
		stub.mu.Lock()
		stub.pages = nil
		stub.mu.Unlock()
		vars := map[string]any{"first": tc.first}
		off := 0
		if tc.after >= 0 {
			vars["after"], off = offsetCursor(tc.after), tc.after+1
		}
		r := e.do(request{token: "stub", domainID: sandbox.DomainCustomer, query: q, vars: vars})
		d := r.mustData(t)
		nodes := dig(d, "viewer", "invoices", "nodes").([]any)
		wantN := max(0, min(tc.first, stub.n-off))
		if len(nodes) != wantN {
			t.Errorf("after %d first %d: %d invoices, want %d", tc.after, tc.first, len(nodes), wantN)
		}
		for i, n := range nodes {
			if want := fmt.Sprintf("IV%05d", off+i); dig(n, "invoiceId") != want {
				t.Errorf("after %d first %d: invoice %d is %v, want %s", tc.after, tc.first, i, dig(n, "invoiceId"), want)
				break
			}
		}
		if tc := dig(d, "viewer", "invoices", "totalCount"); !isNumber(tc, 537) {
			t.Errorf("totalCount = %v", tc)
		}
		stub.mu.Lock()
		pages := stub.pages
		stub.mu.Unlock()
		if len(pages) != tc.calls {
			t.Errorf("after %d first %d: pages %v, want %d calls", tc.after, tc.first, pages, tc.calls)
		}
	}
}

func TestInvoiceNode(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	const fields = `id invoiceId appliedAt invoiceState invoiceAmount { amount currency } billCycle`
	list := e.query(`{ viewer { invoices(filter: {from: "2023-01-01T00:00:00Z", to: "2026-11-01T00:00:00Z"}, first: 100) { nodes { `+fields+` } } } }`, nil).mustData(t)
	nodes := dig(list, "viewer", "invoices", "nodes").([]any)
	for _, n := range nodes {
		e.resetCalls()
		id := dig(n, "id")
		r := e.query(`query($id: ID!) { node(id: $id) { ... on Invoice { `+fields+` } } }`, map[string]any{"id": id})
		if a, b := jsonText(t, r.mustData(t)["node"]), jsonText(t, n); a != b {
			t.Errorf("node(%v) = %s, want %s", id, a, b)
		}
		if c := e.calls(); !countsEqual(c, map[string]int{"ListInvoices": 1}) {
			t.Errorf("node(%v): calls %v, want one 10.1.1 call", id, c)
		}
	}
	// An invoice of another account is null for this one.
	r := e.do(request{token: sandbox.TokenEnterprise, query: `query($id: ID!) { node(id: $id) { id } }`, vars: map[string]any{"id": dig(nodes, 0, "id")}})
	if d := r.mustData(t); d["node"] != nil {
		t.Errorf("another account's invoice = %v, want null", d["node"])
	}
}

func TestInvoices_BadInput(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for _, tc := range []struct {
		name, query string
		vars        map[string]any
	}{
		{"to before from", `{ viewer { invoices(filter: {from: "2026-02-01T00:00:00Z", to: "2026-01-01T00:00:00Z"}) { totalCount } } }`, nil},
		{"malformed DateTime", `query($f: InvoiceFilter) { viewer { invoices(filter: $f) { totalCount } } }`, map[string]any{"f": map[string]any{"from": "2026-02-01"}}},
		{"first over 1000", `{ viewer { invoices(first: 1001) { totalCount } } }`, nil},
		{"beyond page 99999", `query($a: String) { viewer { invoices(first: 100, after: $a) { totalCount } } }`, map[string]any{"a": offsetCursor(99999 * 100)}},
		{"invoice key without a time", `query($id: ID!) { node(id: $id) { id } }`,
			map[string]any{"id": base64.RawURLEncoding.EncodeToString([]byte("Invoice:" + url.Values{"r": {"IV1"}}.Encode()))}},
	} {
		r := e.do(request{token: sandbox.TokenCustomer, domainID: sandbox.DomainCustomer, query: tc.query, vars: tc.vars})
		if codes := r.errorCodes(); len(codes) == 0 || codes[0] != "BAD_USER_INPUT" {
			t.Errorf("%s: errors = %+v, want BAD_USER_INPUT", tc.name, r.Errors)
		}
	}
	if n := e.sandbox.TotalCalls(); n != 0 {
		t.Errorf("bad input cost %d upstream calls, want 0: %v", n, e.calls())
	}
}

// TestInvoices_ReferenceExample serves the reference's example of 10.1.1:
// Number and String amounts arrive digit for digit, the undocumented
// invoiceMode "1" is UNKNOWN with its raw code, billCycle 201912 is a Month.
func TestInvoices_ReferenceExample(t *testing.T) {
	t.Parallel()
	bss := newCannedBSS()
	bss.handle("GET /v1.0/"+sandbox.DomainCustomer+"/payments/intl-invoices", exampleBody(t, "invoices"))
	e := envWith(t, bss, nil, false)
	r := e.do(request{token: "example", domainID: sandbox.DomainCustomer, query: `{ viewer { invoices(first: 1) { totalCount nodes {
		invoiceId cancelReason titleType channelType invoiceType invoiceAmount { amount rawAmount currency measureId } invoiceMethod invoiceClass
		invoiceState invoiceStateCode appliedAt invoiceMode invoiceModeCode requestMode srcRequestId tradeType billCycle billCycleCode
		taxes { taxClass taxRate subTaxClass taxAmount { amount currency } } } } } }`})
	inv := dig(r.mustData(t), "viewer", "invoices", "nodes", 0)
	want := `{"appliedAt":"2019-12-28T07:02:03Z","billCycle":"2019-12","billCycleCode":"201912","cancelReason":null,"channelType":"HUAWEI_CLOUD",` +
		`"invoiceAmount":{"amount":"102.0","currency":"USD","measureId":null,"rawAmount":"102.0"},"invoiceClass":"BUSINESS_INVOICE","invoiceId":"IV19122807N6S5",` +
		`"invoiceMethod":"BY_PAYMENT","invoiceMode":"UNKNOWN","invoiceModeCode":"1","invoiceState":"COMPLETE","invoiceStateCode":8,"invoiceType":"GENERAL_VAT",` +
		`"requestMode":"CREATION","srcRequestId":null,"taxes":[{"subTaxClass":"WHT","taxAmount":{"amount":"1.0","currency":"USD"},"taxClass":"WHT","taxRate":"0.01"},` +
		`{"subTaxClass":"VAT","taxAmount":{"amount":"1.0","currency":"USD"},"taxClass":"VAT","taxRate":"0.01"}],"titleType":"CORPORATE","tradeType":"INVOICING_BY_PAYMENT"}`
	if got := jsonText(t, inv); got != want {
		t.Errorf("invoice = %s\nwant      %s", got, want)
	}
	if n := dig(r.Data, "viewer", "invoices", "totalCount"); !isNumber(n, 2) {
		t.Errorf("totalCount = %v, want the example's count 2", n)
	}
}
