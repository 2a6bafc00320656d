package sandbox

import (
	"net/http"
	"strings"

	"bssgraph/upstream"
)

// accountKind is what an account is in BSS terms.
type accountKind int

const (
	kindCustomer   accountKind = iota // an individual customer
	kindEnterprise                    // an enterprise master account
	kindMember                        // a member account of an enterprise
	kindPartner                       // a partner (cloud solution provider or distributor)
)

// The fixed sandbox credentials (DESIGN §6). Operators, docs and GraphiQL
// depend on these names: add to them, never rename them.
const (
	TokenCustomer   = "sandbox-customer"
	TokenEnterprise = "sandbox-enterprise"
	TokenPartner    = "sandbox-partner"
	// Member accounts of the enterprise have tokens sandbox-member-1 … N.
	memberTokenPrefix = "sandbox-member-"
)

// Fixed account ids (domain ids) of the sandbox accounts.
const (
	DomainCustomer   = "0a7c3f2e9b1d4c8a8e5f6a7b8c9d0e1f"
	DomainEnterprise = "1b8d4e3fac2e4d9b9f607b8c9dae1f20"
	DomainPartner    = "2c9e5f40bd3f4eac0a718c9daebf2031"
)

// AccessKeyFor returns the sandbox AK/SK pair of a sandbox token, so the
// gateway's AK/SK mode can be exercised too: "<token>-ak" / "<token>-sk".
func AccessKeyFor(token string) (ak string, sk upstream.Secret) {
	return strings.ToUpper(strings.ReplaceAll(token, "-", "_")) + "_AK", upstream.Secret(token + "-sk")
}

// principal is an authenticated caller: which account, and which credential
// (the quota dimension).
type principal struct {
	accountID  string
	credential string
}

// authenticate identifies the caller by X-Auth-Token or by an AK/SK
// signature. Any other token gets the documented 401 CBC.0154.
func (s *Server) authenticate(r *http.Request, body []byte) (principal, error) {
	w := s.currentWorld()
	if tok := r.Header.Get("X-Auth-Token"); tok != "" {
		a, ok := w.byToken[tok]
		if !ok {
			return principal{}, errInvalidToken
		}
		return principal{accountID: a.ID, credential: "token:" + tok}, nil
	}
	if r.Header.Get("Authorization") != "" {
		ak, err := upstream.Verify(r, body, func(ak string) (upstream.Secret, bool) {
			a, ok := w.byAK[ak]
			if !ok {
				return "", false
			}
			return a.secretKey, true
		})
		if err != nil {
			return principal{}, errBadSignature
		}
		return principal{accountID: w.byAK[ak].ID, credential: "ak:" + ak}, nil
	}
	return principal{}, errInvalidToken
}

// accountFor returns the account of p in this world.
func (w *world) accountFor(p principal) *account { return w.accounts[p.accountID] }
