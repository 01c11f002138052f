package screening

// Decision is what the port does with a line. Values are stored and sent.
type Decision string

// Decisions, from the mildest to the strictest.
const (
	Release       Decision = "release"
	DocumentCheck Decision = "document_check"
	Inspect       Decision = "inspect"
	LabTest       Decision = "lab_test"
	Detain        Decision = "detain"
	Destroy       Decision = "destroy"
	Refuse        Decision = "refuse"
)

var decisionLabels = map[string][2]string{
	string(Release): {"放行", "Release"}, string(DocumentCheck): {"单证审核", "Document check"},
	string(Inspect): {"查验", "Inspect"}, string(LabTest): {"抽样检测", "Lab test"}, string(Detain): {"扣留", "Detain"},
	string(Destroy): {"销毁", "Destroy"}, string(Refuse): {"拒绝入境/出境、退运", "Refuse or return"},
}

// Label returns the decision's Chinese and English names.
func (d Decision) Label() (zh, en string) {
	if n, ok := decisionLabels[string(d)]; ok {
		return n[0], n[1]
	}
	return string(d), string(d)
}

// Rank orders decisions by strictness: 0 for release, higher is stricter.
func (d Decision) Rank() int {
	switch d {
	case DocumentCheck:
		return 1
	case Inspect:
		return 2
	case LabTest:
		return 3
	case Detain:
		return 4
	case Destroy:
		return 5
	case Refuse:
		return 6
	}
	return 0
}

// Stricter returns the stricter of two decisions.
func Stricter(a, b Decision) Decision {
	if b.Rank() > a.Rank() {
		return b
	}
	return a
}

// ParseDecision checks a decision name, as found in the measures
// catalogue's screening attribute ("none" is no decision).
func ParseDecision(s string) (Decision, bool) {
	switch d := Decision(s); d {
	case Release, DocumentCheck, Inspect, LabTest, Detain, Destroy, Refuse:
		return d, true
	}
	return "", false
}

// String returns the decision's name.
func (d Decision) String() string { return string(d) }
