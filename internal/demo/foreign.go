package demo

import (
	"bytes"
	"compress/gzip"
	"embed"
	"encoding/csv"
	"fmt"
	"io"
	"strings"

	"riskgate/internal/foreign"
	"riskgate/internal/injury"
)

// records holds the shared public records the whole demo imports; see
// data/NOTICE.md for their origins and licences.
//
//go:embed data/eu_safety_gate_alerts_sample.csv data/*.csv.gz
var records embed.FS

// source is one file of shared records and how it is imported.
type source struct {
	format string // a foreign.Formats entry, or "neiss"
	file   string // in data/
	// skipInvalid imports the valid records of a file with invalid ones:
	// one FDA press release names no company, brand or product.
	skipInvalid bool
}

var sources = []source{
	{"safetygate", "eu_safety_gate_alerts_sample.csv", false},
	{"rasff", "eu_rasff_notifications_2020_2024.csv.gz", false},
	{"cpsc", "cpsc_recalls_sports_gear.csv.gz", false},
	{"openfda", "us_fda_enforcement_report_2012-06-13.csv.gz", false},
	{"fda-press", "us_fda_recalls_press_releases_2009_2013.csv.gz", true},
	{"neiss", "neiss_fireworks_injuries_2016_2020.csv.gz", false},
}

// open returns a source's content, unzipped.
func (s source) open() ([]byte, error) {
	b, err := records.ReadFile("data/" + s.file)
	if err != nil || !strings.HasSuffix(s.file, ".gz") {
		return b, err
	}
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(zr)
}

// chinaOnly keeps the header and the rows of a RASFF export whose country
// of origin is China.
func chinaOnly(b []byte) ([]byte, error) {
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		return nil, err
	}
	col := -1
	for i, h := range rows[0] {
		if h == "country_origin" {
			col = i
		}
	}
	if col < 0 {
		return nil, fmt.Errorf("rasff: no country_origin column")
	}
	var out bytes.Buffer
	w := csv.NewWriter(&out)
	w.Write(rows[0])
	for _, r := range rows[1:] {
		if r[col] == "China" {
			w.Write(r)
		}
	}
	w.Flush()
	return out.Bytes(), w.Error()
}

// planImports plans the import of each source not imported yet, as the
// customs risk officer, through the import services (idempotent by each
// record's key; a source seen before is left alone, so that a second load
// writes not even an import's log entry).
func (d *demo) planImports() error {
	for _, s := range sources {
		var seen int
		if s.format == "neiss" {
			m, err := d.a.DB.Injuries().Digests(d.ctx, "neiss")
			if err != nil {
				return err
			}
			seen = len(m)
		} else {
			m, err := d.a.DB.Foreign().Seen(d.ctx, s.format)
			if err != nil {
				return err
			}
			seen = len(m)
		}
		if seen > 0 {
			continue
		}
		d.tl.add(d.tl.at(dayImport, 10, 0), "import "+s.file, func() error {
			b, err := s.open()
			if err != nil {
				return err
			}
			name := strings.TrimSuffix(s.file, ".gz")
			if s.format == "rasff" && d.opt.Small {
				if b, err = chinaOnly(b); err != nil {
					return err
				}
				name += "（原产地中国）"
			}
			off := d.as("officer")
			if s.format == "neiss" {
				rep, err := d.a.Injuries.Import(d.ctx, off, "neiss", name, bytes.NewReader(b), injury.Options{Product: "1313"})
				if err == nil {
					d.a.Log.Info("demo records imported", "file", name, "new", rep.New)
				}
				return err
			}
			rep, err := d.a.Foreign.Import(d.ctx, off, s.format, name, bytes.NewReader(b), foreign.Options{SkipInvalid: s.skipInvalid})
			if err == nil {
				d.a.Log.Info("demo records imported", "file", name, "new", rep.New, "skipped", len(rep.Skipped))
			}
			return err
		})
	}
	return nil
}
