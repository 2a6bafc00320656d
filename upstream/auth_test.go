package upstream

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

// The vectors of ../shared/docs/aksk-signing.md §2.4.
func TestSigner_Vectors(t *testing.T) {
	t.Parallel()
	const sdkUA = "huaweicloud-usdk-go/3.0; os/Debian_GNU/Linux#12_(bookworm)#amd64 go/go1.26.8; app/1d8df167-b9eb-4efd-8681-0803f5e3498a"
	tests := []struct {
		name, ak, sk, method, rawURL, body, date string
		headers                                  map[string]string
		signed                                   []string // nil: choose as the SDK does (Sign)
		wantCR                                   string   // checked when set
		wantSig                                  string
	}{
		{
			name: "A sdk case 1", ak: "AccessKey", sk: "SecretKey", method: "GET",
			rawURL: "https://example.huaweicloud.com/path?limit=1", date: "20060102T150405Z",
			headers: map[string]string{"TEST_UNDERSCORE": "TEST_VALUE"},
			wantCR:  "GET\n/path/\nlimit=1\nx-sdk-date:20060102T150405Z\n\nx-sdk-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
			wantSig: "5a2ce64c865e0e6046321c6f3d5a77ba8413eeaf355c3166c03d58d02ac79624",
		},
		{
			name: "B sdk case 2", ak: "AccessKey", sk: "SecretKey", method: "POST",
			rawURL: "https://example.huaweicloud.com/path?key=value", date: "20060102T150405Z",
			headers: map[string]string{"Content-Type": "application/json"},
			body:    "{\"Name\":\"test\",\"Id\":1}\n",
			wantSig: "cecc2af119b18ab70b4d094c0750f3b42c02f254903179a0fc2cc72fc9db4f59",
		},
		{
			name: "C official doc", ak: "QTWAOYTTINDUT2QVKYUC", sk: "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc", method: "GET",
			rawURL: "https://service.region.example.com/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs?limit=2&marker=13551d6b-755d-4757-b956-536f674975c0",
			date:   "20191115T033655Z", headers: map[string]string{"Content-Type": "application/json"},
			signed:  []string{"content-type", "host", "x-sdk-date"},
			wantCR:  "GET\n/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs/\nlimit=2&marker=13551d6b-755d-4757-b956-536f674975c0\ncontent-type:application/json\nhost:service.region.example.com\nx-sdk-date:20191115T033655Z\n\ncontent-type;host;x-sdk-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
			wantSig: "7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe",
		},
		{
			name: "D balances", ak: "AccessKey", sk: "SecretKey", method: "GET",
			rawURL: "https://bss-intl.myhuaweicloud.com/v2/accounts/customer-accounts/balances", date: "20240102T030405Z",
			headers: map[string]string{"User-Agent": sdkUA, "X-Domain-Id": "dom123", "Content-Type": "application/json"},
			wantSig: "787f08077cd697b5ef5697f7b8ee2dd5fa4cd66bedf9411ce40535f15d08d6dd",
		},
		{
			name: "D res-records", ak: "AccessKey", sk: "SecretKey", method: "POST",
			rawURL: "https://bss-intl.myhuaweicloud.com/v2/bills/customer-bills/res-records/query", date: "20240102T030405Z",
			headers: map[string]string{"User-Agent": sdkUA, "X-Domain-Id": "dom123", "Content-Type": "application/json"},
			body:    "{\"cycle\":\"2024-01\",\"offset\":0,\"limit\":10,\"statistic_type\":2}\n",
			wantSig: "e53427331a8e9d5cf9e06cae3b198752405d390f69ac8fec4cbc629736469813",
		},
		{
			name: "D orders query escaping", ak: "AccessKey", sk: "SecretKey", method: "GET",
			rawURL: "https://bss-intl.myhuaweicloud.com/v2/orders/customer-orders?create_time_begin=2024-01-01T00:00:00Z&limit=10", date: "20240102T030405Z",
			headers: map[string]string{"User-Agent": sdkUA, "X-Domain-Id": "dom123"},
			wantSig: "ace70436e6dd9627bb608376ffeb6ee5e9e86360577d28f6386658ff1e49cb20",
		},
		{
			name: "E host balances", ak: "AccessKey", sk: "SecretKey", method: "GET",
			rawURL: "https://bss-intl.myhuaweicloud.com/v2/accounts/customer-accounts/balances", date: "20240102T030405Z",
			headers: map[string]string{"Host": "bss-intl.myhuaweicloud.com"},
			wantSig: "402c6d6444d792e3e572461b939544c3a6370afda7fd3831b7d1be8b5b136cfb",
		},
		{
			name: "E host monthly-sum", ak: "AccessKey", sk: "SecretKey", method: "GET",
			rawURL: "https://bss-intl.myhuaweicloud.com/v2/bills/customer-bills/monthly-sum?bill_cycle=2024-01&limit=100&offset=0", date: "20240102T030405Z",
			headers: map[string]string{"Host": "bss-intl.myhuaweicloud.com"},
			wantSig: "d25265ad9febcef6531350ed59fc6b85f3752a9b2b5cd759d4bc9064d9fd8e4e",
		},
		{
			name: "E host resources query", ak: "AccessKey", sk: "SecretKey", method: "POST",
			rawURL: "https://bss-intl.myhuaweicloud.com/v2/orders/suscriptions/resources/query", date: "20240102T030405Z",
			headers: map[string]string{"Host": "bss-intl.myhuaweicloud.com"}, body: `{"limit":10,"offset":0}`,
			wantSig: "8c1bc301b3df4651be82efdc66a969d33302aea9fcde18bbbc6812494970eb40",
		},
		{
			name: "E host resources query, content-type signed", ak: "AccessKey", sk: "SecretKey", method: "POST",
			rawURL: "https://bss-intl.myhuaweicloud.com/v2/orders/suscriptions/resources/query", date: "20240102T030405Z",
			headers: map[string]string{"Host": "bss-intl.myhuaweicloud.com", "Content-Type": "application/json"}, body: `{"limit":10,"offset":0}`,
			signed:  []string{"content-type", "host", "x-sdk-date"},
			wantSig: "bfa524bb9ba2f29e2cb66ecccd90c4681d1423b76fb506ba7d0a6a29fdaf8968",
		},
		{
			name: "E host order details", ak: "AccessKey", sk: "SecretKey", method: "GET",
			rawURL: "https://bss-intl.myhuaweicloud.com/v2/orders/customer-orders/details/CS2401010000ABCDE?limit=10&offset=0", date: "20240102T030405Z",
			headers: map[string]string{"Host": "bss-intl.myhuaweicloud.com"},
			wantSig: "f3f5b92b1dc922e1225dcdf1e5c70d9cb7199da7b9391a9690d472109fb57993",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := NewSigner(tt.ak, Secret(tt.sk))
			req, err := http.NewRequest(tt.method, tt.rawURL, strings.NewReader(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			for k, v := range tt.headers {
				req.Header.Set(k, v)
			}
			req.Header.Set(headerSdkDate, tt.date)
			if tt.wantCR != "" {
				names := tt.signed
				if names == nil {
					names = []string{"x-sdk-date"}
				}
				if cr, _ := canonicalRequest(tt.method, req.URL, req.Header, names, []byte(tt.body)); cr != tt.wantCR {
					t.Errorf("canonical request =\n%q\nwant\n%q", cr, tt.wantCR)
				}
			}
			var got string
			if tt.signed != nil {
				got, _ = s.signature(tt.method, req.URL, req.Header, tt.signed, []byte(tt.body), tt.date)
			} else {
				if err := s.Sign(req, []byte(tt.body)); err != nil {
					t.Fatal(err)
				}
				auth := req.Header.Get("Authorization")
				const prefix = "SDK-HMAC-SHA256 Access=" // space, no comma, after the algorithm
				if !strings.HasPrefix(auth, prefix+tt.ak+", SignedHeaders=") {
					t.Errorf("Authorization = %q, want prefix %q", auth, prefix+tt.ak+", SignedHeaders=")
				}
				got = auth[strings.LastIndex(auth, "Signature=")+len("Signature="):]
			}
			if got != tt.wantSig {
				t.Errorf("signature = %s, want %s", got, tt.wantSig)
			}
		})
	}
}

func TestSigner_SignedHeadersFollowSDK(t *testing.T) {
	t.Parallel()
	s := NewSigner("AccessKey", "SecretKey")
	req, _ := http.NewRequest("GET", "https://bss-intl.myhuaweicloud.com/v2/x", nil)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Domain-Id", "dom123")
	req.Header.Set("User-Agent", "ua")
	req.Header.Set(headerSdkDate, "20240102T030405Z")
	if err := s.Sign(req, nil); err != nil {
		t.Fatal(err)
	}
	if got, want := req.Header.Get("Authorization"), "SignedHeaders=user-agent;x-domain-id;x-sdk-date,"; !strings.Contains(got, want) {
		t.Errorf("Authorization = %q, want it to contain %q", got, want)
	}
}

func TestSigner_RejectsMalformedDate(t *testing.T) {
	t.Parallel()
	req, _ := http.NewRequest("GET", "https://h/x", nil)
	req.Header.Set(headerSdkDate, "yesterday")
	if err := NewSigner("a", "b").Sign(req, nil); err == nil {
		t.Error("Sign with malformed X-Sdk-Date succeeded, want error")
	}
}

func TestSigner_FreshDate(t *testing.T) {
	t.Parallel()
	s := NewSigner("a", "b")
	s.now = func() time.Time { return time.Date(2024, 1, 2, 3, 4, 5, 0, time.FixedZone("x", 3600)) }
	req, _ := http.NewRequest("GET", "https://h/x", nil)
	if err := s.Sign(req, nil); err != nil {
		t.Fatal(err)
	}
	if got := req.Header.Get(headerSdkDate); got != "20240102T020405Z" {
		t.Errorf("X-Sdk-Date = %q, want UTC 20240102T020405Z", got)
	}
}

func TestCanonicalQuery(t *testing.T) {
	t.Parallel()
	q := url.Values{"b": {"2", "1"}, "a": {"x y/z:"}, "e": {""}}
	if got, want := canonicalQuery(q), "a=x%20y%2Fz%3A&b=1&b=2&e="; got != want {
		t.Errorf("canonicalQuery = %q, want %q", got, want)
	}
}

func TestVerify_RoundTrip(t *testing.T) {
	t.Parallel()
	s := NewSigner("AK9", "SK9")
	body := []byte(`{"limit":10}`)
	req := httptest.NewRequest("POST", "http://127.0.0.1:9/v2/x?b=2&a=1", strings.NewReader(string(body)))
	req.Header.Set("X-Domain-Id", "d")
	if err := s.Sign(req, body); err != nil {
		t.Fatal(err)
	}
	lookup := func(ak string) (Secret, bool) { return "SK9", ak == "AK9" }
	if ak, err := Verify(req, body, lookup); err != nil || ak != "AK9" {
		t.Errorf("Verify = %q, %v; want AK9, nil", ak, err)
	}
	if _, err := Verify(req, []byte(`{"limit":11}`), lookup); !errors.Is(err, ErrBadSignature) {
		t.Errorf("Verify with a changed body = %v, want ErrBadSignature", err)
	}
	req.Header.Set("X-Domain-Id", "other")
	if _, err := Verify(req, body, lookup); !errors.Is(err, ErrBadSignature) {
		t.Errorf("Verify with a changed signed header = %v, want ErrBadSignature", err)
	}
}
