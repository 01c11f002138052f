package risk

import (
	"strconv"
)

// ID identifies a stored record. IDs are assigned by the database and are positive.
type ID int64

// ParseID parses a decimal record identifier.
func ParseID(s string) (ID, error) {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		return 0, Invalid("id", "编号无效。", "invalid id.")
	}
	return ID(n), nil
}

func (id ID) String() string { return strconv.FormatInt(int64(id), 10) }

// Role is what a user may do. Values are stored: never rename them.
type Role string

// The roles of riskgate's users (DESIGN.md, "Who uses it").
const (
	RoleAdmin      Role = "admin"      // 系统管理员
	RoleOfficer    Role = "officer"    // 风险管理人员
	RoleApprover   Role = "approver"   // 审批领导
	RoleInspector  Role = "inspector"  // 口岸查验人员
	RoleEnterprise Role = "enterprise" // 企业用户
	RoleLab        Role = "lab"        // 检测机构用户
)

// Roles lists every role in display order.
var Roles = []Role{RoleAdmin, RoleOfficer, RoleApprover, RoleInspector, RoleEnterprise, RoleLab}

// ParseRole checks that s names a role.
func ParseRole(s string) (Role, error) {
	for _, r := range Roles {
		if string(r) == s {
			return r, nil
		}
	}
	return "", Invalid("role", "角色无效，应为 admin、officer、approver、inspector、enterprise 或 lab。",
		"role must be one of admin, officer, approver, inspector, enterprise, lab.")
}

// Label returns the role's Chinese and English names.
func (r Role) Label() (zh, en string) {
	switch r {
	case RoleAdmin:
		return "系统管理员", "Administrator"
	case RoleOfficer:
		return "风险管理人员", "Risk officer"
	case RoleApprover:
		return "审批领导", "Approver"
	case RoleInspector:
		return "口岸查验人员", "Port inspector"
	case RoleEnterprise:
		return "企业用户", "Enterprise user"
	case RoleLab:
		return "检测机构用户", "Laboratory user"
	}
	return string(r), string(r)
}

// Actor is who performs an action: a signed-in user, an API token's owner, the
// system itself (scheduled jobs, migrations) or the anonymous public.
type Actor struct {
	UserID       ID
	Login        string
	Name         string
	Dept         string // department code, e.g. "cs-customs"
	Role         Role
	EnterpriseID ID // for RoleEnterprise: the enterprise the user acts for
	LabID        ID // for RoleLab: the laboratory the user acts for
	System       bool
}

// Anonymous is the public, signed in as nobody.
var Anonymous = Actor{}

// System is riskgate itself acting on a schedule or at start-up.
var System = Actor{Login: "system", Name: "系统", System: true}

// IsAnonymous reports whether a is the public.
func (a Actor) IsAnonymous() bool { return a.UserID == 0 && !a.System }

// Has reports whether a holds one of roles.
func (a Actor) Has(roles ...Role) bool {
	for _, r := range roles {
		if a.Role == r {
			return true
		}
	}
	return false
}

// SeesAll reports whether a acts across every department: the system itself
// or an administrator. Everyone else sees and changes only their own
// department's records.
func (a Actor) SeesAll() bool { return a.System || a.Role == RoleAdmin }

// ListScope is which records of a department's lists a sees: a firm those
// of its enterprise, an administrator (or the system) all, an official its
// department's. ok is false for an actor that sees none (a firm user tied to
// no enterprise, an official without a department).
func (a Actor) ListScope() (enterprise ID, dept string, ok bool) {
	switch {
	case a.Role == RoleEnterprise:
		return a.EnterpriseID, "", a.EnterpriseID != 0
	case a.SeesAll():
		return 0, "", true
	case a.Dept == "":
		return 0, "", false
	}
	return 0, a.Dept, true
}

// IsOfficial reports whether a works for a government department (as opposed
// to an enterprise, a lab or the public).
func (a Actor) IsOfficial() bool {
	return a.System || a.Has(RoleAdmin, RoleOfficer, RoleApprover, RoleInspector)
}

// Label names the actor for audit entries and pages.
func (a Actor) Label() string {
	switch {
	case a.System:
		return "system"
	case a.IsAnonymous():
		return "anonymous"
	}
	return a.Login
}
