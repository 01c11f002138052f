package foreign

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
)

// recordElements are the XML elements that hold one record, by format.
var recordElements = map[string][]string{
	"safetygate": {"notifications", "notification", "alert"},
	"fda-press":  {"product", "recall"},
	"rasff":      {"notification"},
}

// readXML reads the records of an XML file: every element named as a
// record of the format, its descendants flattened to lower-case dotted
// names ("pictures.picture"), repeated values joined by "; ".
func readXML(format string, data []byte) ([]raw, error) {
	names := recordElements[format]
	if names == nil {
		return nil, fmt.Errorf("格式 %s 没有 XML 版本 / format %s has no XML layout", format, format)
	}
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = true
	var out []raw
	var cur *raw
	var path []string // element names below the record
	var text strings.Builder
	// Leaves outside the records (a weekly report's report_date) hold for
	// every record of the file.
	context := map[string]string{}
	depth := 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			line, _ := dec.InputPos()
			return nil, fmt.Errorf("第 %d 行：XML 格式错误 / line %d: malformed XML: %w", line, line, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			name := fieldName(t.Name.Local)
			if cur == nil {
				text.Reset()
				for _, n := range names {
					if name == n {
						line, _ := dec.InputPos()
						cur = &raw{line: line, fields: map[string]string{}}
						path = path[:0]
					}
				}
				continue
			}
			path = append(path, name)
			text.Reset()
		case xml.CharData:
			text.Write(t)
		case xml.EndElement:
			depth--
			if cur == nil {
				if v := strings.TrimSpace(text.String()); v != "" && depth == 1 {
					context[fieldName(t.Name.Local)] = v
				}
				text.Reset()
				continue
			}
			if len(path) == 0 { // the record ends
				out = append(out, *cur)
				cur = nil
				if len(out) > MaxRecords {
					return nil, tooMany()
				}
				continue
			}
			if v := strings.TrimSpace(text.String()); v != "" {
				addField(cur.fields, strings.Join(path, "."), v)
				// The leaf alone too, for layouts that nest it differently.
				if len(path) > 1 {
					addField(cur.fields, path[len(path)-1], v)
				}
			}
			text.Reset()
			path = path[:len(path)-1]
		}
	}
	if cur != nil {
		return nil, errors.New("XML 记录未结束 / an XML record is not closed")
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("XML 中没有 <%s> 记录 / no <%s> records in the XML", names[0], names[0])
	}
	for _, r := range out {
		for k, v := range context {
			if _, ok := r.fields[k]; !ok {
				r.fields[k] = v
			}
		}
	}
	return out, nil
}

func addField(f map[string]string, k, v string) {
	if old, ok := f[k]; ok && old != v {
		f[k] = old + "; " + v
		return
	}
	f[k] = v
}

// readJSON reads an array of records, an object holding one ("results",
// as openFDA answers), or JSON lines; nested objects and arrays are
// flattened to lower-case dotted names, repeated values joined by "; ".
func readJSON(data []byte) ([]raw, error) {
	var top any
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	err := dec.Decode(&top)
	multi := err == nil && dec.More()
	if err != nil || multi {
		// JSON lines: one object per line.
		var out []raw
		for i, line := range splitLines(data) {
			if len(bytes.TrimSpace(line)) == 0 {
				continue
			}
			var obj map[string]any
			d := json.NewDecoder(bytes.NewReader(line))
			d.UseNumber()
			if err := d.Decode(&obj); err != nil {
				return nil, fmt.Errorf("第 %d 行：JSON 格式错误 / line %d: malformed JSON: %w", i+1, i+1, err)
			}
			out = append(out, raw{line: i + 1, fields: flatten(obj)})
		}
		return out, nil
	}
	var list []any
	switch t := top.(type) {
	case []any:
		list = t
	case map[string]any:
		if rs, ok := t["results"].([]any); ok {
			list = rs
		} else {
			list = []any{t}
		}
	}
	out := make([]raw, 0, len(list))
	for i, item := range list {
		obj, ok := item.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("第 %d 条记录不是 JSON 对象 / record %d is not a JSON object", i+1, i+1)
		}
		out = append(out, raw{line: i + 1, fields: flatten(obj)})
	}
	return out, nil
}

// flatten turns a JSON object into dotted lower-case names.
func flatten(obj map[string]any) map[string]string {
	f := map[string]string{}
	var walk func(prefix string, v any)
	walk = func(prefix string, v any) {
		switch t := v.(type) {
		case map[string]any:
			keys := make([]string, 0, len(t))
			for k := range t {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				name := fieldName(k)
				if prefix != "" {
					name = prefix + "." + name
				}
				walk(name, t[k])
			}
		case []any:
			for _, e := range t {
				walk(prefix, e)
			}
		case nil:
		case string:
			if s := strings.TrimSpace(t); s != "" {
				addField(f, prefix, s)
			}
		case json.Number:
			addField(f, prefix, t.String())
		case bool:
			addField(f, prefix, strconv.FormatBool(t))
		}
	}
	walk("", obj)
	return f
}
