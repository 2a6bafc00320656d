package sandbox

import "fmt"

// enterpriseState is an account's enterprise project management (§9.1) and,
// for an enterprise master, its member data (§9.2).
type enterpriseState struct {
	// enabled is true once enterprise project management is on (9.1.1).
	enabled bool
	// projects are the account's enterprise projects; the first is always
	// the default project {"0", "default"} every account has.
	projects []enterpriseProject
}

type enterpriseProject struct {
	id   string
	name string
}

// defaultProject is the project of resources outside any named project.
var defaultProject = enterpriseProject{id: "0", name: "default"}

// genEnterprise gives enterprise masters and members named projects with
// management enabled; other accounts have only the default project and
// management disabled, so enabling it (9.1.1) has something to change.
func genEnterprise(w *world, a *account, g *gen) {
	a.enterprise.projects = []enterpriseProject{defaultProject}
	switch a.Kind {
	case kindEnterprise:
		a.enterprise.enabled = true
		for _, name := range []string{"production", "staging", "data-platform", "marketing-web", "shared-services"} {
			a.enterprise.projects = append(a.enterprise.projects, enterpriseProject{id: uuidLike(g), name: name})
		}
	case kindMember:
		a.enterprise.enabled = true
		a.enterprise.projects = append(a.enterprise.projects, enterpriseProject{id: uuidLike(g), name: fmt.Sprintf("%s-apps", a.Name)})
	}
}

// uuidLike returns a random id in the 8-4-4-4-12 form of enterprise project ids.
func uuidLike(g *gen) string {
	h := g.hexID(32)
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

func (s *Server) enableEnterpriseProjects(a *account, r *request) (any, error) { return nil, errNotBuilt }
func (s *Server) listMemberAccounts(a *account, r *request) (any, error)       { return nil, errNotBuilt }
