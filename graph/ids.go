package graph

import (
	"context"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"bssgraph/graph/model"
)

// Global ids are base64url("Type:key"), where key is the BSS id (order id,
// resource id...). They are opaque to clients, stable, and refetchable with
// node(id:) by the same caller.
func globalID(typ, key string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(typ + ":" + key))
}

// parseGlobalID splits a global id; ok is false for anything else.
func parseGlobalID(id string) (typ, key string, ok bool) {
	b, err := base64.RawURLEncoding.DecodeString(id)
	if err != nil {
		return "", "", false
	}
	typ, key, ok = strings.Cut(string(b), ":")
	if !ok || typ == "" || key == "" {
		return "", "", false
	}
	return typ, key, true
}

// nodeTypes are the type names global ids use: the keys of nodeFetchers,
// copied in init because bssID cannot refer to nodeFetchers itself without
// an initialization cycle (the fetchers call bssID).
var nodeTypes = map[string]bool{}

func init() {
	for typ := range nodeFetchers {
		nodeTypes[typ] = true
	}
}

// bssID returns the BSS id named by the argument arg with value id, which
// may be the BSS id itself or a global id of type typ (fields such as
// order(id:) accept both). Many BSS
// ids (UUIDs, hex strings with dashes) are also valid base64url and may
// decode to something with a colon: only a decoded type of this schema makes
// the argument a global id.
func bssID(arg, id, typ string) (string, error) {
	if t, key, ok := parseGlobalID(id); ok && nodeTypes[t] {
		if t != typ {
			return "", badInput("%s: %s is an id of type %s, not %s", arg, quoteInput(id), t, typ)
		}
		id = key
	}
	if id == "" {
		return "", badInput("%s must not be empty", arg)
	}
	return id, checkBSSKey(arg, id)
}

// maxBSSID is the length limit of BSS's order and resource ids.
const maxBSSID = 64

// checkBSSKey refuses an order or resource id longer than BSS allows: the
// refusal spares the call and keeps a megabyte of argument out of its URL.
func checkBSSKey(arg, key string) error {
	return tooLong(arg, key, maxBSSID)
}

// quoteInput quotes a caller's value for an error message, cut after
// maxBSSID bytes: a message names the value, it need not echo all of it.
func quoteInput(s string) string {
	if len(s) <= maxBSSID {
		return strconv.Quote(s)
	}
	cut := s[:maxBSSID]
	for !utf8.ValidString(cut) {
		cut = cut[:len(cut)-1]
	}
	return fmt.Sprintf("%s… (%d bytes)", strconv.Quote(cut), len(s))
}

// nodeFetcher loads one node by its BSS key, or returns (nil, nil) when the
// caller has no such object.
type nodeFetcher func(r *Resolver, ctx context.Context, key string) (model.Node, error)

// nodeFetchers is every refetchable type (the schema's Node types: Customer, Order,
// Resource, Coupon, ResourcePackage, Invoice).
var nodeFetchers = map[string]nodeFetcher{
	"Customer":        (*Resolver).customerNode,
	"Order":           (*Resolver).orderNode,
	"Resource":        (*Resolver).resourceNode,
	"Coupon":          (*Resolver).couponNode,
	"ResourcePackage": (*Resolver).resourcePackageNode,
	"Invoice":         (*Resolver).invoiceNode,
}

// node resolves one global id.
func (r *Resolver) node(ctx context.Context, id string) (model.Node, error) {
	typ, key, ok := parseGlobalID(id)
	if !ok {
		return nil, badInput("id: %s is not a global id", quoteInput(id))
	}
	f, ok := nodeFetchers[typ]
	if !ok {
		return nil, badInput("id: %s is not a global id of a refetchable type", quoteInput(id))
	}
	return f(r, ctx, key)
}
