package graph

import (
	"context"
	"errors"
	"fmt"

	"bssgraph/graph/model"
	"bssgraph/upstream"
)

// Identity comes from the credential, never from a header the caller
// chooses:
//
//   - With IAM (the embedded sandbox, or BSSGRAPH_IAM_URL) the caller's
//     account is IAM's answer for its token. An X-Domain-Id that IAM
//     contradicts is FORBIDDEN.
//   - Without IAM (AK/SK mode, or a real BSS without BSSGRAPH_IAM_URL) the
//     gateway cannot tell the account: the viewer is the "self" Customer
//     with a null accountId, and X-Domain-Id is only a hint for the two
//     APIs with the account id in their path (7.1, 10.1.1), which BSS
//     itself checks against the credential (403 CBC.0151).
//   - Without any credential nothing is answered: UNAUTHENTICATED.

// selfKey is the Customer key of the caller when the gateway cannot learn
// its account id (no IAM).
const selfKey = "self"

// errNoIAM says that nothing can verify the caller's account id.
var errNoIAM = errors.New("no IAM to verify the caller's account")

// verifiedID returns the caller's own account id as IAM knows it from the
// credential (one call, cached per credential), or errNoIAM.
func (r *Resolver) verifiedID(ctx context.Context) (string, error) {
	c := upstream.CallerFrom(ctx)
	if r.bss.SignsRequests() || r.iam == nil {
		if c.Token == "" && !r.bss.SignsRequests() {
			return "", upstream.ErrNoCredential
		}
		return "", errNoIAM
	}
	id, err := r.iam.DomainID(ctx)
	if err != nil {
		return "", err
	}
	if c.DomainID != "" && c.DomainID != id {
		return "", fmt.Errorf("X-Domain-Id %q is not the account of this credential; send the credential's own account id or none: %w", c.DomainID, upstream.ErrForbidden)
	}
	return id, nil
}

// viewerID returns the account id to put in the path of 7.1 and 10.1.1:
// the verified one, else the caller's X-Domain-Id as a hint BSS checks.
func (r *Resolver) viewerID(ctx context.Context) (string, error) {
	id, err := r.verifiedID(ctx)
	if !errors.Is(err, errNoIAM) {
		return id, err
	}
	if hint := upstream.CallerFrom(ctx).DomainID; hint != "" {
		return hint, nil
	}
	return "", badInput("this field needs the caller's account id: send the X-Domain-Id header")
}

// viewer returns the caller's Customer: its verified account, or the
// "self" Customer when nothing can verify it.
func (r *Resolver) viewer(ctx context.Context) (*model.Customer, error) {
	id, err := r.verifiedID(ctx)
	switch {
	case errors.Is(err, errNoIAM):
		return &model.Customer{ID: globalID("Customer", selfKey)}, nil
	case err != nil:
		return nil, err
	}
	return customerOf(id), nil
}

// customerOf is the Customer of account id: the one global id of that
// account, whether reached as the viewer, a member account or node(id:).
func customerOf(id string) *model.Customer {
	return &model.Customer{ID: globalID("Customer", id), AccountID: &id}
}

// isSelf reports whether c is the caller's own account. Only the viewer of
// a gateway without IAM has no account id; with IAM, c's id is compared
// with the verified one.
func (r *Resolver) isSelf(ctx context.Context, c *model.Customer) (bool, error) {
	if c.AccountID == nil {
		return true, nil
	}
	id, err := r.verifiedID(ctx)
	if errors.Is(err, errNoIAM) {
		// Without IAM the viewer has no account id, so c is a member.
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return id == *c.AccountID, nil
}

// viewerOnly refuses field on any Customer but the caller's own account:
// the balance, coupon and resource APIs answer only for the credential's
// account, so asking for them on a member account would silently return
// the caller's.
func (r *Resolver) viewerOnly(ctx context.Context, c *model.Customer, field string) error {
	self, err := r.isSelf(ctx, c)
	if err != nil || self {
		return err
	}
	return badInput("%s is only available for the caller's own account (viewer): BSS answers it for the credential's account only", field)
}
