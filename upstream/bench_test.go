package upstream

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// resourcePageJSON returns a 6.3.1 answer with n resources, as BSS sends it.
func resourcePageJSON(n int) []byte {
	var b strings.Builder
	b.WriteString(`{"total_count":` + fmt.Sprint(n) + `,"data":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"id":"01154-%09d-0","resource_id":"res-%06d","resource_name":"ecs-%d","region_code":"ap-southeast-1","service_type_code":"hws.service.type.ec2","resource_type_code":"hws.resource.type.vm","resource_type_name":"ECS","service_type_name":"Elastic Cloud Server","resource_spec_code":"s6.large.2.linux","project_id":"06488a832f55c016b0e337d7","product_id":"00301-243025-0--0","parent_resource_id":"res-%06d","is_main_resource":1,"status":2,"effective_time":"2024-05-06T08:05:01Z","expire_time":"2025-05-06T08:05:01Z","expire_policy":3,"product_spec_desc":"General computing | 2 vCPUs | 4 GB","spec_size":40.0,"spec_size_measure_id":17,"update_time":"2024-05-06T08:05:01Z","enterprise_project":{"id":"0","name":"default"}}`, i, i, i, i)
	}
	b.WriteString(`]}`)
	return []byte(b.String())
}

func BenchmarkDecodeResourcePage500(b *testing.B) {
	body := resourcePageJSON(500)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		var p ResourcePage
		if err := json.Unmarshal(body, &p); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAmountUnmarshal(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		var a Amount
		if err := a.UnmarshalJSON([]byte(`274.6000000001`)); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSign(b *testing.B) {
	s := NewSigner("AccessKey", "SecretKey")
	body := []byte(`{"cycle":"2024-01","offset":0,"limit":10,"statistic_type":2}`)
	b.ReportAllocs()
	for b.Loop() {
		req, _ := http.NewRequest("POST", "https://bss-intl.myhuaweicloud.com/v2/bills/customer-bills/res-records/query?a=1", nil)
		req.Header.Set("X-Domain-Id", "dom123")
		if err := s.Sign(req, body); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkClientRoundTrip measures one read through the whole client
// (quota check, request, decode of a 50-resource page) against a loopback
// server, quota off.
func BenchmarkClientRoundTrip(b *testing.B) {
	body := resourcePageJSON(50)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Write(body)
	}))
	defer srv.Close()
	c, err := NewClient(srv.URL, WithLimiter(NewWindowLimiter(-1)))
	if err != nil {
		b.Fatal(err)
	}
	ctx := WithCaller(b.Context(), Caller{Token: "bench"})
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Resources.List(ctx, &ResourceListRequest{OffsetListOptions: OffsetListOptions{Limit: 50}}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWindowLimiter measures the limiter's bookkeeping for calls that
// never wait: 10,000 credentials, each well under its quota.
func BenchmarkWindowLimiter(b *testing.B) {
	l := NewWindowLimiter(1)
	op := &Operation{Name: "Op", Quota: 1 << 20}
	keys := make([]string, 10000)
	for i := range keys {
		keys[i] = fmt.Sprint("cred-", i)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		release, _, err := l.Wait(b.Context(), keys[i%len(keys)], op)
		if err != nil {
			b.Fatal(err)
		}
		release()
		i++
	}
}
