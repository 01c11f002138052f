package epcis

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"time"

	"riskgate/internal/ident"
)

// HashVersion is the version of the event hash algorithm, CBV 2.0's.
const HashVersion = "CBV2.0"

// Hash returns the EPCIS Event Hash ID of an event (a JSON object decoded
// with UseNumber) under the JSON-LD prefixes of its document.
func Hash(ev map[string]any, prefixes map[string]string) string {
	sum := sha256.Sum256([]byte(PreHash(ev, prefixes)))
	return "ni:///sha-256;" + hex.EncodeToString(sum[:]) + "?ver=" + HashVersion
}

// The canonical property order (CBV 2.0 §8.9.2): the fields of every event
// type in one sequence; what an event lacks is skipped.
var hashOrder = []string{"eventTime", "eventTimeZoneOffset", "epcList", "parentID", "inputEPCList", "childEPCs",
	"quantityList", "childQuantityList", "inputQuantityList", "outputEPCList", "outputQuantityList", "action",
	"transformationID", "bizStep", "disposition", "persistentDisposition", "readPoint", "bizLocation",
	"bizTransactionList", "sourceList", "destinationList", "sensorElementList", "ilmd"}

// notHashed are the event's fields outside the hash: what the repository
// sets (recordTime), the identifier the hash may become (eventID), the
// error declaration (so that a declaration matches the event it declares
// in error) and the JSON-LD machinery.
var notHashed = []string{"type", "eventID", "recordTime", "errorDeclaration", "certificationInfo", "@context"}

var sensorMetaOrder = []string{"time", "startTime", "endTime", "deviceID", "deviceMetadata", "rawData", "dataProcessingMethod", "bizRules"}
var sensorReportOrder = []string{"type", "exception", "deviceID", "deviceMetadata", "rawData", "dataProcessingMethod", "time",
	"microorganism", "chemicalSubstance", "value", "component", "stringValue", "booleanValue", "hexBinaryValue", "uriValue",
	"minValue", "maxValue", "meanValue", "sDev", "percRank", "percValue", "uom", "coordinateReferenceSystem"}

// PreHash returns the pre-hash string of an event: its fields in the
// canonical order, concatenated without separators (see Hash).
func PreHash(ev map[string]any, prefixes map[string]string) string {
	h := hasher{prefixes: prefixes}
	var b strings.Builder
	b.WriteString("eventType=" + str(ev["type"]))
	for _, k := range hashOrder {
		v, ok := ev[k]
		if !ok || v == nil {
			continue
		}
		b.WriteString(h.field(k, v))
	}
	b.WriteString(h.extensions(ev, hashOrder))
	return b.String()
}

type hasher struct{ prefixes map[string]string }

