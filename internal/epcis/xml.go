package epcis

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"

	"riskgate/internal/risk"
)

// The XML binding (EPCIS 2.0 §9.3, EPCglobal-epcis-2_0.xsd) is read into
// the JSON-LD form and parsed by Parse: one validation, one hash. Element
// names are the JSON keys; lists become arrays; a business transaction's,
// source's or destination's type attribute becomes its "type"; sensor
// metadata and reports are attributes; a user extension element
// (namespaced) becomes a "prefix:name" key with the document's prefix
// declared in the @context; EPCIS 1.x's <extension> wrappers are flattened.
// Problems are named by the JSON path of the converted document
// (epcisBody.eventList[2].bizStep), which follows the XML's order.

const (
	xsiNS       = "http://www.w3.org/2001/XMLSchema-instance"
	epcisXMLNS  = "urn:epcglobal:epcis:xsd:2"
	maxXMLDepth = 64
)

// xnode is an element of the XML tree.
type xnode struct {
	name  xml.Name
	attrs []xml.Attr
	kids  []*xnode
	text  strings.Builder
}

func (n *xnode) child(local string) *xnode {
	for _, k := range n.kids {
		if k.name.Local == local && (k.name.Space == "" || k.name.Space == epcisXMLNS) {
			return k
		}
	}
	return nil
}

func (n *xnode) attr(local string) (string, bool) {
	for _, a := range n.attrs {
		if a.Name.Local == local && a.Name.Space == "" {
			return a.Value, true
		}
	}
	return "", false
}

func (n *xnode) value() string { return strings.TrimSpace(n.text.String()) }

func (n *xnode) isNil() bool {
	for _, a := range n.attrs {
		if a.Name.Space == xsiNS && a.Name.Local == "nil" && a.Value == "true" {
			return true
		}
	}
	return false
}

// FromXML converts an EPCIS 2.0 XML document to its JSON-LD form (see the
// comment above); a document that is not well-formed XML, or not an
// EPCISDocument, is a bilingual risk.ErrInvalid.
func FromXML(b []byte) ([]byte, error) {
	dec := xml.NewDecoder(bytes.NewReader(b))
	dec.Strict = true
	prefixes := map[string]string{} // namespace → prefix, from the xmlns declarations
	var stack []*xnode
	var root *xnode
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, risk.Invalid("body", "XML 格式错误："+err.Error(), "the XML is not well-formed: "+err.Error())
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if len(stack) >= maxXMLDepth {
				return nil, risk.Invalid("body", "XML 嵌套过深。", "the XML is nested too deeply.")
			}
			n := &xnode{name: t.Name}
			for _, a := range t.Attr {
				if a.Name.Space == "xmlns" {
					if _, ok := prefixes[a.Value]; !ok {
						prefixes[a.Value] = a.Name.Local
					}
					continue
				}
				if a.Name.Space == "" && a.Name.Local == "xmlns" {
					continue
				}
				n.attrs = append(n.attrs, a)
			}
			if len(stack) > 0 {
				p := stack[len(stack)-1]
				p.kids = append(p.kids, n)
			} else if root == nil {
				root = n
			}
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].text.Write(t)
			}
		}
	}
	if root == nil || root.name.Local != "EPCISDocument" {
		return nil, risk.Invalid("body", "XML 根元素应为 epcis:EPCISDocument。", "the XML's root element must be epcis:EPCISDocument.")
	}
	c := &xconv{prefixes: prefixes, used: map[string]string{}}
	doc := map[string]any{"type": "EPCISDocument"}
	for _, a := range []string{"schemaVersion", "creationDate"} {
		if v, ok := root.attr(a); ok {
			doc[a] = v
		}
	}
	events := []any{}
	if body := root.child("EPCISBody"); body != nil {
		if list := body.child("EventList"); list != nil {
			for _, k := range list.kids {
				if k.name.Local == "extension" { // EPCIS 1.x wraps newer event types
					for _, kk := range k.kids {
						events = append(events, c.event(kk))
					}
					continue
				}
				events = append(events, c.event(k))
			}
		}
	}
	doc["epcisBody"] = map[string]any{"eventList": events}
	ctx := []any{"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"}
	if len(c.used) > 0 {
		m := map[string]any{}
		for p, ns := range c.used {
			m[p] = ns
		}
		ctx = append(ctx, m)
	}
	doc["@context"] = ctx
	return json.Marshal(doc)
}

type xconv struct {
	prefixes map[string]string // namespace → prefix
	used     map[string]string // prefix → namespace, for the @context
}

// key names a namespaced element or attribute as a JSON-LD compact IRI.
func (c *xconv) key(n xml.Name) string {
	if n.Space == "" || n.Space == epcisXMLNS {
		return n.Local
	}
	p, ok := c.prefixes[n.Space]
	if !ok {
		p = fmt.Sprintf("ns%d", len(c.used)+1)
		c.prefixes[n.Space] = p
	}
	c.used[p] = n.Space
	return p + ":" + n.Local
}

