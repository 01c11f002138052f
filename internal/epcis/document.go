package epcis

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"riskgate/internal/ident"
	"riskgate/internal/risk"
)

// Event types (EPCIS 2.0 §7.4).
const (
	ObjectEvent         = "ObjectEvent"
	AggregationEvent    = "AggregationEvent"
	TransactionEvent    = "TransactionEvent"
	TransformationEvent = "TransformationEvent"
	AssociationEvent    = "AssociationEvent"
)

// EventTypes are the event types a document may carry.
var EventTypes = []string{ObjectEvent, AggregationEvent, TransactionEvent, TransformationEvent, AssociationEvent}

// Role is what an identifier is to an event.
type Role string

const (
	RoleEPC    Role = "epc"    // epcList / quantityList of an object or transaction event
	RoleParent Role = "parent" // parentID
	RoleChild  Role = "child"  // childEPCs / childQuantityList
	RoleInput  Role = "input"  // inputEPCList / inputQuantityList
	RoleOutput Role = "output" // outputEPCList / outputQuantityList
)

// Ref is one identifier an event names: an EPC, or an EPC class with its
// quantity (Quantity nil: the quantity is not given).
type Ref struct {
	Role     Role
	EPC      ident.EPC
	Class    bool // from a quantity list
	Quantity *float64
	UOM      string
}

// Party is a source or destination (EPCIS 2.0 §7.3.5.4.4).
type Party struct {
	Dest bool
	Type string // bare CBV term (owning_party, possessing_party, location) or a URI
	ID   ident.EPC
}

// BizTransaction is a business transaction reference.
type BizTransaction struct {
	Type string `json:"type,omitempty"`
	ID   string `json:"bizTransaction"`
}

// ErrorDeclaration says an earlier event was wrong (EPCIS 2.0 §7.4.1.2).
type ErrorDeclaration struct {
	DeclarationTime    time.Time
	Reason             string
	CorrectiveEventIDs []string
}

// Event is one event of a document, its fields read for the repository's
// indexes; Raw is the event as received, kept whole (sensor data, ILMD,
// extensions and all).
type Event struct {
	Index            int
	Type             string
	EventID          string // as given; "" when the document gave none
	Hash             string
	EventTime        time.Time
	TimeZoneOffset   string
	Action           string
	BizStep          string // bare term for a standard one, else the URI
	Disposition      string
	ReadPoint        string
	BizLocation      string
	Refs             []Ref
	Parties          []Party
	BizTransactions  []BizTransaction
	ErrorDeclaration *ErrorDeclaration
	Raw              json.RawMessage
}

// Document is a parsed EPCISDocument.
type Document struct {
	CreationDate  time.Time
	SchemaVersion string
	Context       json.RawMessage
	Events        []*Event
}

// Limits of one document.
const (
	MaxEvents = 10000 // events in one document
	MaxRefs   = 10000 // identifiers in one event
	maxErrors = 50    // problems reported at once
)

var offsetRE = regexp.MustCompile(`^[+-]((0[0-9]|1[0-3]):[0-5][0-9]|14:00)$`)
var uomRE = regexp.MustCompile(`^[A-Z0-9]{2,3}$`)

var docFields = []string{"@context", "id", "type", "schemaVersion", "creationDate", "instanceIdentifier", "sender", "receiver", "epcisHeader", "epcisBody"}
var commonFields = []string{"@context", "type", "eventTime", "recordTime", "eventTimeZoneOffset", "eventID", "certificationInfo", "errorDeclaration"}

// fieldsOf are the fields each event type may have besides the common ones
// (the propertyNames of the schema); a namespaced key (prefix:name or a
// URI) is a user extension and always allowed.
var fieldsOf = map[string][]string{
	ObjectEvent: {"action", "epcList", "quantityList", "bizStep", "disposition", "persistentDisposition", "readPoint",
		"bizLocation", "bizTransactionList", "sourceList", "destinationList", "sensorElementList", "ilmd"},
	AggregationEvent: {"parentID", "childEPCs", "childQuantityList", "action", "bizStep", "disposition", "persistentDisposition", "readPoint",
		"bizLocation", "bizTransactionList", "sourceList", "destinationList", "sensorElementList"},
	TransactionEvent: {"bizTransactionList", "parentID", "epcList", "quantityList", "action", "bizStep", "disposition", "persistentDisposition",
		"readPoint", "bizLocation", "sourceList", "destinationList", "sensorElementList"},
	TransformationEvent: {"inputEPCList", "inputQuantityList", "outputEPCList", "outputQuantityList", "transformationID", "bizStep",
		"disposition", "persistentDisposition", "readPoint", "bizLocation", "bizTransactionList", "sourceList", "destinationList",
		"sensorElementList", "ilmd"},
	AssociationEvent: {"parentID", "childEPCs", "childQuantityList", "action", "bizStep", "disposition", "persistentDisposition", "readPoint",
		"bizLocation", "bizTransactionList", "sourceList", "destinationList", "sensorElementList"},
}

