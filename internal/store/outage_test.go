package store_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"riskgate/internal/risk"
	"riskgate/internal/store"
)

// Only a failure to reach the database counts as an outage (contingency
// mode holds decisions then); an answer of the database never does.
func TestUnreachable(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nobody listens there now
	_, refused := store.Open(context.Background(), "postgres://postgres@"+addr+"/x?sslmode=disable&connect_timeout=2", nil)
	if refused == nil {
		t.Fatal("connected to a closed port")
	}
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"connection refused", refused, true},
		{"wrapped", fmt.Errorf("store: save: %w", refused), true},
		{"admin shutdown", &pgconn.PgError{Code: "57P01"}, true},
		{"connection failure", &pgconn.PgError{Code: "08006"}, true},
		{"unique violation", &pgconn.PgError{Code: "23505"}, false},
		{"serialization failure", &pgconn.PgError{Code: "40001"}, false},
		{"invalid input", risk.Invalid("number", "缺少报关单号。", "number is required."), false},
		{"other", errors.New("syntax error"), false},
		{"none", nil, false},
	}
	for _, tt := range tests {
		if got := store.Unreachable(tt.err); got != tt.want {
			t.Errorf("%s: Unreachable(%v) = %v, want %v", tt.name, tt.err, got, tt.want)
		}
	}
}
