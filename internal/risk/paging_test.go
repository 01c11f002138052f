package risk

import "testing"

func TestPagingCheck(t *testing.T) {
	for _, c := range []struct {
		in        Paging
		limit     int
		badFields []string
	}{
		{Paging{}, DefaultLimit, nil},
		{Paging{Offset: 40, Limit: 20}, 20, nil},
		{Paging{Limit: MaxLimit}, MaxLimit, nil},
		{Paging{Offset: -1}, DefaultLimit, []string{"offset"}},
		{Paging{Limit: MaxLimit + 1}, MaxLimit + 1, []string{"limit"}},
		{Paging{Offset: -5, Limit: -1}, -1, []string{"offset", "limit"}},
	} {
		p := c.in
		var v Validation
		p.Check(&v)
		if p.Limit != c.limit {
			t.Errorf("%+v: limit %d, want %d", c.in, p.Limit, c.limit)
		}
		var got []string
		for _, pr := range v.Problems {
			got = append(got, pr.Field)
		}
		if len(got) != len(c.badFields) {
			t.Errorf("%+v: problems %v, want %v", c.in, got, c.badFields)
			continue
		}
		for i := range got {
			if got[i] != c.badFields[i] {
				t.Errorf("%+v: problems %v, want %v", c.in, got, c.badFields)
			}
		}
	}
}
