package upstream

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"
)

// Upstream economy (issue F9): a read is made once per GraphQL request
// (WithRequestMemo), identical reads in flight share one call (Coalescer),
// and so do overlapping requests: a request may use the answer of a call
// that began after the request itself began, which is as fresh as a call
// of its own would be. Answers BSS can never change are kept per credential
// (the final-state cache, cache_final.go), and other answers optionally for
// a short TTL (the read cache). Mutations bypass all of it, and each one
// invalidates every kept answer of its credential.

// EconomyOptions configures the caches of WithEconomy.
type EconomyOptions struct {
	// Store keeps answers and the per-credential generations that
	// invalidate them. Nil: an in-memory store of MaxBytes.
	Store    Store
	MaxBytes int // size of the in-memory store; 0: 64 MiB
	// FinalTTL keeps answers in a final state (cache_final.go); 0 turns
	// the final-state cache off.
	FinalTTL time.Duration
	// ReadTTL keeps every other read; 0 (the default) turns it off.
	ReadTTL time.Duration
	// Coalescer shares identical reads in flight; nil: in memory.
	Coalescer Coalescer
	// Unshared turns off sharing between requests: no coalescing of reads
	// in flight and no use of another request's answer. Each request then
	// makes its own calls (still each read once, and the caches above
	// still apply). For measuring the gateway's cost per upstream call,
	// and for operators who want every request to reach BSS.
	Unshared bool
}

type economy struct {
	store    Store
	finalTTL time.Duration
	readTTL  time.Duration
	flights  Coalescer
	unshared bool
}

// shareFor is how long an answer stays available to the requests that
// began before its call did: about the longest a request runs.
const shareFor = 30 * time.Second

// defaultEconomy shares reads between overlapping requests but keeps
// nothing beyond them.
func defaultEconomy() economy {
	return economy{store: NewMemoryStore(4 << 20), flights: NewCoalescer()}
}

// WithEconomy turns on the final-state and read caches.
func WithEconomy(o EconomyOptions) Option {
	return func(c *Client) error {
		if o.FinalTTL < 0 || o.ReadTTL < 0 || o.MaxBytes < 0 {
			return errors.New("cache TTLs and size must not be negative")
		}
		if o.Store == nil {
			if o.MaxBytes == 0 {
				o.MaxBytes = 64 << 20
			}
			o.Store = NewMemoryStore(o.MaxBytes)
		}
		if o.Coalescer == nil {
			o.Coalescer = NewCoalescer()
		}
		c.economy = economy{store: o.Store, finalTTL: o.FinalTTL, readTTL: o.ReadTTL, flights: o.Coalescer, unshared: o.Unshared}
		return nil
	}
}

// Answers served without a call of their own, by where they came from
// (Prometheus label values).
const (
	SourceRequestMemo = "request"    // the same read earlier in the request
	SourceCoalesced   = "coalesced"  // an identical read in flight
	SourceFinalCache  = "final"      // the final-state cache
	SourceReadCache   = "read"       // the short-TTL read cache
	keyPrefix         = "bssgraph:1" // version of the key layout
)

// SharedObserver is an optional extension of Observer, told about every
// answer served from a cache or shared with an identical read.
type SharedObserver interface {
	ObserveShared(ctx context.Context, op *Operation, source string)
}

// rawAnswer captures an answer's JSON, for keeping and sharing, with the
// time of BSS's clock when it answered (its Date header). The caller who
// made the call decodes into into at the same time, so its answer is
// scanned once, not captured and then decoded again.
type rawAnswer struct {
	body    []byte
	date    time.Time
	into    any  // the caller's typed answer; nil: only check the JSON
	decoded bool // into holds the answer
}

// capture decodes raw into into (or checks that it is JSON) and keeps a
// copy of it: raw is the client's pooled buffer.
func (r *rawAnswer) capture(raw []byte) error {
	if r.into != nil {
		if err := json.Unmarshal(raw, r.into); err != nil {
			return err
		}
		r.decoded = true
	} else if !json.Valid(raw) {
		return errors.New("the answer is not JSON")
	}
	r.body = bytes.Clone(raw)
	return nil
}

