package gateway

import (
	"bytes"
	"fmt"
	"path"
	"strings"
	"time"

	"riskgate/internal/risk"
	"riskgate/internal/signal"
)

// Attachment is an evidence file as stored: the signal attachment's
// metadata (name, type, size, SHA-256), one mechanism for both.
type Attachment = signal.Attachment

// Evidence limits: a file's size is the signals' limit.
const (
	MaxAttachment  = signal.MaxAttachment
	MaxAttachments = signal.MaxAttachments
	MaxFileName    = 200
)

// fileType is an accepted kind of evidence: its extensions, the content
// type it is stored and served under, and its leading bytes.
type fileType struct {
	exts  []string
	ctype string
	magic [][]byte
}

// fileTypes are the evidence a firm may attach: documents and photographs.
// The type is read from the file's first bytes, never taken from the
// client's word; OFD (GB/T 33190, 版式文档) and Office files are ZIP.
var fileTypes = []fileType{
	{[]string{".pdf"}, "application/pdf", [][]byte{[]byte("%PDF-")}},
	{[]string{".jpg", ".jpeg"}, "image/jpeg", [][]byte{{0xFF, 0xD8, 0xFF}}},
	{[]string{".png"}, "image/png", [][]byte{[]byte("\x89PNG\r\n\x1a\n")}},
	{[]string{".ofd"}, "application/ofd", [][]byte{[]byte("PK\x03\x04")}},
	{[]string{".docx"}, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", [][]byte{[]byte("PK\x03\x04")}},
	{[]string{".xlsx"}, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", [][]byte{[]byte("PK\x03\x04")}},
}

// AcceptedTypes names the accepted file types, for forms and messages.
const AcceptedTypes = "PDF、JPEG、PNG、OFD、DOCX、XLSX"

// CheckFile checks an evidence file — a name, content of an accepted type
// whose first bytes match its extension, not empty, at most MaxAttachment
// — and returns it as it would be stored. Errors name the field "file"
// (risk.ErrTooLarge when too large).
func CheckFile(name string, data []byte, now time.Time) (*Attachment, error) {
	name = strings.TrimSpace(path.Base(strings.ReplaceAll(name, `\`, "/")))
	if name == "" || name == "." || name == "/" {
		return nil, risk.Invalid("file", "缺少文件名。", "the file has no name.")
	}
	if len([]rune(name)) > MaxFileName {
		return nil, risk.Invalid("file", fmt.Sprintf("文件名最长 %d 个字符。", MaxFileName), fmt.Sprintf("a file name is at most %d characters.", MaxFileName))
	}
	if len(data) == 0 {
		return nil, risk.Invalid("file", "文件为空。", "the file is empty.")
	}
	if len(data) > MaxAttachment {
		return nil, &risk.Error{Kind: risk.ErrTooLarge, Field: "file", Message: risk.Bilingual("附件不能超过 10 MiB。", "an attachment must not exceed 10 MiB.")}
	}
	ext := strings.ToLower(path.Ext(name))
	for _, t := range fileTypes {
		for _, e := range t.exts {
			if e != ext {
				continue
			}
			for _, m := range t.magic {
				if bytes.HasPrefix(data, m) {
					return &Attachment{Name: name, ContentType: t.ctype, Size: int64(len(data)), SHA256: signal.Digest(data), CreatedAt: now}, nil
				}
			}
			return nil, risk.Invalid("file", "文件 "+name+" 的内容与其扩展名不符。", "the content of "+name+" does not match its extension.")
		}
	}
	return nil, risk.Invalid("file", "不接受该类型的文件，只接受 "+AcceptedTypes+"。", "this type of file is refused; only PDF, JPEG, PNG, OFD, DOCX and XLSX are accepted.")
}
