package sandbox

import (
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"time"

	"github.com/shopspring/decimal"

	"bssgraph/upstream"
)

// world is the whole simulated BSS: the shared product catalog and every
// account with its data. Handlers read it under Server.mu (read lock) and
// mutations change it under the write lock; Reset builds a new one.
type world struct {
	seed  int64
	sizes Sizes
	now   time.Time

	catalog *catalog

	accounts map[string]*account // by domain id
	byToken  map[string]*account
	byAK     map[string]*account
	ordered  []*account // generation order, for determinism
}

// account is one BSS customer account and everything it owns. The per-domain
// state types are defined beside their API handlers.
type account struct {
	ID        string
	Name      string
	Kind      accountKind
	secretKey upstream.Secret

	master    *account   // the enterprise master of a member account
	members   []*account // member accounts of an enterprise master
	partner   *account   // the partner a customer is associated with
	customers []*account // customers of a partner

	enterprise enterpriseState // enterprise projects (§9.1) and member data (§9.2)
	balance    balanceState    // §5.1
	coupons    couponState     // §6.1
	orders     orderState      // §6.2
	resources  resourceState   // §6.3
	packages   packageState    // §6.4
	bills      billState       // §7 and §8: one ledger behind every bill and cost API
	invoices   invoiceState    // §10
}

// newWorld builds the seeded world. It is deterministic: the same seed,
// sizes and now give the same data.
func newWorld(seed int64, sizes Sizes, now time.Time) *world {
	w := &world{
		seed: seed, sizes: sizes, now: now,
		accounts: make(map[string]*account),
		byToken:  make(map[string]*account),
		byAK:     make(map[string]*account),
	}
	w.catalog = newCatalog(w.rand("catalog", "catalog"))

	customer := w.addAccount(TokenCustomer, DomainCustomer, "sandbox-customer", kindCustomer, nil)
	master := w.addAccount(TokenEnterprise, DomainEnterprise, "sandbox-enterprise", kindEnterprise, nil)
	for i := 1; i <= sizes.Members; i++ {
		id := fmt.Sprintf("3%031x", 0x5eed0000+i)
		m := w.addAccount(fmt.Sprintf("%s%d", memberTokenPrefix, i), id, fmt.Sprintf("sandbox-member-%d", i), kindMember, master)
		master.members = append(master.members, m)
	}
	partner := w.addAccount(TokenPartner, DomainPartner, "sandbox-partner", kindPartner, nil)
	partner.customers = []*account{customer}
	customer.partner = partner

	for _, a := range w.ordered {
		sz := w.sizesFor(a)
		genEnterprise(w, a, w.rand(a.ID, "enterprise"))
		genResourcesAndOrders(w, a, sz, w.rand(a.ID, "orders"))
		genBalance(w, a, w.rand(a.ID, "balance"))
		genCoupons(w, a, w.rand(a.ID, "coupons"))
		genPackages(w, a, w.rand(a.ID, "packages"))
		genBills(w, a, sz, w.rand(a.ID, "bills"))
		genInvoices(w, a, w.rand(a.ID, "invoices"))
	}
	return w
}

func (w *world) addAccount(token, id, name string, kind accountKind, master *account) *account {
	ak, sk := AccessKeyFor(token)
	a := &account{ID: id, Name: name, Kind: kind, secretKey: sk, master: master}
	w.accounts[id] = a
	w.byToken[token] = a
	w.byAK[ak] = a
	w.ordered = append(w.ordered, a)
	return a
}

// sizesFor scales the configured sizes: customer and enterprise master
// accounts get them in full, members and the partner a tenth.
func (w *world) sizesFor(a *account) Sizes {
	s := w.sizes
	if a.Kind == kindMember || a.Kind == kindPartner {
		s.Orders = max(20, s.Orders/10)
		s.Resources = max(50, s.Resources/10)
	}
	return s
}

// gen is the random source of one domain of one account. Each (account,
// domain) pair has its own stream, so changing how one domain is generated
// does not change the data of the others.
type gen struct {
	*rand.Rand
	now time.Time
}

func (w *world) rand(accountID, domain string) *gen {
	h := fnv.New64a()
	fmt.Fprintf(h, "%d|%s|%s", w.seed, accountID, domain)
	return &gen{Rand: rand.New(rand.NewPCG(h.Sum64(), uint64(w.seed))), now: w.now}
}

// pick returns one of items at random.
func pick[T any](g *gen, items ...T) T { return items[g.IntN(len(items))] }

// between returns an integer in [lo, hi].
func (g *gen) between(lo, hi int) int { return lo + g.IntN(hi-lo+1) }

// money returns an amount in [lo, hi] with the given number of decimal
// places, drawn as an integer count of the smallest unit so no float64 is
// involved.
func (g *gen) money(lo, hi int64, places int32) decimal.Decimal {
	scale := decimal.New(1, places).IntPart()
	n := lo*scale + g.Int64N((hi-lo)*scale+1)
	return decimal.New(n, -places)
}

// hexID returns n random lower-case hex digits.
func (g *gen) hexID(n int) string {
	const digits = "0123456789abcdef"
	b := make([]byte, n)
	for i := range b {
		b[i] = digits[g.IntN(16)]
	}
	return string(b)
}

// timeIn returns a time in [from, to), at whole seconds.
func (g *gen) timeIn(from, to time.Time) time.Time {
	span := to.Sub(from)
	if span <= 0 {
		return from
	}
	return from.Add(time.Duration(g.Int64N(int64(span/time.Second))) * time.Second).UTC()
}
