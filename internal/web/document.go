package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"riskgate/internal/gongwen"
	"riskgate/internal/risk"
)

// documents is the 公文 service over the server's stores.
func (s *Server) documents() *gongwen.Service {
	return &gongwen.Service{Messages: s.Publish.Store, Warnings: s.Warnings, Measures: s.Measures.Store, Names: docNames{s}}
}

// docNames names a document's parties from the enterprise register and
// the accounts.
type docNames struct{ s *Server }

func (n docNames) Enterprise(ctx context.Context, id risk.ID) (string, error) {
	e, err := n.s.Enterprises.Store.Get(ctx, id)
	if err != nil {
		return "", err
	}
	return e.NameZh, nil
}

func (n docNames) EnterprisesByUSCC(ctx context.Context, usccs []string) (map[string]string, error) {
	found, err := n.s.Enterprises.Store.Existing(ctx, usccs)
	out := make(map[string]string, len(found))
	for u, e := range found {
		out[u] = e.NameZh
	}
	return out, err
}

func (n docNames) User(ctx context.Context, id risk.ID) (string, error) {
	users, err := n.s.Auth.Store.ListUsers(ctx)
	if err != nil {
		return "", err
	}
	for _, u := range users {
		if u.ID == id {
			return u.Name, nil
		}
	}
	return "", nil
}

// documentShow serves the 公文 (GB/T 9704-2012 PDF) of a warning's
// message: /warnings/12/documents/1.pdf is its issue, latest.pdf the
// newest. Access is the CAP document's (capShow).
func (s *Server) documentShow(w http.ResponseWriter, r *http.Request) error {
	name, ok := strings.CutSuffix(r.PathValue("file"), ".pdf")
	id, err := risk.ParseID(r.PathValue("id"))
	seq := 0
	if ok && err == nil && name != "latest" {
		seq, err = strconv.Atoi(name)
		ok = ok && seq >= 1
	}
	if !ok || err != nil {
		return risk.Errorf(risk.ErrNotFound, "没有该公文。 / No such document.")
	}
	f, err := s.documents().Document(r.Context(), actorOf(r), id, seq)
	if e, ok := risk.AsError(err); ok && errors.Is(err, risk.ErrUnauthorized) {
		// 401 as for the CAP documents, not the sign-in page a browser's
		// page request is sent to.
		w.Header().Set("WWW-Authenticate", `Bearer realm="riskgate"`)
		writeJSON(w, http.StatusUnauthorized, apiError{apiErrorBody{Code: codes[http.StatusUnauthorized], Message: e.Message}})
		return nil
	}
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", contentDisposition(fmt.Sprintf("warning-%d-%d.pdf", id, f.Message.Seq), f.Name))
	if f.Message.Public {
		w.Header().Set("Cache-Control", "public, max-age=60")
	} else {
		w.Header().Set("Cache-Control", "private, no-store")
	}
	_, err = w.Write(f.PDF)
	return err
}

// contentDisposition offers a download under a Chinese file name (RFC
// 6266 with RFC 8187's filename*), and an ASCII one for old clients.
func contentDisposition(ascii, name string) string {
	var b strings.Builder
	for _, c := range []byte(name) {
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("!#$&+-.^_`|~", c) >= 0 {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return `attachment; filename="` + ascii + `"; filename*=UTF-8''` + b.String()
}