// Parse reads and checks an EPCIS 2.0 JSON-LD document. It returns every
// problem it finds (up to 50) as one risk.ErrInvalid whose Details name the
// JSON path of each; a refused document yields no events.
func Parse(b []byte) (*Document, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var top map[string]json.RawMessage
	if err := dec.Decode(&top); err != nil {
		return nil, risk.Invalid("body", "请求体不是 JSON 对象："+jsonProblem(err), "the body is not a JSON object: "+jsonProblem(err))
	}
	if dec.More() {
		return nil, risk.Invalid("body", "JSON 对象之后还有内容。", "there is more after the JSON object.")
	}
	p := &parser{}
	doc := p.header(top)
	var ctx any
	_ = decodeAny(top["@context"], &ctx) // header reported it when invalid
	var body map[string]json.RawMessage
	if raw, ok := top["epcisBody"]; !ok {
		p.add("epcisBody", "缺少 epcisBody。", "epcisBody is missing.")
	} else if err := json.Unmarshal(raw, &body); err != nil {
		p.add("epcisBody", "epcisBody 应为对象。", "epcisBody must be an object.")
	}
	var list []json.RawMessage
	if body != nil {
		if raw, ok := body["eventList"]; !ok {
			p.add("epcisBody.eventList", "缺少 eventList。", "eventList is missing.")
		} else if err := json.Unmarshal(raw, &list); err != nil {
			p.add("epcisBody.eventList", "eventList 应为数组。", "eventList must be an array.")
		}
	}
	if len(list) > MaxEvents {
		p.add("epcisBody.eventList", fmt.Sprintf("一份文档至多 %d 个事件，实有 %d 个。", MaxEvents, len(list)),
			fmt.Sprintf("a document holds at most %d events; this one has %d.", MaxEvents, len(list)))
		return nil, p.err()
	}
	prefixes := Prefixes(ctx)
	for i, raw := range list {
		if len(p.v.Problems) >= maxErrors {
			break
		}
		if ev := p.event(i, raw, prefixes); ev != nil {
			doc.Events = append(doc.Events, ev)
		}
	}
	if err := p.err(); err != nil {
		return nil, err
	}
	return doc, nil
}

type parser struct {
	v risk.Validation
}

func (p *parser) add(field, zh, en string) {
	if len(p.v.Problems) < maxErrors {
		p.v.Add(field, zh, en)
	}
}

// err returns the problems found, each naming its event: "第 3 个事件：…
// / event 3: …".
func (p *parser) err() error {
	for i, fe := range p.v.Problems {
		var n int
		if _, err := fmt.Sscanf(fe.Field, "epcisBody.eventList[%d]", &n); err != nil || strings.HasPrefix(fe.Message, "第") {
			continue
		}
		zh, en, _ := strings.Cut(fe.Message, " / ")
		p.v.Problems[i].Message = risk.Bilingual(fmt.Sprintf("第 %d 个事件（%s）：%s", n+1, fe.Field, zh), fmt.Sprintf("event %d (%s): %s", n+1, fe.Field, en))
	}
	return p.v.Err()
}

// str reads a string field; path is the prefix of the field's JSON path.
func (p *parser) str(m map[string]json.RawMessage, k, path string, required bool) string {
	raw, ok := m[k]
	if !ok {
		if required {
			p.add(path+k, "缺少 "+k+"。", k+" is missing.")
		}
		return ""
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		p.add(path+k, k+" 应为字符串。", k+" must be a string.")
		return ""
	}
	if required && strings.TrimSpace(s) == "" {
		p.add(path+k, k+" 为空。", k+" is empty.")
	}
	return s
}