func (r *rawAnswer) setDate(h http.Header) {
	if d, err := http.ParseTime(h.Get("Date")); err == nil {
		r.date = d
	}
}

// do makes one API call for the caller in ctx. Reads go through the request
// memo, the caches and the coalescer; mutations are sent as they are and
// then invalidate what the credential has cached.
func (c *Client) do(ctx context.Context, op *Operation, path string, query url.Values, in, out any) error {
	var payload []byte
	if in != nil {
		var err error
		if payload, err = json.Marshal(in); err != nil {
			return fmt.Errorf("encoding %s request: %w", op.Name, err)
		}
	}
	cred := c.CredentialKey(ctx)
	if op.Mutation || cred == "" {
		err := c.send(ctx, op, path, query, payload, out)
		if op.Mutation && cred != "" {
			c.invalidate(ctx, cred)
		}
		return err
	}
	r := &read{c: c, op: op, path: path, query: query, payload: payload, cred: cred, out: out}
	r.answer = r.answerHash(ctx)
	body, err := r.memoised(ctx)
	if err != nil || out == nil || len(body) == 0 || r.decoded {
		return err
	}
	if err := json.Unmarshal(body, out); err != nil {
		return fmt.Errorf("%s: decoding response: %w: %w", op.Name, err, ErrUnavailable)
	}
	return nil
}

// read is one read call on its way through the economy.
type read struct {
	c       *Client
	op      *Operation
	path    string
	query   url.Values
	payload []byte
	cred    string
	answer  string // answerHash: what shapes the answer
	key     string // the caches' and coalescer's key, made on a memo miss
	out     any    // the caller's typed answer
	decoded bool   // this read's own call decoded its answer into out
}

