// Package defaults holds the default of each setting that more than one
// package applies: config.go prints them in -help and README's table,
// and gateway.Handler and graph.Configure use them for a zero option.
package defaults

import "time"

const (
	RequestTimeout   = 30 * time.Second // BSSGRAPH_REQUEST_TIMEOUT
	MaxBodyBytes     = 1 << 20          // BSSGRAPH_MAX_BODY_BYTES
	MaxConcurrent    = 128              // BSSGRAPH_MAX_CONCURRENT
	MaxQueued        = 2048             // BSSGRAPH_MAX_QUEUED
	ParserTokenLimit = 15000            // BSSGRAPH_PARSER_TOKEN_LIMIT
	QueryCacheSize   = 1000             // BSSGRAPH_QUERY_CACHE_SIZE
	APQCacheSize     = 1000             // BSSGRAPH_APQ_CACHE_SIZE
	UpstreamBudget   = 200              // BSSGRAPH_UPSTREAM_BUDGET
	MaxDepth         = 15               // BSSGRAPH_MAX_DEPTH
	MaxAliases       = 100              // BSSGRAPH_MAX_ALIASES
	MaxResultNodes   = 50_000           // BSSGRAPH_MAX_RESULT_NODES
	MaxResponseBytes = 16 << 20         // BSSGRAPH_MAX_RESPONSE_BYTES
)

// Fill sets *p to def when *p is zero or negative: a zero option means
// its default.
func Fill[T int | int64 | time.Duration](p *T, def T) {
	if *p <= 0 {
		*p = def
	}
}
