package signal

import (
	"crypto/sha256"
	"encoding/hex"
)

func sha256Hex(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// Digest is the hex SHA-256 of an evidence file, as stored with every
// attachment (signals here; answers to 通告 in package gateway).
func Digest(b []byte) string { return sha256Hex(b) }
