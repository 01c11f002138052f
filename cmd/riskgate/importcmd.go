package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"riskgate/internal/app"
	"riskgate/internal/catalog"
	"riskgate/internal/foreign"
	"riskgate/internal/injury"
	"riskgate/internal/risk"
)

// importCmd imports a foreign notification file or URL as the system,
// for a department, drawing a progress bar on stderr.
func importCmd(ctx context.Context, cfg config, args []string, log *slog.Logger, stdout, stderr io.Writer) error {
	fs := newFlags("import", stderr)
	fs.StringVar(&cfg.DB, "db", cfg.DB, "database URL")
	format := fs.String("format", "", "safetygate, rasff, cpsc, openfda, fda-press, or neiss (injury records)")
	product := fs.String("product", "", "neiss: the NEISS product code of rows that name none (e.g. 1313 fireworks)")
	dept := fs.String("dept", "cs-customs", "department that holds the signals")
	skip := fs.Bool("skip-invalid", false, "import the valid records of a file with invalid ones, listing each skipped record")
	if err := fs.Parse(args); err != nil {
		return exitError(2)
	}
	if *format == "" || fs.NArg() != 1 {
		fmt.Fprintln(stderr, "usage: riskgate import --format safetygate|rasff|cpsc|openfda|fda-press|neiss [--db URL] [--dept CODE] [--product CODE] [--skip-invalid] FILE|URL")
		return exitError(2)
	}
	if t, err := catalog.BuiltinTable("departments"); err == nil {
		found := false
		for _, e := range t.Entries {
			found = found || e.Code == *dept
		}
		if !found {
			return fmt.Errorf("部门 %s 不在目录中 / department %s is not in the catalogue", *dept, *dept)
		}
	}
	src := fs.Arg(0)
	rd, name, err := openSource(ctx, src)
	if err != nil {
		return err
	}
	defer rd.Close()
	a, err := app.Open(ctx, cfg.DB, cfg.Audit, log)
	if err != nil {
		return err
	}
	defer a.Close()
	actor := risk.System
	actor.Dept = *dept
	if *format == "neiss" {
		rep, err := a.Injuries.Import(ctx, actor, "neiss", name, rd, injury.Options{SkipInvalid: *skip, Product: *product})
		if err != nil {
			return describe(err)
		}
		fmt.Fprintf(stdout, "neiss %s: %d records, %d new, %d updated, %d unchanged, %d rejected\n", rep.File, rep.Records, rep.New, rep.Updated, rep.Unchanged, rep.Rejected)
		for _, s := range rep.Skipped {
			fmt.Fprintf(stdout, "skipped line %d: %s: %s\n", s.Line, s.Field, s.Reason)
		}
		return nil
	}
	bar := &progressBar{w: stderr}
	rep, err := a.Foreign.Import(ctx, actor, *format, name, rd, foreign.Options{SkipInvalid: *skip, Progress: bar.update})
	bar.done()
	if err != nil {
		return describe(err)
	}
	fmt.Fprintf(stdout, "%s %s: %d records, %d new, %d updated, %d unchanged, %d rejected\n", rep.Format, rep.File, rep.Records, rep.New, rep.Updated, rep.Unchanged, rep.Rejected)
	for _, s := range rep.Skipped {
		fmt.Fprintf(stdout, "skipped line %d %s: %s: %s\n", s.Line, s.Key, s.Field, s.Reason)
	}
	return nil
}

// openSource opens a file, or fetches a URL (within the import's size
// limit and a timeout).
func openSource(ctx context.Context, src string) (io.ReadCloser, string, error) {
	if !strings.HasPrefix(src, "http://") && !strings.HasPrefix(src, "https://") {
		f, err := os.Open(src)
		if err != nil {
			return nil, "", err
		}
		return f, filepath.Base(src), nil
	}
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, src, nil)
	if err != nil {
		cancel()
		return nil, "", err
	}
	req.Header.Set("User-Agent", "riskgate")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		cancel()
		return nil, "", fmt.Errorf("下载 %s 失败 / fetching %s failed: %w", src, src, err)
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		cancel()
		return nil, "", fmt.Errorf("下载 %s 失败：HTTP %d / fetching %s failed: HTTP %d", src, resp.StatusCode, src, resp.StatusCode)
	}
	return struct {
		io.Reader
		io.Closer
	}{io.LimitReader(resp.Body, foreign.MaxFileBytes+1), closerFunc(func() error { cancel(); return resp.Body.Close() })}, src, nil
}

type closerFunc func() error

func (f closerFunc) Close() error { return f() }

// progressBar draws "[#####.....]  50% 1000/2000" on one line.
type progressBar struct {
	w        io.Writer
	drawn    bool
	last     int
	lastDone int
}

func (b *progressBar) update(done, total int) {
	if total == 0 {
		return
	}
	pct := done * 100 / total
	if b.drawn && (done == b.lastDone || pct == b.last && done != total) {
		return
	}
	b.last, b.lastDone, b.drawn = pct, done, true
	n := pct / 5
	fmt.Fprintf(b.w, "\r导入 importing [%s%s] %3d%% %d/%d", strings.Repeat("#", n), strings.Repeat(".", 20-n), pct, done, total)
}

func (b *progressBar) done() {
	if b.drawn {
		fmt.Fprintln(b.w)
	}
}
