package epcis

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"riskgate/internal/risk"
)

// MaxStreamEvents bounds the events of a document read by Stream.
const MaxStreamEvents = 1_000_000

// Stream reads an EPCISDocument from r token by token (encoding/json's
// Decoder), so that a large document is never held whole: the document's
// fields are read as they come, and the events of epcisBody.eventList one
// at a time, checked as Parse checks them and handed to fn in chunks of
// at most chunk events, in order. Problems are collected as Parse collects
// them (up to 50, each naming the event and its JSON path); once one is
// found fn is no longer called, and Stream returns them all: the caller,
// writing the chunks in one transaction, rolls it back, so that the
// document stays all or nothing. fn's own error stops the reading.
//
// The JSON-LD @context must come before epcisBody (it expands the
// events' compact IRIs, which the event hash needs): a streamed document
// that puts it after is refused. Returns the document's header (its Events
// nil) when every event was accepted.
func Stream(r io.Reader, chunk int, fn func(ctx json.RawMessage, evs []*Event) error) (*Document, error) {
	dec := json.NewDecoder(r)
	dec.UseNumber()
	p := &parser{}
	notObject := func(err error) error {
		return risk.Invalid("body", "请求体不是 JSON 对象："+jsonProblem(err), "the body is not a JSON object: "+jsonProblem(err))
	}
	if err := expectDelim(dec, '{'); err != nil {
		return nil, notObject(err)
	}
	top := map[string]json.RawMessage{}
	var prefixes map[string]string
	var body bool
	n := 0
	var pending []*Event
	flush := func() error {
		if len(pending) == 0 || len(p.v.Problems) > 0 {
			pending = pending[:0]
			return nil
		}
		err := fn(top["@context"], pending)
		pending = nil
		return err
	}
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			return nil, notObject(err)
		}
		key, _ := k.(string)
		if key != "epcisBody" {
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				return nil, notObject(err)
			}
			top[key] = raw
			continue
		}
		body = true
		top[key] = json.RawMessage(`{}`) // read below, not kept
		if _, ok := top["@context"]; !ok {
			p.add("@context", "大文档按流读取，@context 须位于 epcisBody 之前。", "a large document is read as a stream: @context must come before epcisBody.")
			return nil, p.err()
		}
		var ctx any
		if err := decodeAny(top["@context"], &ctx); err != nil {
			p.add("@context", "@context 无效。", "@context is invalid.")
			return nil, p.err()
		}
		prefixes = Prefixes(ctx)
		if err := expectDelim(dec, '{'); err != nil {
			p.add("epcisBody", "epcisBody 应为对象。", "epcisBody must be an object.")
			return nil, p.err()
		}
		list := false
		for dec.More() {
			bk, err := dec.Token()
			if err != nil {
				return nil, notObject(err)
			}
			if bk != "eventList" {
				var skip json.RawMessage
				if err := dec.Decode(&skip); err != nil {
					return nil, notObject(err)
				}
				continue
			}
			list = true
			if err := expectDelim(dec, '['); err != nil {
				p.add("epcisBody.eventList", "eventList 应为数组。", "eventList must be an array.")
				return nil, p.err()
			}
			for dec.More() {
				var raw json.RawMessage
				if err := dec.Decode(&raw); err != nil {
					return nil, notObject(err)
				}
				if n >= MaxStreamEvents {
					p.add("epcisBody.eventList", fmt.Sprintf("一份文档至多 %d 个事件。", MaxStreamEvents), fmt.Sprintf("a document holds at most %d events.", MaxStreamEvents))
					return nil, p.err()
				}
				if ev := p.event(n, raw, prefixes); ev != nil && len(p.v.Problems) == 0 {
					pending = append(pending, ev)
				}
				n++
				if len(p.v.Problems) >= maxErrors {
					return nil, p.err()
				}
				if len(pending) >= chunk {
					if err := flush(); err != nil {
						return nil, err
					}
				}
			}
			if _, err := dec.Token(); err != nil { // ]
				return nil, notObject(err)
			}
		}
		if _, err := dec.Token(); err != nil { // }
			return nil, notObject(err)
		}
		if !list {
			p.add("epcisBody.eventList", "缺少 eventList。", "eventList is missing.")
		}
	}
	if _, err := dec.Token(); err != nil { // the document's }
		return nil, notObject(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, risk.Invalid("body", "JSON 对象之后还有内容。", "there is more after the JSON object.")
	}
	doc := p.header(top)
	if !body {
		p.add("epcisBody", "缺少 epcisBody。", "epcisBody is missing.")
	}
	if err := p.err(); err != nil {
		return nil, err
	}
	if err := flush(); err != nil {
		return nil, err
	}
	return doc, nil
}

// expectDelim reads the next token, which must be d.
func expectDelim(dec *json.Decoder, d json.Delim) error {
	t, err := dec.Token()
	if err != nil {
		return err
	}
	if t != d {
		return fmt.Errorf("expected %v", d)
	}
	return nil
}

// header checks the document's own fields (besides epcisBody).
func (p *parser) header(top map[string]json.RawMessage) *Document {
	doc := &Document{Context: top["@context"]}
	for k := range top {
		if !slices.Contains(docFields, k) && !namespaced(k) {
			p.add(k, "文档含未定义的字段 "+k+"。", "the document has an undefined field "+k+".")
		}
	}
	var ctx any
	if len(top["@context"]) == 0 {
		p.add("@context", "缺少 @context。", "@context is missing.")
	} else if err := decodeAny(top["@context"], &ctx); err != nil {
		p.add("@context", "@context 无效。", "@context is invalid.")
	}
	if t := p.str(top, "type", "", true); t != "" && t != "EPCISDocument" {
		p.add("type", "type 应为 EPCISDocument。", "type must be EPCISDocument.")
	}
	doc.SchemaVersion = p.str(top, "schemaVersion", "", true)
	if doc.SchemaVersion != "" && !strings.HasPrefix(doc.SchemaVersion, "2.") {
		p.add("schemaVersion", "仅接受 EPCIS 2.x 文档。", "only EPCIS 2.x documents are accepted.")
	}
	doc.CreationDate = p.time(top, "creationDate", "", true)
	return doc
}