// answerHash is a hash of everything that shapes the read's answer
// (operation, path, canonical query, body, and the caller's language and
// account headers).
func (r *read) answerHash(ctx context.Context) string {
	caller := CallerFrom(ctx)
	h := sha256.New()
	for _, part := range []string{r.op.Name, r.path, canonicalQuery(r.query), string(r.payload), caller.Language, caller.DomainID} {
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// memoised makes the read once per request. The memo lives as long as the
// request and forgets on the request's own mutations, so its key needs no
// generation: a read it answers costs no look-up of one, and it keeps
// working while a shared store that holds the generations is unreachable.
func (r *read) memoised(ctx context.Context) ([]byte, error) {
	memo := memoFrom(ctx)
	if memo == nil {
		return r.cached(ctx)
	}
	body, shared, err := memo.Do(ctx, r.cred+":"+r.answer, func() ([]byte, error) { return r.cached(ctx) })
	if shared && err == nil {
		r.c.shared(ctx, r.op, SourceRequestMemo)
	}
	return body, err
}

// cached answers the read from the caches, an identical read in flight, or
// a call of its own. Their key is the credential's keyed hash, its
// generation (renewed by each of its mutations) and the answer's hash.
func (r *read) cached(ctx context.Context) ([]byte, error) {
	e := r.c.economy
	r.key = keyPrefix + ":" + r.cred + ":" + r.c.generation(ctx, r.cred) + ":" + r.answer
	if body, src, ok := r.kept(ctx); ok {
		if src != SourceCoalesced {
			StatsFrom(ctx).AddCacheHit()
		}
		r.c.shared(ctx, r.op, src)
		return body, nil
	}
	if e.unshared {
		return r.fetch(ctx)
	}
	for {
		body, shared, err := e.flights.Do(ctx, r.key, func() ([]byte, error) { return r.fetch(ctx) })
		if shared && err != nil && leaderGaveUp(err) && ctx.Err() == nil {
			// The call we joined ran out of its caller's time or quota
			// slot, not ours: make our own.
			continue
		}
		if shared && err == nil {
			r.c.shared(ctx, r.op, SourceCoalesced)
		}
		return body, err
	}
}

// Tags of kept answers: the first byte says why the answer was kept.
const (
	tagFinal  = 'F' // final state, for the final-state TTL
	tagRead   = 'R' // read cache
	tagShared = 'S' // for requests that began before the call; 8 bytes of its start follow
)

// kept returns the kept answer the read may use, and where it came from.
func (r *read) kept(ctx context.Context) ([]byte, string, bool) {
	v, ok := r.c.economy.store.Get(ctx, r.key)
	if !ok || len(v) == 0 {
		return nil, "", false
	}
	switch v[0] {
	case tagFinal:
		return v[1:], SourceFinalCache, true
	case tagRead:
		return v[1:], SourceReadCache, true
	case tagShared:
		memo := memoFrom(ctx)
		if len(v) < 9 || memo == nil {
			return nil, "", false
		}
		began := time.Unix(0, int64(binary.BigEndian.Uint64(v[1:9])))
		if began.Before(memo.start) {
			return nil, "", false // older than the request: not fresh enough
		}
		return v[9:], SourceCoalesced, true
	}
	return nil, "", false
}

// leaderGaveUp reports errors that belong to the caller who made a shared
// call (its context or deadline) rather than to the call's answer.
func leaderGaveUp(err error) bool {
	var qe *QuotaError
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) || errors.As(err, &qe)
}

// fetch makes the call and keeps its answer for as long as it may be used.
func (r *read) fetch(ctx context.Context) ([]byte, error) {
	ans := rawAnswer{into: r.out}
	began := time.Now()
	if err := r.c.send(ctx, r.op, r.path, r.query, r.payload, &ans); err != nil {
		return nil, err
	}
	r.decoded = ans.decoded
	e := r.c.economy
	switch {
	case e.finalTTL > 0 && r.c.final(ctx, r, &ans):
		r.keep(ctx, ans.body, e.finalTTL, tagFinal)
	case e.readTTL > 0:
		r.keep(ctx, ans.body, e.readTTL, tagRead)
	case e.unshared:
		// Kept for no other request: nothing to store.
	default:
		r.keep(ctx, ans.body, shareFor, binary.BigEndian.AppendUint64([]byte{tagShared}, uint64(began.UnixNano()))...)
	}
	return ans.body, nil
}

func (r *read) keep(ctx context.Context, body []byte, ttl time.Duration, tag ...byte) {
	v := make([]byte, 0, len(tag)+len(body))
	r.c.economy.store.Set(ctx, r.key, append(append(v, tag...), body...), ttl)
}

func (c *Client) shared(ctx context.Context, op *Operation, source string) {
	if source != SourceFinalCache && source != SourceReadCache {
		StatsFrom(ctx).addCoalesced()
	}
	if so, ok := c.observer.(SharedObserver); ok {
		so.ObserveShared(ctx, op, source)
	}
}

// generation returns the credential's current cache generation: kept
// answers and in-flight reads are keyed by it, so a new generation makes
// everything before it unreachable. A generation the store has forgotten is
// replaced by a fresh random one, never by an old value.
func (c *Client) generation(ctx context.Context, cred string) string {
	k := keyPrefix + ":gen:" + cred
	if g, ok := c.economy.store.Get(ctx, k); ok {
		return string(g)
	}
	// Two first reads of a credential at once must not each make a
	// generation: their keys would differ and both would call BSS. Reads of
	// other credentials do not wait for this one.
	g, _, _ := c.newGen.Do(ctx, k, func() ([]byte, error) {
		if g, ok := c.economy.store.Get(ctx, k); ok {
			return g, nil
		}
		return []byte(c.newGeneration(ctx, k)), nil
	})
	if g == nil {
		// The shared attempt's caller gave up (its context ended): make one.
		return c.newGeneration(ctx, k)
	}
	return string(g)
}

func (c *Client) newGeneration(ctx context.Context, k string) string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	g := hex.EncodeToString(b)
	c.economy.store.Set(ctx, k, []byte(g), max(c.economy.finalTTL, c.economy.readTTL, time.Hour)+time.Minute)
	return g
}

// invalidate drops what the credential has kept, after a mutation: it may
// have touched any answer of the account. The request memo forgets too, so
// a mutation's payload reads the new state.
func (c *Client) invalidate(ctx context.Context, cred string) {
	c.newGeneration(ctx, keyPrefix+":gen:"+cred)
	if m := memoFrom(ctx); m != nil {
		m.forget()
	}
}
