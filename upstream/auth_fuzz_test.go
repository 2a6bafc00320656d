package upstream

import (
	"bufio"
	"bytes"
	"net/http"
	"net/url"
	"reflect"
	"sort"
	"testing"
)

// A request signed over any path, query and body verifies on the server
// after a trip over the wire, and fails once its body changes; the
// canonical query is the query itself, in any key order.
func FuzzSignerCanonicalisation(f *testing.F) {
	f.Add("/v2/orders/customer-orders", "order_id", "CS 1/2+3", []byte(`{"a":1}`))
	f.Add("/v2/a b/ü/%2F", "k~._-", "v=&;", []byte{})
	f.Add("", "", "", []byte(nil))
	f.Add("/x//y/", "a", "\x00\xff", []byte("\xff"))
	f.Fuzz(func(t *testing.T, path, key, value string, body []byte) {
		q := url.Values{key: {value, value + "2"}, "z": {"1"}}
		back, err := url.ParseQuery(canonicalQuery(q))
		if err != nil {
			t.Fatalf("canonicalQuery(%v) = %q does not parse: %v", q, canonicalQuery(q), err)
		}
		for _, vs := range q {
			sort.Strings(vs)
		}
		if !reflect.DeepEqual(back, q) {
			t.Fatalf("canonicalQuery round trip: %v -> %q -> %v", q, canonicalQuery(q), back)
		}

		u := &url.URL{Scheme: "http", Host: "bss.example", Path: "/" + path, RawQuery: canonicalQuery(q)}
		req, err := http.NewRequest("POST", u.String(), bytes.NewReader(body))
		if err != nil {
			return // not a URL a client could send
		}
		req.Header.Set("Content-Type", "application/json")
		s := NewSigner("AK1", "SK1")
		if err := s.Sign(req, body); err != nil {
			t.Fatal(err)
		}
		var wire bytes.Buffer
		if err := req.Write(&wire); err != nil {
			return
		}
		got, err := http.ReadRequest(bufio.NewReader(&wire))
		if err != nil {
			t.Fatalf("the signed request does not read back: %v", err)
		}
		secret := func(ak string) (Secret, bool) { return "SK1", ak == "AK1" }
		if ak, err := Verify(got, body, secret); err != nil || ak != "AK1" {
			t.Fatalf("signed %s %q does not verify: %v", got.Method, got.RequestURI, err)
		}
		if _, err := Verify(got, append(bytes.Clone(body), 'x'), secret); err == nil {
			t.Fatalf("a changed body verified")
		}
	})
}
