package risk

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Error kinds. Test with errors.Is; the web layer maps each kind to one HTTP status.
var (
	ErrInvalid      = errors.New("invalid")      // 400
	ErrUnauthorized = errors.New("unauthorized") // 401
	ErrForbidden    = errors.New("forbidden")    // 403
	ErrNotFound     = errors.New("not found")    // 404
	ErrConflict     = errors.New("conflict")     // 409
	ErrTooLarge     = errors.New("too large")    // 413
	// ErrUnsupportedMedia: a body of a type the route does not take.
	ErrUnsupportedMedia = errors.New("unsupported media type") // 415
	ErrTooMany          = errors.New("too many")               // 429
	// ErrUnavailable: what is asked needs the database, which cannot be
	// reached (contingency mode).
	ErrUnavailable = errors.New("unavailable") // 503
)

// Error carries a message that is safe to show users (Message, Chinese first,
// then English) and, for validation errors, the name of the offending Field.
// Err is for logs only.
type Error struct {
	Kind    error
	Field   string
	Message string
	Err     error
	// Details lists further problems (for example one per rejected import row).
	Details []FieldError
}

// FieldError is one problem with one field, optionally on one row of an upload.
type FieldError struct {
	Row     int    `json:"row,omitempty"`
	Column  string `json:"column,omitempty"` // the column heading in an uploaded file
	Field   string `json:"field"`
	Message string `json:"message"`
}

func (e *Error) Error() string {
	var b strings.Builder
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	b.WriteString(e.Message)
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Unwrap lets errors.Is see both the kind and the cause.
func (e *Error) Unwrap() []error {
	if e.Err == nil {
		return []error{e.Kind}
	}
	return []error{e.Kind, e.Err}
}

// Errorf returns an *Error of the given kind with a user-safe message.
func Errorf(kind error, format string, args ...any) error {
	return &Error{Kind: kind, Message: fmt.Sprintf(format, args...)}
}

// Invalid returns an ErrInvalid error naming field, with a message given in
// Chinese and English: "字段无效。 / field is invalid."
func Invalid(field, zh, en string) error {
	return &Error{Kind: ErrInvalid, Field: field, Message: Bilingual(zh, en)}
}

// Bilingual joins a Chinese and an English message in the house style.
func Bilingual(zh, en string) string {
	if en == "" {
		return zh
	}
	return zh + " / " + en
}

// AsError returns the *Error in err's chain, if any.
func AsError(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// Validation collects field errors so that a form or API call reports every
// problem at once. The zero value is ready to use.
type Validation struct {
	Problems []FieldError
}

// Add records a problem with field, in Chinese and English.
func (v *Validation) Add(field, zh, en string) {
	v.Problems = append(v.Problems, FieldError{Field: field, Message: Bilingual(zh, en)})
}

// AddErr records err against field, using its user-safe message when it has one.
func (v *Validation) AddErr(field string, err error) {
	if err == nil {
		return
	}
	msg := "值无效 / invalid value"
	if e, ok := AsError(err); ok {
		msg = e.Message
	}
	v.Problems = append(v.Problems, FieldError{Field: field, Message: msg})
}

// Err returns nil when there are no problems, else an ErrInvalid *Error naming
// the first field and carrying all of them as Details.
func (v *Validation) Err() error {
	if len(v.Problems) == 0 {
		return nil
	}
	first := v.Problems[0]
	return &Error{Kind: ErrInvalid, Field: first.Field, Message: first.Message, Details: v.Problems}
}

// Text checks a one-line text field: required when asked, at most max
// characters, valid UTF-8, and free of control and invisible formatting
// characters (which can disguise text, such as U+202E). zh and en name the
// field in messages ("企业名称", "the Chinese name").
func (v *Validation) Text(field, val string, max int, required bool, zh, en string) {
	v.text(field, val, max, required, false, zh, en)
}

// Paragraph is Text for multi-line fields: line breaks and tabs are allowed.
func (v *Validation) Paragraph(field, val string, max int, required bool, zh, en string) {
	v.text(field, val, max, required, true, zh, en)
}

func (v *Validation) text(field, val string, max int, required, multiline bool, zh, en string) {
	if !utf8.ValidString(val) {
		v.Add(field, zh+"不是有效的 UTF-8 文本。", en+" is not valid UTF-8 text.")
		return
	}
	n := utf8.RuneCountInString(val)
	switch {
	case required && strings.TrimSpace(val) == "":
		v.Add(field, zh+"不能为空。", en+" is required.")
		return
	case n > max:
		v.Add(field, fmt.Sprintf("%s不能超过 %d 个字符。", zh, max), fmt.Sprintf("%s must not exceed %d characters.", en, max))
		return
	}
	for _, r := range val {
		if multiline && (r == '\n' || r == '\r' || r == '\t') {
			continue
		}
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			v.Add(field, fmt.Sprintf("%s含有不允许的控制字符 U+%04X。", zh, r), fmt.Sprintf("%s contains the disallowed control character U+%04X.", en, r))
			return
		}
	}
}

// Unreadable is the error of an uploaded file that cannot be read as a
// whole, naming the field "file": err itself when it is an *Error (a file
// over a limit is ErrTooLarge), else ErrInvalid wrapping err, whose text,
// when written as Bilingual writes ("第 3 行… / line 3…"), is shown once in
// each language.
func Unreadable(err error) error {
	if e, ok := AsError(err); ok {
		if e.Field == "" {
			e.Field = "file"
		}
		return err
	}
	zh, en, ok := strings.Cut(err.Error(), " / ")
	msg := Bilingual("文件无法读取："+zh, "the file cannot be read: "+en)
	if !ok {
		msg = Bilingual("文件无法读取。", "the file cannot be read: "+err.Error())
	}
	return &Error{Kind: ErrInvalid, Field: "file", Message: msg, Err: err}
}
