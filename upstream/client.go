// Package upstream is a typed client for the Huawei Cloud BSS "Customer
// Operation Capabilities" REST API: one method per current API of the
// reference, with the caller's token passed through (or AK/SK signing), the
// documented quotas enforced client-side, retries that never repeat a
// mutation that may have run, and every error shape decoded into *Error.
package upstream

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/rs/zerolog"
)

// A Client manages communication with the BSS API. It is safe for concurrent
// use and shared by all callers: who a call is for travels in the context
// (see Caller).
type Client struct {
	httpClient  *http.Client
	base        string // scheme://host[/prefix], no trailing slash
	userAgent   string
	signer      *Signer
	signerKey   string
	limiter     Limiter
	retry       RetryPolicy
	callTimeout time.Duration
	maxBody     int64
	log         zerolog.Logger
	observer    Observer
	economy     economy // caches and coalescing of reads (economy.go)
	// newGen shares the making of a credential's first generation between
	// its concurrent first reads, so that they agree on their keys
	// (economy.go). The IAM client is a copy of its Client and shares it.
	newGen Coalescer

	common service // reused by every service below

	Accounts   *AccountsService
	Bills      *BillsService
	Catalog    *CatalogService
	Costs      *CostsService
	Coupons    *CouponsService
	Enterprise *EnterpriseService
	Invoices   *InvoicesService
	Orders     *OrdersService
	Packages   *PackagesService
	Partner    *PartnerService
	Pricing    *PricingService
	Resources  *ResourcesService
}

type service struct{ client *Client }

// An Option configures a Client.
type Option func(*Client) error

// WithHTTPClient sets the HTTP client. Its Timeout should be zero: the client
// bounds each call with its own call timeout (WithCallTimeout).
func WithHTTPClient(hc *http.Client) Option {
	return func(c *Client) error {
		if hc == nil {
			return errors.New("nil http client")
		}
		c.httpClient = hc
		return nil
	}
}

// WithCredentials switches the client to AK/SK mode: every request is signed
// with the key pair and callers' tokens are not used.
func WithCredentials(ak string, sk Secret) Option {
	return func(c *Client) error {
		if ak == "" || sk == "" {
			return errors.New("AK/SK mode needs both an access key and a secret key")
		}
		c.signer = NewSigner(ak, sk)
		c.signerKey = CredentialHash("aksk:" + ak)
		return nil
	}
}

// WithUserAgent sets the User-Agent header.
func WithUserAgent(ua string) Option {
	return func(c *Client) error { c.userAgent = ua; return nil }
}

// WithLogger sets the logger for the per-call debug lines.
func WithLogger(l zerolog.Logger) Option {
	return func(c *Client) error { c.log = l; return nil }
}

// WithLimiter replaces the in-memory quota limiter (for example with one
// shared by several replicas).
func WithLimiter(l Limiter) Option {
	return func(c *Client) error {
		if l == nil {
			return errors.New("nil limiter")
		}
		c.limiter = l
		return nil
	}
}

// WithRetryPolicy sets the retry policy.
func WithRetryPolicy(p RetryPolicy) Option {
	return func(c *Client) error {
		if p.MaxAttempts < 1 {
			return errors.New("retry policy needs at least one attempt")
		}
		c.retry = p
		return nil
	}
}

// WithCallTimeout sets the deadline of one HTTP attempt. The client refuses
// to run without one.
func WithCallTimeout(d time.Duration) Option {
	return func(c *Client) error {
		if d <= 0 {
			return errors.New("upstream call timeout must be positive")
		}
		c.callTimeout = d
		return nil
	}
}

// WithObserver reports every attempt and quota wait to o (metrics, tracing).
func WithObserver(o Observer) Option {
	return func(c *Client) error {
		if o == nil {
			return errors.New("nil observer")
		}
		c.observer = o
		return nil
	}
}

// Sizes of the default transport's connection pool. http.DefaultTransport
// keeps 2 idle connections per host, so under concurrency most calls dialled
// a new TCP (and TLS) connection: 20% of the gateway's CPU went to dialling.
// The pool now keeps a connection for each call a busy gateway has in
// flight, and bounds them: each costs two goroutines and 8 KiB of buffers,
// and 1,000 clients on a slow upstream otherwise opened thousands. At 20 ms
// per call, 256 connections carry over 10,000 calls a second, far beyond
// BSS's quotas; a call beyond them waits for a free one within its timeout.
const (
	maxConnsPerHost     = 256
	maxIdleConnsPerHost = maxConnsPerHost
	maxIdleConns        = 2 * maxConnsPerHost
)

