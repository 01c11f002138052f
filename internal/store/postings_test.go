package store

import (
	"math/rand/v2"
	"testing"
)

// TestPostingBlock: a block of few members is written as offsets, of many
// as a bitmap (most significant bit first, as PostgreSQL's bit strings
// and the SQLite backfill's hex lay them out), and both read back the same
// members.
func TestPostingBlock(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 2, 255, 256, 257, 4000, 4096} {
		var want block
		for _, off := range r.Perm(postingBlock)[:n] {
			want[off>>6] |= 1 << (off & 63)
		}
		raw := encodeBlock(&want)
		if dense := n >= postingDense; (raw[0] == 1) != dense || (dense && len(raw) != 513) || (!dense && len(raw) != 1+2*n) {
			t.Fatalf("%d members: form %d, %d bytes", n, raw[0], len(raw))
		}
		var got block
		decodeBlock(&got, raw)
		if got != want {
			t.Fatalf("%d members: read back differently", n)
		}
	}
	// Offset 1 in each form: big-endian 0x0001; the bitmap's first byte 0x40.
	var one block
	one[0] = 2
	if raw := encodeBlock(&one); string(raw) != "\x00\x00\x01" {
		t.Fatalf("offsets: % x", raw)
	}
	var b block
	raw := make([]byte, 513)
	raw[0], raw[1], raw[512] = 1, 0x40, 0x01
	decodeBlock(&b, raw)
	if b[0] != 2 || b[63] != 1<<63 {
		t.Fatalf("bitmap: %x %x", b[0], b[63])
	}
}
