package foreign

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"html"
	"io"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"riskgate/internal/risk"
)

// Parsed is what a file holds: the records that map, and those that do not.
type Parsed struct {
	Records []*Record
	Rejects []Reject
}

// Parse reads a file of the given format. The layout — XML, JSON, JSON
// lines or CSV — is recognised from its first bytes. An error means the
// file as a whole is unreadable (with the line where reading stopped);
// records that are readable but wrong are in Rejects.
func Parse(format string, r io.Reader) (*Parsed, error) {
	v, err := loadVocab()
	if err != nil {
		return nil, err
	}
	data, err := io.ReadAll(io.LimitReader(r, MaxFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("读取失败 / read: %w", err)
	}
	if len(data) > MaxFileBytes {
		return nil, &risk.Error{Kind: risk.ErrTooLarge, Field: "file",
			Message: risk.Bilingual(fmt.Sprintf("文件超过 %d MiB。", MaxFileBytes>>20), fmt.Sprintf("the file exceeds %d MiB.", MaxFileBytes>>20))}
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	if !utf8.Valid(data) {
		return nil, errors.New("文件不是 UTF-8 编码 / the file is not UTF-8")
	}
	m, ok := mappers[format]
	if !ok {
		return nil, fmt.Errorf("未知格式 %q，应为 %s / unknown format %q, want one of %s", format, strings.Join(Formats, "、"), format, strings.Join(Formats, ", "))
	}
	raws, err := readRaw(format, data)
	if err != nil {
		return nil, err
	}
	if len(raws) > MaxRecords {
		return nil, tooMany()
	}
	p := &Parsed{}
	seen := map[string]int{}
	for _, raw := range raws {
		for k, val := range raw.fields {
			// U+0000 means nothing in any source, and PostgreSQL text
			// cannot hold it: the record would fail to store.
			raw.fields[k] = clip(strings.ReplaceAll(val, "\x00", ""), MaxField)
		}
		rec, rej := m(v, raw.fields)
		if rej != nil {
			rej.Line = raw.line
			p.Rejects = append(p.Rejects, *rej)
			continue
		}
		rec.Source, rec.Line, rec.Fields = format, raw.line, raw.fields
		rec.Hash = rec.Digest()
		if first, dup := seen[rec.Key]; dup {
			p.Rejects = append(p.Rejects, Reject{Line: raw.line, Key: rec.Key, Field: "key",
				Reason: fmt.Sprintf("与第 %d 行重复 / repeats line %d", first, first)})
			continue
		}
		seen[rec.Key] = raw.line
		p.Records = append(p.Records, rec)
	}
	return p, nil
}

// raw is one record as read: field → value, and where it started.
type raw struct {
	line   int
	fields map[string]string
}

// readRaw splits a file into records by its layout.
func readRaw(format string, data []byte) ([]raw, error) {
	trimmed := bytes.TrimLeft(data, " \t\r\n")
	switch {
	case len(trimmed) == 0:
		return nil, errors.New("文件为空 / the file is empty")
	case trimmed[0] == '<':
		return readXML(format, data)
	case trimmed[0] == '[' || trimmed[0] == '{':
		return readJSON(data)
	}
	return readCSV(data)
}

// readCSV reads a CSV file with a header row; field names are the
// header's, lower-cased.
func readCSV(data []byte) ([]raw, error) {
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("第 1 行无法读取 / line 1: %w", err)
	}
	for i := range head {
		head[i] = fieldName(head[i])
	}
	var out []raw
	for {
		line, _ := cr.FieldPos(0)
		rec, err := cr.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, fmt.Errorf("第 %d 行：CSV 格式错误 / line %d: malformed CSV: %w", pe.StartLine, pe.StartLine, pe.Err)
			}
			return nil, err
		}
		line, _ = cr.FieldPos(0)
		if len(rec) != len(head) {
			return nil, fmt.Errorf("第 %d 行：应有 %d 列，实有 %d 列 / line %d: %d columns, want %d", line, len(head), len(rec), line, len(rec), len(head))
		}
		f := make(map[string]string, len(head))
		for i, h := range head {
			if v := strings.TrimSpace(rec[i]); v != "" {
				f[h] = v
			}
		}
		out = append(out, raw{line: line, fields: f})
	}
}

