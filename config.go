package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/rs/zerolog"

	"bssgraph/graph"
	"bssgraph/internal/defaults"
	"bssgraph/upstream"
	"bssgraph/upstream/sandbox"
)

// config is every setting of the gateway. Each field has a flag and a
// BSSGRAPH_* environment variable (DESIGN §5); a flag wins over the
// environment, and the defaults are visible in one place: loadConfig.
type config struct {
	Addr            string
	UpstreamURL     string // empty: start the embedded sandbox
	AccessKey       string
	SecretKey       upstream.Secret
	APIKeys         []upstream.Secret
	RedisURL        string
	Replicas        int // expected replicas: each takes quota ÷ Replicas while Redis is down
	RedisTimeout    time.Duration
	LogLevel        zerolog.Level
	LogFormat       string // json or console
	UpstreamBudget  int
	Limits          graph.Limits // depth, aliases, result objects and response bytes of one operation
	UpstreamTimeout time.Duration
	RequestTimeout  time.Duration
	ShutdownTimeout time.Duration
	QuotaScale      float64 // multiplies the documented quotas; <0 disables the client-side limiter
	SandboxAddr     string  // listen address of `bssgraph sandbox`
	Sandbox         sandboxConfig
	IAMURL          string // IAM endpoint that finds a token's account id; empty with the sandbox: the sandbox's
	FinalCache      bool   // keep answers BSS never changes (upstream/cache_final.go)
	ShareReads      bool   // identical reads of one credential share calls across requests
	FinalCacheTTL   time.Duration
	ReadCacheTTL    time.Duration // 0: read cache off
	CacheMaxMB      int

	MaxBodyBytes     int64
	MaxConcurrent    int // GraphQL requests executing at once
	MaxQueued        int // requests waiting for a slot beyond MaxConcurrent
	ParserTokenLimit int
	QueryCacheSize   int
	APQCacheSize     int
	Introspection    bool
	GraphiQL         bool
	CORSOrigins      []string
	OTLPEndpoint     string // BSSGRAPH_OTLP_ENDPOINT
	OTelFromEnv      bool   // OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT is set
	DebugAddr        string // pprof listener; empty: none
}

// sandboxConfig sizes and tunes the embedded or standalone sandbox.
type sandboxConfig struct {
	Seed       int
	Orders     int
	Resources  int
	Months     int
	QuotaScale float64 // 0: documented quotas; negative: none (load tests)
	Latency    time.Duration
}

// setting binds one flag to its environment variable.
type setting struct {
	flag, env, def, usage string
	set                   func(c *config, v string) error
}

