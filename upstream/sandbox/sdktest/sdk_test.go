// Package sdktest runs the official Huawei Cloud Go SDK (bssintl/v2)
// against the sandbox with AK/SK signing, as a frontend or script team
// would.
package sdktest

import (
	"errors"
	"net/http/httptest"
	"testing"

	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/auth/global"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/region"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/sdkerr"
	bss "github.com/huaweicloud/huaweicloud-sdk-go-v3/services/bssintl/v2"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/services/bssintl/v2/model"

	"bssgraph/upstream"
	"bssgraph/upstream/sandbox"
)

func sdkClient(t *testing.T) (*bss.BssintlClient, *upstream.Client) {
	t.Helper()
	sb := sandbox.New(sandbox.Options{QuotaScale: -1, Sizes: sandbox.Sizes{Orders: 200, Resources: 500, Members: 2}})
	srv := httptest.NewServer(sb)
	t.Cleanup(srv.Close)
	ak, sk := sandbox.AccessKeyFor(sandbox.TokenCustomer)
	cred := global.NewCredentialsBuilder().WithAk(ak).WithSk(string(sk)).WithDomainId(sandbox.DomainCustomer).Build()
	sdk := bss.NewBssintlClient(bss.BssintlClientBuilder().WithCredential(cred).WithRegion(region.NewRegion("sandbox", srv.URL)).Build())
	own, err := upstream.NewClient(srv.URL, upstream.WithLimiter(upstream.NewWindowLimiter(-1)))
	if err != nil {
		t.Fatal(err)
	}
	return sdk, own
}

// The SDK's summary-bill call gets the month's bills, the same total as
// 7.1 gives bssgraph's own client.
func TestSDK_ShowCustomerMonthlySum(t *testing.T) {
	sdk, own := sdkClient(t)
	limit := int32(1000)
	resp, err := sdk.ShowCustomerMonthlySum(&model.ShowCustomerMonthlySumRequest{BillCycle: "2026-10", Limit: &limit})
	if err != nil {
		t.Fatal(err)
	}
	ctx := upstream.WithCaller(t.Context(), upstream.Caller{Token: upstream.Secret(sandbox.TokenCustomer)})
	sum, err := own.Bills.MonthlySummary(ctx, sandbox.DomainCustomer, &upstream.MonthlySummaryOptions{Cycle: "2026-10"})
	if err != nil {
		t.Fatal(err)
	}
	want, _ := upstream.SummaryAmountInMajorUnit(sum.TotalAmount, sum.MeasureID)
	if resp.ConsumeAmount == nil || !resp.ConsumeAmount.Equal(want.Decimal) || resp.BillSums == nil || int(*resp.TotalCount) != len(*resp.BillSums) {
		t.Errorf("SDK summary %v, 7.1 total %s", resp, want)
	}
	_, err = sdk.ShowCustomerMonthlySum(&model.ShowCustomerMonthlySumRequest{BillCycle: "2026-13"})
	var se *sdkerr.ServiceResponseError
	if !errors.As(err, &se) || se.StatusCode != 400 || se.ErrorCode != "CBC.0100" {
		t.Errorf("bad bill_cycle: %v, want 400 CBC.0100", err)
	}
}

// An SDK call the sandbox does not serve (a partner bill API) fails with
// the API gateway's error, which the SDK parses.
func TestSDK_UnknownAPI(t *testing.T) {
	sdk, _ := sdkClient(t)
	_, err := sdk.ListPostpaidBillSum(&model.ListPostpaidBillSumRequest{BillCycle: "2026-10"})
	var se *sdkerr.ServiceResponseError
	if !errors.As(err, &se) || se.StatusCode != 404 || se.ErrorCode != "APIGW.0101" {
		t.Errorf("unknown API: %v, want 404 APIGW.0101", err)
	}
}