// fieldName normalises a column or element name: lower case, with
// spaces and hyphens as underscores ("Date of Case" → date_of_case,
// "report-date" → report_date).
func fieldName(s string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' {
			return '_'
		}
		return unicode.ToLower(r)
	}, strings.TrimSpace(s))
}

// splitLines splits JSON lines; used when a JSON file holds one object per line.
func splitLines(data []byte) [][]byte {
	var out [][]byte
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), MaxFileBytes)
	for sc.Scan() {
		out = append(out, append([]byte(nil), sc.Bytes()...))
	}
	return out
}

// mapper turns the fields of one record into a Record, or says why not.
type mapper func(v *vocab, f map[string]string) (*Record, *Reject)

var mappers = map[string]mapper{
	"safetygate": mapSafetyGate,
	"rasff":      mapRASFF,
	"cpsc":       mapCPSC,
	"openfda":    mapOpenFDA,
	"fda-press":  mapFDAPress,
}

// get returns the first non-empty field among names.
func get(f map[string]string, names ...string) string {
	for _, n := range names {
		if v := f[n]; v != "" {
			return v
		}
	}
	return ""
}

// parseDate reads the date layouts the sources use; a slashed date is
// month first (US sources).
func parseDate(s string) (time.Time, bool) { return parseDateOrder(s, "01/02/2006") }

// parseDateDM reads a slashed date day first (Safety Gate's 13/12/2024).
func parseDateDM(s string) (time.Time, bool) { return parseDateOrder(s, "02/01/2006") }