func settings() []setting {
	str := func(p func(*config) *string) func(*config, string) error {
		return func(c *config, v string) error { *p(c) = v; return nil }
	}
	dur := func(p func(*config) *time.Duration) func(*config, string) error {
		return func(c *config, v string) error {
			d, err := time.ParseDuration(v)
			if err != nil || d <= 0 {
				return fmt.Errorf("want a positive Go duration such as 10s, got %q", v)
			}
			*p(c) = d
			return nil
		}
	}
	// nonNegative is dur for settings where 0 means "none"; hint is the
	// example the error gives.
	nonNegative := func(hint string, p func(*config) *time.Duration) func(*config, string) error {
		return func(c *config, v string) error {
			d, err := time.ParseDuration(v)
			if err != nil || d < 0 {
				return fmt.Errorf("want a Go duration such as %s, got %q", hint, v)
			}
			*p(c) = d
			return nil
		}
	}
	positive := func(p func(*config) *int) func(*config, string) error {
		return func(c *config, v string) error {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 {
				return fmt.Errorf("want a positive integer, got %q", v)
			}
			*p(c) = n
			return nil
		}
	}
	bytes := func(p func(*config) *int64) func(*config, string) error {
		return func(c *config, v string) error {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil || n < 1 {
				return fmt.Errorf("want a positive number of bytes, got %q", v)
			}
			*p(c) = n
			return nil
		}
	}
	boolean := func(p func(*config) *bool) func(*config, string) error {
		return func(c *config, v string) error {
			b, err := strconv.ParseBool(v)
			if err != nil {
				return fmt.Errorf("want true or false, got %q", v)
			}
			*p(c) = b
			return nil
		}
	}
	return []setting{
		{"addr", "BSSGRAPH_ADDR", ":8080", "listen address", str(func(c *config) *string { return &c.Addr })},
		{"upstream-url", "BSSGRAPH_UPSTREAM_URL", "", "BSS base URL, e.g. https://bss-intl.myhuaweicloud.com; empty starts the embedded sandbox", str(func(c *config) *string { return &c.UpstreamURL })},
		{"access-key", "BSSGRAPH_ACCESS_KEY", "", "AK for AK/SK mode (requests signed by the gateway)", str(func(c *config) *string { return &c.AccessKey })},
		{"secret-key", "BSSGRAPH_SECRET_KEY", "", "SK for AK/SK mode", func(c *config, v string) error { c.SecretKey = upstream.Secret(v); return nil }},
		{"api-keys", "BSSGRAPH_API_KEYS", "", "comma-separated gateway API keys callers send as X-Api-Key in AK/SK mode", func(c *config, v string) error {
			c.APIKeys = nil
			for _, k := range strings.Split(v, ",") {
				if k = strings.TrimSpace(k); k != "" {
					c.APIKeys = append(c.APIKeys, upstream.Secret(k))
				}
			}
			return nil
		}},
		{"redis-url", "BSSGRAPH_REDIS_URL", "", "Redis for state shared by replicas (unset: in memory)", str(func(c *config) *string { return &c.RedisURL })},
		{"replicas", "BSSGRAPH_REPLICAS", "1", "how many gateway replicas share the upstream quotas; while Redis is unreachable each replica limits itself to quota ÷ replicas", positive(func(c *config) *int { return &c.Replicas })},
		{"redis-timeout", "BSSGRAPH_REDIS_TIMEOUT", "100ms", "bound of one Redis command; a slower or failed one switches this replica to local quotas and caches until Redis answers again", dur(func(c *config) *time.Duration { return &c.RedisTimeout })},
		{"log-level", "BSSGRAPH_LOG_LEVEL", "info", "debug, info or warn", func(c *config, v string) error {
			switch v {
			case "debug", "info", "warn", "error":
				l, _ := zerolog.ParseLevel(v)
				c.LogLevel = l
				return nil
			}
			return fmt.Errorf("want debug, info, warn or error, got %q", v)
		}},
		{"log-format", "BSSGRAPH_LOG_FORMAT", "json", "json or console", func(c *config, v string) error {
			if v != "json" && v != "console" {
				return fmt.Errorf("want json or console, got %q", v)
			}
			c.LogFormat = v
			return nil
		}},
		{"upstream-budget", "BSSGRAPH_UPSTREAM_BUDGET", strconv.Itoa(defaults.UpstreamBudget), "most upstream calls one GraphQL operation may cost", positive(func(c *config) *int { return &c.UpstreamBudget })},
		{"max-depth", "BSSGRAPH_MAX_DEPTH", strconv.Itoa(defaults.MaxDepth), "deepest field nesting one operation may have, fragments expanded", positive(func(c *config) *int { return &c.Limits.MaxDepth })},
		{"max-aliases", "BSSGRAPH_MAX_ALIASES", strconv.Itoa(defaults.MaxAliases), "most aliased or repeated fields one operation may select, fragments expanded", positive(func(c *config) *int { return &c.Limits.MaxAliases })},
		{"max-result-nodes", "BSSGRAPH_MAX_RESULT_NODES", strconv.Itoa(defaults.MaxResultNodes), "most objects one operation's answer may be estimated to hold (from first, list sizes and nesting)", positive(func(c *config) *int { return &c.Limits.MaxResultNodes })},
		{"max-response-bytes", "BSSGRAPH_MAX_RESPONSE_BYTES", strconv.Itoa(defaults.MaxResponseBytes), "largest response data; resolution stops and the response ends with LIMIT_EXCEEDED past it", bytes(func(c *config) *int64 { return &c.Limits.MaxResponseBytes })},
		{"upstream-timeout", "BSSGRAPH_UPSTREAM_TIMEOUT", "10s", "deadline of one upstream call", dur(func(c *config) *time.Duration { return &c.UpstreamTimeout })},
		{"request-timeout", "BSSGRAPH_REQUEST_TIMEOUT", defaults.RequestTimeout.String(), "deadline of one GraphQL request", dur(func(c *config) *time.Duration { return &c.RequestTimeout })},
		{"shutdown-timeout", "BSSGRAPH_SHUTDOWN_TIMEOUT", "20s", "how long a graceful shutdown waits for requests in flight", dur(func(c *config) *time.Duration { return &c.ShutdownTimeout })},
		{"quota-scale", "BSSGRAPH_QUOTA_SCALE", "1", "multiplies the documented upstream quotas; negative disables the client-side limiter (load tests against the sandbox only)", nonZero(func(c *config) *float64 { return &c.QuotaScale })},
		// The standalone sandbox's control endpoint (/_sandbox/) has no
		// authentication, so it listens on loopback unless told otherwise.
		{"sandbox-addr", "BSSGRAPH_SANDBOX_ADDR", "127.0.0.1:8081", "listen address of the standalone sandbox (bssgraph sandbox)", str(func(c *config) *string { return &c.SandboxAddr })},
		{"sandbox-seed", "BSSGRAPH_SANDBOX_SEED", "1", "seed of the sandbox's generated data", positive(func(c *config) *int { return &c.Sandbox.Seed })},
		{"sandbox-orders", "BSSGRAPH_SANDBOX_ORDERS", "2000", "orders per sandbox customer account", positive(func(c *config) *int { return &c.Sandbox.Orders })},
		{"sandbox-resources", "BSSGRAPH_SANDBOX_RESOURCES", "5000", "yearly/monthly resources per sandbox customer account", positive(func(c *config) *int { return &c.Sandbox.Resources })},
		{"sandbox-months", "BSSGRAPH_SANDBOX_MONTHS", "36", "months of sandbox bills", positive(func(c *config) *int { return &c.Sandbox.Months })},
		{"sandbox-quota-scale", "BSSGRAPH_SANDBOX_QUOTA_SCALE", "1", "multiplies the quotas the sandbox enforces; negative disables them (load tests)", nonZero(func(c *config) *float64 { return &c.Sandbox.QuotaScale })},
		{"sandbox-latency", "BSSGRAPH_SANDBOX_LATENCY", "0s", "latency the sandbox adds to every answer, to feel a real network", nonNegative("50ms", func(c *config) *time.Duration { return &c.Sandbox.Latency })},
		{"iam-url", "BSSGRAPH_IAM_URL", "", "IAM endpoint (e.g. https://iam.myhuaweicloud.com) that finds a caller's account id from its token when X-Domain-Id is absent; the embedded sandbox serves one itself", str(func(c *config) *string { return &c.IAMURL })},
		{"final-cache", "BSSGRAPH_FINAL_CACHE", "true", "keep, per credential, upstream answers BSS never changes (final orders, closed months); false turns it off", boolean(func(c *config) *bool { return &c.FinalCache })},
		{"share-reads", "BSSGRAPH_SHARE_READS", "true", "let concurrent and overlapping requests of one credential share identical upstream reads; false: every request makes its own calls", boolean(func(c *config) *bool { return &c.ShareReads })},
		{"final-cache-ttl", "BSSGRAPH_FINAL_CACHE_TTL", "24h", "how long the final-state cache keeps an answer", dur(func(c *config) *time.Duration { return &c.FinalCacheTTL })},
		{"read-cache-ttl", "BSSGRAPH_READ_CACHE_TTL", "0s", "keep every other upstream read, per credential, this long (0: off); answers may then be this stale", nonNegative("5s, or 0s for off", func(c *config) *time.Duration { return &c.ReadCacheTTL })},
		{"cache-max-mb", "BSSGRAPH_CACHE_MAX_MB", "16", "memory bound of the final-state and read caches together, in MiB", positive(func(c *config) *int { return &c.CacheMaxMB })},
		{"max-concurrent", "BSSGRAPH_MAX_CONCURRENT", strconv.Itoa(defaults.MaxConcurrent), "most GraphQL requests executing at once (memory grows with them); more wait in a queue", positive(func(c *config) *int { return &c.MaxConcurrent })},
		{"max-queued", "BSSGRAPH_MAX_QUEUED", strconv.Itoa(defaults.MaxQueued), "most requests waiting for a slot, each until its deadline; beyond it requests get 503 THROTTLED with Retry-After", positive(func(c *config) *int { return &c.MaxQueued })},
		{"max-body-bytes", "BSSGRAPH_MAX_BODY_BYTES", strconv.Itoa(defaults.MaxBodyBytes), "largest accepted POST body; larger requests get 413", bytes(func(c *config) *int64 { return &c.MaxBodyBytes })},
		{"parser-token-limit", "BSSGRAPH_PARSER_TOKEN_LIMIT", strconv.Itoa(defaults.ParserTokenLimit), "most tokens one GraphQL document may have", positive(func(c *config) *int { return &c.ParserTokenLimit })},
		{"query-cache-size", "BSSGRAPH_QUERY_CACHE_SIZE", strconv.Itoa(defaults.QueryCacheSize), "parsed and validated documents kept (LRU)", positive(func(c *config) *int { return &c.QueryCacheSize })},
		{"apq-cache-size", "BSSGRAPH_APQ_CACHE_SIZE", strconv.Itoa(defaults.APQCacheSize), "automatic persisted queries kept (LRU)", positive(func(c *config) *int { return &c.APQCacheSize })},
		{"introspection", "BSSGRAPH_INTROSPECTION", "true", "allow schema introspection (__schema, __type)", boolean(func(c *config) *bool { return &c.Introspection })},
		{"graphiql", "BSSGRAPH_GRAPHIQL", "true", "serve the GraphiQL IDE at /", boolean(func(c *config) *bool { return &c.GraphiQL })},
		{"cors-origins", "BSSGRAPH_CORS_ORIGINS", "", "comma-separated browser origins allowed to call /graphql cross-site; * allows any", func(c *config, v string) error {
			c.CORSOrigins = nil
			for _, o := range strings.Split(v, ",") {
				if o = strings.TrimSuffix(strings.TrimSpace(o), "/"); o != "" {
					c.CORSOrigins = append(c.CORSOrigins, o)
				}
			}
			return nil
		}},
		// pprof shows stacks, heap contents and command lines, so it is off
		// unless asked for and binds to loopback when no host is given.
		{"debug-addr", "BSSGRAPH_DEBUG_ADDR", "", "listen address of the pprof endpoint (/debug/pprof/), e.g. 127.0.0.1:6060; a bare :port binds to loopback; unset: off", setDebugAddr},
		{"otlp-endpoint", "BSSGRAPH_OTLP_ENDPOINT", "", "OTLP/HTTP collector base URL for traces, e.g. http://otel-collector:4318 (unset: OTEL_EXPORTER_OTLP_ENDPOINT, else no tracing)", str(func(c *config) *string { return &c.OTLPEndpoint })},
	}
}

