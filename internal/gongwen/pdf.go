package gongwen

import (
	"bytes"
	"fmt"

	"codeberg.org/go-pdf/fpdf"
)

// PDF lays d out and renders it: A4, each glyph where the layout put it,
// with the embedded fonts subset into the file. The same document gives
// the same bytes (its dates are the document's own).
func PDF(d *Document) ([]byte, error) {
	l, err := Lay(d)
	if err != nil {
		return nil, err
	}
	return l.PDF(d)
}

// PDF renders a layout of d.
func (l *Layout) PDF(d *Document) ([]byte, error) {
	fs, err := loadFaces()
	if err != nil {
		return nil, err
	}
	p := fpdf.New("P", "mm", "A4", "")
	p.SetCompression(true)
	p.SetCatalogSort(true)
	p.SetAutoPageBreak(false, 0)
	p.SetMargins(0, 0, 0)
	p.SetLang("zh-CN")
	title := d.Title
	if d.Number != "" {
		title = d.Number + " " + d.Title
	}
	p.SetTitle(title, true)
	p.SetAuthor(d.Authority, true)
	p.SetSubject(d.Title, true)
	p.SetCreator("riskgate", true)
	p.SetProducer("riskgate (GB/T 9704-2012)", true)
	p.SetCreationDate(d.Date)
	p.SetModificationDate(d.Date)
	used := map[Style]bool{}
	for _, pg := range l.Pages {
		for _, g := range pg.Glyphs {
			used[g.Style] = true
		}
	}
	for s := range numStyles {
		if used[s] {
			p.AddUTF8FontFromBytes(s.family(), "", fs[s].ttf)
		}
	}
	for _, pg := range l.Pages {
		p.AddPage()
		for _, r := range pg.Rules {
			p.SetFillColor(int(r.Color[0]), int(r.Color[1]), int(r.Color[2]))
			p.Rect(r.X, r.Y, r.W, r.T, "F")
		}
		for _, g := range pg.Glyphs {
			p.SetFont(g.Style.family(), "", g.Size)
			p.SetTextColor(int(g.Color[0]), int(g.Color[1]), int(g.Color[2]))
			p.Text(g.X, g.Y, string(g.R))
		}
	}
	var b bytes.Buffer
	if err := p.Output(&b); err != nil {
		return nil, fmt.Errorf("gongwen: pdf: %w", err)
	}
	return b.Bytes(), nil
}