func (h hasher) field(k string, v any) string {
	switch k {
	case "eventTime":
		return k + "=" + utcMillis(str(v))
	case "epcList", "inputEPCList", "childEPCs", "outputEPCList":
		var items []string
		for _, e := range list(v) {
			items = append(items, "epc="+h.id(str(e)))
		}
		slices.Sort(items)
		return k + strings.Join(items, "")
	case "quantityList", "childQuantityList", "inputQuantityList", "outputQuantityList":
		var items []string
		for _, e := range list(v) {
			q, _ := e.(map[string]any)
			s := "quantityElement"
			if c, ok := q["epcClass"]; ok {
				s += "epcClass=" + h.id(str(c))
			}
			if n, ok := q["quantity"]; ok {
				s += "quantity=" + number(n)
			}
			if u, ok := q["uom"]; ok {
				s += "uom=" + strings.TrimSpace(str(u))
			}
			items = append(items, s)
		}
		slices.Sort(items)
		return k + strings.Join(items, "")
	case "parentID", "transformationID":
		return k + "=" + h.id(str(v))
	case "bizStep":
		return k + "=" + BizSteps.WebURI(h.value(str(v)))
	case "disposition":
		return k + "=" + Dispositions.WebURI(h.value(str(v)))
	case "persistentDisposition":
		m, _ := v.(map[string]any)
		s := k
		for _, part := range []string{"set", "unset"} {
			var items []string
			for _, d := range list(m[part]) {
				items = append(items, part+"="+Dispositions.WebURI(h.value(str(d))))
			}
			slices.Sort(items)
			s += strings.Join(items, "")
		}
		return s
	case "readPoint", "bizLocation":
		m, _ := v.(map[string]any)
		return k + "id=" + h.id(str(m["id"])) + h.extensions(m, []string{"id"})
	case "bizTransactionList", "sourceList", "destinationList":
		inner, voc := "bizTransaction", BizTransactionTypes
		if k == "sourceList" {
			inner, voc = "source", SourceDestTypes
		} else if k == "destinationList" {
			inner, voc = "destination", SourceDestTypes
		}
		var items []string
		for _, e := range list(v) {
			m, _ := e.(map[string]any)
			s := inner + "=" + h.id(str(m[inner]))
			if t, ok := m["type"]; ok {
				s += "type=" + voc.WebURI(h.value(str(t)))
			}
			items = append(items, s)
		}
		slices.Sort(items)
		return k + strings.Join(items, "")
	case "sensorElementList":
		var items []string
		for _, e := range list(v) {
			m, _ := e.(map[string]any)
			s := "sensorElement"
			if md, ok := m["sensorMetadata"].(map[string]any); ok {
				s += "sensorMetadata" + h.ordered(md, sensorMetaOrder) + h.extensions(md, sensorMetaOrder)
			}
			var reps []string
			for _, r := range list(m["sensorReport"]) {
				rm, _ := r.(map[string]any)
				reps = append(reps, "sensorReport"+h.ordered(rm, sensorReportOrder)+h.extensions(rm, sensorReportOrder))
			}
			slices.Sort(reps)
			s += strings.Join(reps, "") + h.extensions(m, []string{"sensorMetadata", "sensorReport"})
			items = append(items, s)
		}
		slices.Sort(items)
		return k + strings.Join(items, "")
	case "ilmd":
		m, _ := v.(map[string]any)
		return k + h.extensions(m, nil)
	}
	return k + "=" + h.value(str(v))
}

// ordered writes the fields of a sensor element part in their order.
func (h hasher) ordered(m map[string]any, order []string) string {
	var b strings.Builder
	for _, k := range order {
		v, ok := m[k]
		if !ok || v == nil {
			continue
		}
		b.WriteString(k + "=")
		switch k {
		case "time", "startTime", "endTime":
			b.WriteString(utcMillis(str(v)))
		case "type", "exception":
			b.WriteString(h.gs1Term(str(v)))
		default:
			if _, isNum := v.(json.Number); isNum {
				b.WriteString(number(v))
			} else {
				b.WriteString(h.id(scalar(v)))
			}
		}
	}
	return b.String()
}

// gs1Term expands a bare GS1 Web Vocabulary term (a sensor measurement or
// alert type: "Temperature") to its URI.
func (h hasher) gs1Term(v string) string {
	v = strings.TrimSpace(v)
	if !strings.Contains(v, ":") {
		return "https://gs1.org/voc/" + v
	}
	return h.value(v)
}

// extensions writes the fields of m that are not in known (nor JSON-LD
// machinery) as {namespace}local=value substrings, sorted; a nested object
// gives its key followed by its own substrings, an array one substring per
// item.
func (h hasher) extensions(m map[string]any, known []string) string {
	var items []string
	for k, v := range m {
		if slices.Contains(known, k) || slices.Contains(notHashed, k) {
			continue
		}
		items = append(items, h.ext(h.qname(k), v)...)
	}
	slices.Sort(items)
	return strings.Join(items, "")
}

