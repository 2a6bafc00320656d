package upstream

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestPartnerService_ListRefunds_request(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		opts *PartnerRefundOptions
		want url.Values
	}{
		// The example request of seed 000.
		{"example", &PartnerRefundOptions{IndirectPartnerID: "646988ef4cdb3122834feswrygfd"}, url.Values{
			"order_id": {"CS1904190917GIBHC"}, "customer_id": {"c9e731c4663646988ef4cdb3122837b6"},
			"indirect_partner_id": {"646988ef4cdb3122834feswrygfd"},
		}},
		{"direct customer", nil, url.Values{
			"order_id": {"CS1904190917GIBHC"}, "customer_id": {"c9e731c4663646988ef4cdb3122837b6"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mux := setup(t)
			mux.HandleFunc("/v2/orders/customer-orders/refund-orders", func(w http.ResponseWriter, r *http.Request) {
				testMethod(t, r, "GET")
				testQuery(t, r, tt.want)
				w.Write([]byte(`{"total_count":0,"refund_infos":[]}`))
			})
			if _, err := c.Partner.ListRefunds(testContext(t), "CS1904190917GIBHC", "c9e731c4663646988ef4cdb3122837b6", tt.opts); err != nil {
				t.Fatalf("Partner.ListRefunds(%+v) error: %v", tt.opts, err)
			}
		})
	}
}

// TestPartnerService_ListRefunds_decode decodes the example response of
// seed 000, which masks the IDs differently from §6.2.6.
func TestPartnerService_ListRefunds_decode(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	serveGolden(t, mux, "/v2/orders/customer-orders/refund-orders", "partner_refund_orders.json", nil)

	got, err := c.Partner.ListRefunds(testContext(t), "CS1904190917GIBHC", "c9e731c4663646988ef4cdb3122837b6", nil)
	if err != nil {
		t.Fatalf("Partner.ListRefunds: %v", err)
	}
	want := &RefundPage{
		TotalCount: 1,
		Records: []RefundRecord{{
			ID:               "ccefa7ff-****-****-99f5-bb25a2551217",
			Amount:           amt("-3"),
			MeasureID:        "1",
			CustomerID:       "075a5d********ffb75c20a82d228130",
			ResourceTypeCode: "hws.resource.type.volume",
			ServiceTypeCode:  "hws.service.type.ebs",
			ResourceTypeName: "EVS",
			ServiceTypeName:  "EVS",
			RegionCode:       "ap-southeast-1",
			BaseOrderID:      "CS2006******1F8CI",
		}},
	}
	if diff := cmp.Diff(want, got, cmpOpts); diff != "" {
		t.Errorf("Partner.ListRefunds mismatch (-want +got):\n%s", diff)
	}
	testWireRoundTrip(t, "partner_refund_orders.json", got)
}
