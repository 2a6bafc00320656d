package upstream

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestEnterpriseService_EnableProjects(t *testing.T) {
	t.Parallel()
	client, mux := setup(t)
	// The reference's example: a POST without a body, answered 204 with a
	// JSON content type and no body.
	mux.HandleFunc("/v2/enterprises/enterprise-projects/authority", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, "POST")
		testQuery(t, r, url.Values{})
		if b, _ := io.ReadAll(r.Body); len(b) != 0 {
			t.Errorf("request body = %q, want none", b)
		}
		w.Header().Set("Content-Type", "application/json;charset=UTF-8")
		w.WriteHeader(http.StatusNoContent)
	})
	if err := client.Enterprise.EnableProjects(testContext(t)); err != nil {
		t.Errorf("Enterprise.EnableProjects returned error: %v", err)
	}
}

func TestEnterpriseService_EnableProjects_checkFailed(t *testing.T) {
	t.Parallel()
	client, mux := setup(t)
	// The §9.1.1 400 body, as the sandbox encodes it.
	body, err := json.Marshal(EnableProjectsFailure{
		ErrorCode:      "CBC.99007004",
		ErrorMsg:       "Check item not satisfied.",
		FailCheckItems: []string{CheckNotOpenMultiProject},
	})
	if err != nil {
		t.Fatal(err)
	}
	const wantBody = `{"error_code":"CBC.99007004","error_msg":"Check item not satisfied.","fail_check_items":["NOT_OPEN_MULTI_PROJECT"]}`
	if string(body) != wantBody {
		t.Errorf("EnableProjectsFailure encodes as %s, want %s", body, wantBody)
	}
	var calls atomic.Int32
	mux.HandleFunc("/v2/enterprises/enterprise-projects/authority", func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		w.Write(body)
	})

	err = client.Enterprise.EnableProjects(testContext(t))
	var ue *Error
	if !errors.As(err, &ue) || ue.Code != "CBC.99007004" || ue.HTTPStatus != http.StatusBadRequest {
		t.Fatalf("Enterprise.EnableProjects error = %v, want a 400 *Error with code CBC.99007004", err)
	}
	if errors.Is(err, ErrOutcomeUnknown) || !errors.Is(err, ErrInvalid) {
		t.Errorf("Enterprise.EnableProjects error = %v, want a definite invalid-argument refusal", err)
	}
	if n := calls.Load(); n != 1 {
		t.Errorf("Enterprise.EnableProjects made %d calls, want 1 (a refused mutation is not retried)", n)
	}
}

func TestEnterpriseService_ListMemberAccounts(t *testing.T) {
	t.Parallel()
	client, mux := setup(t)
	// The reference's example request.
	serveGolden(t, mux, "/v2/enterprises/multi-accounts/sub-customers", "sub_customers.json", func(r *http.Request) {
		testMethod(t, r, "GET")
		testQuery(t, r, url.Values{
			"offset":                    {"0"},
			"limit":                     {"10"},
			"sub_customer_account_name": {"d_2035"},
			"sub_customer_display_name": {"m"},
			"fuzzy_query":               {"1"},
			"org_id":                    {"65419"},
		})
	})

	got, err := client.Enterprise.ListMemberAccounts(testContext(t), &MemberAccountOptions{
		AccountName: "d_2035",
		DisplayName: "m",
		FuzzyQuery:  true,
		ListOptions: ListOptions{Offset: new(0), Limit: 10},
		OrgID:       "65419",
	})
	if err != nil {
		t.Fatalf("Enterprise.ListMemberAccounts returned error: %v", err)
	}
	want := &MemberAccountPage{
		Members: []MemberAccount{{
			ID:          "4C2DC9*****2F8F890E654589C2F7",
			Name:        "A8****F112",
			DisplayName: "A8****F112",
			Status:      1,
			OrgID:       "65419",
			OrgName:     "Level-1 organization",
		}},
		TotalCount: 1,
	}
	if diff := cmp.Diff(want, got, cmpOpts); diff != "" {
		t.Errorf("Enterprise.ListMemberAccounts mismatch (-want +got):\n%s", diff)
	}
	checkWireShape(t, got, "sub_customers.json")
}

func TestEnterpriseService_ListMemberAccounts_query(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		opts *MemberAccountOptions
		want url.Values
	}{
		{"nil", nil, url.Values{}},
		{"exact name, second page", &MemberAccountOptions{AccountName: "acme-dev", ListOptions: ListOptions{Offset: new(100), Limit: 100}}, url.Values{
			"sub_customer_account_name": {"acme-dev"}, "offset": {"100"}, "limit": {"100"},
		}},
		// §9.2.1 asks for encodeURIComponent on non-ASCII display names; the
		// query encoder does that.
		{"display name", &MemberAccountOptions{DisplayName: "研发 部"}, url.Values{"sub_customer_display_name": {"研发 部"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			client, mux := setup(t)
			serveGolden(t, mux, "/v2/enterprises/multi-accounts/sub-customers", "sub_customers.json", func(r *http.Request) {
				testQuery(t, r, tt.want)
			})
			if _, err := client.Enterprise.ListMemberAccounts(testContext(t), tt.opts); err != nil {
				t.Errorf("Enterprise.ListMemberAccounts(%+v) returned error: %v", tt.opts, err)
			}
		})
	}
}

// The §9.2.1 table names the list sub_customer_info while its example (and
// the Huawei Cloud SDK) say sub_customer_infos; both decode.
func TestMemberAccountPage_listNames(t *testing.T) {
	t.Parallel()
	want := MemberAccountPage{Members: []MemberAccount{{ID: "m1", Status: 4}}, TotalCount: 1}
	for _, name := range []string{"sub_customer_infos", "sub_customer_info"} {
		in := fmt.Sprintf(`{"total_count":1,%q:[{"id":"m1","status":4}]}`, name)
		var got MemberAccountPage
		if err := json.Unmarshal([]byte(in), &got); err != nil {
			t.Fatalf("decoding %s: %v", in, err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("decoding %s mismatch (-want +got):\n%s", in, diff)
		}
	}
}