func parseDateOrder(s, slashed string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.DateOnly, "20060102", slashed, strings.Replace(strings.Replace(slashed, "01", "1", 1), "02", "2", 1),
		time.RFC3339, "2006-01-02T15:04:05", "2006-01-02 15:04:05", time.RFC1123Z, time.RFC1123, "Mon, 2 Jan 2006 15:04:05 -0700",
		"Jan 2, 2006", "January 2, 2006", "02-01-2006 15:04:05", "02-01-2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

func reject(key, field, zh, en string) *Reject {
	return &Reject{Key: key, Field: field, Reason: zh + " / " + en}
}

func needDate(f map[string]string, key string, names ...string) (time.Time, *Reject) {
	s := get(f, names...)
	if s == "" {
		return time.Time{}, reject(key, names[0], "缺少日期", "the date is missing")
	}
	t, ok := parseDate(s)
	if !ok {
		return time.Time{}, reject(key, names[0], "日期无法识别："+s, "unreadable date: "+s)
	}
	return t, nil
}

// summary joins labelled lines that have a value.
func summary(pairs ...string) string {
	var b strings.Builder
	for i := 0; i+1 < len(pairs); i += 2 {
		if v := strings.TrimSpace(pairs[i+1]); v != "" {
			if b.Len() > 0 {
				b.WriteByte('\n')
			}
			b.WriteString(pairs[i])
			b.WriteString(": ")
			b.WriteString(clip(v, 2000))
		}
	}
	return b.String()
}

// mapSafetyGate maps a Safety Gate alert: the CSV export columns or the
// weekly XML's elements.
func mapSafetyGate(v *vocab, f map[string]string) (*Record, *Reject) {
	key := get(f, "alert_number", "casenumber", "case_number")
	if ref := get(f, "reference"); key == "" && alertNumber.MatchString(ref) {
		key = ref
	}
	if key == "" {
		return nil, reject("", "alert_number", "缺少通报编号", "the alert number is missing")
	}
	r := &Record{Key: key, URL: get(f, "url", "urlofcase", "link")}
	if ref := get(f, "reference"); r.URL == "" && strings.HasPrefix(ref, "http") {
		r.URL = ref
	}
	if d, ok := parseDateDM(get(f, "alert_date", "publication_date", "publicationdate", "report_date", "date")); ok {
		r.Date = d
	} else if y := get(f, "alert_year"); len(y) == 4 {
		r.Date, _ = time.Parse("2006", y)
		r.YearOnly = !r.Date.IsZero()
	} else if m := yearInRef.FindStringSubmatch(key); m != nil {
		r.Date, _ = time.Parse("06", m[1])
		r.YearOnly = !r.Date.IsZero()
	}
	r.Notifier = get(f, "notifyingcountry", "notifying_country", "alert_submitted_by", "alertsubmittedby", "submittedby")
	cat, hs := v.category(get(f, "product_category", "category"))
	riskType := get(f, "risk_type", "risktype", "risk")
	measures := get(f, "measures", "measures_taken", "measurestaken", "compulsorymeasures", "voluntarymeasures",
		"measures_adopted_by_notifying_country")
	name := get(f, "product_name", "product", "name")
	desc := get(f, "product_description", "description")
	r.Product = Product{Name: name, Brand: get(f, "brand"),
		Model: get(f, "type_model", "type_numberofmodel", "typenumbermodel", "type_or_number_of_model", "model"),
		GTIN:  gtin(get(f, "barcode", "batchnumber_barcode")), Batch: get(f, "batch_number", "batchnumber", "batchnumber_barcode"),
		Manufacturer: get(f, "manufacturer", "producer"), Origin: v.origin(get(f, "country_of_origin", "countryoforigin")),
		Category: cat, HSCode: hs, Words: strings.TrimSpace(name + " " + get(f, "name") + " " + desc), Market: v.country(r.Notifier)}
	if r.Product.Name != get(f, "name") && get(f, "name") != "" && get(f, "product") != "" {
		// Current XML: <product> is the kind, <name> the product's name.
		r.Product.Name = get(f, "product") + " " + get(f, "name")
	}
	r.Hazard = v.hazard(riskType)
	r.Measures = v.measures(measures)
	r.Summary = summary("Safety Gate", key, "Product", r.Product.Name, "Brand", r.Product.Brand, "Description", desc,
		"Risk", riskType, "Level", get(f, "level"), "Danger", get(f, "danger", "risk_description"), "Measures", measures,
		"Notified by", r.Notifier, "Origin", get(f, "country_of_origin", "countryoforigin"))
	return r, nil
}

var alertNumber = regexp.MustCompile(`^[A-Z0-9]{1,4}/\d{4,5}/\d{2}$`)

var yearInRef = regexp.MustCompile(`/(\d{2})$`)

// mapRASFF maps a RASFF notification (the columns of the RASFF Window export).
func mapRASFF(v *vocab, f map[string]string) (*Record, *Reject) {
	key := get(f, "reference", "notification_reference")
	if key == "" {
		return nil, reject("", "reference", "缺少通报编号", "the reference is missing")
	}
	d, rej := needDate(f, key, "date", "date_of_case", "notif_date", "notification_date")
	if rej != nil {
		return nil, rej
	}
	cat, hs := v.category(get(f, "product_category", "product_category_desc", "category"))
	notifier := get(f, "notification_from", "notifyng_country_desc", "notifying_country")
	if i := strings.Index(notifier, " ("); i > 0 { // "Germany (DE)"
		notifier = notifier[:i]
	}
	r := &Record{Key: key, Date: d, Notifier: notifier,
		URL: "https://webgate.ec.europa.eu/rasff-window/screen/notification/" + key}
	r.Product = Product{Name: get(f, "product", "product_name", "subject", "notif_subject"),
		Origin:   v.origin(get(f, "country_origin", "origin_country_desc", "origin")),
		Category: cat, HSCode: hs, Words: get(f, "product", "product_name", "subject"), Market: v.country(notifier)}
	r.Hazard = v.hazard(get(f, "hazard_category"))
	if m := braced.FindStringSubmatch(get(f, "hazard_category_name")); r.Hazard == "" && m != nil {
		r.Hazard = v.hazard(m[1]) // "Salmonella spp.  - {pathogenic micro-organisms}"
	}
	if r.Hazard == "" {
		// "Ochratoxin A - mycotoxins": the category follows the dash.
		for _, part := range strings.Split(get(f, "hazard_substance"), ";") {
			if _, cat, ok := strings.Cut(part, " - "); ok && r.Hazard == "" {
				r.Hazard = v.hazard(cat)
			}
		}
	}
	r.Measures = v.measures(get(f, "action_taken", "measures"))
	r.Summary = summary("RASFF", key, "Product", r.Product.Name, "Category", get(f, "product_category"), "Hazard", get(f, "hazard_substance"),
		"Hazard category", get(f, "hazard_category"), "Notified by", r.Notifier, "Origin", get(f, "country_origin"))
	return r, nil
}

// mapCPSC maps a CPSC recall: the Recalls API JSON (flattened) or the
// columns of its CSV export.
func mapCPSC(v *vocab, f map[string]string) (*Record, *Reject) {
	key := get(f, "recallnumber", "recall_number", "recallid", "recall_id")
	if key == "" {
		return nil, reject("", "RecallNumber", "缺少召回编号", "the recall number is missing")
	}
	d, rej := needDate(f, key, "recalldate", "recall_date")
	if rej != nil {
		return nil, rej
	}
	hazard := get(f, "hazards.name", "hazard")
	remedy := get(f, "remedies.name", "remedy", "remedyoptions.option")
	r := &Record{Key: key, Date: d, URL: get(f, "url"), Notifier: "US CPSC"}
	maker := get(f, "manufacturers.name", "importers.name")
	r.Product = Product{Name: get(f, "products.name", "product_name", "title"), Model: get(f, "products.model"),
		// The first barcode is the product's; all of them are in its words,
		// where matching reads every one.
		GTIN: gtin(firstOf(get(f, "productupcs.upc", "upcs"))), Manufacturer: maker,
		Origin: v.origin(get(f, "manufacturercountries.country")), Words: get(f, "title") + " " + get(f, "description") + " " + get(f, "productupcs.upc", "upcs"), Market: "US"}
	if r.Product.Origin == "" {
		// "Shenzhen Foo Co., of China": the place after the last comma.
		if i := strings.LastIndex(maker, ","); i > 0 {
			r.Product.Origin = v.country(strings.TrimPrefix(strings.TrimSpace(maker[i+1:]), "of "))
		}
	}
	r.Hazard = hazardWords(hazard)
	r.Measures = cpscMeasures(remedy)
	r.Summary = summary("CPSC", key, "Title", get(f, "title"), "Hazard", hazard, "Remedy", remedy, "Units", get(f, "products.numberofunits", "units"),
		"Injuries", get(f, "injuries.name", "injuries"), "Manufacturer country", get(f, "manufacturercountries.country"))
	return r, nil
}

// cpscMeasures maps CPSC remedies: every CPSC recall takes the product
// back from consumers; refunds, repairs and replacements say how.
func cpscMeasures(remedy string) []string {
	if strings.TrimSpace(remedy) == "" {
		return []string{"recall-end-users"}
	}
	out := []string{"recall-end-users"}
	if strings.Contains(strings.ToLower(remedy), "stop using") || strings.Contains(strings.ToLower(remedy), "stop selling") {
		out = append(out, "warn-consumers")
	}
	return out
}

func firstOf(list string) string {
	for _, s := range strings.FieldsFunc(list, func(r rune) bool { return r == ';' || r == ',' || r == '|' }) {
		if s = strings.TrimSpace(s); s != "" {
			return s
		}
	}
	return ""
}

var braced = regexp.MustCompile(`\{([^}]+)\}`)

var recallNumbers = regexp.MustCompile(`[FDZB]-\d{3,5}-\d{4}`)

// mapOpenFDA maps an openFDA enforcement report record (JSON, or the
// columns of the weekly report's CSV).
func mapOpenFDA(v *vocab, f map[string]string) (*Record, *Reject) {
	key := get(f, "recall_number")
	desc := get(f, "product_description")
	if key == "" {
		if ns := recallNumbers.FindAllString(desc, -1); len(ns) > 0 {
			key = strings.Join(ns, "+")
		}
	}
	firm := get(f, "recalling_firm")
	if key == "" {
		if firm == "" && desc == "" {
			return nil, reject("", "recall_number", "缺少召回编号", "the recall number is missing")
		}
		key = digestKey(get(f, "report_date"), firm, desc)
	}
	d, rej := needDate(f, key, "recall_initiation_date", "report_date")
	if rej != nil {
		return nil, rej
	}
	reason := get(f, "reason_for_recall")
	r := &Record{Key: key, Date: d, Notifier: "US FDA"}
	r.Product = Product{Name: clip(firstSentence(desc), 300), Manufacturer: firmName(firm), Batch: clip(get(f, "code_info"), 300),
		Origin: v.country(get(f, "country")), Words: desc, Market: "US"}
	r.Hazard = hazardWords(reason)
	r.Measures = []string{"recall-end-users"}
	if strings.EqualFold(get(f, "voluntary_mandated"), "FDA Mandated") {
		r.Measures = append(r.Measures, "defect-recall")
	}
	r.Summary = summary("openFDA", key, "Classification", get(f, "classification"), "Product type", get(f, "product_type"), "Reason", reason,
		"Firm", firm, "Distribution", get(f, "distribution_pattern"), "Quantity", get(f, "product_quantity"), "Status", get(f, "status"))
	return r, nil
}

// firmName is the firm's name without the notification text the weekly
// report appends ("M.E. Thompson Inc., Jacksonville, FL, by press release…").
func firmName(s string) string {
	if i := strings.Index(s, ", by "); i > 0 {
		s = s[:i]
	}
	parts := strings.Split(s, ",")
	if len(parts) > 2 {
		s = strings.Join(parts[:len(parts)-2], ",")
	}
	return clip(s, 200)
}

func firstSentence(s string) string {
	s = strings.TrimSpace(s)
	for _, sep := range []string{". ", "; ", "\n"} {
		if i := strings.Index(s, sep); i > 0 {
			s = s[:i]
		}
	}
	return s
}

// mapFDAPress maps an FDA recall press release (the XML feed or its CSV).
func mapFDAPress(v *vocab, f map[string]string) (*Record, *Reject) {
	for k, val := range f {
		f[k] = plainText(val) // the feed's CDATA still holds HTML ("&lt;i&gt;Salmonella&lt;/i&gt;")
	}
	url := get(f, "company_release_link", "company_release_url", "link")
	company := get(f, "company")
	brand := get(f, "brand_name", "brand")
	prod := get(f, "product_description", "product")
	date := get(f, "date")
	if company == "" && brand == "" && prod == "" {
		return nil, reject("", "company", "缺少企业、品牌和产品", "company, brand and product are all missing")
	}
	key := url
	if key == "" {
		key = digestKey(date, company, brand, prod)
	}
	d, rej := needDate(f, key, "date")
	if rej != nil {
		return nil, rej
	}
	reason := get(f, "reason", "reason_for_recall")
	r := &Record{Key: key, Date: d, URL: url, Notifier: "US FDA"}
	r.Product = Product{Name: clip(prod, 300), Brand: brand, Manufacturer: company, Words: brand + " " + prod, Market: "US"}
	r.Hazard = hazardWords(reason)
	r.Measures = []string{"voluntary-recall"}
	r.Summary = summary("FDA", clip(key, 200), "Brand", brand, "Product", prod, "Reason", reason, "Company", company)
	return r, nil
}

var tags = regexp.MustCompile(`<[^>]{1,40}>`)

// plainText decodes HTML entities and drops inline tags.
func plainText(s string) string {
	if !strings.ContainsAny(s, "&<") {
		return s
	}
	return strings.TrimSpace(tags.ReplaceAllString(html.UnescapeString(s), ""))
}

// tooMany is the error of a file over MaxRecords.
func tooMany() error {
	return &risk.Error{Kind: risk.ErrTooLarge, Field: "file",
		Message: risk.Bilingual(fmt.Sprintf("一次最多导入 %d 条记录。", MaxRecords), fmt.Sprintf("at most %d records per import.", MaxRecords))}
}