// nonZero sets a float setting that must not be 0.
func nonZero(p func(*config) *float64) func(*config, string) error {
	return func(c *config, v string) error {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || f == 0 {
			return fmt.Errorf("want a non-zero number, got %q", v)
		}
		*p(c) = f
		return nil
	}
}

// setDebugAddr sets the pprof address: a bare :port binds to loopback.
func setDebugAddr(c *config, v string) error {
	if v == "" {
		c.DebugAddr = ""
		return nil
	}
	host, port, err := net.SplitHostPort(v)
	if err != nil || port == "" {
		return fmt.Errorf("want host:port such as 127.0.0.1:6060, got %q", v)
	}
	if host == "" {
		host = "127.0.0.1"
	}
	c.DebugAddr = net.JoinHostPort(host, port)
	return nil
}

// sandboxOptions are the sandbox's options from the configuration.
func (c *config) sandboxOptions(log zerolog.Logger) sandbox.Options {
	return sandbox.Options{
		Log:        log,
		Seed:       int64(c.Sandbox.Seed),
		Sizes:      sandbox.Sizes{Orders: c.Sandbox.Orders, Resources: c.Sandbox.Resources, Months: c.Sandbox.Months},
		QuotaScale: c.Sandbox.QuotaScale,
		Faults:     sandbox.Faults{Latency: c.Sandbox.Latency},
	}
}

