package sandbox

import (
	"strings"
	"testing"

	"bssgraph/upstream"
)

func TestPartnerRefunds(t *testing.T) {
	t.Parallel()
	sb, srv := newTestServer(t, Options{QuotaScale: -1})
	pc, pctx := ymClient(t, srv, TokenPartner)
	cc, cctx := ymClient(t, srv, TokenCustomer)
	cu := ymAccount(sb, TokenCustomer)
	unsub := ymFirst(cu, func(o *order) bool { return o.orderType == ordTyUnsubscribe && len(o.refunds) > 0 })
	purchase := ymFirst(cu, func(o *order) bool { return o.orderType == ordTyNewPurchase && o.status == ordStCompleted })

	// The partner reads its customer's refunds, the same records the
	// customer reads itself.
	got, err := pc.Partner.ListRefunds(pctx, unsub.id, DomainCustomer, nil)
	if err != nil {
		t.Fatal(err)
	}
	own, err := cc.Orders.ListRefunds(cctx, unsub.id)
	if err != nil {
		t.Fatal(err)
	}
	if got.TotalCount == 0 || got.TotalCount != own.TotalCount {
		t.Fatalf("partner sees %d records, customer %d", got.TotalCount, own.TotalCount)
	}
	for i, rec := range got.Records {
		if string(ymJSON(rec)) != string(ymJSON(own.Records[i])) || rec.CustomerID != DomainCustomer {
			t.Errorf("record %d: partner %+v, customer %+v", i, rec, own.Records[i])
		}
	}

	// Only through customer_id, and only for its own customers.
	ent := ymAccount(sb, TokenEnterprise)
	entUnsub := ymFirst(ent, func(o *order) bool { return o.orderType == ordTyUnsubscribe })
	tests := []struct {
		name, query string
		status      int
		code        string
	}{
		{"customer_id missing", "order_id=" + unsub.id, 400, "CBC.0100"},
		{"order_id missing", "customer_id=" + DomainCustomer, 400, "CBC.0100"},
		{"not the partner's customer", "order_id=" + entUnsub.id + "&customer_id=" + DomainEnterprise, 400, "CBC.99000035"},
		{"unknown customer", "order_id=" + unsub.id + "&customer_id=ffffffffffffffffffffffffffffffff", 400, "CBC.99000035"},
		{"reseller it cannot act for", "order_id=" + unsub.id + "&customer_id=" + DomainCustomer + "&indirect_partner_id=646988ef4cdb3122834feswrygfd", 400, "CBC.99000037"},
		{"not an unsubscription order", "order_id=" + purchase.id + "&customer_id=" + DomainCustomer, 400, "CBC.99005026"},
		{"the partner's own id", "order_id=" + unsub.id + "&customer_id=" + DomainPartner, 400, "CBC.99000035"},
	}
	for _, tt := range tests {
		status, body := call(t, srv, "GET", "/v2/orders/customer-orders/refund-orders?"+tt.query, TokenPartner, "")
		if status != tt.status || !strings.Contains(body, `"error_code":"`+tt.code+`"`) {
			t.Errorf("%s: got %d %s, want %d %s", tt.name, status, body, tt.status, tt.code)
		}
	}
	_, err = pc.Partner.ListRefunds(pctx, entUnsub.id, DomainEnterprise, nil)
	ymWantErr(t, "partner reading a stranger's refunds with the client", err, 400, "CBC.99000035")

	// The partner's own orders API shows its own orders only, never its
	// customer's.
	if p, err := pc.Orders.List(pctx, &upstream.OrderListOptions{OrderID: unsub.id}); err != nil || p.TotalCount != 0 {
		t.Errorf("partner lists the customer's order: %+v, %v", p, err)
	}
	_, err = pc.Orders.Get(pctx, unsub.id, nil)
	ymWantErr(t, "partner reading the customer's order details", err, 400, "CBC.30000010")
}
