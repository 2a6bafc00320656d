package upstream

import (
	"container/list"
	"context"
	"sync"
	"time"
)

// Store keeps upstream answers as bytes under string keys for a while. The
// final-state and read caches (cache_final.go, economy.go) use it, so a store
// shared by several replicas (Redis) can replace the in-memory one. Keys hold
// the keyed hash of a credential (CredentialHash), never the credential.
// A Store may forget any entry at any time; it must never return an entry
// after its TTL.
type Store interface {
	Get(ctx context.Context, key string) ([]byte, bool)
	Set(ctx context.Context, key string, value []byte, ttl time.Duration)
}

// MemoryStore is an in-memory Store bounded in bytes: when full it drops the
// least recently used entries.
type MemoryStore struct {
	maxBytes int

	mu    sync.Mutex
	bytes int
	lru   *list.List // front: most recently used
	items map[string]*list.Element
	now   func() time.Time
}

type memoryEntry struct {
	key     string
	value   []byte
	expires time.Time
}

// NewMemoryStore returns a store that holds at most maxBytes of keys and
// values.
func NewMemoryStore(maxBytes int) *MemoryStore {
	return &MemoryStore{maxBytes: maxBytes, lru: list.New(), items: map[string]*list.Element{}, now: time.Now}
}

// Get implements Store.
func (s *MemoryStore) Get(_ context.Context, key string) ([]byte, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	el, ok := s.items[key]
	if !ok {
		return nil, false
	}
	e := el.Value.(*memoryEntry)
	if !s.now().Before(e.expires) {
		s.remove(el)
		return nil, false
	}
	s.lru.MoveToFront(el)
	return e.value, true
}

// Set implements Store. Values larger than the whole store are not kept.
func (s *MemoryStore) Set(_ context.Context, key string, value []byte, ttl time.Duration) {
	size := len(key) + len(value)
	if ttl <= 0 || size > s.maxBytes {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if el, ok := s.items[key]; ok {
		s.remove(el)
	}
	s.items[key] = s.lru.PushFront(&memoryEntry{key: key, value: value, expires: s.now().Add(ttl)})
	s.bytes += size
	for s.bytes > s.maxBytes {
		s.remove(s.lru.Back())
	}
}

func (s *MemoryStore) remove(el *list.Element) {
	e := s.lru.Remove(el).(*memoryEntry)
	delete(s.items, e.key)
	s.bytes -= len(e.key) + len(e.value)
}

// Len returns the number of entries held (for tests).
func (s *MemoryStore) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.items)
}