func (p *parser) time(m map[string]json.RawMessage, k, path string, required bool) time.Time {
	s := p.str(m, k, path, required)
	if s == "" {
		return time.Time{}
	}
	t, err := ParseTime(s)
	if err != nil {
		p.add(path+k, fmt.Sprintf("%s 不是带时区的日期时间：%q。", k, s), fmt.Sprintf("%s is not a date-time with offset: %q.", k, s))
	}
	return t
}

func (p *parser) epc(field, s string) (ident.EPC, bool) {
	e, err := ident.ParseEPC(field, s)
	if err != nil {
		p.v.AddErr(field, err)
		return e, false
	}
	return e, true
}

// event reads the i-th event; its fields are named eventList[i].field.
func (p *parser) event(i int, raw json.RawMessage, prefixes map[string]string) *Event {
	path := fmt.Sprintf("epcisBody.eventList[%d].", i)
	n := len(p.v.Problems)
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		p.add(strings.TrimSuffix(path, "."), fmt.Sprintf("第 %d 个事件不是 JSON 对象。", i+1), fmt.Sprintf("event %d is not a JSON object.", i+1))
		return nil
	}
	ev := &Event{Index: i, Raw: raw}
	ev.Type = p.str(m, "type", path, true)
	if ev.Type != "" && !slices.Contains(EventTypes, ev.Type) {
		p.add(path+"type", fmt.Sprintf("第 %d 个事件的类型 %q 不受支持。", i+1, ev.Type),
			fmt.Sprintf("event %d has an unsupported type %q.", i+1, ev.Type))
		return nil
	}
	for k := range m {
		if !slices.Contains(commonFields, k) && !slices.Contains(fieldsOf[ev.Type], k) && !namespaced(k) {
			p.add(path+k, fmt.Sprintf("第 %d 个事件（%s）不应有字段 %s。", i+1, ev.Type, k), fmt.Sprintf("event %d (%s) must not have a field %s.", i+1, ev.Type, k))
		}
	}
	ev.EventTime = p.time(m, "eventTime", path, true)
	p.time(m, "recordTime", path, false)
	ev.TimeZoneOffset = p.str(m, "eventTimeZoneOffset", path, true)
	if ev.TimeZoneOffset != "" && !offsetRE.MatchString(ev.TimeZoneOffset) {
		p.add(path+"eventTimeZoneOffset", "eventTimeZoneOffset 应形如 +08:00。", "eventTimeZoneOffset must look like +08:00.")
	}
	ev.EventID = p.str(m, "eventID", path, false)
	if ev.EventID != "" && (!strings.Contains(ev.EventID, ":") || strings.ContainsAny(ev.EventID, " \t\n")) {
		p.add(path+"eventID", "eventID 应为 URI。", "eventID must be a URI.")
	}
	if _, ok := m["action"]; ok || ev.Type != TransformationEvent {
		ev.Action = p.str(m, "action", path, ev.Type != TransformationEvent)
		if ev.Action != "" && !slices.Contains([]string{"ADD", "OBSERVE", "DELETE"}, ev.Action) {
			p.add(path+"action", "action 应为 ADD、OBSERVE 或 DELETE。", "action must be ADD, OBSERVE or DELETE.")
		}
	}
	ev.BizStep = p.vocab(m, path, BizSteps)
	ev.Disposition = p.vocab(m, path, Dispositions)
	ev.ReadPoint = p.location(m, "readPoint", path)
	ev.BizLocation = p.location(m, "bizLocation", path)
	p.persistent(m, path)

	// Identifiers by role.
	if s := p.str(m, "parentID", path, false); s != "" {
		if e, ok := p.epc(path+"parentID", s); ok {
			ev.Refs = append(ev.Refs, Ref{Role: RoleParent, EPC: e})
		}
	}
	lists := []struct {
		epcs, qty string
		role      Role
	}{{"epcList", "quantityList", RoleEPC}, {"childEPCs", "childQuantityList", RoleChild},
		{"inputEPCList", "inputQuantityList", RoleInput}, {"outputEPCList", "outputQuantityList", RoleOutput}}
	has := map[string]bool{}
	for _, l := range lists {
		has[l.epcs] = p.epcList(ev, m, l.epcs, path, l.role)
		has[l.qty] = p.quantityList(ev, m, l.qty, path, l.role)
	}
	if len(ev.Refs) > MaxRefs {
		p.add(path+"epcList", fmt.Sprintf("一个事件至多 %d 个标识。", MaxRefs), fmt.Sprintf("an event names at most %d identifiers.", MaxRefs))
	}
	if s := p.str(m, "transformationID", path, false); s != "" && !strings.Contains(s, ":") {
		p.add(path+"transformationID", "transformationID 应为 URI。", "transformationID must be a URI.")
	}
	switch ev.Type {
	case ObjectEvent:
		if !has["epcList"] && !has["quantityList"] {
			p.add(path+"epcList", fmt.Sprintf("第 %d 个事件（ObjectEvent）须有 epcList 或 quantityList。", i+1),
				fmt.Sprintf("event %d (ObjectEvent) needs an epcList or a quantityList.", i+1))
		}
	case AggregationEvent, AssociationEvent:
		if ev.Action != "OBSERVE" || ev.Type == AssociationEvent {
			if _, ok := m["parentID"]; !ok {
				p.add(path+"parentID", fmt.Sprintf("第 %d 个事件（%s，%s）须有 parentID。", i+1, ev.Type, ev.Action),
					fmt.Sprintf("event %d (%s, %s) needs a parentID.", i+1, ev.Type, ev.Action))
			}
		}
		if !has["childEPCs"] && !has["childQuantityList"] && ev.Action != "DELETE" {
			p.add(path+"childEPCs", fmt.Sprintf("第 %d 个事件须有 childEPCs 或 childQuantityList。", i+1),
				fmt.Sprintf("event %d needs childEPCs or a childQuantityList.", i+1))
		}
	case TransactionEvent:
		if _, ok := m["bizTransactionList"]; !ok {
			p.add(path+"bizTransactionList", fmt.Sprintf("第 %d 个事件（TransactionEvent）须有 bizTransactionList。", i+1),
				fmt.Sprintf("event %d (TransactionEvent) needs a bizTransactionList.", i+1))
		}
	case TransformationEvent:
		if _, ok := m["transformationID"]; !ok && ((!has["inputEPCList"] && !has["inputQuantityList"]) || (!has["outputEPCList"] && !has["outputQuantityList"])) {
			p.add(path+"inputEPCList", fmt.Sprintf("第 %d 个事件（TransformationEvent）须有投入与产出，或 transformationID。", i+1),
				fmt.Sprintf("event %d (TransformationEvent) needs inputs and outputs, or a transformationID.", i+1))
		}
	}
	ev.BizTransactions = p.bizTransactions(m, path)
	ev.Parties = append(p.parties(m, "sourceList", "source", path, false), p.parties(m, "destinationList", "destination", path, true)...)
	ev.ErrorDeclaration = p.errorDeclaration(m, path)
	p.shapes(m, path)
	if len(p.v.Problems) > n {
		return nil
	}
	var generic map[string]any
	if err := decodeAny(raw, &generic); err != nil {
		p.add(strings.TrimSuffix(path, "."), "事件无法读取。", "the event cannot be read.")
		return nil
	}
	ev.Hash = Hash(generic, prefixes)
	return ev
}

