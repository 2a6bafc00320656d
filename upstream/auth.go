package upstream

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"
)

// Signing algorithm and header names of SDK-HMAC-SHA256, as the Huawei Cloud SDKs
// and API signing guide define them (§3.1.2 of the reference: AK/SK requests
// carry Authorization and X-Sdk-Date).
const (
	signAlgorithm  = "SDK-HMAC-SHA256"
	headerSdkDate  = "X-Sdk-Date"
	sdkDateFormat  = "20060102T150405Z"
	headerSHA256   = "X-Sdk-Content-Sha256"
	authorizationH = "Authorization"
)

// Signer signs requests with an access key pair (AK/SK).
type Signer struct {
	AccessKey string
	SecretKey Secret
	now       func() time.Time
}

// NewSigner returns a Signer for the key pair.
func NewSigner(ak string, sk Secret) *Signer {
	return &Signer{AccessKey: ak, SecretKey: sk, now: time.Now}
}

// Sign adds X-Sdk-Date and Authorization to req, whose body is body. It signs
// every header already on req the way the Huawei Cloud SDK does: names are
// lower-cased, and names starting with "content-type" or containing "_" are
// skipped. A Host header is signed only when set explicitly in req.Header.
func (s *Signer) Sign(req *http.Request, body []byte) error {
	date := req.Header.Get(headerSdkDate)
	if date == "" {
		date = s.now().UTC().Format(sdkDateFormat)
		req.Header.Set(headerSdkDate, date)
	} else if _, err := time.Parse(sdkDateFormat, date); err != nil {
		return fmt.Errorf("parsing %s %q: %w", headerSdkDate, date, err)
	}
	var names []string
	for name := range req.Header {
		n := strings.ToLower(name)
		if strings.HasPrefix(n, "content-type") || strings.Contains(n, "_") || n == "authorization" {
			continue
		}
		names = append(names, n)
	}
	sig, signed := s.signature(req.Method, req.URL, req.Header, names, body, date)
	req.Header.Set(authorizationH, fmt.Sprintf("%s Access=%s, SignedHeaders=%s, Signature=%s", signAlgorithm, s.AccessKey, signed, sig))
	return nil
}

// signature returns the hex signature and the SignedHeaders value for the
// given request parts, signing exactly the header names given.
func (s *Signer) signature(method string, u *url.URL, h http.Header, names []string, body []byte, date string) (sig, signedHeaders string) {
	cr, signedHeaders := canonicalRequest(method, u, h, names, body)
	sum := sha256.Sum256([]byte(cr))
	sts := signAlgorithm + "\n" + date + "\n" + hex.EncodeToString(sum[:])
	m := hmac.New(sha256.New, []byte(s.SecretKey.Reveal()))
	m.Write([]byte(sts))
	return hex.EncodeToString(m.Sum(nil)), signedHeaders
}

// canonicalRequest builds the canonical request (steps 2–7 of the algorithm).
func canonicalRequest(method string, u *url.URL, h http.Header, names []string, body []byte) (cr, signedHeaders string) {
	names = append([]string(nil), names...)
	sort.Strings(names)
	var hb strings.Builder
	for _, n := range names {
		var values []string
		if n == "host" && h.Get("Host") == "" {
			values = []string{u.Host}
		} else {
			values = append(values, h.Values(http.CanonicalHeaderKey(n))...)
			if len(values) == 0 {
				values = append(values, h[n]...)
			}
		}
		sort.Strings(values)
		for _, v := range values {
			hb.WriteString(n + ":" + strings.TrimSpace(v) + "\n")
		}
	}
	signedHeaders = strings.Join(names, ";")
	payload := h.Get(headerSHA256)
	if payload == "" {
		sum := sha256.Sum256(body)
		payload = hex.EncodeToString(sum[:])
	}
	cr = strings.ToUpper(method) + "\n" + canonicalURI(u.EscapedPath()) + "\n" + canonicalQuery(u.Query()) + "\n" +
		hb.String() + "\n" + signedHeaders + "\n" + payload
	return cr, signedHeaders
}

