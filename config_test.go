package main

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rs/zerolog"

	"bssgraph/graph"
	"bssgraph/upstream"
)

func envOf(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestLoadConfig_Defaults(t *testing.T) {
	t.Parallel()
	c, err := loadConfig(nil, envOf(nil), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	want := &config{
		Addr: ":8080", Replicas: 1, RedisTimeout: 100 * time.Millisecond, LogLevel: zerolog.InfoLevel, LogFormat: "json", UpstreamBudget: 200, Limits: graph.DefaultLimits,
		UpstreamTimeout: 10 * time.Second, RequestTimeout: 30 * time.Second, ShutdownTimeout: 20 * time.Second,
		QuotaScale: 1, SandboxAddr: "127.0.0.1:8081", MaxBodyBytes: 1 << 20, ParserTokenLimit: 15000, MaxConcurrent: 128, MaxQueued: 2048,
		QueryCacheSize: 1000, APQCacheSize: 1000, Introspection: true, GraphiQL: true,
		Sandbox:    sandboxConfig{Seed: 1, Orders: 2000, Resources: 5000, Months: 36, QuotaScale: 1},
		FinalCache: true,
		ShareReads: true, FinalCacheTTL: 24 * time.Hour, CacheMaxMB: 16,
	}
	if diff := cmp.Diff(want, c); diff != "" {
		t.Errorf("defaults (-want +got):\n%s", diff)
	}
}

func TestLoadConfig_EnvironmentAndFlags(t *testing.T) {
	t.Parallel()
	env := map[string]string{
		"BSSGRAPH_ADDR":               ":9000",
		"BSSGRAPH_UPSTREAM_URL":       "https://bss-intl.myhuaweicloud.com",
		"BSSGRAPH_ACCESS_KEY":         "AK",
		"BSSGRAPH_SECRET_KEY":         "SK",
		"BSSGRAPH_API_KEYS":           " k1, ,k2 ",
		"BSSGRAPH_LOG_LEVEL":          "debug",
		"BSSGRAPH_MAX_BODY_BYTES":     "2048",
		"BSSGRAPH_PARSER_TOKEN_LIMIT": "500",
		"BSSGRAPH_MAX_CONCURRENT":     "16",
		"BSSGRAPH_MAX_QUEUED":         "32",
		"BSSGRAPH_MAX_DEPTH":          "8",
		"BSSGRAPH_MAX_ALIASES":        "9",
		"BSSGRAPH_MAX_RESULT_NODES":   "10",
		"BSSGRAPH_MAX_RESPONSE_BYTES": "4096",
		"BSSGRAPH_INTROSPECTION":      "false",
		"BSSGRAPH_GRAPHIQL":           "0",
		"BSSGRAPH_CORS_ORIGINS":       "https://a.example, https://b.example/ ,",
		"BSSGRAPH_OTLP_ENDPOINT":      "http://collector:4318",
	}
	c, err := loadConfig([]string{"-addr", ":9001", "-graphiql=true"}, envOf(env), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != ":9001" {
		t.Errorf("Addr = %q, want the flag's :9001 over the environment", c.Addr)
	}
	if !c.GraphiQL || c.Introspection {
		t.Errorf("GraphiQL, Introspection = %v, %v; want true (flag), false (env)", c.GraphiQL, c.Introspection)
	}
	if diff := cmp.Diff([]upstream.Secret{"k1", "k2"}, c.APIKeys); diff != "" {
		t.Errorf("APIKeys (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"https://a.example", "https://b.example"}, c.CORSOrigins); diff != "" {
		t.Errorf("CORSOrigins (-want +got):\n%s", diff)
	}
	if want := (graph.Limits{MaxDepth: 8, MaxAliases: 9, MaxResultNodes: 10, MaxResponseBytes: 4096}); c.Limits != want {
		t.Errorf("Limits = %+v, want %+v", c.Limits, want)
	}
	if c.MaxBodyBytes != 2048 || c.ParserTokenLimit != 500 || c.MaxConcurrent != 16 || c.MaxQueued != 32 || c.LogLevel != zerolog.DebugLevel || c.OTLPEndpoint != "http://collector:4318" {
		t.Errorf("config = %+v", c)
	}
}

func TestLoadConfig_OTelEnvironment(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"} {
		c, err := loadConfig(nil, envOf(map[string]string{name: "http://c:4318"}), io.Discard)
		if err != nil || !c.OTelFromEnv {
			t.Errorf("%s set: OTelFromEnv = %v (%v), want true", name, c != nil && c.OTelFromEnv, err)
		}
	}
}

func TestLoadConfig_Invalid(t *testing.T) {
	t.Parallel()
	tests := []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"BSSGRAPH_LOG_LEVEL": "trace"}, "BSSGRAPH_LOG_LEVEL"},
		{map[string]string{"BSSGRAPH_LOG_FORMAT": "xml"}, "BSSGRAPH_LOG_FORMAT"},
		{map[string]string{"BSSGRAPH_REQUEST_TIMEOUT": "30"}, "BSSGRAPH_REQUEST_TIMEOUT"},
		{map[string]string{"BSSGRAPH_UPSTREAM_BUDGET": "0"}, "BSSGRAPH_UPSTREAM_BUDGET"},
		{map[string]string{"BSSGRAPH_MAX_BODY_BYTES": "-1"}, "BSSGRAPH_MAX_BODY_BYTES"},
		{map[string]string{"BSSGRAPH_PARSER_TOKEN_LIMIT": "many"}, "BSSGRAPH_PARSER_TOKEN_LIMIT"},
		{map[string]string{"BSSGRAPH_MAX_CONCURRENT": "0"}, "BSSGRAPH_MAX_CONCURRENT"},
		{map[string]string{"BSSGRAPH_GRAPHIQL": "yes please"}, "BSSGRAPH_GRAPHIQL"},
		{map[string]string{"BSSGRAPH_FINAL_CACHE": "maybe"}, "BSSGRAPH_FINAL_CACHE"},
		{map[string]string{"BSSGRAPH_READ_CACHE_TTL": "-5s"}, "BSSGRAPH_READ_CACHE_TTL"},
		{map[string]string{"BSSGRAPH_CACHE_MAX_MB": "0"}, "BSSGRAPH_CACHE_MAX_MB"},
		{map[string]string{"BSSGRAPH_ACCESS_KEY": "AK"}, "BSSGRAPH_SECRET_KEY"},
		{map[string]string{"BSSGRAPH_ACCESS_KEY": "AK", "BSSGRAPH_SECRET_KEY": "SK"}, "BSSGRAPH_API_KEYS"},
	}
	for _, tt := range tests {
		_, err := loadConfig(nil, envOf(tt.env), io.Discard)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("loadConfig(%v) = %v, want an error naming %s", tt.env, err, tt.want)
		}
	}
}

