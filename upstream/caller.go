package upstream

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
)

// Caller is who a request is made for. The gateway builds one per GraphQL
// request from the caller's headers and puts it in the context; every
// upstream call reads it from there, so one Client serves all callers.
type Caller struct {
	// Token is the caller's IAM token, sent unchanged as X-Auth-Token. It is
	// empty in AK/SK mode, where the client signs with its own key.
	Token Secret
	// DomainID is the caller's account id (X-Domain-Id), needed in the path
	// of the two /v1.0/{domain_id}/ APIs.
	DomainID string
	// Language is zh_CN or en_US (X-Language); empty leaves BSS's default.
	Language string
	// RequestID is propagated upstream as X-Request-Id for correlation.
	RequestID string
	// TraceParent is a W3C traceparent header propagated upstream.
	TraceParent string

	tokenKey string // CredentialHash of Token, computed once by WithCaller
}

// Secret is a string that never prints: fmt, zerolog and errors show "***".
type Secret string

func (s Secret) String() string {
	if s == "" {
		return ""
	}
	return "***"
}

// MarshalText implements encoding.TextMarshaler so that JSON logs mask it too.
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Reveal returns the secret value, for the one place that sends it.
func (s Secret) Reveal() string { return string(s) }

type callerKey struct{}

// WithCaller returns a context that carries c for upstream calls.
func WithCaller(ctx context.Context, c Caller) context.Context {
	c.tokenKey = ""
	if c.Token != "" {
		// Once per request: every upstream call, limiter and cache key of
		// the request needs it, and a keyed hash costs microseconds.
		c.tokenKey = CredentialHash("token:" + c.Token.Reveal())
	}
	return context.WithValue(ctx, callerKey{}, c)
}

// CallerFrom returns the Caller in ctx (the zero Caller if none).
func CallerFrom(ctx context.Context) Caller {
	c, _ := ctx.Value(callerKey{}).(Caller)
	return c
}

// credentialKeySecret keys the credential hashes of this process, so a hash
// in a cache key or a metric cannot be reversed or matched across processes.
var credentialKeySecret = func() []byte {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic("reading random key: " + err.Error())
	}
	return b
}()

// CredentialHash returns a keyed hash of credential, short enough for map and
// cache keys. Equal credentials give equal hashes within one process.
func CredentialHash(credential string) string {
	m := hmac.New(sha256.New, credentialKeySecret)
	m.Write([]byte(credential))
	return hex.EncodeToString(m.Sum(nil)[:12])
}

// CredentialKey returns the keyed hash of the credential the client will use
// for ctx: the caller's token, or the client's access key in AK/SK mode. It
// partitions quota buckets and any cache that holds customer data.
func (c *Client) CredentialKey(ctx context.Context) string {
	if c.signer != nil {
		return c.signerKey
	}
	return CallerFrom(ctx).tokenKey
}
