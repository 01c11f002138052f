package contingency

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"

	"riskgate/internal/risk"
)

// Kind is what a record holds. Values are stored in journals.
type Kind string

// Kinds of records.
const (
	KindDeclaration Kind = "declaration" // a screened declaration (screening.Stored)
	KindLineResult  Kind = "line_result" // an inspection or lab result on a declaration line
	KindInspection  Kind = "inspection"  // a result on a lot outside any declaration
)

// Record is one decision or result held in the journal.
type Record struct {
	ID   string `json:"id"` // the queue id, unique across nodes
	Kind Kind   `json:"kind"`
	// Key identifies what the record is about within its kind — a
	// declaration's number, "number#line/kind" for a line result — so that
	// the same thing sent twice while held is recognised; "" for none.
	Key   string     `json:"key,omitempty"`
	At    time.Time  `json:"at"` // when it was made
	Node  string     `json:"node"`
	Actor risk.Actor `json:"actor"`
	// Payload is the kind's own data, as its handler reads it.
	Payload json.RawMessage `json:"payload"`
}

// Mark is the record's contingency mark, as stored with what it becomes.
func (r Record) Mark() Mark { return Mark{QueueID: r.ID, Node: r.Node, MadeAt: r.At} }

// Rejected is a record the database refused on resubmission, with the
// reason (a user-safe message where there is one).
type Rejected struct {
	Record Record    `json:"record"`
	At     time.Time `json:"at"`
	Reason string    `json:"reason"`
}

// entry is one line of the journal: a record held, or one resubmitted
// (stored, or rejected with a reason).
type entry struct {
	Hold *Record `json:"hold,omitempty"`
	Done *done   `json:"done,omitempty"`
}

type done struct {
	ID       string    `json:"id"`
	At       time.Time `json:"at"`
	Rejected string    `json:"rejected,omitempty"`
}

// Files in a journal's directory.
const (
	journalFile  = "journal.jsonl"
	rejectedFile = "rejected.jsonl"
	lockFile     = "lock"
)

// Journal is the durable local queue: an append-only file in a directory
// of its own, each write fsync'd before it returns. A record is pending
// from its "hold" line until its "done" line. When nothing is pending the
// file is renamed resubmitted-TIME.jsonl (kept for the operator) and a new
// one begun. Records the database refused are appended to rejected.jsonl
// as well. One process at a time: the directory is locked while open.
type Journal struct {
	dir string

	mu       sync.Mutex
	f        *os.File
	size     int64
	broken   error // a write that could not be undone: no more appends
	pending  []Record
	byKey    map[string]int // kind+key → index in pending
	rejected []Rejected
	unlock   func() error
}

// OpenJournal opens the journal in dir, which must exist and be writable,
// and reads what is pending in it. A last line cut short (the process died
// while writing it, before anyone was answered) is dropped; a damaged line
// before the end is an error.
func OpenJournal(dir string) (*Journal, error) {
	st, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("应急模式目录不可用 / contingency directory %s: %w", dir, err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("应急模式目录不是目录 / contingency directory %s is not a directory", dir)
	}
	unlock, err := lockDir(filepath.Join(dir, lockFile))
	if err != nil {
		return nil, fmt.Errorf("应急模式目录不可写或已被另一进程使用 / contingency directory %s cannot be written or is used by another process: %w", dir, err)
	}
	j := &Journal{dir: dir, byKey: map[string]int{}, unlock: unlock}
	if err := j.load(); err != nil {
		unlock()
		return nil, err
	}
	return j, nil
}

func (j *Journal) load() error {
	path := filepath.Join(j.dir, journalFile)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("应急模式日志不可写 / contingency journal %s: %w", path, err)
	}
	good, err := readLines(f, func(b []byte) error {
		var e entry
		if err := json.Unmarshal(b, &e); err != nil {
			return err
		}
		switch {
		case e.Hold != nil:
			j.add(*e.Hold)
		case e.Done != nil:
			j.remove(e.Done.ID)
		}
		return nil
	})
	if err != nil {
		f.Close()
		return fmt.Errorf("应急模式日志已损坏 / contingency journal %s is damaged: %w", path, err)
	}
	// Drop a torn last line, and write from its end.
	if err := f.Truncate(good); err != nil {
		f.Close()
		return fmt.Errorf("contingency journal %s: %w", path, err)
	}
	if _, err := f.Seek(good, io.SeekStart); err != nil {
		f.Close()
		return err
	}
	j.f, j.size = f, good
	rf, err := os.OpenFile(filepath.Join(j.dir, rejectedFile), os.O_RDONLY|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("应急模式目录不可写 / contingency directory %s: %w", j.dir, err)
	}
	defer rf.Close()
	_, err = readLines(rf, func(b []byte) error {
		var r Rejected
		if err := json.Unmarshal(b, &r); err != nil {
			return err
		}
		j.rejected = append(j.rejected, r)
		return nil
	})
	if err != nil {
		return fmt.Errorf("contingency rejected list: %w", err)
	}
	return syncDir(j.dir)
}

