package main

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"riskgate/internal/epcis"
	"riskgate/internal/ident"
	"riskgate/internal/trace"
)

// benchEv is one event of the bench network, as fields: the loader
// renders it as EPCIS JSON-LD for the capture service (json) or straight
// into the record Capture would make of that JSON (record), without a
// JSON round trip; TestBenchTraceBulkMatchesCapture checks the two agree.
type benchEv struct {
	typ     string
	at      time.Time
	action  string // "" for a TransformationEvent
	parent  string
	epc     string        // the one EPC of epcList, "" none
	lists   [4][]benchQty // quantityList, childQuantityList, inputQuantityList, outputQuantityList
	bizStep string
	loc     string // bizLocation id
	src     string // owning_party source, "" none
	dst     string // owning_party destination
}

type benchQty struct {
	class string
	n     int
	uom   string
}

var benchListKeys = [4]string{"quantityList", "childQuantityList", "inputQuantityList", "outputQuantityList"}
var benchListRoles = [4]epcis.Role{epcis.RoleEPC, epcis.RoleChild, epcis.RoleInput, epcis.RoleOutput}

// benchPrefixes are the JSON-LD prefixes of the bench documents' context
// (the standard one), as the event hash sees them.
var benchPrefixes = epcis.Prefixes([]any{"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"})

// fields returns the event's members as compact JSON, in the order the
// document carries them.
func (e *benchEv) fields() [][2]string {
	str := strconv.Quote
	out := [][2]string{{"type", str(e.typ)}, {"eventTime", str(e.at.Format("2006-01-02T15:04:05+08:00"))}, {"eventTimeZoneOffset", `"+08:00"`}}
	if e.action != "" {
		out = append(out, [2]string{"action", str(e.action)})
	}
	if e.parent != "" {
		out = append(out, [2]string{"parentID", str(e.parent)})
	}
	if e.epc != "" {
		out = append(out, [2]string{"epcList", "[" + str(e.epc) + "]"})
	}
	for i, l := range e.lists {
		if len(l) == 0 {
			continue
		}
		var b strings.Builder
		b.WriteByte('[')
		for j, q := range l {
			if j > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, `{"epcClass":%s,"quantity":%d`, str(q.class), q.n)
			if q.uom != "" {
				b.WriteString(`,"uom":` + str(q.uom))
			}
			b.WriteByte('}')
		}
		b.WriteByte(']')
		out = append(out, [2]string{benchListKeys[i], b.String()})
	}
	out = append(out, [2]string{"bizStep", str(e.bizStep)})
	if e.loc != "" {
		out = append(out, [2]string{"bizLocation", `{"id":` + str(e.loc) + `}`})
	}
	if e.src != "" {
		out = append(out, [2]string{"sourceList", `[{"type":"owning_party","source":` + str(e.src) + `}]`})
	}
	if e.dst != "" {
		out = append(out, [2]string{"destinationList", `[{"type":"owning_party","destination":` + str(e.dst) + `}]`})
	}
	return out
}

// json renders the event as a member of a document's eventList.
func (e *benchEv) json() string {
	var b strings.Builder
	b.WriteByte('{')
	for i, f := range e.fields() {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.Quote(f[0]) + ":" + f[1])
	}
	b.WriteByte('}')
	return b.String()
}

// generic is the event as epcis.Parse decodes it for the hash (a JSON
// object decoded with UseNumber).
func (e *benchEv) generic() map[string]any {
	m := map[string]any{"type": e.typ, "eventTime": e.at.Format("2006-01-02T15:04:05+08:00"), "eventTimeZoneOffset": "+08:00", "bizStep": e.bizStep}
	if e.action != "" {
		m["action"] = e.action
	}
	if e.parent != "" {
		m["parentID"] = e.parent
	}
	if e.epc != "" {
		m["epcList"] = []any{e.epc}
	}
	for i, l := range e.lists {
		if len(l) == 0 {
			continue
		}
		var qs []any
		for _, q := range l {
			qm := map[string]any{"epcClass": q.class, "quantity": json.Number(strconv.Itoa(q.n))}
			if q.uom != "" {
				qm["uom"] = q.uom
			}
			qs = append(qs, qm)
		}
		m[benchListKeys[i]] = qs
	}
	if e.loc != "" {
		m["bizLocation"] = map[string]any{"id": e.loc}
	}
	if e.src != "" {
		m["sourceList"] = []any{map[string]any{"type": "owning_party", "source": e.src}}
	}
	if e.dst != "" {
		m["destinationList"] = []any{map[string]any{"type": "owning_party", "destination": e.dst}}
	}
	return m
}

// record is the record Capture makes of the event captured at now: the
// same hash, references, parties and body (the event with its eventID and
// recordTime, members sorted as encoding/json writes a map).
func (e *benchEv) record(now time.Time) (*trace.Record, error) {
	ev := &epcis.Event{Type: e.typ, EventTime: e.at, TimeZoneOffset: "+08:00", Action: e.action, BizStep: e.bizStep, BizLocation: e.loc}
	epc := func(s string) (ident.EPC, error) { return ident.ParseEPC("id", s) }
	if e.parent != "" {
		p, err := epc(e.parent)
		if err != nil {
			return nil, err
		}
		ev.Refs = append(ev.Refs, epcis.Ref{Role: epcis.RoleParent, EPC: p})
	}
	if e.epc != "" {
		p, err := epc(e.epc)
		if err != nil {
			return nil, err
		}
		ev.Refs = append(ev.Refs, epcis.Ref{Role: epcis.RoleEPC, EPC: p})
	}
	for i, l := range e.lists {
		for _, q := range l {
			c, err := epc(q.class)
			if err != nil {
				return nil, err
			}
			n := float64(q.n)
			ev.Refs = append(ev.Refs, epcis.Ref{Role: benchListRoles[i], EPC: c, Class: true, Quantity: &n, UOM: q.uom})
		}
	}
	for _, p := range []struct {
		id   string
		dest bool
	}{{e.src, false}, {e.dst, true}} {
		if p.id == "" {
			continue
		}
		id, err := epc(p.id)
		if err != nil {
			return nil, err
		}
		ev.Parties = append(ev.Parties, epcis.Party{Dest: p.dest, Type: "owning_party", ID: id})
	}
	ev.Hash = epcis.Hash(e.generic(), benchPrefixes)
	fields := e.fields()
	body := make(map[string]json.RawMessage, len(fields)+2)
	for _, f := range fields {
		body[f[0]] = json.RawMessage(f[1])
	}
	ev.Raw = json.RawMessage(e.json())
	body["eventID"], _ = json.Marshal(ev.Hash)
	body["recordTime"], _ = json.Marshal(now.Format("2006-01-02T15:04:05.000Z"))
	b, err := json.Marshal(body)
	if err != nil {
		return nil, err
	}
	return &trace.Record{Event: ev, EventID: ev.Hash, RecordTime: now, Body: b}, nil
}