var epcLists = map[string]bool{"epcList": true, "childEPCs": true, "inputEPCList": true, "outputEPCList": true}
var quantityLists = map[string]bool{"quantityList": true, "childQuantityList": true, "inputQuantityList": true, "outputQuantityList": true}
var sensorNumbers = map[string]bool{"value": true, "minValue": true, "maxValue": true, "meanValue": true, "sDev": true, "percRank": true, "percValue": true}

// event converts one event element.
func (c *xconv) event(n *xnode) map[string]any {
	ev := map[string]any{"type": n.name.Local}
	c.fields(ev, n)
	return ev
}

// fields converts the children of an event (or of its 1.x extension).
func (c *xconv) fields(ev map[string]any, n *xnode) {
	for _, k := range n.kids {
		name := k.name.Local
		if k.name.Space != "" && k.name.Space != epcisXMLNS {
			c.extension(ev, k)
			continue
		}
		switch {
		case name == "extension" || name == "baseExtension":
			c.fields(ev, k)
		case epcLists[name]:
			l := []any{}
			for _, e := range k.kids {
				l = append(l, e.value())
			}
			ev[name] = l
		case quantityLists[name]:
			l := []any{}
			for _, q := range k.kids {
				qe := map[string]any{}
				for _, f := range q.kids {
					switch {
					case f.name.Local == "quantity" && f.isNil():
					case f.name.Local == "quantity":
						qe["quantity"] = xmlNumber(f.value())
					default:
						qe[f.name.Local] = f.value()
					}
				}
				l = append(l, qe)
			}
			ev[name] = l
		case name == "readPoint" || name == "bizLocation":
			m := map[string]any{}
			for _, f := range k.kids {
				if f.name.Local == "id" && (f.name.Space == "" || f.name.Space == epcisXMLNS) {
					m["id"] = f.value()
				} else if f.name.Local != "extension" {
					c.extension(m, f)
				}
			}
			ev[name] = m
		case name == "bizTransactionList" || name == "sourceList" || name == "destinationList":
			l := []any{}
			for _, e := range k.kids {
				m := map[string]any{e.name.Local: e.value()}
				if t, ok := e.attr("type"); ok {
					m["type"] = t
				}
				l = append(l, m)
			}
			ev[name] = l
		case name == "persistentDisposition":
			m := map[string]any{}
			for _, f := range k.kids {
				l, _ := m[f.name.Local].([]any)
				m[f.name.Local] = append(l, f.value())
			}
			ev[name] = m
		case name == "errorDeclaration":
			m := map[string]any{}
			for _, f := range k.kids {
				switch {
				case f.name.Space != "" && f.name.Space != epcisXMLNS:
					c.extension(m, f)
				case f.name.Local == "correctiveEventIDs":
					l := []any{}
					for _, id := range f.kids {
						l = append(l, id.value())
					}
					m["correctiveEventIDs"] = l
				default:
					m[f.name.Local] = f.value()
				}
			}
			ev[name] = m
		case name == "sensorElementList":
			l := []any{}
			for _, se := range k.kids {
				m := map[string]any{}
				var reports []any
				for _, f := range se.kids {
					switch {
					case f.name.Local == "sensorMetadata" && (f.name.Space == "" || f.name.Space == epcisXMLNS):
						m["sensorMetadata"] = c.attrs(f)
					case f.name.Local == "sensorReport" && (f.name.Space == "" || f.name.Space == epcisXMLNS):
						reports = append(reports, c.attrs(f))
					default:
						c.extension(m, f)
					}
				}
				m["sensorReport"] = reports
				l = append(l, m)
			}
			ev[name] = l
		case name == "ilmd":
			m := map[string]any{}
			for _, f := range k.kids {
				c.extension(m, f)
			}
			ev[name] = m
		default:
			ev[name] = k.value()
		}
	}
}

// attrs converts a sensor element's attributes: numbers and booleans typed.
func (c *xconv) attrs(n *xnode) map[string]any {
	m := map[string]any{}
	for _, a := range n.attrs {
		if a.Name.Space == xsiNS {
			continue
		}
		k := c.key(a.Name)
		switch {
		case sensorNumbers[k]:
			m[k] = xmlNumber(a.Value)
		case k == "booleanValue":
			m[k] = a.Value == "true" || a.Value == "1"
		default:
			m[k] = a.Value
		}
	}
	return m
}

// extension adds a user extension element to m: its text, or an object of
// its children; a name repeated becomes an array.
func (c *xconv) extension(m map[string]any, n *xnode) {
	k := c.key(n.name)
	var v any = n.value()
	if len(n.kids) > 0 {
		o := map[string]any{}
		for _, kid := range n.kids {
			c.extension(o, kid)
		}
		v = o
	}
	switch cur := m[k].(type) {
	case nil:
		m[k] = v
	case []any:
		m[k] = append(cur, v)
	default:
		m[k] = []any{cur, v}
	}
}

// xmlNumber types a decimal as a JSON number, or keeps the text (which Parse
// then refuses) when it is not one.
func xmlNumber(s string) any {
	s = strings.TrimSpace(s)
	if _, err := strconv.ParseFloat(s, 64); err != nil {
		return s
	}
	return json.Number(s)
}