func (p *parser) vocab(m map[string]json.RawMessage, path string, voc Vocabulary) string {
	s := p.str(m, voc.Name, path, false)
	if s == "" {
		return ""
	}
	t, _, ok := voc.Term(s)
	if !ok {
		p.add(path+voc.Name, fmt.Sprintf("%q 不是 CBV 的%s术语，也不是 URI。", s, voc.zh), fmt.Sprintf("%q is not a CBV %s term nor a URI.", s, voc.en))
	}
	return t
}

func (p *parser) location(m map[string]json.RawMessage, k, path string) string {
	raw, ok := m[k]
	if !ok {
		return ""
	}
	var loc map[string]json.RawMessage
	if err := json.Unmarshal(raw, &loc); err != nil {
		p.add(path+k, k+" 应为对象。", k+" must be an object.")
		return ""
	}
	id := p.str(loc, "id", path+k+".", true)
	if id == "" {
		return ""
	}
	e, _ := p.epc(path+k+".id", id)
	return e.URI
}

func (p *parser) persistent(m map[string]json.RawMessage, path string) {
	raw, ok := m["persistentDisposition"]
	if !ok {
		return
	}
	var pd map[string][]string
	if err := json.Unmarshal(raw, &pd); err != nil {
		p.add(path+"persistentDisposition", "persistentDisposition 应为含 set、unset 数组的对象。", "persistentDisposition must be an object of set and unset arrays.")
		return
	}
	for k, l := range pd {
		if k != "set" && k != "unset" {
			p.add(path+"persistentDisposition."+k, "persistentDisposition 只有 set 与 unset。", "persistentDisposition has only set and unset.")
		}
		for j, d := range l {
			if _, _, ok := Dispositions.Term(d); !ok {
				p.add(fmt.Sprintf("%spersistentDisposition.%s[%d]", path, k, j), fmt.Sprintf("%q 不是 CBV 的处置状态术语。", d), fmt.Sprintf("%q is not a CBV disposition.", d))
			}
		}
	}
}

