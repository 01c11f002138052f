package web

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"time"

	"riskgate/internal/risk"
)

// The JSON requests of the API are decoded here and nowhere else: the
// media type is checked (415), the size bounded (413), unknown fields
// refused, and every problem is a risk.Invalid naming the field by its
// path as the client wrote it — lines[2].quantity, filter.countries —
// never by a Go name.

// requireJSON refuses a request body that is not declared as JSON:
// Content-Type application/json, in UTF-8 when a charset is given. A
// request without a body needs no type.
func requireJSON(r *http.Request) error {
	ct := r.Header.Get("Content-Type")
	if ct == "" && r.ContentLength == 0 {
		return nil
	}
	mt, params, err := mime.ParseMediaType(ct)
	if err == nil && mt == "application/json" {
		if cs, ok := params["charset"]; !ok || strings.EqualFold(cs, "utf-8") {
			return nil
		}
	}
	return &risk.Error{Kind: risk.ErrUnsupportedMedia, Field: "Content-Type", Message: risk.Bilingual(
		"请求体须为 JSON：Content-Type 应为 application/json（UTF-8）。",
		"the request body must be JSON: send Content-Type application/json (UTF-8).")}
}

// readBody reads a request body of at most limit bytes; a longer one is a
// risk.ErrTooLarge naming the limit.
func readBody(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, error) {
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	if err != nil {
		var mb *http.MaxBytesError
		if errors.As(err, &mb) {
			return nil, tooLarge("body", limit)
		}
		return nil, &risk.Error{Kind: risk.ErrInvalid, Field: "body", Err: err,
			Message: risk.Bilingual("无法读取请求体。", "cannot read the request body.")}
	}
	return b, nil
}

// tooLarge is the error of a body or file over its limit.
func tooLarge(field string, limit int64) error {
	size := fmt.Sprintf("%d MiB", limit>>20)
	if limit < 1<<20 {
		size = fmt.Sprintf("%d KiB", limit>>10)
	}
	zh, en := "请求体超过 "+size+"。", "the request body exceeds "+size+"."
	if field == "file" {
		zh, en = "文件超过 "+size+"。", "the file exceeds "+size+"."
	}
	return &risk.Error{Kind: risk.ErrTooLarge, Field: field, Message: risk.Bilingual(zh, en)}
}

// decodeJSON reads one JSON value into v: Content-Type application/json,
// at most maxJSONBody bytes, unknown fields refused, errors naming the
// field in Chinese and English.
func decodeJSON(w http.ResponseWriter, r *http.Request, v any) error {
	if err := requireJSON(r); err != nil {
		return err
	}
	b, err := readBody(w, r, maxJSONBody)
	if err != nil {
		return err
	}
	return strictJSON(b, v)
}

// strictJSON decodes b, which must hold exactly one JSON value, into v,
// refusing unknown fields. Errors are risk.Invalid naming the JSON path.
func strictJSON(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil {
		if _, tail := dec.Token(); tail != io.EOF {
			return risk.Invalid("body", "请求体只能包含一个 JSON 值。", "the body must hold exactly one JSON value.")
		}
		return nil
	}
	return explainJSON(b, reflect.TypeOf(v), err)
}

// explainJSON turns the error of decoding b into a value of type t into a
// risk.Invalid naming the place in the document.
func explainJSON(b []byte, t reflect.Type, err error) error {
	if len(bytes.TrimSpace(b)) == 0 {
		return risk.Invalid("body", "请求体为空。", "the request body is empty.")
	}
	var syntax *json.SyntaxError
	if errors.As(err, &syntax) || errors.Is(err, io.ErrUnexpectedEOF) || !json.Valid(b) {
		return syntaxProblem(b)
	}
	if t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if p := locate(b, t, ""); p != nil {
		return p
	}
	// Not found again (should not happen): name what encoding/json names.
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) && typeErr.Field != "" {
		return risk.Invalid(typeErr.Field, typeErr.Field+" 的类型错误。", typeErr.Field+" has the wrong type.")
	}
	return &risk.Error{Kind: risk.ErrInvalid, Field: "body", Err: err, Message: risk.Bilingual("无法读取请求体。", "cannot read the request body.")}
}

