package web

import (
	"net/http"
	"strconv"
	"strings"

	"riskgate/internal/publish"
	"riskgate/internal/recall"
	"riskgate/internal/risk"
)

// publicRecallsPage is the portal's recall notices: the list, or one.
type publicRecallsPage struct {
	Page
	Items []*recall.Recall
	Total int
	Prev  int
	Next  int
	R     *recall.Recall
}

// publicRecalls lists the recall notices that are out, newest first.
func (s *Server) publicRecalls(w http.ResponseWriter, r *http.Request) error {
	var v risk.Validation
	var pg risk.Paging
	pg.Offset, pg.Limit = paging(r.URL.Query(), &v)
	if err := v.Err(); err != nil {
		return err
	}
	items, total, err := s.Recalls.Public(r.Context(), pg)
	if err != nil {
		return err
	}
	p := publicRecallsPage{Page: s.page(r, "召回公告", "Recall notices"), Items: items, Total: total}
	p.Prev, p.Next = pager(pg.Offset, pg.Limit, total)
	return s.render(w, r, http.StatusOK, "public_recalls.html", p)
}

// publicRecall is one recall notice.
func (s *Server) publicRecall(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	rc, err := s.Recalls.PublicGet(r.Context(), id)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "public_recalls.html", publicRecallsPage{Page: s.page(r, "召回："+rc.Title(), "Recall: "+rc.Title()), R: rc})
}

// apiPublicRecalls is the recall notices as JSON, for anyone.
func (s *Server) apiPublicRecalls(w http.ResponseWriter, r *http.Request) error {
	var v risk.Validation
	var pg risk.Paging
	pg.Offset, pg.Limit = paging(r.URL.Query(), &v)
	if err := v.Err(); err != nil {
		return err
	}
	items, total, err := s.Recalls.Public(r.Context(), pg)
	if err != nil {
		return err
	}
	return writeList(w, items, total, pg)
}

// feedRecalls is the recall notices as an Atom feed.
func (s *Server) feedRecalls(w http.ResponseWriter, r *http.Request) error {
	items, _, err := s.Recalls.Public(r.Context(), risk.Paging{Limit: publish.MaxFeedEntries})
	if err != nil {
		return err
	}
	base := s.baseURL()
	body, err := publish.RecallAtom(publish.Feed{Self: base + r.URL.Path,
		Title:    "湖南省缺陷产品召回公告 / Hunan product recall notices",
		Subtitle: "召回公告的发布、进展和结束 / Recall notices published, progressing and ended"}, items, s.Publish.SiteAt(base))
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", publish.AtomMediaType)
	w.Header().Set("Cache-Control", "public, max-age=60")
	_, err = w.Write(body)
	return err
}

// capRecall is a recall notice as a CAP 1.2 alert.
func (s *Server) capRecall(w http.ResponseWriter, r *http.Request) error {
	name, ok := strings.CutSuffix(r.PathValue("file"), ".xml")
	id, err := strconv.ParseInt(name, 10, 64)
	if !ok || err != nil || id <= 0 {
		return risk.Errorf(risk.ErrNotFound, "没有该 CAP 消息。 / No such CAP message.")
	}
	rc, err := s.Recalls.PublicGet(r.Context(), risk.ID(id))
	if err != nil {
		return err
	}
	body, err := publish.RecallCAP(rc, s.Publish.SiteAt(s.baseURL()))
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", publish.CAPMediaType+"; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=60")
	_, err = w.Write(body)
	return err
}
