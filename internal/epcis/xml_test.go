package epcis

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"riskgate/internal/risk"
)

// The XML examples GS1 publishes with EPCIS 2.0 convert and parse — but
// one: SensorDataExamples.xml writes two business steps as
// "https://ref.gs1.org/cbv/Bizstep-sensor_reporting", which is no CBV Web
// URI (CBV 2.0 spells it BizStep-), and is refused naming them.
func TestFromXMLGS1Examples(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.xml")
	if len(files) < 4 {
		t.Fatalf("%d XML examples", len(files))
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		j, err := FromXML(b)
		if err != nil {
			t.Errorf("%s: %v", filepath.Base(f), err)
			continue
		}
		doc, err := Parse(j)
		if filepath.Base(f) == "SensorDataExamples.xml" {
			e, _ := risk.AsError(err)
			if e == nil || len(e.Details) != 2 || e.Details[0].Field != "epcisBody.eventList[12].bizStep" || !strings.Contains(e.Details[0].Message, "Bizstep-sensor_reporting") {
				t.Errorf("%s: %v, want the two misspelt business steps refused", filepath.Base(f), detail(err))
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", filepath.Base(f), detail(err))
			continue
		}
		if len(doc.Events) == 0 {
			t.Errorf("%s: no events", filepath.Base(f))
		}
	}
}

// One event in either binding has one hash: the XML and JSON-LD forms of
// an object event with a quantity, a typed source, sensor data and an
// extension.
func TestXMLAndJSONHashAlike(t *testing.T) {
	js := docWith(`{"type":"ObjectEvent","action":"OBSERVE","eventTime":"2026-03-01T10:00:00+08:00","eventTimeZoneOffset":"+08:00",
		"quantityList":[{"epcClass":"urn:epc:class:lgtin:6901234.022222.L1","quantity":20.50,"uom":"KGM"}],"bizStep":"shipping",
		"bizTransactionList":[{"type":"po","bizTransaction":"urn:epcglobal:cbv:bt:6901234000016:PO1"}],
		"sourceList":[{"type":"owning_party","source":"urn:epc:id:pgln:6901234.00001"}],
		"sensorElementList":[{"sensorMetadata":{"time":"2026-03-01T10:00:00+08:00"},"sensorReport":[{"type":"Temperature","value":18,"uom":"CEL"},{"type":"Humidity","value":40.5,"uom":"P1"}]}],
		"ex:port":"4900","ilmd":{"ex:lot":"L1"}}`)
	x := `<?xml version="1.0" encoding="UTF-8"?>
<epcis:EPCISDocument xmlns:epcis="urn:epcglobal:epcis:xsd:2" xmlns:ex="https://ns.example.com/" schemaVersion="2.0" creationDate="2026-03-01T08:00:00+08:00">
 <EPCISBody><EventList><ObjectEvent>
  <eventTime>2026-03-01T02:00:00.000Z</eventTime><eventTimeZoneOffset>+08:00</eventTimeZoneOffset>
  <quantityList><quantityElement><epcClass>https://id.gs1.org/01/06901234222227/10/L1</epcClass><quantity>20.5</quantity><uom>KGM</uom></quantityElement></quantityList>
  <action>OBSERVE</action><bizStep>urn:epcglobal:cbv:bizstep:shipping</bizStep>
  <bizTransactionList><bizTransaction type="urn:epcglobal:cbv:btt:po">urn:epcglobal:cbv:bt:6901234000016:PO1</bizTransaction></bizTransactionList>
  <sourceList><source type="urn:epcglobal:cbv:sdt:owning_party">urn:epc:id:pgln:6901234.00001</source></sourceList>
  <sensorElementList><sensorElement><sensorMetadata time="2026-03-01T10:00:00+08:00"/>
   <sensorReport type="gs1:Humidity" value="40.50" uom="P1"/><sensorReport type="gs1:Temperature" value="18.0" uom="CEL"/></sensorElement></sensorElementList>
  <ilmd><ex:lot>L1</ex:lot></ilmd>
  <ex:port>4900</ex:port>
 </ObjectEvent></EventList></EPCISBody></epcis:EPCISDocument>`
	j, err := FromXML([]byte(x))
	if err != nil {
		t.Fatal(err)
	}
	dx, err := Parse(j)
	if err != nil {
		t.Fatal(detail(err))
	}
	dj, err := Parse(js)
	if err != nil {
		t.Fatal(detail(err))
	}
	if dx.Events[0].Hash != dj.Events[0].Hash {
		t.Errorf("XML %s\n JSON %s", dx.Events[0].Hash, dj.Events[0].Hash)
	}
}

func TestFromXMLRefuses(t *testing.T) {
	for _, bad := range []string{"", "<a>", "<x/>", "<epcis:EPCISDocument xmlns:epcis='urn:epcglobal:epcis:xsd:2'><EPCISBody></epcis:EPCISDocument>",
		strings.Repeat("<a>", 100) + strings.Repeat("</a>", 100)} {
		if _, err := FromXML([]byte(bad)); !errors.Is(err, risk.ErrInvalid) || !strings.Contains(err.Error(), " / ") {
			t.Errorf("FromXML(%.40q) = %v", bad, err)
		}
	}
	// A converted document with a bad value is refused by Parse, naming the path.
	j, err := FromXML([]byte(`<epcis:EPCISDocument xmlns:epcis="urn:epcglobal:epcis:xsd:2" schemaVersion="2.0" creationDate="2026-03-01T08:00:00Z"><EPCISBody><EventList>
		<ObjectEvent><eventTime>2026-03-01T02:00:00Z</eventTime><eventTimeZoneOffset>+08:00</eventTimeZoneOffset><epcList><epc>urn:epc:id:sgtin:1.2.3</epc></epcList><action>OBSERVE</action></ObjectEvent>
		</EventList></EPCISBody></epcis:EPCISDocument>`))
	if err != nil {
		t.Fatal(err)
	}
	_, err = Parse(j)
	e, _ := risk.AsError(err)
	if e == nil || !slices.ContainsFunc(e.Details, func(d risk.FieldError) bool { return d.Field == "epcisBody.eventList[0].epcList[0]" }) {
		t.Errorf("bad EPC in XML: %v", err)
	}
}
