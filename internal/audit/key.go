package audit

import (
	"crypto/ed25519"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Key is the secret that keys the audit chain. It is kept outside the
// database (a file or the environment), so that someone who can write the
// database can neither recompute the chain after an edit nor sign a
// checkpoint: entries are HMAC-SHA256 under it, and checkpoints are signed
// with an Ed25519 key derived from it.
type Key struct {
	secret []byte
	id     string
	sign   ed25519.PrivateKey
}

// KeySize is the length of the secret in bytes.
const KeySize = 32

// ParseKey reads a key written as 64 hexadecimal digits.
func ParseKey(s string) (*Key, error) {
	b, err := hex.DecodeString(strings.TrimSpace(s))
	if err != nil || len(b) != KeySize {
		return nil, errors.New("审计密钥须为 64 位十六进制数 / the audit key must be 64 hexadecimal digits")
	}
	return newKey(b), nil
}

// NewKey returns a fresh random key.
func NewKey() *Key {
	b := make([]byte, KeySize)
	rand.Read(b)
	return newKey(b)
}

func newKey(secret []byte) *Key {
	k := &Key{secret: secret}
	k.id = hex.EncodeToString(k.derive("riskgate audit key id v1")[:8])
	k.sign = ed25519.NewKeyFromSeed(k.derive("riskgate audit checkpoint signing v1"))
	return k
}

func (k *Key) derive(label string) []byte {
	m := hmac.New(sha256.New, k.secret)
	m.Write([]byte(label))
	return m.Sum(nil)
}

// ID names the key without revealing it: the database records the ID of
// the key that keys its chain, so that a node started with another key is
// told so instead of writing entries no one can verify.
func (k *Key) ID() string { return k.id }

// PublicKey is the key that checks checkpoints' signatures.
func (k *Key) PublicKey() ed25519.PublicKey { return k.sign.Public().(ed25519.PublicKey) }

// String never shows the secret.
func (k *Key) String() string { return "audit key " + k.id }

// MAC returns the keyed chain hash of e given the previous entry's hash.
func (k *Key) MAC(prev string, e *Entry) string {
	m := hmac.New(sha256.New, k.secret)
	writeFields(m, prev, e)
	return hex.EncodeToString(m.Sum(nil))
}

// Chain returns MAC for a run of entries, reusing one HMAC state and one
// buffer (half the time of MAC an entry, which sets the key up each time);
// not safe for concurrent use.
func (k *Key) Chain() func(prev string, e *Entry) string {
	m := hmac.New(sha256.New, k.secret)
	var buf []byte
	var sum [sha256.Size]byte
	return func(prev string, e *Entry) string {
		m.Reset()
		buf = appendFields(buf[:0], prev, e)
		m.Write(buf)
		return hex.EncodeToString(m.Sum(sum[:0]))
	}
}

// LoadKey reads the key file at path, creating it with a fresh key (mode
// 0600, its directory 0700) when it does not exist and create is set. A key
// file that others than its owner may read is refused: the key is what
// makes the audit trail trustworthy.
func LoadKey(path string, create bool) (*Key, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) && create {
		k := NewKey()
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, fmt.Errorf("审计密钥目录无法创建 / cannot create the audit key's directory: %w", err)
		}
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, fs.ErrExist) { // another process made it first
			return LoadKey(path, false)
		}
		if err != nil {
			return nil, fmt.Errorf("审计密钥文件无法创建 / cannot create the audit key file %s: %w", path, err)
		}
		if _, err := fmt.Fprintln(f, hex.EncodeToString(k.secret)); err != nil {
			f.Close()
			return nil, fmt.Errorf("审计密钥文件无法写入 / cannot write the audit key file %s: %w", path, err)
		}
		if err := f.Sync(); err != nil {
			f.Close()
			return nil, err
		}
		return k, f.Close()
	}
	if err != nil {
		return nil, fmt.Errorf("审计密钥文件无法读取 / cannot read the audit key file %s: %w", path, err)
	}
	if fi, err := os.Stat(path); err == nil && fi.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("审计密钥文件 %s 的权限为 %o，须仅所有者可读（chmod 600） / the audit key file %s has mode %o; only its owner may read it (chmod 600)",
			path, fi.Mode().Perm(), path, fi.Mode().Perm())
	}
	k, err := ParseKey(string(b))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return k, nil
}