func (p *parser) epcList(ev *Event, m map[string]json.RawMessage, k, path string, role Role) bool {
	raw, ok := m[k]
	if !ok {
		return false
	}
	var l []string
	if err := json.Unmarshal(raw, &l); err != nil {
		p.add(path+k, k+" 应为字符串数组。", k+" must be an array of strings.")
		return true
	}
	for j, s := range l {
		if e, ok := p.epc(fmt.Sprintf("%s%s[%d]", path, k, j), s); ok {
			ev.Refs = append(ev.Refs, Ref{Role: role, EPC: e})
		}
	}
	return len(l) > 0 || k == "epcList"
}

func (p *parser) quantityList(ev *Event, m map[string]json.RawMessage, k, path string, role Role) bool {
	raw, ok := m[k]
	if !ok {
		return false
	}
	var l []map[string]json.RawMessage
	if err := json.Unmarshal(raw, &l); err != nil {
		p.add(path+k, k+" 应为对象数组。", k+" must be an array of objects.")
		return true
	}
	for j, q := range l {
		qp := fmt.Sprintf("%s%s[%d].", path, k, j)
		for f := range q {
			if f != "epcClass" && f != "quantity" && f != "uom" {
				p.add(qp+f, "数量元素只有 epcClass、quantity 与 uom。", "a quantity element has only epcClass, quantity and uom.")
			}
		}
		r := Ref{Role: role, Class: true}
		c := p.str(q, "epcClass", qp, true)
		if c != "" {
			e, ok := p.epc(qp+"epcClass", c)
			if !ok {
				continue
			}
			r.EPC = e
		}
		if n, ok := q["quantity"]; ok {
			var f float64
			if err := json.Unmarshal(n, &f); err != nil {
				p.add(qp+"quantity", "quantity 应为数字。", "quantity must be a number.")
			} else if f < 0 {
				p.add(qp+"quantity", "quantity 不能为负。", "quantity must not be negative.")
			} else {
				r.Quantity = &f
			}
		}
		r.UOM = p.str(q, "uom", qp, false)
		if r.UOM != "" && !uomRE.MatchString(r.UOM) {
			p.add(qp+"uom", fmt.Sprintf("计量单位 %q 应为 2–3 位 UN/CEFACT 代码（如 KGM）。", r.UOM),
				fmt.Sprintf("unit %q must be a 2–3 character UN/CEFACT code (KGM, say).", r.UOM))
		}
		if r.UOM == "" && r.Quantity != nil && *r.Quantity != float64(int64(*r.Quantity)) {
			// Without a unit the quantity counts instances (EPCIS 2.0 §7.3.3.3): it must be whole.
			p.add(qp+"uom", "非整数数量须给出计量单位 uom。", "a quantity that is not a whole number needs a unit (uom).")
		}
		ev.Refs = append(ev.Refs, r)
	}
	return len(l) > 0
}

func (p *parser) bizTransactions(m map[string]json.RawMessage, path string) []BizTransaction {
	raw, ok := m["bizTransactionList"]
	if !ok {
		return nil
	}
	var l []map[string]json.RawMessage
	if err := json.Unmarshal(raw, &l); err != nil {
		p.add(path+"bizTransactionList", "bizTransactionList 应为对象数组。", "bizTransactionList must be an array of objects.")
		return nil
	}
	var out []BizTransaction
	for j, bt := range l {
		bp := fmt.Sprintf("%sbizTransactionList[%d].", path, j)
		for f := range bt {
			if f != "type" && f != "bizTransaction" {
				p.add(bp+f, "业务单证只有 type 与 bizTransaction。", "a business transaction has only type and bizTransaction.")
			}
		}
		t := BizTransaction{ID: p.str(bt, "bizTransaction", bp, true)}
		if t.ID != "" && !strings.Contains(t.ID, ":") {
			p.add(bp+"bizTransaction", "bizTransaction 应为 URI。", "bizTransaction must be a URI.")
		}
		t.Type = p.vocab(bt, bp, BizTransactionTypes)
		out = append(out, t)
	}
	return out
}