// syntaxProblem describes malformed JSON: where it breaks (line and
// column) and in which field.
func syntaxProblem(b []byte) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	type frame struct {
		object bool
		key    string
		index  int
	}
	var stack []frame
	path := func() string {
		var sb strings.Builder
		for _, f := range stack {
			if f.object {
				if f.key != "" {
					if sb.Len() > 0 {
						sb.WriteByte('.')
					}
					sb.WriteString(f.key)
				}
			} else {
				fmt.Fprintf(&sb, "[%d]", f.index)
			}
		}
		return sb.String()
	}
	expectKey, started := false, false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			if len(stack) == 0 {
				break
			}
			err = io.ErrUnexpectedEOF
		}
		if err != nil {
			if errors.Is(err, io.ErrUnexpectedEOF) {
				return risk.Invalid("body", "JSON 不完整：请求体提前结束。", "incomplete JSON: the body ends too early.")
			}
			field := path()
			line, col := lineCol(b, dec.InputOffset())
			var se *json.SyntaxError
			if errors.As(err, &se) {
				line, col = lineCol(b, se.Offset)
			}
			where := ""
			if field != "" {
				where = field
			} else {
				field = "body"
			}
			zh := fmt.Sprintf("JSON 格式错误（第 %d 行第 %d 列", line, col)
			en := fmt.Sprintf("malformed JSON at line %d, column %d", line, col)
			if where != "" {
				zh += "，" + where + " 处"
				en += ", in " + where
			}
			return risk.Invalid(field, zh+"）。", en+".")
		}
		if started && len(stack) == 0 {
			// A second value after a whole one ({} {}, {"a":1}""): the
			// decoder reads a stream of values, the API takes one.
			return risk.Invalid("body", "请求体只能包含一个 JSON 值。", "the body must hold exactly one JSON value.")
		}
		started = true
		switch d := tok.(type) {
		case json.Delim:
			switch d {
			case '{':
				stack = append(stack, frame{object: true})
				expectKey = true
				continue
			case '[':
				stack = append(stack, frame{index: 0})
				continue
			case '}', ']':
				stack = stack[:len(stack)-1]
			}
		case string:
			if expectKey {
				stack[len(stack)-1].key = d
				expectKey = false
				continue
			}
		}
		// A value ended: the next is a key in an object, the next element in an array.
		if len(stack) > 0 {
			top := &stack[len(stack)-1]
			if top.object {
				expectKey = true
			} else {
				top.index++
			}
		}
	}
	return risk.Invalid("body", "JSON 格式错误。", "malformed JSON.")
}

// lineCol converts a byte offset of b into a line and a column (in
// characters), both from 1.
func lineCol(b []byte, off int64) (int, int) {
	off = min(max(off, 0), int64(len(b)))
	before := b[:off]
	line := bytes.Count(before, []byte("\n")) + 1
	start := bytes.LastIndexByte(before, '\n') + 1
	return line, len([]rune(string(before[start:]))) + 1
}

var (
	jsonUnmarshaler = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// locate walks the JSON document b against type t, in document order, and
// returns the first place where decoding fails: an unknown field, a value
// of the wrong kind, a number out of range, or a value its type refuses.
// path is where b sits in the request ("" for the whole body).
func locate(b []byte, t reflect.Type, path string) error {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || string(b) == "null" {
		return nil
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if reflect.PointerTo(t).Implements(jsonUnmarshaler) {
		if err := reflect.New(t).Interface().(json.Unmarshaler).UnmarshalJSON(b); err != nil {
			return valueProblem(path, t, err)
		}
		return nil
	}
	if reflect.PointerTo(t).Implements(textUnmarshaler) && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return wrongType(path, "text")
		}
		if err := reflect.New(t).Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(s)); err != nil {
			return valueProblem(path, t, err)
		}
		return nil
	}
	switch t.Kind() {
	case reflect.Interface:
		return nil
	case reflect.Struct:
		if b[0] != '{' {
			return wrongType(path, "object")
		}
		fields := jsonFields(t)
		return eachMember(b, func(key string, val []byte) error {
			f, ok := fields.find(key)
			if !ok {
				p := join(path, key)
				if key == "" {
					p = join(path, `""`) // a member with an empty name: say so, not nothing
				}
				return risk.Invalid(p, "未知字段 "+p+"。", "unknown field "+p+".")
			}
			return locate(val, f, join(path, key))
		})
	case reflect.Map:
		if b[0] != '{' {
			return wrongType(path, "object")
		}
		return eachMember(b, func(key string, val []byte) error {
			p := join(path, key)
			switch kt := t.Key(); {
			case reflect.PointerTo(kt).Implements(textUnmarshaler):
				if err := reflect.New(kt).Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(key)); err != nil {
					return valueProblem(p, kt, err)
				}
			case kt.Kind() >= reflect.Int && kt.Kind() <= reflect.Int64:
				if _, err := strconv.ParseInt(key, 10, kt.Bits()); err != nil {
					return risk.Invalid(p, "键 "+key+" 应为整数。", "key "+key+" must be an integer.")
				}
			case kt.Kind() >= reflect.Uint && kt.Kind() <= reflect.Uintptr:
				if _, err := strconv.ParseUint(key, 10, kt.Bits()); err != nil {
					return risk.Invalid(p, "键 "+key+" 应为非负整数。", "key "+key+" must be a non-negative integer.")
				}
			}
			return locate(val, t.Elem(), p)
		})
	case reflect.Slice, reflect.Array:
		if t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8 && b[0] == '"' {
			var x []byte
			if json.Unmarshal(b, &x) != nil {
				return risk.Invalid(path, path+" 应为 Base64 编码。", path+" must be Base64.")
			}
			return nil
		}
		if b[0] != '[' {
			return wrongType(path, "array")
		}
		i := 0
		return eachElement(b, func(val []byte) error {
			err := locate(val, t.Elem(), fmt.Sprintf("%s[%d]", path, i))
			i++
			return err
		})
	case reflect.String:
		if b[0] != '"' {
			return wrongType(path, "text")
		}
	case reflect.Bool:
		if string(b) != "true" && string(b) != "false" {
			return wrongType(path, "boolean")
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if !isNumber(b) {
			return wrongType(path, "integer")
		}
		if _, err := strconv.ParseInt(string(b), 10, t.Bits()); err != nil {
			return numberProblem(path, "integer", err)
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		if !isNumber(b) {
			return wrongType(path, "count")
		}
		if _, err := strconv.ParseUint(string(b), 10, t.Bits()); err != nil {
			return numberProblem(path, "count", err)
		}
	case reflect.Float32, reflect.Float64:
		if !isNumber(b) {
			return wrongType(path, "number")
		}
		if _, err := strconv.ParseFloat(string(b), t.Bits()); err != nil {
			return numberProblem(path, "number", err)
		}
	}
	return nil
}

