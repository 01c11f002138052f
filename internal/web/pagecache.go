package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"net/http"
	"sync"
)

// pageCache keeps rendered pages that every visitor without a session is
// shown alike (the portal's home page and its searches), by a digest of
// the template's name and the view's data. The handler still reads the
// data each time, so a page is never stale: a publication, a lifted
// warning or a recall that ends changes the data, hence the digest, on
// every node at once; what the cache saves is html/template's rendering,
// which was most of the portal's CPU. It holds at most pageCacheMax
// pages and starts again empty when full.
type pageCache struct {
	mu    sync.Mutex
	pages map[[sha256.Size]byte][]byte
}

const pageCacheMax = 64

func (c *pageCache) get(k [sha256.Size]byte) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	b, ok := c.pages[k]
	return b, ok
}

func (c *pageCache) put(k [sha256.Size]byte, b []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.pages == nil || len(c.pages) >= pageCacheMax {
		c.pages = make(map[[sha256.Size]byte][]byte, pageCacheMax)
	}
	c.pages[k] = b
}

// renderShared is render for a page that depends on nothing but its view:
// for an anonymous visitor with no session and no flash message it serves
// the page rendered before from the same data, else renders as render
// does. The view's data is what its JSON encoding holds, so a view must
// not show unexported or json:"-" fields (the template funcs read only
// the builtin catalogues, which do not change while the server runs).
func (s *Server) renderShared(w http.ResponseWriter, r *http.Request, status int, name string, view any) error {
	if _, err := r.Cookie(flashCookie); err == nil || sessionOf(r) != nil || !actorOf(r).IsAnonymous() {
		return s.render(w, r, status, name, view)
	}
	data, err := json.Marshal(view)
	if err != nil {
		return s.render(w, r, status, name, view)
	}
	h := sha256.New()
	h.Write([]byte(name))
	h.Write([]byte{0})
	h.Write(data)
	var k [sha256.Size]byte
	h.Sum(k[:0])
	body, ok := s.shared.get(k)
	if !ok {
		t, found := s.tmpl[name]
		if !found {
			return s.render(w, r, status, name, view)
		}
		var buf bytes.Buffer
		if err := t.ExecuteTemplate(&buf, "layout.html", view); err != nil {
			return s.render(w, r, status, name, view) // logs and answers as render does
		}
		body = buf.Bytes()
		s.shared.put(k, body)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, err = w.Write(body)
	return err
}
