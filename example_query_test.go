package main

import (
	"encoding/json"
	"sort"
	"testing"
)

// TestExampleQuery runs GraphiQL's example dashboard against the embedded
// sandbox, as the browser test does: no errors, BSS's "now", last month's
// spend by named service, and the resources expiring soonest in order.
func TestExampleQuery(t *testing.T) {
	t.Parallel()
	r := startRun(t, map[string]string{})
	b, _ := json.Marshal(map[string]any{"query": exampleQuery})
	status, resp := post(t, r.url+"/graphql", string(b), "X-Auth-Token", "sandbox-customer", "X-Language", "en_US")
	var got struct {
		Data struct {
			ServerTime string `json:"serverTime"`
			Viewer     struct {
				MonthlyBill struct {
					Records []struct {
						ServiceType *struct{ Code, Name string } `json:"serviceType"`
					} `json:"records"`
				} `json:"monthlyBill"`
				Resources struct {
					Nodes []struct {
						ExpiresAt string `json:"expiresAt"`
					} `json:"nodes"`
				} `json:"resources"`
			} `json:"viewer"`
		} `json:"data"`
		Errors []map[string]any `json:"errors"`
	}
	if err := json.Unmarshal([]byte(resp), &got); err != nil || status != 200 || len(got.Errors) > 0 {
		t.Fatalf("%d %s", status, resp)
	}
	v := got.Data.Viewer
	if got.Data.ServerTime != "2026-10-31T16:00:00Z" {
		t.Errorf("serverTime = %q, want the sandbox's clock", got.Data.ServerTime)
	}
	if len(v.MonthlyBill.Records) == 0 {
		t.Errorf("no spend by service: %s", resp)
	}
	for _, rec := range v.MonthlyBill.Records {
		if rec.ServiceType == nil || rec.ServiceType.Name == "" || rec.ServiceType.Name == rec.ServiceType.Code {
			t.Errorf("a bill record without its service's name: %s", resp)
			break
		}
	}
	times := make([]string, len(v.Resources.Nodes))
	for i, n := range v.Resources.Nodes {
		times[i] = n.ExpiresAt
	}
	if len(times) != 5 || !sort.StringsAreSorted(times) || times[0] < got.Data.ServerTime {
		t.Errorf("resources expiring soonest = %v, want 5 in order from %s", times, got.Data.ServerTime)
	}
}