// newTransport is http.DefaultTransport (proxy from the environment, dial
// and TLS handshake timeouts, HTTP/2 when the upstream offers it) with a
// pool sized for the gateway's concurrency.
func newTransport() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxConnsPerHost = maxConnsPerHost
	t.MaxIdleConns = maxIdleConns
	t.MaxIdleConnsPerHost = maxIdleConnsPerHost
	t.ForceAttemptHTTP2 = true
	return t
}

// NewClient returns a client for the BSS endpoint at baseURL, for example
// https://bss-intl.myhuaweicloud.com or a sandbox's address.
func NewClient(baseURL string, opts ...Option) (*Client, error) {
	u, err := url.Parse(baseURL)
	if err != nil {
		return nil, fmt.Errorf("parsing upstream URL: %w", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return nil, fmt.Errorf("upstream URL %q: want http(s)://host", baseURL)
	}
	u.RawQuery, u.Fragment = "", ""
	c := &Client{newGen: NewCoalescer(),
		httpClient:  &http.Client{Transport: newTransport()},
		base:        strings.TrimSuffix(u.String(), "/"),
		userAgent:   "bssgraph",
		limiter:     NewWindowLimiter(1),
		retry:       DefaultRetryPolicy,
		callTimeout: 10 * time.Second,
		maxBody:     32 << 20,
		log:         zerolog.Nop(),
		observer:    nopObserver{},
		economy:     defaultEconomy(),
	}
	for _, opt := range opts {
		if err := opt(c); err != nil {
			return nil, err
		}
	}
	if c.signer != nil {
		hc := *c.httpClient
		hc.Transport = &SigningTransport{Signer: c.signer, Base: hc.Transport}
		c.httpClient = &hc
	}
	c.common.client = c
	c.Accounts = (*AccountsService)(&c.common)
	c.Bills = (*BillsService)(&c.common)
	c.Catalog = (*CatalogService)(&c.common)
	c.Costs = (*CostsService)(&c.common)
	c.Coupons = (*CouponsService)(&c.common)
	c.Enterprise = (*EnterpriseService)(&c.common)
	c.Invoices = (*InvoicesService)(&c.common)
	c.Orders = (*OrdersService)(&c.common)
	c.Packages = (*PackagesService)(&c.common)
	c.Partner = (*PartnerService)(&c.common)
	c.Pricing = (*PricingService)(&c.common)
	c.Resources = (*ResourcesService)(&c.common)
	return c, nil
}

// SignsRequests reports whether the client is in AK/SK mode.
func (c *Client) SignsRequests() bool { return c.signer != nil }

// BaseURL returns the upstream endpoint.
func (c *Client) BaseURL() string { return c.base }

// OutcomeUnknownError reports a mutation whose result is unknown: it may or
// may not have run upstream (a timeout, a dropped connection, a 5xx or an
// unreadable answer after the request was sent). It is never retried.
type OutcomeUnknownError struct {
	Operation string
	Err       error
}

func (e *OutcomeUnknownError) Error() string {
	return fmt.Sprintf("bss: %s: outcome unknown, the change may or may not have been made: %v", e.Operation, e.Err)
}

// Unwrap returns the failure that left the outcome unknown.
func (e *OutcomeUnknownError) Unwrap() error { return e.Err }

// Is makes the error match ErrOutcomeUnknown.
func (e *OutcomeUnknownError) Is(target error) bool { return target == ErrOutcomeUnknown }

// send makes one API call: it waits for a quota slot, sends the request (with
// the JSON body payload, when not nil) with the caller's credentials, decodes
// the answer into out, and retries within the policy. path is op.Path with
// its parameters filled in (op.Expand). Callers go through do (economy.go).
func (c *Client) send(ctx context.Context, op *Operation, path string, query url.Values, payload []byte, out any) error {
	caller := CallerFrom(ctx)
	if c.signer == nil && caller.Token == "" {
		return ErrNoCredential
	}
	cred := c.CredentialKey(ctx)
	stats := StatsFrom(ctx)
	var last error
	for attempt := 1; ; attempt++ {
		release, wait, err := c.limiter.Wait(ctx, cred, op)
		stats.addThrottle(wait)
		if wait > 0 {
			c.observer.ObserveThrottle(ctx, op, wait)
		}
		if err != nil {
			if last == nil {
				last = err
			}
			break
		}
		last = c.attempt(ctx, op, path, query, payload, out, caller, attempt)
		release()
		if last == nil {
			return nil
		}
		if attempt >= c.retry.MaxAttempts || !retryable(op, last) {
			break
		}
		d := c.retry.backoff(attempt, retryAfterOf(last))
		if dl, ok := ctx.Deadline(); ok && time.Now().Add(d).After(dl) {
			break
		}
		if sleep(ctx, d) != nil {
			break
		}
	}
	if op.Mutation && outcomeUnknown(last) {
		return &OutcomeUnknownError{Operation: op.Name, Err: last}
	}
	return last
}

func retryAfterOf(err error) time.Duration {
	var ue *Error
	if errors.As(err, &ue) {
		return time.Duration(ue.RetryAfter) * time.Second
	}
	return 0
}

// outcomeUnknown reports whether a failed mutation may have run upstream.
func outcomeUnknown(err error) bool {
	var ue *Error
	if errors.As(err, &ue) {
		// BSS answered: a 4xx (or a 2xx error code) is a definite refusal, a
		// gateway 429 never reached BSS, but a 5xx or an unreadable 2xx
		// leaves the change in doubt.
		return ue.HTTPStatus >= 500 || ue.undecodable != nil
	}
	var qe *QuotaError
	if errors.As(err, &qe) || errors.Is(err, ErrNoCredential) || errors.Is(err, errNotSent) {
		return false
	}
	return err != nil
}

// errNotSent marks failures that happened before any byte of the request
// could reach the upstream (a refused connection, a bad URL).
var errNotSent = errors.New("request not sent")

// attempt performs one HTTP exchange.
func (c *Client) attempt(ctx context.Context, op *Operation, path string, query url.Values, payload []byte, out any, caller Caller, n int) error {
	actx, cancel := context.WithTimeout(ctx, c.callTimeout)
	defer cancel()
	target := c.base + path
	if len(query) > 0 {
		target += "?" + canonicalQuery(query)
	}
	var body io.Reader = http.NoBody
	if payload != nil {
		body = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(actx, op.Method, target, body)
	if err != nil {
		return fmt.Errorf("building %s request: %w: %w", op.Name, err, errNotSent)
	}
	h := req.Header
	h.Set("Content-Type", "application/json") // mandatory on every call (Table 3-3)
	h.Set("Accept", "application/json")
	h.Set("User-Agent", c.userAgent)
	if c.signer == nil {
		h.Set("X-Auth-Token", caller.Token.Reveal())
		if op.SubjectToken {
			h.Set("X-Subject-Token", caller.Token.Reveal())
		}
	}
	if caller.Language != "" {
		h.Set("X-Language", caller.Language)
	}
	if caller.DomainID != "" {
		h.Set("X-Domain-Id", caller.DomainID)
	}
	if caller.RequestID != "" {
		h.Set("X-Request-Id", caller.RequestID)
	}
	if caller.TraceParent != "" {
		h.Set("Traceparent", caller.TraceParent)
	}

	start := time.Now()
	resp, err := c.httpClient.Do(req)
	info := CallInfo{Operation: op, Attempt: n}
	if err != nil {
		err = c.transportError(ctx, actx, op, err)
		info.Duration, info.Err = time.Since(start), err
		c.observe(ctx, info)
		return err
	}
	defer resp.Body.Close()
	if ra, ok := out.(*rawAnswer); ok {
		ra.setDate(resp.Header)
	}
	buf := bodyBuffers.Get().(*bytes.Buffer)
	buf.Reset()
	_, err = buf.ReadFrom(io.LimitReader(resp.Body, c.maxBody+1))
	raw := buf.Bytes()
	info.Duration, info.HTTPStatus = time.Since(start), resp.StatusCode
	if err == nil && int64(len(raw)) > c.maxBody {
		err = fmt.Errorf("%s: response larger than %d bytes: %w", op.Name, c.maxBody, ErrUnavailable)
	} else if err != nil {
		err = c.transportError(ctx, actx, op, err)
	}
	if err == nil {
		err = c.decode(op, req, resp, raw, out)
	}
	info.Err = err
	var ue *Error
	if errors.As(err, &ue) {
		info.Code = ue.Code
	}
	c.observe(ctx, info)
	if err == nil && buf.Cap() <= maxPooledBody {
		// Decoding copied what it kept. An error may keep the body
		// (Error.Body), so then the buffer is left to the collector.
		bodyBuffers.Put(buf)
	}
	return err
}

// bodyBuffers hold upstream answers while they are decoded: reading into a
// reused buffer replaces io.ReadAll's growing copies, the largest share of
// the client's allocations.
var bodyBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxPooledBody keeps the buffer of an unusually large answer (a page of
// 500 resources) out of the pool, so the pool holds no more memory than a
// busy gateway's ordinary answers need.
const maxPooledBody = 256 << 10

func (c *Client) decode(op *Operation, req *http.Request, resp *http.Response, raw []byte, out any) error {
	ue := answerError(resp, raw, out)
	if ue == nil {
		return nil
	}
	ue.Operation, ue.Method, ue.Path = op.Name, req.Method, req.URL.Path
	return ue
}

// answerError returns the error an answer carries, or decodes a successful
// answer into out and returns nil.
func answerError(resp *http.Response, raw []byte, out any) *Error {
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return parseError(resp.StatusCode, resp.Header, raw)
	}
	if ue := successError(resp.StatusCode, resp.Header, raw); ue != nil {
		return ue
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		return nil
	}
	if ra, ok := out.(*rawAnswer); ok {
		if err := ra.capture(raw); err != nil {
			return undecodableError(resp.StatusCode, resp.Header, raw, err)
		}
		return nil
	}
	if out == nil {
		// An API that answers no content: a body that is not even JSON
		// came from something other than BSS, and the call may not have run.
		if !json.Valid(raw) {
			return undecodableError(resp.StatusCode, resp.Header, raw, errors.New("the answer is not JSON"))
		}
		return nil
	}
	if err := json.Unmarshal(raw, out); err != nil {
		return undecodableError(resp.StatusCode, resp.Header, raw, err)
	}
	return nil
}

// transportError classifies an error from sending or reading.
func (c *Client) transportError(ctx, actx context.Context, op *Operation, err error) error {
	if ctx.Err() != nil {
		return fmt.Errorf("%s: %w", op.Name, ctx.Err())
	}
	if actx.Err() != nil {
		return fmt.Errorf("%s: %w after %s: %w", op.Name, errAttemptTimeout, c.callTimeout, ErrUnavailable)
	}
	var oe *net.OpError
	if errors.As(err, &oe) && oe.Op == "dial" {
		return fmt.Errorf("%s: connecting to upstream: %w: %w: %w", op.Name, err, ErrUnavailable, errNotSent)
	}
	return fmt.Errorf("%s: %w: %w", op.Name, err, ErrUnavailable)
}

// secrets are the credentials of a call, which the debug log must never
// repeat even when an upstream echoes them in a body.
func (c *Client) secrets(ctx context.Context) []string {
	out := []string{CallerFrom(ctx).Token.Reveal()}
	if c.signer != nil {
		out = append(out, c.signer.AccessKey, c.signer.SecretKey.Reveal())
	}
	return out
}

func (c *Client) observe(ctx context.Context, info CallInfo) {
	StatsFrom(ctx).addCall(info.Operation.Name)
	c.observer.ObserveCall(ctx, info)
	if e := c.log.Debug(); e.Enabled() {
		ev := e.Str("operation", info.Operation.Name).Int("attempt", info.Attempt).
			Int("status", info.HTTPStatus).Dur("duration", info.Duration)
		if rid := CallerFrom(ctx).RequestID; rid != "" {
			ev = ev.Str("request_id", rid)
		}
		var ue *Error
		if errors.As(info.Err, &ue) {
			ev = ev.Str("code", ue.Code).Str("bss_request_id", ue.RequestID).
				Str("body", redactBody(ue.Body, c.secrets(ctx)...))
			if ue.undecodable != nil {
				ev = ev.Str("decode_error", ue.undecodable.Error())
			}
		} else if info.Err != nil {
			ev = ev.Str("error", info.Err.Error())
		}
		ev.Msg("upstream call")
	}
}
