package upstream

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

var updateWire = flag.Bool("update-wire", false, "rewrite testdata/request_wire.golden")

// wireFill sets every field of the struct *p, embedded structs included:
// strings to their field's name, numbers to n, booleans to n != 0, pointers
// to such a value and slices to one such element. n = 0 gives the values
// that paging and filters must still send when they are pointers; n != 0 the
// values every field sends, and a negative n shows which checks are "> 0".
func wireFill(p any, n int) {
	var fill func(v reflect.Value, name string)
	fill = func(v reflect.Value, name string) {
		switch v.Kind() {
		case reflect.String:
			if n != 0 {
				v.SetString(strings.ToLower(name))
			}
		case reflect.Int, reflect.Int64:
			v.SetInt(int64(n))
		case reflect.Bool:
			v.SetBool(n != 0)
		case reflect.Pointer:
			v.Set(reflect.New(v.Type().Elem()))
			fill(v.Elem(), name)
		case reflect.Slice:
			v.Set(reflect.MakeSlice(v.Type(), 1, 1))
			fill(v.Index(0), name)
		case reflect.Struct:
			for i := range v.NumField() {
				if f := v.Type().Field(i); f.IsExported() {
					fill(v.Field(i), f.Name)
				}
			}
		}
	}
	fill(reflect.ValueOf(p).Elem(), "")
}

// wireCalls are the upstream calls whose options or body the package
// encodes itself, each with options filled by fill (nil for none).
func wireCalls() []struct {
	name string
	call func(ctx context.Context, c *Client, fill func(any) bool) error
} {
	return []struct {
		name string
		call func(ctx context.Context, c *Client, fill func(any) bool) error
	}{
		{"ListServiceTypes", func(ctx context.Context, c *Client, fill func(any) bool) error {
			_, err := c.Catalog.ListServiceTypes(ctx, wireOpt[CatalogListOptions](fill))
			return err
		}},
		{"ListResourceTypes", func(ctx context.Context, c *Client, fill func(any) bool) error {
			_, err := c.Catalog.ListResourceTypes(ctx, wireOpt[CatalogListOptions](fill))
			return err
		}},
		{"ListServiceResources", func(ctx context.Context, c *Client, fill func(any) bool) error {
			_, err := c.Catalog.ListServiceResources(ctx, "hws.service.type.obs", wireOpt[CatalogListOptions](fill))
			return err
		}},
		{"ListUsageTypes", func(ctx context.Context, c *Client, fill func(any) bool) error {
			_, err := c.Catalog.ListUsageTypes(ctx, wireOpt[UsageTypeListOptions](fill))
			return err
		}},
		{"ListConversions", func(ctx context.Context, c *Client, fill func(any) bool) error {
			_, err := c.Catalog.ListConversions(ctx, wireOpt[ConversionListOptions](fill))
			return err
		}},
		{"ListCoupons", func(ctx context.Context, c *Client, fill func(any) bool) error {
			_, err := c.Coupons.List(ctx, wireOpt[CouponListOptions](fill))
			return err
		}},
		{"ListCustomerOrders", func(ctx context.Context, c *Client, fill func(any) bool) error {
			_, err := c.Orders.List(ctx, wireOpt[OrderListOptions](fill))
			return err
		}},
		{"ShowCustomerOrderDetails", func(ctx context.Context, c *Client, fill func(any) bool) error {
			_, err := c.Orders.Get(ctx, "CS1", wireOpt[ListOptions](fill))
			return err
		}},
		{"QueryResources", func(ctx context.Context, c *Client, fill func(any) bool) error {
			_, err := c.Resources.List(ctx, wireOpt[ResourceListRequest](fill))
			return err
		}},
		{"ListFreeResourceInfos", func(ctx context.Context, c *Client, fill func(any) bool) error {
			_, err := c.Packages.List(ctx, wireOpt[PackageListRequest](fill))
			return err
		}},
		{"ListFreeResourceUsageRecords", func(ctx context.Context, c *Client, fill func(any) bool) error {
			_, err := c.Packages.UsageRecords(ctx, wireOpt[FreeResourceUsageRecordOptions](fill))
			return err
		}},
		{"ShowCustomerMonthlySum", func(ctx context.Context, c *Client, fill func(any) bool) error {
			_, err := c.Bills.MonthlySummary(ctx, "dom", wireOpt[MonthlySummaryOptions](fill))
			return err
		}},
		{"ShowCustomerMonthlySumSDK", func(ctx context.Context, c *Client, fill func(any) bool) error {
			_, err := c.Bills.CustomerMonthlySum(ctx, wireOpt[CustomerMonthlySumOptions](fill))
			return err
		}},
		{"ListResourceUsageRecords", func(ctx context.Context, c *Client, fill func(any) bool) error {
			_, err := c.Bills.UsageRecords(ctx, wireOpt[MonthlyBillRequest](fill))
			return err
		}},
		{"ListResourceExpenditures", func(ctx context.Context, c *Client, fill func(any) bool) error {
			_, err := c.Bills.Expenditures(ctx, wireOpt[FeeRecordOptions](fill))
			return err
		}},
		{"ListCosts", func(ctx context.Context, c *Client, fill func(any) bool) error {
			_, err := c.Costs.Query(ctx, wireOpt[CostQueryRequest](fill))
			return err
		}},
		{"ListSubCustomers", func(ctx context.Context, c *Client, fill func(any) bool) error {
			_, err := c.Enterprise.ListMemberAccounts(ctx, wireOpt[MemberAccountOptions](fill))
			return err
		}},
		{"ListInvoices", func(ctx context.Context, c *Client, fill func(any) bool) error {
			_, err := c.Invoices.List(ctx, "dom", wireOpt[InvoiceListOptions](fill))
			return err
		}},
	}
}

// wireOpt returns a *T that fill has filled, or nil when fill declines.
func wireOpt[T any](fill func(any) bool) *T {
	p := new(T)
	if !fill(p) {
		return nil
	}
	return p
}

// TestRequestWire_golden pins the exact query string and body that every
// list call sends for nil, empty, zero-valued, fully set and negative options, so a
// change of how options are declared cannot change a byte BSS receives.
func TestRequestWire_golden(t *testing.T) {
	client, mux := setup(t)
	var got strings.Builder
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		fmt.Fprintf(&got, "  %s %s?%s\n  body %s\n", r.Method, r.URL.Path, r.URL.RawQuery, body)
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, "{}")
	})
	variants := []struct {
		name string
		fill func(any) bool
	}{
		{"nil", func(any) bool { return false }},
		{"empty", func(any) bool { return true }},
		{"zero", func(p any) bool { wireFill(p, 0); return true }},
		{"set", func(p any) bool { wireFill(p, 7); return true }},
		{"negative", func(p any) bool { wireFill(p, -3); return true }},
	}
	for _, c := range wireCalls() {
		for _, v := range variants {
			fmt.Fprintf(&got, "%s %s\n", c.name, v.name)
			if err := c.call(testContext(t), client, v.fill); err != nil {
				fmt.Fprintf(&got, "  error %v\n", err)
			}
		}
	}
	path := filepath.Join("testdata", "request_wire.golden")
	if *updateWire {
		if err := os.WriteFile(path, []byte(got.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got.String() != string(want) {
		t.Errorf("requests differ from %s (rerun with -update-wire and diff):\n%s", path, got.String())
	}
}
