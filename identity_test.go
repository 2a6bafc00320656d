package main

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"bssgraph/upstream/sandbox"
)

// TestRun_Identity runs the whole program with the embedded sandbox (and
// its IAM): no credential is a 401 under application/graphql-response+json
// with nothing answered, and an X-Domain-Id that is not the token's
// account is FORBIDDEN on the viewer.
func TestRun_Identity(t *testing.T) {
	t.Parallel()
	r := startRun(t, map[string]string{})
	const viewer = `{"query":"{ viewer { id accountId } }"}`
	type answer struct {
		Data   *json.RawMessage `json:"data"`
		Errors []struct {
			Path       []any          `json:"path"`
			Extensions map[string]any `json:"extensions"`
		} `json:"errors"`
	}
	for _, tc := range []struct {
		name       string
		body       string
		headers    []string
		wantStatus int
		wantCode   string // extensions.code of the only error; "" for none
		wantData   bool
	}{
		{"no credential", viewer, []string{"Accept", "application/graphql-response+json"}, http.StatusUnauthorized, "UNAUTHENTICATED", false},
		{"no credential, X-Domain-Id", viewer, []string{"Accept", "application/graphql-response+json", "X-Domain-Id", sandbox.DomainCustomer}, http.StatusUnauthorized, "UNAUTHENTICATED", false},
		{"no credential, legacy media type", viewer, []string{"Accept", "application/json"}, http.StatusOK, "UNAUTHENTICATED", false},
		{"no credential, __typename", `{"query":"{ __typename }"}`, []string{"Accept", "application/graphql-response+json"}, http.StatusOK, "", true},
		{"another account's X-Domain-Id", viewer, []string{"Accept", "application/graphql-response+json", "X-Auth-Token", sandbox.TokenCustomer, "X-Domain-Id", sandbox.DomainEnterprise}, http.StatusOK, "FORBIDDEN", true},
		{"own X-Domain-Id", viewer, []string{"Accept", "application/graphql-response+json", "X-Auth-Token", sandbox.TokenCustomer, "X-Domain-Id", sandbox.DomainCustomer}, http.StatusOK, "", true},
	} {
		req, _ := http.NewRequestWithContext(t.Context(), "POST", r.url+"/graphql", strings.NewReader(tc.body))
		req.Header.Set("Content-Type", "application/json")
		for i := 0; i+1 < len(tc.headers); i += 2 {
			req.Header.Set(tc.headers[i], tc.headers[i+1])
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var a answer
		err = json.NewDecoder(resp.Body).Decode(&a)
		resp.Body.Close()
		if err != nil {
			t.Fatalf("%s: decoding: %v", tc.name, err)
		}
		if resp.StatusCode != tc.wantStatus {
			t.Errorf("%s: status %d, want %d", tc.name, resp.StatusCode, tc.wantStatus)
		}
		if resp.StatusCode == http.StatusUnauthorized && resp.Header.Get("WWW-Authenticate") == "" {
			t.Errorf("%s: 401 without WWW-Authenticate", tc.name)
		}
		var codes []string
		for _, e := range a.Errors {
			c, _ := e.Extensions["code"].(string)
			codes = append(codes, c)
		}
		if (tc.wantCode == "" && len(codes) > 0) || (tc.wantCode != "" && strings.Join(codes, ",") != tc.wantCode) {
			t.Errorf("%s: error codes %v, want [%s]", tc.name, codes, tc.wantCode)
		}
		if (a.Data != nil) != tc.wantData {
			t.Errorf("%s: data present = %v, want %v", tc.name, a.Data != nil, tc.wantData)
		}
		if tc.name == "own X-Domain-Id" && a.Data != nil && !strings.Contains(string(*a.Data), sandbox.DomainCustomer) {
			t.Errorf("%s: data %s lacks the token's account id", tc.name, *a.Data)
		}
	}
}
