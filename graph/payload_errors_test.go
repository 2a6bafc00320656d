package graph_test

import (
	"testing"

	"bssgraph/upstream/sandbox"
)

// TestOrderPayloads_OneErrorPerFailure: paying or cancelling an unknown
// order, or another account's, reports the failure once, as a userError;
// the payload's re-read order is null without a top-level error.
func TestOrderPayloads_OneErrorPerFailure(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	d := e.do(request{token: sandbox.TokenEnterprise, query: `{ viewer { orders(first: 1) { nodes { orderId } } } }`}).mustData(t)
	foreign := dig(d, "viewer", "orders", "nodes", 0, "orderId").(string)
	for name, mutation := range map[string]string{
		"payOrder":    `mutation($id: String!) { m: payOrder(input: {orderId: $id}) { paid order { status } userErrors { code field } } }`,
		"cancelOrder": `mutation($id: String!) { m: cancelOrder(input: {orderId: $id}) { canceled order { status } userErrors { code field } } }`,
	} {
		for _, id := range []string{"CS0000000000NOPE0", foreign} {
			r := e.query(mutation, map[string]any{"id": id})
			if len(r.Errors) != 0 {
				t.Errorf("%s of %s: top-level errors %+v, want none beside the userError", name, id, r.Errors)
			}
			p := dig(r.Data, "m")
			if ue := dig(p, "userErrors").([]any); len(ue) != 1 || dig(ue, 0, "code") != "CBC.30000010" || dig(p, "order") != nil {
				t.Errorf("%s of %s: payload %v, want one userError CBC.30000010 and a null order", name, id, p)
			}
		}
	}
}
