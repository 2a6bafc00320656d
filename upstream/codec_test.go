package upstream

import (
	"encoding/json"
	"testing"
)

func TestAmount_DecodesExactly(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{`274.6`, "274.6"},
		{`"274.6"`, "274.6"},
		{`0.00000001`, "0.00000001"},
		{`"800.0"`, "800"},
		{`1.0000000001`, "1.0000000001"},
		{`123456789012345678901234567890.123456789`, "123456789012345678901234567890.123456789"},
		{`null`, "0"},
		{`""`, "0"},
		{`-0.5`, "-0.5"},
	}
	for _, tt := range tests {
		var a Amount
		if err := json.Unmarshal([]byte(tt.in), &a); err != nil {
			t.Errorf("Unmarshal(%s): %v", tt.in, err)
			continue
		}
		if got := a.String(); got != tt.want {
			t.Errorf("Unmarshal(%s) = %s, want %s", tt.in, got, tt.want)
		}
	}
	for _, bad := range []string{`"abc"`, `{}`, `[1]`, `1e`} {
		var a Amount
		if err := json.Unmarshal([]byte(bad), &a); err == nil {
			t.Errorf("Unmarshal(%s) succeeded, want error", bad)
		}
	}
}

func TestAmount_WireShapes(t *testing.T) {
	t.Parallel()
	v := struct {
		N Amount       `json:"n"`
		S StringAmount `json:"s"`
		I Int          `json:"i"`
		C Code         `json:"c"`
		K IntCode      `json:"k"`
	}{N: NewAmount("274.6"), S: StringAmount{NewAmount("800.0").Decimal}, I: 3, C: "1", K: "2"}
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(b), `{"n":274.6,"s":"800.0","i":3,"c":"1","k":2}`; got != want {
		t.Errorf("Marshal = %s, want %s", got, want)
	}
}

func TestLenientScalars(t *testing.T) {
	t.Parallel()
	var v struct {
		I1, I2, I3 Int
		C1, C2     Code
		K1, K2     IntCode
	}
	in := `{"I1":"7","I2":8,"I3":"9.0","C1":5,"C2":"x","K1":"3","K2":4}`
	if err := json.Unmarshal([]byte(in), &v); err != nil {
		t.Fatal(err)
	}
	if v.I1 != 7 || v.I2 != 8 || v.I3 != 9 || v.C1 != "5" || v.C2 != "x" || v.K1 != "3" || v.K2 != "4" {
		t.Errorf("decoded %+v", v)
	}
	var bad struct{ I Int }
	if err := json.Unmarshal([]byte(`{"I":"1.5"}`), &bad); err == nil {
		t.Error("Int accepted 1.5")
	}
}

func TestOperationExpand(t *testing.T) {
	t.Parallel()
	if got, want := OpShowCustomerOrderDetails.Expand("CS24/01 x"), "/v2/orders/customer-orders/details/CS24%2F01%20x"; got != want {
		t.Errorf("Expand = %q, want %q", got, want)
	}
	if got, want := OpListInvoices.Expand("dom1"), "/v1.0/dom1/payments/intl-invoices"; got != want {
		t.Errorf("Expand = %q, want %q", got, want)
	}
	seen := map[string]bool{}
	for _, op := range Operations() {
		if seen[op.Name] {
			t.Errorf("operation %s listed twice", op.Name)
		}
		seen[op.Name] = true
		if op.Quota <= 0 || op.Method == "" || op.Path == "" {
			t.Errorf("operation %s incomplete: %+v", op.Name, op)
		}
	}
	if len(seen) != 35 {
		t.Errorf("%d operations, want 33 current APIs + the partner variant + the SDK's summary bill path", len(seen))
	}
}
