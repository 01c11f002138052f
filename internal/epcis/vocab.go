package epcis

import (
	"slices"
	"strings"
)

// Vocabulary is one CBV 2.0 standard vocabulary: its terms as JSON-LD
// writes them bare, and the prefixes of its Web URI and of its EPCIS 1.x
// URN (CBV 2.0 §7–8).
type Vocabulary struct {
	Name   string // the field, as errors name it
	Web    string // https://ref.gs1.org/cbv/BizStep-
	URN    string // urn:epcglobal:cbv:bizstep:
	Terms  []string
	zh, en string
}

// The vocabularies an event's fields draw on (the enums of the EPCIS 2.0
// JSON schema, which follow CBV 2.0).
var (
	BizSteps = Vocabulary{Name: "bizStep", Web: "https://ref.gs1.org/cbv/BizStep-", URN: "urn:epcglobal:cbv:bizstep:",
		zh: "业务步骤", en: "business step", Terms: []string{"accepting", "arriving", "assembling", "collecting", "commissioning",
			"consigning", "creating_class_instance", "cycle_counting", "decommissioning", "departing", "destroying", "disassembling",
			"dispensing", "encoding", "entering_exiting", "holding", "inspecting", "installing", "killing", "loading", "other",
			"packing", "picking", "receiving", "removing", "repackaging", "repairing", "replacing", "reserving", "retail_selling",
			"sampling", "sensor_reporting", "shipping", "staging_outbound", "stock_taking", "stocking", "storing", "transporting",
			"unloading", "unpacking", "void_shipping"}}
	Dispositions = Vocabulary{Name: "disposition", Web: "https://ref.gs1.org/cbv/Disp-", URN: "urn:epcglobal:cbv:disp:",
		zh: "处置状态", en: "disposition", Terms: []string{"active", "available", "completeness_inferred", "completeness_verified",
			"conformant", "container_closed", "container_open", "damaged", "destroyed", "dispensed", "disposed", "encoded", "expired",
			"in_progress", "in_transit", "inactive", "mismatch_class", "mismatch_instance", "mismatch_quantity", "needs_replacement",
			"no_pedigree_match", "non_conformant", "non_sellable_other", "partially_dispensed", "recalled", "reserved", "retail_sold",
			"returned", "sellable_accessible", "sellable_not_accessible", "stolen", "unavailable", "unknown"}}
	BizTransactionTypes = Vocabulary{Name: "type", Web: "https://ref.gs1.org/cbv/BTT-", URN: "urn:epcglobal:cbv:btt:",
		zh: "业务单证类型", en: "business transaction type", Terms: []string{"bol", "cert", "desadv", "inv", "pedigree", "po", "poc",
			"prodorder", "recadv", "rma", "testprd", "testres", "upevt"}}
	SourceDestTypes = Vocabulary{Name: "type", Web: "https://ref.gs1.org/cbv/SDT-", URN: "urn:epcglobal:cbv:sdt:",
		zh: "来源/去向类型", en: "source/destination type", Terms: []string{"location", "owning_party", "possessing_party"}}
	ErrorReasons = Vocabulary{Name: "reason", Web: "https://ref.gs1.org/cbv/ER-", URN: "urn:epcglobal:cbv:er:",
		zh: "错误原因", en: "error reason", Terms: []string{"did_not_occur", "incorrect_data"}}
)

// gs1CBV are the spellings of a GS1 vocabulary URI: a term behind one of
// them must be a standard one.
var gs1CBV = []string{"urn:epcglobal:cbv:", "https://ref.gs1.org/cbv/", "http://ref.gs1.org/cbv/", "https://ns.gs1.org/cbv/"}

// Term reads v as a value of the vocabulary: a bare standard term, its Web
// URI or its URN give the bare term (std true); another URI is a private
// vocabulary, kept as written. ok is false for a bare word that is not a
// term, or a GS1 CBV URI whose term is unknown.
func (voc Vocabulary) Term(v string) (term string, std, ok bool) {
	if slices.Contains(voc.Terms, v) {
		return v, true, true
	}
	for _, p := range []string{voc.Web, voc.URN, strings.Replace(voc.Web, "https:", "http:", 1)} {
		if t, found := strings.CutPrefix(v, p); found {
			return t, true, slices.Contains(voc.Terms, t)
		}
	}
	for _, p := range gs1CBV {
		if strings.HasPrefix(v, p) {
			return v, false, false
		}
	}
	if i := strings.IndexByte(v, ':'); i <= 0 || strings.ContainsAny(v, " \t\n") {
		return v, false, false
	}
	return v, false, true
}

// WebURI returns the Web URI of a standard term, or v itself.
func (voc Vocabulary) WebURI(v string) string {
	if t, std, ok := voc.Term(v); std && ok {
		return voc.Web + t
	}
	return v
}
