package audit

import (
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Checkpoint is a signed statement, kept outside the database, that the
// chain held Seq entries ending in Hash at a time. Entries deleted after a
// checkpoint — even with the head moved back to match — and a chain
// rewritten before it no longer agree with it.
type Checkpoint struct {
	Seq       int64     `json:"seq"`
	Hash      string    `json:"hash"`
	At        time.Time `json:"at"`
	KeyID     string    `json:"key_id"`
	KeyedFrom int64     `json:"keyed_from"` // the first entry keyed by the key; earlier ones are plain SHA-256
	Signature string    `json:"signature"`  // Ed25519 over the fields above, base64
}

func (c *Checkpoint) message() []byte {
	return []byte("riskgate-audit-checkpoint-v1\n" + strconv.FormatInt(c.Seq, 10) + "\n" + c.Hash + "\n" +
		c.At.UTC().Format(time.RFC3339Nano) + "\n" + c.KeyID + "\n" + strconv.FormatInt(c.KeyedFrom, 10))
}

// Sign signs c with the key.
func (k *Key) Sign(c *Checkpoint) {
	c.KeyID = k.id
	c.Signature = base64.StdEncoding.EncodeToString(ed25519.Sign(k.sign, c.message()))
}

// Check reports whether c was signed by the key.
func (k *Key) Check(c *Checkpoint) bool {
	sig, err := base64.StdEncoding.DecodeString(c.Signature)
	return err == nil && c.KeyID == k.id && ed25519.Verify(k.PublicKey(), c.message(), sig)
}

// checkpointFile names a checkpoint's file so that names sort by sequence.
func checkpointFile(c *Checkpoint) string {
	return fmt.Sprintf("checkpoint-%020d-%s.json", c.Seq, c.At.UTC().Format("20060102T150405.000000000Z"))
}

// CheckDir makes sure dir exists and can be written, creating it when
// create is set (the default directory beside a database file); a
// configured directory that is missing or read-only is an error.
func CheckDir(dir string, create bool) error {
	if create {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return fmt.Errorf("审计检查点目录 %s 无法创建 / cannot create the audit checkpoint directory %s: %w", dir, dir, err)
		}
	}
	fi, err := os.Stat(dir)
	if err != nil || !fi.IsDir() {
		return fmt.Errorf("审计检查点目录 %s 不存在 / the audit checkpoint directory %s does not exist", dir, dir)
	}
	f, err := os.CreateTemp(dir, ".probe-*")
	if err != nil {
		return fmt.Errorf("审计检查点目录 %s 不可写 / the audit checkpoint directory %s cannot be written: %w", dir, dir, err)
	}
	f.Close()
	return os.Remove(f.Name())
}

// WriteCheckpoint writes c into dir, whole or not at all (a temporary file
// synced and renamed).
func WriteCheckpoint(dir string, c *Checkpoint) error {
	b, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, ".checkpoint-*")
	if err != nil {
		return fmt.Errorf("审计检查点无法写入 / cannot write an audit checkpoint: %w", err)
	}
	if _, err := f.Write(append(b, '\n')); err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), filepath.Join(dir, checkpointFile(c)))
	}
	if err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("审计检查点无法写入 / cannot write an audit checkpoint: %w", err)
	}
	return nil
}

// ReadCheckpoints reads every checkpoint in dir, ordered by sequence, and
// checks each one's signature with the key: a checkpoint the key did not
// sign is an error naming its file.
func ReadCheckpoints(dir string, k *Key) ([]Checkpoint, error) {
	names, err := filepath.Glob(filepath.Join(dir, "checkpoint-*.json"))
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(dir); err != nil {
		return nil, fmt.Errorf("审计检查点目录无法读取 / cannot read the audit checkpoint directory: %w", err)
	}
	var out []Checkpoint
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			return nil, err
		}
		var c Checkpoint
		if err := json.Unmarshal(b, &c); err != nil {
			return nil, fmt.Errorf("审计检查点 %s 无法解析 / audit checkpoint %s does not parse: %w", filepath.Base(n), filepath.Base(n), err)
		}
		if k == nil || !k.Check(&c) {
			return nil, fmt.Errorf("审计检查点 %s 的签名无效（伪造或使用了其他密钥） / audit checkpoint %s has no valid signature (forged, or signed with another key)",
				filepath.Base(n), filepath.Base(n))
		}
		out = append(out, c)
	}
	slices.SortStableFunc(out, func(a, b Checkpoint) int { return int(a.Seq - b.Seq) })
	return out, nil
}

// LatestCheckpoint returns the checkpoint of highest sequence in dir, or
// nil when there is none; unlike ReadCheckpoints it does not check
// signatures (the writer uses it to skip a checkpoint that would repeat).
func LatestCheckpoint(dir string) *Checkpoint {
	names, _ := filepath.Glob(filepath.Join(dir, "checkpoint-*.json"))
	slices.Sort(names)
	for i := len(names) - 1; i >= 0; i-- {
		b, err := os.ReadFile(names[i])
		if err != nil {
			continue
		}
		var c Checkpoint
		if json.Unmarshal(b, &c) == nil && strings.HasPrefix(filepath.Base(names[i]), "checkpoint-") {
			return &c
		}
	}
	return nil
}