// economy is the upstream client's cache configuration.
func (c *config) economy() upstream.EconomyOptions {
	o := upstream.EconomyOptions{ReadTTL: c.ReadCacheTTL, MaxBytes: c.CacheMaxMB << 20, Unshared: !c.ShareReads}
	if c.FinalCache {
		o.FinalTTL = c.FinalCacheTTL
	}
	return o
}

// loadConfig reads the environment, then args (flags override variables).
func loadConfig(args []string, getenv func(string) string, usage io.Writer) (*config, error) {
	c := &config{}
	fs := flag.NewFlagSet("bssgraph", flag.ContinueOnError)
	fs.SetOutput(usage)
	var errs []error
	for _, s := range settings() {
		v := s.def
		if e := getenv(s.env); e != "" {
			v = e
		}
		if err := s.set(c, v); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", s.env, err))
		}
		fs.Func(s.flag, fmt.Sprintf("%s (env %s, default %q)", s.usage, s.env, s.def), func(v string) error { return s.set(c, v) })
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	// The exporter reads the standard variables itself; the gateway only
	// needs to know whether to create it.
	c.OTelFromEnv = getenv("OTEL_EXPORTER_OTLP_ENDPOINT") != "" || getenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") != ""
	if (c.AccessKey == "") != (c.SecretKey == "") {
		return nil, errors.New("AK/SK mode needs both BSSGRAPH_ACCESS_KEY and BSSGRAPH_SECRET_KEY")
	}
	if c.AccessKey != "" && len(c.APIKeys) == 0 {
		// AK/SK mode signs with the gateway's own key, so an open gateway
		// would hand that account to anyone who can reach it (DESIGN §3.1).
		return nil, errors.New("AK/SK mode needs BSSGRAPH_API_KEYS: the gateway is never open in AK/SK mode")
	}
	return c, nil
}

