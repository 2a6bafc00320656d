package load

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
)

// The operations of the mix and the throughput benchmark.
const (
	DashboardQuery = `{ viewer {
  balance { accounts { type amount { amount currency } } debt { amount currency } }
  orders(filter: { status: PENDING_PAYMENT }, first: 3) { totalCount nodes { orderId type amountAfterDiscount { amount currency } } }
  resources(filter: { onlyMainResources: true, statuses: [PROVISIONED] }, first: 3) { totalCount
    nodes { resourceId name expiresAt autoRenew renewalPrice(periodType: MONTH, periodNum: 1) { amount { amount currency } } } }
} }`
	OrdersPageQuery = `query ($after: String) { viewer { orders(first: 20, after: $after) {
  pageInfo { endCursor hasNextPage } nodes { orderId status amountAfterDiscount { amount currency } } } } }`
	ResourcesPageQuery = `query ($after: String) { viewer { resources(first: 20, after: $after) {
  pageInfo { endCursor hasNextPage } nodes { resourceId name status expiresAt } } } }`
	// The two mutations toggle auto-renewal of one resource per token: they
	// change nothing else and can run forever.
	EnableAutoRenew  = `mutation ($id: String!) { enableAutoRenew(input: { resourceId: $id }) { resourceId unchanged userErrors { code } } }`
	DisableAutoRenew = `mutation ($id: String!) { disableAutoRenew(input: { resourceId: $id }) { resourceId unchanged userErrors { code } } }`

	BalanceQuery = `{ viewer { balance { debt { amount } } } }`
	NestedQuery  = `{ viewer { orders(first: 10) { nodes { lineItems(first: 5) { totalCount } } } } }`
	BalancesPath = "/v2/accounts/customer-accounts/balances"

	// pagesPerChain bounds a paging chain, so workers come back to the
	// other requests of the mix.
	pagesPerChain = 5
	// firstResource finds the resource a token's mutations toggle.
	firstResource = `{ viewer { resources(first: 1, filter: { onlyMainResources: true }) { nodes { resourceId } } } }`
)

// GraphQL returns a POST of query with vars to a gateway's /graphql as token.
func GraphQL(name, endpoint, token, query string, vars map[string]any) *Request {
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		panic(err) // vars are the harness's own strings
	}
	h := http.Header{"Content-Type": {"application/json"}, "X-Auth-Token": {token}}
	return &Request{Name: name, Method: http.MethodPost, URL: endpoint, Header: h, Body: body, GraphQL: true}
}

// REST returns a direct GET of a sandbox API path as token: one upstream call.
func REST(name, base, path, token string) *Request {
	h := http.Header{"Content-Type": {"application/json"}, "X-Auth-Token": {token}}
	return &Request{Name: name, Method: http.MethodGet, URL: strings.TrimSuffix(base, "/") + path, Header: h, Calls: 1}
}

// paged returns the first page of a list query whose later pages follow on
// the same worker, up to pagesPerChain pages.
func paged(name, endpoint, token, query, list string) *Request {
	var page func(n int, after string) *Request
	page = func(n int, after string) *Request {
		vars := map[string]any{}
		if after != "" {
			vars["after"] = after
		}
		r := GraphQL(name, endpoint, token, query, vars)
		r.Cursor = []string{"viewer", list, "pageInfo", "endCursor"}
		if n+1 < pagesPerChain {
			r.Next = func(cursor string) *Request { return page(n+1, cursor) }
		}
		return r
	}
	return page(0, "")
}

// Mix returns the picker of the mixed load: for each token, dashboards,
// order and resource paging, and auto-renewal toggles when resourceIDs names
// the token's resource. Workers start on different tokens and requests.
func Mix(endpoint string, tokens []string, resourceIDs map[string]string) Picker {
	type entry struct {
		build func(token string, n int) *Request
		needs bool // needs a resource id
	}
	weights := []entry{
		{func(t string, _ int) *Request { return GraphQL("dashboard", endpoint, t, DashboardQuery, nil) }, false},
		{func(t string, _ int) *Request { return GraphQL("dashboard", endpoint, t, DashboardQuery, nil) }, false},
		{func(t string, _ int) *Request { return GraphQL("dashboard", endpoint, t, DashboardQuery, nil) }, false},
		{func(t string, _ int) *Request { return paged("orders page", endpoint, t, OrdersPageQuery, "orders") }, false},
		{func(t string, _ int) *Request {
			return paged("resources page", endpoint, t, ResourcesPageQuery, "resources")
		}, false},
		{func(t string, n int) *Request {
			q := EnableAutoRenew
			if n%2 == 0 {
				q = DisableAutoRenew
			}
			return GraphQL("mutation", endpoint, t, q, map[string]any{"id": resourceIDs[t]})
		}, true},
	}
	return func(worker, n int) *Request {
		i := worker + n
		token := tokens[i%len(tokens)]
		e := weights[(i/len(tokens)+worker)%len(weights)]
		if e.needs && resourceIDs[token] == "" {
			e = weights[0]
		}
		return e.build(token, n/len(weights))
	}
}

// ResourceIDs finds, for each token, a primary resource the mix's mutations
// may toggle. Tokens without one get no mutations.
func ResourceIDs(client *http.Client, endpoint string, tokens []string) (map[string]string, error) {
	ids := map[string]string{}
	for _, t := range tokens {
		r := GraphQL("setup", endpoint, t, firstResource, nil)
		req, _ := http.NewRequest(r.Method, r.URL, strings.NewReader(string(r.Body)))
		req.Header = r.Header
		resp, err := client.Do(req)
		if err != nil {
			return nil, fmt.Errorf("asking the gateway for a resource of %s: %w", t, err)
		}
		var a struct {
			Data struct {
				Viewer struct {
					Resources struct {
						Nodes []struct{ ResourceID string }
					}
				}
			}
		}
		err = json.NewDecoder(resp.Body).Decode(&a)
		resp.Body.Close()
		if err != nil {
			return nil, fmt.Errorf("reading the resource of %s: %w", t, err)
		}
		if n := a.Data.Viewer.Resources.Nodes; len(n) > 0 {
			ids[t] = n[0].ResourceID
		}
	}
	return ids, nil
}
