package demo

import (
	"fmt"
	"strings"
	"time"

	"riskgate/internal/risk"
	"riskgate/internal/trace"
)

// Traceability stories of the whole demo: the identifiers the README and
// TestLoadAll name.
const (
	// TraceFireworksLot is the 浏阳 fireworks lot whose forward trace scopes
	// a recall: two pallets through 长沙港 to an importer in the United
	// States and one in Germany.
	TraceFireworksLot = "urn:epc:class:lgtin:6921234.022222.XJ36-0301"
	// TraceFireworksGTIN is the GTIN of that lot's product, which the
	// firm's recall names with the lot, so that its page offers the trace.
	TraceFireworksGTIN = "6921234222225"
	// TraceLighterLot is the 邵东 lighter lot traced from the factory through
	// 长沙港 to an importer in Germany.
	TraceLighterLot   = "urn:epc:class:lgtin:6931234.022222.SD0218"
	traceChangshaPort = "urn:epc:id:sgln:6940000.00001.0"
)

// planTrace plans the demo's supply-chain events when none are held. Twenty
// days before the load the fireworks firm (the demo enterprise, capturing
// its own events) makes lot XJ36-0301 of 组合烟花 from a black-powder lot and
// a paper-tube lot, packs it on two pallets, ships them to 长沙港, where they
// are received and exported, one to a US importer and one to a German one.
// Thirty days before, the single window's feed (captured by the officer)
// brings a 邵东 maker's lighter lot made from a butane lot, packed, shipped
// to 长沙港 and exported to a German importer.
func (d *demo) planTrace() error {
	p, err := d.a.Trace.Events(d.ctx, risk.System, trace.QueryInput{"perPage": {"1"}})
	if err != nil || len(p.Events) > 0 {
		return err
	}
	tl := d.tl
	at := func(days, hh int) string { return tl.at(days, hh, 0).Format(time.RFC3339) }
	ev := func(typ, when, body string) string {
		return `{"type":"` + typ + `","eventTime":"` + when + `","eventTimeZoneOffset":"+08:00",` + body + `}`
	}
	doc := func(events ...string) []byte {
		return []byte(`{"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],"type":"EPCISDocument","schemaVersion":"2.0",` +
			`"creationDate":"` + at(0, 0) + `","epcisBody":{"eventList":[` + strings.Join(events, ",") + `]}}`)
	}
	const (
		fwFactory, fwParty = "urn:epc:id:sgln:6921234.00001.0", "urn:epc:id:pgln:6921234.00001"
		palletA, palletB   = "urn:epc:id:sscc:6921234.0000000011", "urn:epc:id:sscc:6921234.0000000012"
		usImporter, deFW   = "urn:epc:id:pgln:0614141.00001", "urn:epc:id:pgln:4012345.00001"
	)
	fireworks := doc(
		ev("TransformationEvent", at(20, 9), `"inputQuantityList":[{"epcClass":"urn:epc:class:lgtin:6921234.011111.HP2026A","quantity":200,"uom":"KGM"},`+
			`{"epcClass":"urn:epc:class:lgtin:6921234.011112.ZT0301","quantity":5000}],"outputQuantityList":[{"epcClass":"`+TraceFireworksLot+`","quantity":2000}],`+
			`"bizStep":"commissioning","disposition":"active","bizLocation":{"id":"`+fwFactory+`"},"bizTransactionList":[{"type":"prodorder","bizTransaction":"urn:epcglobal:cbv:bt:6921234000017:SC-2026-0301"}]`),
		ev("AggregationEvent", at(19, 10), `"action":"ADD","parentID":"`+palletA+`","childQuantityList":[{"epcClass":"`+TraceFireworksLot+`","quantity":1000}],"bizStep":"packing","bizLocation":{"id":"`+fwFactory+`"}`),
		ev("AggregationEvent", at(19, 11), `"action":"ADD","parentID":"`+palletB+`","childQuantityList":[{"epcClass":"`+TraceFireworksLot+`","quantity":1000}],"bizStep":"packing","bizLocation":{"id":"`+fwFactory+`"}`),
		ev("ObjectEvent", at(18, 8), `"action":"OBSERVE","epcList":["`+palletA+`","`+palletB+`"],"bizStep":"shipping","disposition":"in_transit",`+
			`"sourceList":[{"type":"owning_party","source":"`+fwParty+`"}],"destinationList":[{"type":"location","destination":"`+traceChangshaPort+`"}],`+
			`"bizTransactionList":[{"type":"desadv","bizTransaction":"urn:epcglobal:cbv:bt:6921234000017:FH-0318"}]`),
		ev("ObjectEvent", at(17, 14), `"action":"OBSERVE","epcList":["`+palletA+`","`+palletB+`"],"bizStep":"receiving","disposition":"in_progress","bizLocation":{"id":"`+traceChangshaPort+`"}`),
		ev("ObjectEvent", at(15, 10), `"action":"OBSERVE","epcList":["`+palletA+`"],"bizStep":"shipping","disposition":"in_transit",`+
			`"sourceList":[{"type":"location","source":"`+traceChangshaPort+`"}],"destinationList":[{"type":"owning_party","destination":"`+usImporter+`"}],`+
			`"bizTransactionList":[{"type":"bol","bizTransaction":"urn:epcglobal:cbv:bt:6940000000014:BL-CSX-2603"}]`),
		ev("ObjectEvent", at(15, 11), `"action":"OBSERVE","epcList":["`+palletB+`"],"bizStep":"shipping","disposition":"in_transit",`+
			`"sourceList":[{"type":"location","source":"`+traceChangshaPort+`"}],"destinationList":[{"type":"owning_party","destination":"`+deFW+`"}],`+
			`"bizTransactionList":[{"type":"bol","bizTransaction":"urn:epcglobal:cbv:bt:6940000000014:BL-CSX-2604"}]`),
	)
	const (
		sdFactory, sdParty = "urn:epc:id:sgln:6931234.00001.0", "urn:epc:id:pgln:6931234.00001"
		palletL, deLighter = "urn:epc:id:sscc:6931234.0000000021", "urn:epc:id:pgln:4012345.00002"
	)
	lighters := doc(
		ev("TransformationEvent", at(30, 9), `"inputQuantityList":[{"epcClass":"urn:epc:class:lgtin:6931234.011111.B0210","quantity":120,"uom":"KGM"}],`+
			`"outputQuantityList":[{"epcClass":"`+TraceLighterLot+`","quantity":50000}],"bizStep":"commissioning","bizLocation":{"id":"`+sdFactory+`"}`),
		ev("AggregationEvent", at(29, 15), `"action":"ADD","parentID":"`+palletL+`","childQuantityList":[{"epcClass":"`+TraceLighterLot+`","quantity":50000}],"bizStep":"packing","bizLocation":{"id":"`+sdFactory+`"}`),
		ev("ObjectEvent", at(28, 8), `"action":"OBSERVE","epcList":["`+palletL+`"],"bizStep":"shipping","sourceList":[{"type":"owning_party","source":"`+sdParty+`"}],`+
			`"destinationList":[{"type":"location","destination":"`+traceChangshaPort+`"}]`),
		ev("ObjectEvent", at(27, 16), `"action":"OBSERVE","epcList":["`+palletL+`"],"bizStep":"receiving","bizLocation":{"id":"`+traceChangshaPort+`"}`),
		ev("ObjectEvent", at(25, 9), `"action":"OBSERVE","epcList":["`+palletL+`"],"bizStep":"shipping","sourceList":[{"type":"location","source":"`+traceChangshaPort+`"}],`+
			`"destinationList":[{"type":"owning_party","destination":"`+deLighter+`"}]`),
	)
	// The GLN register: 长沙港's GLN is 长沙海关's port, the factories' GLNs
	// the two makers, so that traces name the port and the firms.
	xiangjiang, maker := d.usccs[firms[0].nameZh], d.usccs[moreFirms[0].nameZh]
	tl.add(tl.at(30, 8, 0), "GLN register", func() error {
		for _, in := range []trace.GLNInput{
			{GLN: traceChangshaPort, Kind: trace.GLNPort, Port: "4900", Note: "长沙港（霞凝港区）"},
			{GLN: fwFactory, Kind: trace.GLNEnterprise, USCC: xiangjiang, Note: "浏阳工厂"},
			{GLN: sdFactory, Kind: trace.GLNEnterprise, USCC: maker, Note: "邵东工厂"},
		} {
			if _, err := d.a.Trace.MapGLN(d.ctx, d.as("officer"), in); err != nil {
				return fmt.Errorf("demo GLN register: %w", err)
			}
		}
		return nil
	})
	tl.add(tl.at(25, 18, 0), "lighter chain from the single window", func() error {
		_, err := d.a.Trace.Capture(d.ctx, d.as("officer"), lighters)
		if err != nil {
			return fmt.Errorf("demo lighter chain: %w", err)
		}
		return nil
	})
	tl.add(tl.at(15, 18, 0), "fireworks chain captured by the firm", func() error {
		_, err := d.a.Trace.Capture(d.ctx, d.as("enterprise"), fireworks)
		if err != nil {
			return fmt.Errorf("demo fireworks chain: %w", err)
		}
		return nil
	})
	return nil
}
