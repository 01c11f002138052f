package publish

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strconv"
	"time"

	"riskgate/internal/risk"
)

// AtomNamespace is the XML namespace of Atom 1.0 (RFC 4287).
const AtomNamespace = "http://www.w3.org/2005/Atom"

// AtomMediaType is the media type feeds are served with.
const AtomMediaType = "application/atom+xml; charset=utf-8"

// atomFeed is an Atom 1.0 feed document.
type atomFeed struct {
	XMLName  xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang     string      `xml:"xml:lang,attr"`
	ID       string      `xml:"id"`
	Title    string      `xml:"title"`
	Subtitle string      `xml:"subtitle,omitempty"`
	Updated  string      `xml:"updated"`
	Author   atomPerson  `xml:"author"`
	Links    []atomLink  `xml:"link"`
	Rights   string      `xml:"rights,omitempty"`
	Entries  []atomEntry `xml:"entry"`
}

type atomPerson struct {
	Name string `xml:"name"`
	URI  string `xml:"uri,omitempty"`
}

type atomLink struct {
	Rel      string `xml:"rel,attr,omitempty"`
	Type     string `xml:"type,attr,omitempty"`
	Href     string `xml:"href,attr"`
	HrefLang string `xml:"hreflang,attr,omitempty"`
}

type atomCategory struct {
	Term   string `xml:"term,attr"`
	Scheme string `xml:"scheme,attr,omitempty"`
	Label  string `xml:"label,attr,omitempty"`
}

type atomText struct {
	Type string `xml:"type,attr,omitempty"`
	Body string `xml:",chardata"`
}

type atomEntry struct {
	ID         string         `xml:"id"`
	Title      string         `xml:"title"`
	Updated    string         `xml:"updated"`
	Published  string         `xml:"published,omitempty"`
	Author     *atomPerson    `xml:"author,omitempty"`
	Links      []atomLink     `xml:"link"`
	Categories []atomCategory `xml:"category"`
	Summary    *atomText      `xml:"summary,omitempty"`
	Content    *atomText      `xml:"content,omitempty"`
}

// Feed describes one Atom feed: its self URL (with its filter) and title.
type Feed struct {
	Self     string // URL of this feed, query included: absolute, or the path when no portal URL is configured
	Title    string
	Subtitle string
}

// atomTime is RFC 3339 in UTC, as Atom requires.
func atomTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// EntryID is the permanent Atom id of a warning: a tag URI (RFC 4151)
// under the sender's name, the same for all its messages, so a reader
// sees an update or a lifting as the same entry changed.
func EntryID(site Site, m *Message) string {
	return "tag:" + site.Sender + ",2026:warning:" + strconv.FormatInt(int64(m.WarningID), 10)
}

// Atom renders the latest message of each warning as an Atom 1.0 feed,
// newest first. Each entry links to the announcement page and, as an
// alternate in application/cap+xml, to its CAP document.
func Atom(f Feed, msgs []*Message, site Site) ([]byte, error) {
	var es []atomEntry
	var latest time.Time
	for _, m := range msgs {
		if m.Sent.After(latest) {
			latest = m.Sent
		}
		es = append(es, entry(m, site))
	}
	return encodeFeed(f, "/public", es, latest, site)
}

// encodeFeed writes an Atom 1.0 feed of entries, updated at latest (the
// plan's year for an empty feed), its alternate the portal page at page.
func encodeFeed(f Feed, page string, es []atomEntry, latest time.Time, site Site) ([]byte, error) {
	id := f.Self
	if site.BaseURL == "" {
		id = site.tag("feed:" + f.Self) // an Atom id is an absolute IRI
	}
	feed := atomFeed{
		Lang:     "zh-CN",
		ID:       id,
		Title:    f.Title,
		Subtitle: f.Subtitle,
		Updated:  atomTime(time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC)),
		Author:   atomPerson{Name: "湖南省进出口商品质量安全风险预警 / Hunan import-export product safety warnings", URI: site.web("/public")},
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: f.Self},
			{Rel: "alternate", Type: "text/html", Href: site.BaseURL + page},
		},
		Entries: es,
	}
	if !latest.IsZero() {
		feed.Updated = atomTime(latest)
	}
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", "  ")
	if err := enc.Encode(feed); err != nil {
		return nil, fmt.Errorf("publish: encode Atom feed: %w", err)
	}
	b.WriteByte('\n')
	return b.Bytes(), nil
}

func entry(m *Message, site Site) atomEntry {
	w := &m.Warning
	title := w.Title
	if m.Type == Cancel {
		title = "【已解除】" + title
	}
	gradeZh, gradeEn := w.Grade.Label()
	e := atomEntry{
		ID:      EntryID(site, m),
		Title:   title,
		Updated: atomTime(m.Sent),
		Links: []atomLink{
			{Rel: "alternate", Type: "text/html", Href: site.BaseURL + webPath(w), HrefLang: "zh-CN"},
			{Rel: "alternate", Type: CAPMediaType, Href: site.BaseURL + CAPPath(m.WarningID)},
		},
		Categories: []atomCategory{{Term: string(w.Grade), Scheme: site.scheme("grade"), Label: gradeZh + " / " + gradeEn}},
		Summary:    &atomText{Type: "text", Body: w.Number + " " + w.Summary},
	}
	if w.IssuedAt != nil {
		e.Published = atomTime(*w.IssuedAt)
	}
	for _, c := range m.Facets.Categories {
		e.Categories = append(e.Categories, atomCategory{Term: c, Scheme: site.scheme("category")})
	}
	for _, h := range m.Facets.Hazards {
		e.Categories = append(e.Categories, atomCategory{Term: h, Scheme: site.scheme("hazard")})
	}
	return e
}

// CAPPath is where a warning's latest CAP message is served.
func CAPPath(id risk.ID) string { return "/cap/warnings/" + id.String() + ".xml" }