func isNumber(b []byte) bool { return b[0] == '-' || (b[0] >= '0' && b[0] <= '9') }

// join appends a member name to a path.
func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// kinds names what a field must be, in Chinese and English.
var kinds = map[string][2]string{
	"object":  {"JSON 对象", "a JSON object"},
	"array":   {"数组", "an array"},
	"text":    {"文本（字符串）", "text (a string)"},
	"boolean": {"true 或 false", "true or false"},
	"integer": {"整数", "an integer"},
	"count":   {"非负整数", "a non-negative integer"},
	"number":  {"数字", "a number"},
}

func wrongType(path, kind string) error {
	k := kinds[kind]
	if path == "" {
		return risk.Invalid("body", "请求体应为"+k[0]+"。", "the body must be "+k[1]+".")
	}
	return risk.Invalid(path, path+" 应为"+k[0]+"。", path+" must be "+k[1]+".")
}

func numberProblem(path, kind string, err error) error {
	if errors.Is(err, strconv.ErrRange) {
		return risk.Invalid(path, path+" 的数值超出范围。", path+" is out of range.")
	}
	return wrongType(path, kind)
}

// valueProblem names path in the error a type t's own decoding returned.
func valueProblem(path string, t reflect.Type, err error) error {
	field := path
	if field == "" {
		field = "body"
	}
	if e, ok := risk.AsError(err); ok {
		msg := e.Message
		if zh, en, ok := strings.Cut(msg, " / "); ok && !strings.Contains(msg, field) {
			msg = risk.Bilingual(field+"："+zh, field+": "+en)
		}
		return &risk.Error{Kind: risk.ErrInvalid, Field: field, Message: msg, Err: err}
	}
	var pe *time.ParseError
	if t == reflect.TypeFor[time.Time]() || errors.As(err, &pe) {
		return risk.Invalid(field, field+" 应为 RFC 3339 格式的时间，如 2026-11-29T08:00:00+08:00。",
			field+" must be an RFC 3339 time, such as 2026-11-29T08:00:00+08:00.")
	}
	return &risk.Error{Kind: risk.ErrInvalid, Field: field, Err: err,
		Message: risk.Bilingual(field+" 的值无效。", field+" has an invalid value.")}
}

// eachMember calls fn with each member of the JSON object b, in order.
func eachMember(b []byte, fn func(key string, val []byte) error) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	if _, err := dec.Token(); err != nil { // {
		return nil
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil
		}
		key, _ := tok.(string)
		var val json.RawMessage
		if err := dec.Decode(&val); err != nil {
			return nil
		}
		if err := fn(key, val); err != nil {
			return err
		}
	}
	return nil
}

// eachElement calls fn with each element of the JSON array b, in order.
func eachElement(b []byte, fn func(val []byte) error) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	if _, err := dec.Token(); err != nil { // [
		return nil
	}
	for dec.More() {
		var val json.RawMessage
		if err := dec.Decode(&val); err != nil {
			return nil
		}
		if err := fn(val); err != nil {
			return err
		}
	}
	return nil
}

// fieldSet is the JSON members of a struct type, as encoding/json sees
// them: tagged or exported names, embedded structs' members promoted.
type fieldSet map[string]reflect.Type

// find looks a key up as encoding/json does: the exact name, else one
// that matches ignoring case.
func (fs fieldSet) find(key string) (reflect.Type, bool) {
	if t, ok := fs[key]; ok {
		return t, true
	}
	for name, t := range fs {
		if strings.EqualFold(name, key) {
			return t, true
		}
	}
	return nil, false
}

func jsonFields(t reflect.Type) fieldSet {
	fs := fieldSet{}
	var promoted []fieldSet
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		ft := f.Type
		if f.Anonymous && name == "" {
			et := ft
			if et.Kind() == reflect.Pointer {
				et = et.Elem()
			}
			if et.Kind() == reflect.Struct {
				promoted = append(promoted, jsonFields(et))
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		fs[name] = ft
	}
	// A field of the struct itself wins over a promoted one.
	for _, p := range promoted {
		for name, ft := range p {
			if _, ok := fs[name]; !ok {
				fs[name] = ft
			}
		}
	}
	return fs
}
