package upstream

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"
)

// IAM finds the account (domain) id behind a caller's token with IAM's
// "Validating a Token" API (GET /v3/auth/tokens), for the two BSS APIs that
// need the account id in their path. Its calls take the BSS client's path
// (limiter, retries, metrics, extensions.upstream); answers are cached per
// credential.
type IAM struct {
	client *Client
	err    error // from building the client
	ttl    time.Duration

	mu    sync.Mutex
	cache map[string]iamEntry
}

type iamEntry struct {
	domainID string
	expires  time.Time
}

// OpKeystoneValidateToken is IAM's token validation. It is not a BSS API, so
// it is not in Operations(); IAM documents no quota, 10/s is ample with the
// answers cached.
var OpKeystoneValidateToken = &Operation{Name: "KeystoneValidateToken", Method: "GET", Path: "/v3/auth/tokens", Quota: 10, SubjectToken: true, Section: "IAM"}

// NewIAM returns an IAM client of its own for the endpoint at baseURL, e.g.
// https://iam.myhuaweicloud.com. The gateway uses Client.IAM instead, so
// IAM calls share the BSS client's limiter, observer and counters.
func NewIAM(baseURL string, hc *http.Client) *IAM {
	opts := []Option{}
	if hc != nil {
		opts = append(opts, WithHTTPClient(hc))
	}
	c, err := NewClient(baseURL, opts...)
	return &IAM{client: c, err: err, ttl: 10 * time.Minute, cache: make(map[string]iamEntry)}
}

// IAM returns an IAM client for the endpoint at baseURL whose calls go
// through c's path: the same limiter, retries, observer and per-request
// counters as BSS calls.
func (c *Client) IAM(baseURL string) *IAM {
	d := *c
	d.base = strings.TrimSuffix(baseURL, "/")
	d.signer = nil // IAM validates the caller's token; it is never used in AK/SK mode
	return &IAM{client: &d, ttl: 10 * time.Minute, cache: make(map[string]iamEntry)}
}

// DomainID returns the account id of the caller in ctx.
func (c *IAM) DomainID(ctx context.Context) (string, error) {
	if c.err != nil {
		return "", c.err
	}
	caller := CallerFrom(ctx)
	if caller.Token == "" {
		return "", ErrNoCredential
	}
	key := caller.tokenKey // the token's keyed hash, made once by WithCaller
	c.mu.Lock()
	e, ok := c.cache[key]
	c.mu.Unlock()
	if ok && time.Now().Before(e.expires) {
		return e.domainID, nil
	}
	// Concurrent look-ups share one IAM call through the client's own
	// economy: the request memo within a request, the coalescer across
	// requests (which, unlike a bare singleflight, retries for a follower
	// whose leader gave up).
	return c.validate(ctx, key)
}

// validate asks IAM for the account of the caller's token and caches the
// answer under key.
func (c *IAM) validate(ctx context.Context, key string) (string, error) {
	var v struct {
		Token struct {
			User struct {
				Domain struct {
					ID string `json:"id"`
				} `json:"domain"`
			} `json:"user"`
		} `json:"token"`
	}
	// A token may validate itself: it is both the credential and the subject.
	if err := c.client.do(ctx, OpKeystoneValidateToken, OpKeystoneValidateToken.Path, nil, nil, &v); err != nil {
		return "", err
	}
	if v.Token.User.Domain.ID == "" {
		return "", fmt.Errorf("IAM token answer without a domain id: %w", ErrUnavailable)
	}
	c.mu.Lock()
	if len(c.cache) > 10000 {
		c.cache = make(map[string]iamEntry) // bounded: tokens churn
	}
	c.cache[key] = iamEntry{domainID: v.Token.User.Domain.ID, expires: time.Now().Add(c.ttl)}
	c.mu.Unlock()
	return v.Token.User.Domain.ID, nil
}
