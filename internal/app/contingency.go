package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"riskgate/internal/auth"
	"riskgate/internal/contingency"
	"riskgate/internal/store"
)

// ContingencyConfig says whether and where a node keeps working while its
// database is unreachable (docs/OPERATIONS.md, "Contingency mode").
type ContingencyConfig struct {
	Enabled bool   // RISKGATE_CONTINGENCY=1
	Dir     string // RISKGATE_CONTINGENCY_DIR; default contingency/ beside a SQLite file or in the node's state directory
	// AuthTTL is how long a caller verified against the database is let in
	// without it (RISKGATE_CONTINGENCY_AUTH_TTL; default 30m).
	AuthTTL time.Duration
	// Timeout bounds one attempt to write to the database before a
	// decision is held instead (RISKGATE_CONTINGENCY_TIMEOUT; default 15s).
	Timeout time.Duration
}

// Defaults of ContingencyConfig.
const (
	DefaultContingencyAuthTTL = 30 * time.Minute
)

// ContingencyConfigFromEnv reads the contingency settings of the
// environment.
func ContingencyConfigFromEnv(getenv func(string) string) (ContingencyConfig, error) {
	c := ContingencyConfig{Dir: getenv("RISKGATE_CONTINGENCY_DIR"), AuthTTL: DefaultContingencyAuthTTL, Timeout: contingency.DefaultTimeout}
	if v := getenv("RISKGATE_CONTINGENCY"); v != "" {
		on, err := strconv.ParseBool(v)
		if err != nil {
			return c, fmt.Errorf("RISKGATE_CONTINGENCY: %q is not 1 or 0 / 应为 1 或 0", v)
		}
		c.Enabled = on
	}
	for _, d := range []struct {
		env string
		to  *time.Duration
	}{{"RISKGATE_CONTINGENCY_AUTH_TTL", &c.AuthTTL}, {"RISKGATE_CONTINGENCY_TIMEOUT", &c.Timeout}} {
		if v := getenv(d.env); v != "" {
			t, err := time.ParseDuration(v)
			if err != nil || t < 100*time.Millisecond {
				return c, fmt.Errorf("%s: %q is not a duration of at least 100ms, such as 30s or 30m / 不是有效的时长", d.env, v)
			}
			*d.to = t
		}
	}
	return c, nil
}

// EnableContingency opens the journal and lets the screening engine, the
// inspection service and sign-in go on while the database is unreachable
// (internal/contingency). A configured directory must exist and be
// writable; the default one is created. The screening index is built now,
// so that the node holds rules before any outage. RunJobs runs the
// resubmitter.
func (a *App) EnableContingency(ctx context.Context, c ContingencyConfig) error {
	dir := c.Dir
	if dir == "" {
		state, err := stateDir(a.DB.URL)
		if err != nil {
			return err
		}
		if state == "" {
			return fmt.Errorf("应急模式需要 RISKGATE_CONTINGENCY_DIR（内存数据库没有默认目录） / contingency mode needs RISKGATE_CONTINGENCY_DIR (an in-memory database has no default directory)")
		}
		dir = filepath.Join(state, "contingency")
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return fmt.Errorf("应急模式目录无法创建 / contingency directory %s: %w", dir, err)
		}
	}
	j, err := contingency.OpenJournal(dir)
	if err != nil {
		return err
	}
	m := &contingency.Mode{Journal: j, Node: a.Node, Now: a.DB.Now, Log: a.Log, Unreachable: store.Unreachable, Ping: a.DB.Ping, Timeout: c.Timeout}
	m.Handle(contingency.KindDeclaration, a.Screening.ResubmitDeclaration)
	m.Handle(contingency.KindLineResult, a.Inspections.ResubmitLine)
	m.Handle(contingency.KindInspection, a.Inspections.ResubmitInspection)
	m.Start()
	a.Contingency = m
	a.Screening.Contingency = m
	a.Inspections.Contingency, a.Inspections.Lines = m, a.Screening
	ttl := c.AuthTTL
	if ttl <= 0 {
		ttl = DefaultContingencyAuthTTL
	}
	a.Auth.Recent = &auth.Recent{TTL: ttl, Unreachable: store.Unreachable}
	if _, err := a.Screening.Index(ctx); err != nil {
		return fmt.Errorf("build the screening index: %w", err)
	}
	if n := j.Len(); n > 0 {
		a.Log.Warn("contingency journal holds records from before the start; resubmitting", "pending", n, "dir", dir)
	}
	a.Log.Info("contingency mode enabled", "dir", dir, "auth_ttl", ttl.String())
	return nil
}