func (p *parser) parties(m map[string]json.RawMessage, k, inner, path string, dest bool) []Party {
	raw, ok := m[k]
	if !ok {
		return nil
	}
	var l []map[string]json.RawMessage
	if err := json.Unmarshal(raw, &l); err != nil {
		p.add(path+k, k+" 应为对象数组。", k+" must be an array of objects.")
		return nil
	}
	var out []Party
	for j, sd := range l {
		sp := fmt.Sprintf("%s%s[%d].", path, k, j)
		for f := range sd {
			if f != "type" && f != inner {
				p.add(sp+f, k+" 的元素只有 type 与 "+inner+"。", "an element of "+k+" has only type and "+inner+".")
			}
		}
		pt := Party{Dest: dest}
		if _, ok := sd["type"]; !ok {
			p.add(sp+"type", "缺少 type。", "type is missing.")
		}
		pt.Type = p.vocab(sd, sp, SourceDestTypes)
		if id := p.str(sd, inner, sp, true); id != "" {
			e, ok := p.epc(sp+inner, id)
			if !ok {
				continue
			}
			pt.ID = e
		}
		out = append(out, pt)
	}
	return out
}

func (p *parser) errorDeclaration(m map[string]json.RawMessage, path string) *ErrorDeclaration {
	raw, ok := m["errorDeclaration"]
	if !ok {
		return nil
	}
	var ed map[string]json.RawMessage
	if err := json.Unmarshal(raw, &ed); err != nil {
		p.add(path+"errorDeclaration", "errorDeclaration 应为对象。", "errorDeclaration must be an object.")
		return nil
	}
	ep := path + "errorDeclaration."
	d := &ErrorDeclaration{DeclarationTime: p.time(ed, "declarationTime", ep, true), Reason: p.vocab(ed, ep, ErrorReasons)}
	if raw, ok := ed["correctiveEventIDs"]; ok {
		if err := json.Unmarshal(raw, &d.CorrectiveEventIDs); err != nil {
			p.add(ep+"correctiveEventIDs", "correctiveEventIDs 应为字符串数组。", "correctiveEventIDs must be an array of strings.")
		}
	}
	for k := range ed {
		if !slices.Contains([]string{"declarationTime", "reason", "correctiveEventIDs"}, k) && !namespaced(k) {
			p.add(ep+k, "errorDeclaration 不应有字段 "+k+"。", "errorDeclaration must not have a field "+k+".")
		}
	}
	return d
}

// shapes checks the shape of what is kept as received: sensor elements
// are objects with a sensorReport array, ILMD an object.
func (p *parser) shapes(m map[string]json.RawMessage, path string) {
	if raw, ok := m["sensorElementList"]; ok {
		var l []map[string]json.RawMessage
		if err := json.Unmarshal(raw, &l); err != nil {
			p.add(path+"sensorElementList", "sensorElementList 应为对象数组。", "sensorElementList must be an array of objects.")
		}
		for j, se := range l {
			var reps []map[string]any
			if err := json.Unmarshal(se["sensorReport"], &reps); err != nil {
				p.add(fmt.Sprintf("%ssensorElementList[%d].sensorReport", path, j), "sensorReport 应为对象数组。", "sensorReport must be an array of objects.")
			}
		}
	}
	if raw, ok := m["ilmd"]; ok {
		var o map[string]any
		if err := json.Unmarshal(raw, &o); err != nil {
			p.add(path+"ilmd", "ilmd 应为对象。", "ilmd must be an object.")
		}
	}
}

// namespaced reports whether a key is a user extension: a compact IRI
// (prefix:name) or a full URI.
func namespaced(k string) bool {
	i := strings.IndexByte(k, ':')
	return i > 0 && i < len(k)-1
}

func decodeAny(raw json.RawMessage, v any) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	return dec.Decode(v)
}

func jsonProblem(err error) string {
	var se *json.SyntaxError
	if e, ok := err.(*json.SyntaxError); ok {
		se = e
		return fmt.Sprintf("offset %d: %s", se.Offset, se.Error())
	}
	return err.Error()
}