// canonicalURI escapes each segment of the raw path and ensures a trailing "/".
func canonicalURI(raw string) string {
	segs := strings.Split(raw, "/")
	for i, s := range segs {
		segs[i] = signEscape(s)
	}
	p := strings.Join(segs, "/")
	if !strings.HasSuffix(p, "/") {
		p += "/"
	}
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	return p
}

// canonicalQuery sorts keys and values and escapes them with signEscape. It is
// also the query string the client sends, so the wire and the signature agree.
func canonicalQuery(q url.Values) string {
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		vs := append([]string(nil), q[k]...)
		sort.Strings(vs)
		for _, v := range vs {
			if b.Len() > 0 {
				b.WriteByte('&')
			}
			b.WriteString(signEscape(k) + "=" + signEscape(v))
		}
	}
	return b.String()
}

// signEscape keeps A-Z a-z 0-9 - _ . ~ and percent-encodes every other byte
// with upper-case hex.
func signEscape(s string) string {
	const hexDigits = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hexDigits[c>>4])
		b.WriteByte(hexDigits[c&15])
	}
	return b.String()
}

// SigningTransport is an http.RoundTripper that signs every request with
// Signer. Signing at the transport means each retry attempt is signed afresh
// with a current X-Sdk-Date.
type SigningTransport struct {
	Signer *Signer
	Base   http.RoundTripper
}

// RoundTrip implements http.RoundTripper. It clones req before adding headers,
// because a RoundTripper must not modify the caller's request.
func (t *SigningTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil && req.GetBody != nil {
		rc, err := req.GetBody()
		if err != nil {
			return nil, fmt.Errorf("reading body to sign: %w", err)
		}
		body, err = io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return nil, fmt.Errorf("reading body to sign: %w", err)
		}
	}
	r := req.Clone(req.Context())
	r.Header.Del(headerSdkDate) // a retry must carry a fresh date
	if body != nil {
		r.Body = io.NopCloser(bytes.NewReader(body))
	}
	if err := t.Signer.Sign(r, body); err != nil {
		return nil, err
	}
	base := t.Base
	if base == nil {
		base = http.DefaultTransport
	}
	return base.RoundTrip(r)
}

// ErrBadSignature is returned by Verify for a request whose AK/SK signature
// does not check out.
var ErrBadSignature = errors.New("verify aksk signature fail")

// Verify checks the SDK-HMAC-SHA256 signature of a received request whose
// body is body, looking the secret key up by access key. It is the server
// side of Sign, used by the sandbox; it returns the access key on success.
func Verify(r *http.Request, body []byte, secretFor func(ak string) (Secret, bool)) (string, error) {
	auth := r.Header.Get(authorizationH)
	rest, ok := strings.CutPrefix(auth, signAlgorithm+" Access=")
	if !ok {
		return "", fmt.Errorf("%w: no %s Authorization header", ErrBadSignature, signAlgorithm)
	}
	ak, rest, _ := strings.Cut(rest, ", SignedHeaders=")
	signed, sig, ok := strings.Cut(rest, ", Signature=")
	if !ok || ak == "" || signed == "" {
		return "", fmt.Errorf("%w: malformed Authorization header", ErrBadSignature)
	}
	sk, ok := secretFor(ak)
	if !ok {
		return "", fmt.Errorf("%w: unknown access key", ErrBadSignature)
	}
	date := r.Header.Get(headerSdkDate)
	if _, err := time.Parse(sdkDateFormat, date); err != nil {
		return "", fmt.Errorf("%w: bad %s", ErrBadSignature, headerSdkDate)
	}
	u := *r.URL
	if u.Host == "" {
		u.Host = r.Host
	}
	h := r.Header.Clone()
	if h.Get("Host") == "" && r.Host != "" {
		h.Set("Host", r.Host)
	}
	want, _ := (&Signer{AccessKey: ak, SecretKey: sk}).signature(r.Method, &u, h, strings.Split(signed, ";"), body, date)
	if !hmac.Equal([]byte(want), []byte(sig)) {
		return "", ErrBadSignature
	}
	return ak, nil
}
