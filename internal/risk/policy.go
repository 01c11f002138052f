package risk

// Permission names one thing a user may do. Deny by default: an actor may do
// only what the table below grants to its role.
type Permission string

// Permissions of the foundation. Later capabilities add theirs here.
const (
	PermCatalogRead     Permission = "catalog.read"
	PermCatalogWrite    Permission = "catalog.write"
	PermEnterpriseRead  Permission = "enterprise.read"
	PermEnterpriseWrite Permission = "enterprise.write"
	PermUserAdmin       Permission = "user.admin"
	PermAuditRead       Permission = "audit.read"
	PermDashboard       Permission = "dashboard.read"
	PermTokenCreate     Permission = "token.create"
)

var grants = map[Role][]Permission{
	RoleAdmin: {PermCatalogRead, PermCatalogWrite, PermEnterpriseRead, PermEnterpriseWrite,
		PermUserAdmin, PermAuditRead, PermDashboard, PermTokenCreate},
	RoleOfficer:    {PermCatalogRead, PermEnterpriseRead, PermEnterpriseWrite, PermDashboard, PermTokenCreate},
	RoleApprover:   {PermCatalogRead, PermEnterpriseRead, PermDashboard, PermTokenCreate},
	RoleInspector:  {PermCatalogRead, PermEnterpriseRead, PermDashboard, PermTokenCreate},
	RoleEnterprise: {PermCatalogRead, PermEnterpriseRead, PermDashboard, PermTokenCreate},
	RoleLab:        {PermCatalogRead, PermDashboard, PermTokenCreate},
}

// publicPerms are what the anonymous public may do.
var publicPerms = []Permission{PermCatalogRead}

// Can reports whether a may do p. The system actor may do everything.
func Can(a Actor, p Permission) bool {
	if a.System {
		return true
	}
	perms := publicPerms
	if !a.IsAnonymous() {
		perms = grants[a.Role]
	}
	for _, q := range perms {
		if q == p {
			return true
		}
	}
	return false
}