func TestConfig_LogMasksSecrets(t *testing.T) {
	t.Parallel()
	env := map[string]string{"BSSGRAPH_ACCESS_KEY": "AK", "BSSGRAPH_SECRET_KEY": "sk-5ecret", "BSSGRAPH_API_KEYS": "key-5ecret", "BSSGRAPH_REDIS_URL": "redis://:pw-5ecret@r:6379"}
	c, err := loadConfig(nil, envOf(env), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	log := zerolog.New(&b)
	log.Info().Object("config", c).Msg("starting")
	if strings.Contains(b.String(), "5ecret") {
		t.Errorf("config log line shows a secret: %s", b.String())
	}
	if !strings.Contains(b.String(), `"aksk_mode":true`) {
		t.Errorf("config log line lacks the AK/SK mode: %s", b.String())
	}
}

func TestLoadConfig_SandboxSettings(t *testing.T) {
	t.Parallel()
	c, err := loadConfig([]string{"-sandbox-orders", "50"}, envOf(map[string]string{
		"BSSGRAPH_SANDBOX_SEED": "7", "BSSGRAPH_SANDBOX_RESOURCES": "120", "BSSGRAPH_SANDBOX_QUOTA_SCALE": "-1",
		"BSSGRAPH_SANDBOX_LATENCY": "25ms", "BSSGRAPH_IAM_URL": "https://iam.example",
	}), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	want := sandboxConfig{Seed: 7, Orders: 50, Resources: 120, Months: 36, QuotaScale: -1, Latency: 25 * time.Millisecond}
	if diff := cmp.Diff(want, c.Sandbox); diff != "" || c.IAMURL != "https://iam.example" {
		t.Errorf("sandbox settings (-want +got):\n%s (IAM %q)", diff, c.IAMURL)
	}
	for _, bad := range []map[string]string{{"BSSGRAPH_SANDBOX_ORDERS": "0"}, {"BSSGRAPH_SANDBOX_LATENCY": "-1s"}, {"BSSGRAPH_SANDBOX_QUOTA_SCALE": "0"}} {
		if _, err := loadConfig(nil, envOf(bad), io.Discard); err == nil {
			t.Errorf("loadConfig(%v) succeeded, want an error", bad)
		}
	}
}

// The cache settings reach the upstream client: the final-state cache
// switches off, the read cache switches on.
func TestLoadConfig_Economy(t *testing.T) {
	t.Parallel()
	c, err := loadConfig(nil, envOf(nil), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if o := c.economy(); o.FinalTTL != 24*time.Hour || o.ReadTTL != 0 || o.MaxBytes != 16<<20 || o.Unshared {
		t.Errorf("default economy = %+v, want the final-state cache for 24h, no read cache, reads shared", o)
	}
	c, err = loadConfig([]string{"-read-cache-ttl", "5s"}, envOf(map[string]string{"BSSGRAPH_FINAL_CACHE": "false", "BSSGRAPH_CACHE_MAX_MB": "8", "BSSGRAPH_SHARE_READS": "false"}), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if o := c.economy(); o.FinalTTL != 0 || o.ReadTTL != 5*time.Second || o.MaxBytes != 8<<20 || !o.Unshared {
		t.Errorf("economy = %+v, want no final-state cache, a 5s read cache, 8 MiB, reads not shared", o)
	}
}