func (h hasher) ext(name string, v any) []string {
	switch t := v.(type) {
	case map[string]any:
		return []string{name + h.extensions(t, nil)}
	case []any:
		var out []string
		for _, e := range t {
			out = append(out, h.ext(name, e)...)
		}
		return out
	case nil:
		return []string{name}
	}
	return []string{name + "=" + h.value(scalar(v))}
}

// qname writes a JSON-LD key (prefix:local or a URI) as {namespace}local.
func (h hasher) qname(k string) string {
	if p, local, ok := strings.Cut(k, ":"); ok {
		if ns, found := h.prefixes[p]; found {
			return "{" + ns + "}" + local
		}
	}
	if i := strings.LastIndexAny(k, "/#"); i > 0 && i < len(k)-1 {
		return "{" + k[:i+1] + "}" + k[i+1:]
	}
	return k
}

// value canonicalises a string value: trimmed, a CURIE expanded, a CBV
// URN written as its Web URI, an identifier as its Digital Link.
func (h hasher) value(v string) string {
	v = strings.TrimSpace(v)
	if rest, ok := strings.CutPrefix(v, "urn:epcglobal:cbv:"); ok {
		if kind, term, ok := strings.Cut(rest, ":"); ok {
			if web, found := cbvURNKinds[kind]; found {
				return "https://ref.gs1.org/cbv/" + web + "-" + term
			}
		}
		return v
	}
	if p, local, ok := strings.Cut(v, ":"); ok && !strings.HasPrefix(local, "//") {
		if ns, found := h.prefixes[p]; found {
			return ns + local
		}
	}
	return v
}

var cbvURNKinds = map[string]string{"bizstep": "BizStep", "disp": "Disp", "btt": "BTT", "sdt": "SDT", "er": "ER"}

// id canonicalises an identifier: the canonical GS1 Digital Link where it
// has one (ident.ParseEPC), else as value.
func (h hasher) id(v string) string {
	v = strings.TrimSpace(v)
	if e, err := ident.ParseEPC("id", v); err == nil && e.Key != v {
		return e.Key
	}
	return h.value(v)
}

// Prefixes returns the JSON-LD prefixes a document's @context declares,
// with the standard ones of the EPCIS 2.0 context.
func Prefixes(ctx any) map[string]string {
	p := map[string]string{"gs1": "https://gs1.org/voc/", "cbv": "https://ref.gs1.org/cbv/", "epcis": "https://ref.gs1.org/epcis/",
		"cbvmda": "urn:epcglobal:cbv:mda:"}
	var walk func(any)
	walk = func(c any) {
		switch t := c.(type) {
		case []any:
			for _, e := range t {
				walk(e)
			}
		case map[string]any:
			for k, v := range t {
				if s, ok := v.(string); ok && !strings.HasPrefix(k, "@") {
					p[k] = s
				}
			}
		}
	}
	walk(ctx)
	return p
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

func list(v any) []any {
	l, _ := v.([]any)
	return l
}

func scalar(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case bool:
		return strconv.FormatBool(t)
	case json.Number:
		return number(t)
	}
	return ""
}

// number writes a decimal without trailing zeros: 1 not 1.0.
func number(v any) string {
	n, _ := v.(json.Number)
	f, err := strconv.ParseFloat(string(n), 64)
	if err != nil {
		return string(n)
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// utcMillis writes a time in UTC with milliseconds (2020-03-04T10:00:30.000Z).
func utcMillis(s string) string {
	t, err := ParseTime(s)
	if err != nil {
		return strings.TrimSpace(s)
	}
	return t.UTC().Format("2006-01-02T15:04:05.000Z")
}

// ParseTime reads an xsd:dateTime as EPCIS writes it: RFC 3339, with or
// without fractional seconds. A time without offset is refused.
func ParseTime(s string) (time.Time, error) {
	return time.Parse(time.RFC3339Nano, strings.TrimSpace(s))
}
