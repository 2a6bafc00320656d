package upstream

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestCostsService_Query(t *testing.T) {
	t.Parallel()
	client, mux := setup(t)
	// The reference's example request.
	serveGolden(t, mux, "/v4/costs/cost-analysed-bills/query", "costs.json", func(r *http.Request) {
		testMethod(t, r, "POST")
		testQuery(t, r, url.Values{})
		testBody(t, r, `{"amount_type":"PAYMENT_AMOUNT","offset":0,"cost_type":"ORIGINAL_COST","limit":10,
			"groupby":[{"type":"dimension","key":"CLOUD_SERVICE_TYPE"}],
			"filters":[{"filter_factor":{"value":["cn-north-1"],"key":"REGION_CODE"},"operator":0}],
			"time_condition":{"end_time":"2021-07-15","begin_time":"2021-07-14","time_measure_id":1}}`)
	})

	got, err := client.Costs.Query(testContext(t), &CostQueryRequest{
		TimeCondition: CostTimeCondition{TimeMeasureID: CostByDay, BeginTime: "2021-07-14", EndTime: "2021-07-15"},
		GroupBy:       []CostGroupBy{{Type: "dimension", Key: "CLOUD_SERVICE_TYPE"}},
		CostType:      CostTypeOriginal,
		AmountType:    CostAmountPayment,
		Filters:       []CostFilter{{Operator: CostFilterInclude, FilterFactor: CostFilterFactor{Key: "REGION_CODE", Value: []string{"cn-north-1"}}}},
		ListOptions:   ListOptions{Offset: new(0), Limit: 10},
	})
	if err != nil {
		t.Fatalf("Costs.Query returned error: %v", err)
	}
	// The example response does not answer the example request (a tag group
	// and monthly data); it is kept as the reference prints it. Its amounts
	// are strings and keep their two decimals.
	want := &CostPage{
		Currency:   "USD",
		TotalCount: 1,
		Data: []CostData{{
			Dimensions:            []CostDimension{{Key: "tag", Value: "Group:noTagKey"}},
			Costs:                 []CostAmount{{TimeDimensionValue: "2021-08", TimeMeasureID: CostByMonth, Amount: samt("13225.00"), OfficialAmount: samt("13225.00")}},
			AmountByCosts:         samt("13225.00"),
			OfficialAmountByCosts: samt("13225.00"),
		}},
	}
	if diff := cmp.Diff(want, got, cmpOpts); diff != "" {
		t.Errorf("Costs.Query mismatch (-want +got):\n%s", diff)
	}
	checkWireShape(t, got, "costs.json")
}

func TestCostsService_Query_body(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		req  *CostQueryRequest
		want string
	}{
		{
			// Unset filters, offset and limit are left out.
			"minimal monthly amortized",
			&CostQueryRequest{
				TimeCondition: CostTimeCondition{TimeMeasureID: CostByMonth, BeginTime: "2024-01", EndTime: "2024-03"},
				GroupBy:       []CostGroupBy{{Type: "tag", Key: "team"}, {Type: "dimension", Key: "RESOURCE_ID"}},
				CostType:      CostTypeAmortized,
				AmountType:    CostAmountNet,
			},
			`{"time_condition":{"time_measure_id":2,"begin_time":"2024-01","end_time":"2024-03"},
			  "groupby":[{"type":"tag","key":"team"},{"type":"dimension","key":"RESOURCE_ID"}],
			  "cost_type":"AMORTIZED_COST","amount_type":"NET_AMOUNT"}`,
		},
		{
			"exclude filter with several values",
			&CostQueryRequest{
				TimeCondition: CostTimeCondition{TimeMeasureID: CostByDay, BeginTime: "2024-03-01", EndTime: "2024-03-31"},
				GroupBy:       []CostGroupBy{{Type: "dimension", Key: "ENTERPRISE_PROJECT_ID"}},
				CostType:      CostTypeOriginal,
				AmountType:    CostAmountPayment,
				Filters:       []CostFilter{{Operator: CostFilterExclude, FilterFactor: CostFilterFactor{Key: "ENTERPRISE_PROJECT_ID", Value: []string{"0", "ep-1"}}}},
				ListOptions:   ListOptions{Offset: new(1000), Limit: 1000},
			},
			`{"time_condition":{"time_measure_id":1,"begin_time":"2024-03-01","end_time":"2024-03-31"},
			  "groupby":[{"type":"dimension","key":"ENTERPRISE_PROJECT_ID"}],
			  "cost_type":"ORIGINAL_COST","amount_type":"PAYMENT_AMOUNT",
			  "filters":[{"operator":1,"filter_factor":{"key":"ENTERPRISE_PROJECT_ID","value":["0","ep-1"]}}],
			  "offset":1000,"limit":1000}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			client, mux := setup(t)
			serveGolden(t, mux, "/v4/costs/cost-analysed-bills/query", "costs.json", func(r *http.Request) {
				testBody(t, r, tt.want)
			})
			if _, err := client.Costs.Query(testContext(t), tt.req); err != nil {
				t.Errorf("Costs.Query(%+v) returned error: %v", tt.req, err)
			}
		})
	}
}
