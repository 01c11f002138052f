package app

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"riskgate/internal/audit"
	"riskgate/internal/store"
)

// AuditConfig says where the audit key and the signed checkpoints live
// (README, "Backups and the audit key"). Zero fields take the defaults.
type AuditConfig struct {
	Key           string // RISKGATE_AUDIT_KEY: the key itself, 64 hex digits
	KeyFile       string // RISKGATE_AUDIT_KEY_FILE; default audit.key beside a SQLite file
	Checkpoints   string // RISKGATE_AUDIT_CHECKPOINTS; default checkpoints/ beside a SQLite file
	CheckpointURL string // RISKGATE_AUDIT_CHECKPOINT_URL: a webhook that receives each checkpoint too
}

// AuditConfigFromEnv reads the audit settings of the environment.
func AuditConfigFromEnv(getenv func(string) string) AuditConfig {
	return AuditConfig{Key: getenv("RISKGATE_AUDIT_KEY"), KeyFile: getenv("RISKGATE_AUDIT_KEY_FILE"),
		Checkpoints: getenv("RISKGATE_AUDIT_CHECKPOINTS"), CheckpointURL: getenv("RISKGATE_AUDIT_CHECKPOINT_URL")}
}

// stateDir is where the audit key and checkpoints of a database live by
// default: beside a SQLite file, and for PostgreSQL in the user's
// configuration directory under the server and database's name. "" for an
// in-memory database.
func stateDir(dbURL string) (string, error) {
	if p, ok := strings.CutPrefix(dbURL, "sqlite:"); ok {
		p = strings.TrimPrefix(p, "//")
		if p == ":memory:" || strings.HasPrefix(p, "file::memory:") {
			return "", nil
		}
		return filepath.Dir(p), nil
	}
	u, err := url.Parse(dbURL)
	if err != nil {
		return "", fmt.Errorf("database URL: %w", err)
	}
	base, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("审计密钥无默认位置，请设置 RISKGATE_AUDIT_KEY_FILE / no default place for the audit key: set RISKGATE_AUDIT_KEY_FILE (%w)", err)
	}
	name := regexp.MustCompile(`[^A-Za-z0-9._-]+`).ReplaceAllString(u.Host+"_"+strings.TrimPrefix(u.Path, "/"), "_")
	return filepath.Join(base, "riskgate", name), nil
}

// Resolve loads the audit key (creating the default key file at first
// start) and checks the checkpoint directory, returning "" as the directory
// for an in-memory database. A configured checkpoint directory that is
// missing or cannot be written is an error, not a silent skip.
func (c AuditConfig) Resolve(dbURL string) (*audit.Key, string, error) {
	return c.resolve(dbURL, true)
}

// ResolveToVerify finds the key and checkpoints as Resolve does, for a
// verification: it creates nothing, and a default checkpoint directory
// that does not exist is "" (no checkpoints to check).
func (c AuditConfig) ResolveToVerify(dbURL string) (*audit.Key, string, error) {
	return c.resolve(dbURL, false)
}

func (c AuditConfig) resolve(dbURL string, start bool) (*audit.Key, string, error) {
	state, err := stateDir(dbURL)
	if err != nil {
		return nil, "", err
	}
	var k *audit.Key
	switch {
	case c.Key != "":
		if k, err = audit.ParseKey(c.Key); err != nil {
			return nil, "", fmt.Errorf("RISKGATE_AUDIT_KEY: %w", err)
		}
	case c.KeyFile != "":
		if k, err = audit.LoadKey(c.KeyFile, start); err != nil {
			return nil, "", err
		}
	case state == "":
		k = audit.NewKey() // an in-memory database lives no longer than its key
	default:
		if k, err = audit.LoadKey(filepath.Join(state, "audit.key"), start); err != nil {
			return nil, "", err
		}
	}
	dir := c.Checkpoints
	switch {
	case dir != "" && start:
		err = audit.CheckDir(dir, false)
	case dir != "":
		if _, err = os.Stat(dir); err != nil {
			err = fmt.Errorf("审计检查点目录 %s 不存在 / the audit checkpoint directory %s does not exist", dir, dir)
		}
	case state != "" && start:
		dir = filepath.Join(state, "checkpoints")
		err = audit.CheckDir(dir, true)
	case state != "":
		dir = filepath.Join(state, "checkpoints")
		if _, serr := os.Stat(dir); serr != nil {
			dir = ""
		}
	}
	if err != nil {
		return nil, "", fmt.Errorf("RISKGATE_AUDIT_CHECKPOINTS: %w", err)
	}
	return k, dir, nil
}

// Checkpointer writes signed checkpoints of the audit chain's head outside
// the database: into Dir, and to URL when set.
type Checkpointer struct {
	DB     *store.DB
	Key    *audit.Key
	Dir    string
	URL    string
	Client *http.Client
	Log    *slog.Logger
}

// Write writes a checkpoint of the head as it is now, unless the last one
// in Dir already records it.
func (c *Checkpointer) Write(ctx context.Context) (*audit.Checkpoint, error) {
	if c.Dir == "" && c.URL == "" {
		return nil, nil
	}
	h, err := c.DB.AuditHead(ctx)
	if err != nil {
		return nil, err
	}
	if h.KeyID != "" && h.KeyID != c.Key.ID() {
		return nil, errors.New("审计链由另一把密钥写入，不写检查点 / the chain is keyed with another key: no checkpoint written")
	}
	if last := audit.LatestCheckpoint(c.Dir); c.Dir != "" && last != nil && last.Seq == h.Seq && last.Hash == h.Hash {
		return last, nil
	}
	cp := &audit.Checkpoint{Seq: h.Seq, Hash: h.Hash, At: time.Now().UTC(), KeyedFrom: h.KeyedFrom}
	c.Key.Sign(cp)
	if c.Dir != "" {
		if err := audit.WriteCheckpoint(c.Dir, cp); err != nil {
			return nil, err
		}
	}
	if c.URL != "" {
		client := c.Client
		if client == nil {
			client = &http.Client{Timeout: 10 * time.Second}
		}
		if err := postCheckpoint(ctx, client, c.URL, cp); err != nil && c.Log != nil {
			c.Log.Error("audit checkpoint webhook failed", "error", err)
		}
	}
	return cp, nil
}

// Run writes a checkpoint now, then every interval, and a last one when
// ctx ends (a clean shutdown).
func (c *Checkpointer) Run(ctx context.Context, interval time.Duration) {
	write := func(ctx context.Context) {
		if _, err := c.Write(ctx); err != nil && c.Log != nil {
			c.Log.Error("audit checkpoint failed", "error", err)
		}
	}
	write(ctx)
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			last, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			write(last)
			cancel()
			return
		case <-t.C:
			write(ctx)
		}
	}
}

// postCheckpoint sends c as JSON to a webhook, for a copy the database's
// administrators do not hold.
func postCheckpoint(ctx context.Context, client *http.Client, url string, c *audit.Checkpoint) error {
	b, err := json.Marshal(c)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(b))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		return errors.New("audit checkpoint webhook answered " + resp.Status)
	}
	return nil
}
