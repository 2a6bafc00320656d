package graph_test

import (
	"strings"
	"testing"

	"bssgraph/upstream/sandbox"
)

// TestVariables_MalformedScalars: a Month, Date, DateTime or Decimal
// variable that does not parse is a request error (no data, BAD_USER_INPUT,
// the variable's path), whether it is the variable itself or a field of an
// input object or list inside it, and costs no upstream call.
func TestVariables_MalformedScalars(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for _, tc := range []struct {
		name, query string
		vars        map[string]any
		path        string // where the message points
	}{
		{"Month", `query($m: Month!) { viewer { monthlyBill(cycle: $m) { totalCount } } }`, map[string]any{"m": "2026-13"}, "$m"},
		{"Month in an input object", `query($f: UsageRecordFilter!) { viewer { usageRecords(filter: $f) { totalCount } } }`,
			map[string]any{"f": map[string]any{"cycle": "tomorrow"}}, "$f.cycle"},
		{"Date in an input object", `query($f: ExpenditureFilter!) { viewer { expenditures(filter: $f) { totalCount } } }`,
			map[string]any{"f": map[string]any{"cycle": "2026-09", "billDateBegin": "2026-09-31", "billDateEnd": "2026-09-30"}}, "$f.billDateBegin"},
		{"DateTime in an input object", `query($f: OrderFilter) { viewer { orders(filter: $f) { totalCount } } }`,
			map[string]any{"f": map[string]any{"createdFrom": "tomorrow"}}, "$f.createdFrom"},
		{"DateTime", `query($t: DateTime) { viewer { orders(filter: {createdFrom: $t}) { totalCount } } }`, map[string]any{"t": "2026-13-01T00:00:00Z"}, "$t"},
		{"Decimal", `query($d: Decimal!) { payPerUsePrice(input: {projectId: "p", products: [` + ppuProduct + `]}) { currency } }`,
			map[string]any{"d": "1.2.3"}, "$d"},
		{"Decimal in a list of input objects", `query($in: PayPerUsePriceInput!) { payPerUsePrice(input: $in) { currency } }`,
			map[string]any{"in": map[string]any{"projectId": "p", "products": []any{ppuVars("1"), ppuVars("tomorrow")}}}, "$in.products[1].usageValue"},
		{"Int past 32 bits", `query($f: Int) { viewer { orders(first: $f) { totalCount } } }`, map[string]any{"f": 99999999999}, "$f"},
		{"Int past 32 bits in a list of input objects", `query($in: PayPerUsePriceInput!) { payPerUsePrice(input: $in) { currency } }`,
			map[string]any{"in": map[string]any{"projectId": "p", "products": []any{ppuVarsSubscriptions(1 << 40)}}}, "$in.products[0].subscriptionNum"},
	} {
		r := e.do(request{token: sandbox.TokenCustomer, domainID: sandbox.DomainCustomer, query: tc.query, vars: tc.vars})
		if r.Data != nil || len(r.Errors) != 1 {
			t.Errorf("%s: data %v, errors %+v, want one request error and no data", tc.name, r.Data, r.Errors)
			continue
		}
		err := r.Errors[0]
		if err.Extensions["code"] != "BAD_USER_INPUT" || !strings.HasPrefix(err.Message, "variable "+tc.path+": ") {
			t.Errorf("%s: error %q (%v), want BAD_USER_INPUT about %s", tc.name, err.Message, err.Extensions["code"], tc.path)
		}
	}
	if n := e.sandbox.TotalCalls(); n != 0 {
		t.Errorf("malformed variables cost %d upstream calls, want 0: %v", n, e.calls())
	}
	// Well-formed values of the same variables still run.
	r := e.do(request{token: sandbox.TokenCustomer, query: `query($t: DateTime) { viewer { orders(first: 0, filter: {createdFrom: $t}) { totalCount } } }`,
		vars: map[string]any{"t": "2026-01-01T00:00:00+08:00"}})
	r.mustData(t)
}

// ppuProduct is a pay-per-use product literal whose usageValue is $d.
const ppuProduct = `{id: "a", cloudServiceType: "hws.service.type.ec2", resourceType: "hws.resource.type.vm", resourceSpec: "s6.small.1.linux",
	region: "ap-southeast-1", usageFactor: "Duration", usageValue: $d, usageMeasureId: 4, subscriptionNum: 1}`

// ppuVars is the same product as a variable value.
func ppuVars(usage any) map[string]any {
	return map[string]any{"id": "a", "cloudServiceType": "hws.service.type.ec2", "resourceType": "hws.resource.type.vm",
		"resourceSpec": "s6.small.1.linux", "region": "ap-southeast-1", "usageFactor": "Duration", "usageValue": usage,
		"usageMeasureId": 4, "subscriptionNum": 1}
}

// ppuVarsSubscriptions is that product with n subscriptions.
func ppuVarsSubscriptions(n any) map[string]any {
	p := ppuVars("1")
	p["subscriptionNum"] = n
	return p
}