// MarshalZerologObject logs the configuration with every secret masked.
func (c *config) MarshalZerologObject(e *zerolog.Event) {
	e.Str("addr", c.Addr).Str("upstream_url", c.UpstreamURL).
		Bool("aksk_mode", c.AccessKey != "").Int("api_keys", len(c.APIKeys)).
		Bool("redis", c.RedisURL != "").Int("replicas", c.Replicas).Str("log_level", c.LogLevel.String()).
		Int("upstream_budget", c.UpstreamBudget).Int("max_depth", c.Limits.MaxDepth).Int("max_aliases", c.Limits.MaxAliases).
		Int("max_result_nodes", c.Limits.MaxResultNodes).Int64("max_response_bytes", c.Limits.MaxResponseBytes).Dur("upstream_timeout", c.UpstreamTimeout).
		Dur("request_timeout", c.RequestTimeout).Float64("quota_scale", c.QuotaScale).
		Int64("max_body_bytes", c.MaxBodyBytes).Int("parser_token_limit", c.ParserTokenLimit).
		Bool("final_cache", c.FinalCache).Bool("share_reads", c.ShareReads).Dur("read_cache_ttl", c.ReadCacheTTL).
		Int("max_concurrent", c.MaxConcurrent).Int("max_queued", c.MaxQueued).
		Bool("introspection", c.Introspection).Bool("graphiql", c.GraphiQL).
		Strs("cors_origins", c.CORSOrigins).Bool("tracing", c.OTLPEndpoint != "" || c.OTelFromEnv).
		Str("debug_addr", c.DebugAddr)
}
