package upstream

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"
)

// IAM finds the account (domain) id behind a caller's token with IAM's
// "Validating a Token" API (GET /v3/auth/tokens), for the two BSS APIs that
// need the account id in their path. Answers are cached per credential.
type IAM struct {
	base       string
	httpClient *http.Client
	ttl        time.Duration

	mu    sync.Mutex
	cache map[string]iamEntry
	// calls makes concurrent look-ups of one credential (the fields of one
	// request, on a cold cache) share one IAM call; the key is that
	// credential's hash, so no two credentials ever share an answer.
	calls singleflight.Group
}

type iamEntry struct {
	domainID string
	expires  time.Time
}

// NewIAM returns an IAM client for the endpoint at baseURL, e.g.
// https://iam.myhuaweicloud.com, or the embedded sandbox.
func NewIAM(baseURL string, hc *http.Client) *IAM {
	if hc == nil {
		hc = &http.Client{Timeout: 10 * time.Second}
	}
	return &IAM{base: strings.TrimSuffix(baseURL, "/"), httpClient: hc, ttl: 10 * time.Minute, cache: make(map[string]iamEntry)}
}

// DomainID returns the account id of the caller in ctx.
func (c *IAM) DomainID(ctx context.Context) (string, error) {
	tok := CallerFrom(ctx).Token
	if tok == "" {
		return "", ErrNoCredential
	}
	key := CredentialHash("token:" + tok.Reveal())
	c.mu.Lock()
	e, ok := c.cache[key]
	c.mu.Unlock()
	if ok && time.Now().Before(e.expires) {
		return e.domainID, nil
	}
	id, err, _ := c.calls.Do(key, func() (any, error) { return c.validate(ctx, key, tok) })
	if err != nil {
		return "", err
	}
	return id.(string), nil
}

// validate asks IAM for the account of token tok and caches the answer
// under key.
func (c *IAM) validate(ctx context.Context, key string, tok Secret) (string, error) {
	req, err := http.NewRequestWithContext(ctx, "GET", c.base+"/v3/auth/tokens", nil)
	if err != nil {
		return "", fmt.Errorf("building IAM request: %w", err)
	}
	// A token may validate itself: it is both the credential and the subject.
	req.Header.Set("X-Auth-Token", tok.Reveal())
	req.Header.Set("X-Subject-Token", tok.Reveal())
	resp, err := c.httpClient.Do(req)
	if err != nil {
		return "", fmt.Errorf("validating token with IAM: %w: %w", err, ErrUnavailable)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode != http.StatusOK {
		e := parseError(resp.StatusCode, resp.Header, body)
		e.Operation, e.Method, e.Path = "KeystoneValidateToken", "GET", "/v3/auth/tokens"
		return "", e
	}
	var v struct {
		Token struct {
			User struct {
				Domain struct {
					ID string `json:"id"`
				} `json:"domain"`
			} `json:"user"`
		} `json:"token"`
	}
	if err := json.Unmarshal(body, &v); err != nil || v.Token.User.Domain.ID == "" {
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