// readLines calls fn on each complete line of r and returns the offset
// after the last good one. A complete line fn refuses is an error unless
// nothing but a torn line follows it.
func readLines(r io.Reader, fn func([]byte) error) (int64, error) {
	br := bufio.NewReader(r)
	var off int64
	for {
		b, err := br.ReadBytes('\n')
		if errors.Is(err, io.EOF) {
			return off, nil // b, if any, is a torn last line
		}
		if err != nil {
			return off, err
		}
		if ferr := fn(bytes.TrimSpace(b)); ferr != nil {
			if _, perr := br.Peek(1); errors.Is(perr, io.EOF) {
				return off, nil // the last line, damaged while written
			}
			return off, fmt.Errorf("at byte %d: %w", off, ferr)
		}
		off += int64(len(b))
	}
}

func key(k Kind, key string) string { return string(k) + "\x00" + key }

func (j *Journal) add(r Record) {
	j.pending = append(j.pending, r)
	if r.Key != "" {
		j.byKey[key(r.Kind, r.Key)] = len(j.pending) - 1
	}
}

func (j *Journal) remove(id string) {
	for i, r := range j.pending {
		if r.ID == id {
			j.pending = append(j.pending[:i], j.pending[i+1:]...)
			j.byKey = map[string]int{}
			for n, r := range j.pending {
				if r.Key != "" {
					j.byKey[key(r.Kind, r.Key)] = n
				}
			}
			return
		}
	}
}

// Append writes records as held, all or none, and syncs the file.
func (j *Journal) Append(recs ...Record) error {
	var buf bytes.Buffer
	for i := range recs {
		b, err := json.Marshal(entry{Hold: &recs[i]})
		if err != nil {
			return err
		}
		buf.Write(b)
		buf.WriteByte('\n')
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	if err := j.write(buf.Bytes()); err != nil {
		return err
	}
	for _, r := range recs {
		j.add(r)
	}
	return nil
}

// write appends b and syncs; on failure it cuts the file back to where it
// was, so that no half-written line stays behind later ones.
func (j *Journal) write(b []byte) error {
	if j.broken != nil {
		return j.broken
	}
	if j.f == nil {
		return errors.New("contingency journal closed")
	}
	_, err := j.f.Write(b)
	if err == nil {
		err = j.f.Sync()
	}
	if err != nil {
		if terr := j.f.Truncate(j.size); terr != nil {
			j.broken = fmt.Errorf("contingency journal: a failed write could not be undone: %w", terr)
		} else if _, serr := j.f.Seek(j.size, io.SeekStart); serr != nil {
			j.broken = serr
		}
		return fmt.Errorf("contingency journal: write: %w", err)
	}
	j.size += int64(len(b))
	return nil
}

// Done records that a pending record was resubmitted: stored (reason
// empty) or rejected for reason, which also goes to the rejected list.
// When nothing is pending any more, the journal starts a new file.
func (j *Journal) Done(id string, at time.Time, reason string) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	var rec *Record
	for i := range j.pending {
		if j.pending[i].ID == id {
			rec = &j.pending[i]
			break
		}
	}
	if rec == nil {
		return nil
	}
	if reason != "" {
		rj := Rejected{Record: *rec, At: at, Reason: reason}
		b, err := json.Marshal(rj)
		if err != nil {
			return err
		}
		if err := appendSync(filepath.Join(j.dir, rejectedFile), append(b, '\n')); err != nil {
			return err
		}
		j.rejected = append(j.rejected, rj)
	}
	b, err := json.Marshal(entry{Done: &done{ID: id, At: at, Rejected: reason}})
	if err != nil {
		return err
	}
	if err := j.write(append(b, '\n')); err != nil {
		return err
	}
	j.remove(id)
	if len(j.pending) == 0 {
		return j.rotate(at)
	}
	return nil
}

// rotate keeps the finished file as resubmitted-TIME.jsonl and begins an
// empty one.
func (j *Journal) rotate(at time.Time) error {
	if err := j.f.Close(); err != nil {
		return err
	}
	j.f = nil
	old := filepath.Join(j.dir, journalFile)
	name := filepath.Join(j.dir, "resubmitted-"+at.UTC().Format("20060102T150405.000000000Z")+".jsonl")
	if err := os.Rename(old, name); err != nil {
		return err
	}
	f, err := os.OpenFile(old, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	j.f, j.size = f, 0
	return syncDir(j.dir)
}

func appendSync(path string, b []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// Pending returns the records not yet resubmitted, oldest first.
func (j *Journal) Pending() []Record {
	j.mu.Lock()
	defer j.mu.Unlock()
	return append([]Record(nil), j.pending...)
}

// Len returns how many records are pending.
func (j *Journal) Len() int {
	j.mu.Lock()
	defer j.mu.Unlock()
	return len(j.pending)
}

// Find returns the pending record of a kind with a key.
func (j *Journal) Find(k Kind, k2 string) (Record, bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if i, ok := j.byKey[key(k, k2)]; ok {
		return j.pending[i], true
	}
	return Record{}, false
}

// Rejected lists the records the database refused, oldest first.
func (j *Journal) Rejected() []Rejected {
	j.mu.Lock()
	defer j.mu.Unlock()
	return append([]Rejected(nil), j.rejected...)
}

// Dir is the journal's directory.
func (j *Journal) Dir() string { return j.dir }

// Close closes the file and releases the directory.
func (j *Journal) Close() error {
	j.mu.Lock()
	defer j.mu.Unlock()
	var err error
	if j.f != nil {
		err = j.f.Close()
		j.f = nil
	}
	if j.unlock != nil {
		err = errors.Join(err, j.unlock())
		j.unlock = nil
	}
	return err
}
