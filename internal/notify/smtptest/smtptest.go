// Package smtptest is an SMTP sink for tests: a server on a loopback port
// that speaks enough of real ESMTP (RFC 5321: greeting, EHLO/HELO, MAIL,
// RCPT, DATA with dot-unstuffing, RSET, NOOP, QUIT) for net/smtp and any
// other client, and keeps what it receives.
package smtptest

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"io"
	"mime"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"
)

// Message is one received message.
type Message struct {
	From string
	To   []string
	Data []byte // as received, dot-unstuffed
}

// Parsed reads the message's headers and its base64 or plain body.
func (m Message) Parsed() (subject string, header mail.Header, body string, err error) {
	msg, err := mail.ReadMessage(bytes.NewReader(m.Data))
	if err != nil {
		return "", nil, "", err
	}
	b, err := io.ReadAll(msg.Body)
	if err != nil {
		return "", nil, "", err
	}
	if strings.EqualFold(msg.Header.Get("Content-Transfer-Encoding"), "base64") {
		b, err = base64.StdEncoding.DecodeString(strings.NewReplacer("\r", "", "\n", "").Replace(string(b)))
		if err != nil {
			return "", nil, "", err
		}
	}
	subject, err = new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	return subject, msg.Header, strings.ReplaceAll(string(b), "\r\n", "\n"), err
}

// Server is a running sink.
type Server struct {
	Addr string
	ln   net.Listener
	mu   sync.Mutex
	msgs []Message
	// RejectRcpt, when set, answers RCPT with this reply (e.g. "451 4.3.0
	// try later") instead of accepting.
	rejectRcpt string
}

// Start starts a sink closed at the end of the test.
func Start(t testing.TB) *Server {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{Addr: ln.Addr().String(), ln: ln}
	go s.serve()
	t.Cleanup(func() { ln.Close() })
	return s
}

// RejectRcpt makes the sink answer RCPT with reply from now on ("" to
// accept again).
func (s *Server) RejectRcpt(reply string) {
	s.mu.Lock()
	s.rejectRcpt = reply
	s.mu.Unlock()
}

// Messages returns what was received so far.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.msgs...)
}

func (s *Server) serve() {
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return
		}
		go s.session(c)
	}
}

func (s *Server) session(c net.Conn) {
	defer c.Close()
	r := bufio.NewReader(c)
	reply := func(line string) { io.WriteString(c, line+"\r\n") }
	reply("220 smtptest ESMTP ready")
	var cur Message
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		line = strings.TrimRight(line, "\r\n")
		verb, arg, _ := strings.Cut(line, " ")
		switch strings.ToUpper(verb) {
		case "EHLO":
			reply("250-smtptest greets " + arg)
			reply("250-8BITMIME")
			reply("250 SIZE 10485760")
		case "HELO":
			reply("250 smtptest")
		case "MAIL":
			cur = Message{From: addr(arg)}
			reply("250 2.1.0 OK")
		case "RCPT":
			s.mu.Lock()
			rej := s.rejectRcpt
			s.mu.Unlock()
			if rej != "" {
				reply(rej)
				continue
			}
			cur.To = append(cur.To, addr(arg))
			reply("250 2.1.5 OK")
		case "DATA":
			if len(cur.To) == 0 {
				reply("554 5.5.1 no valid recipients")
				continue
			}
			reply("354 end with <CRLF>.<CRLF>")
			var data bytes.Buffer
			for {
				l, err := r.ReadString('\n')
				if err != nil {
					return
				}
				if l == ".\r\n" || l == ".\n" {
					break
				}
				data.WriteString(strings.TrimPrefix(l, ".")) // dot-unstuffing
			}
			cur.Data = data.Bytes()
			s.mu.Lock()
			s.msgs = append(s.msgs, cur)
			s.mu.Unlock()
			cur = Message{}
			reply("250 2.0.0 queued")
		case "RSET":
			cur = Message{}
			reply("250 2.0.0 OK")
		case "NOOP":
			reply("250 2.0.0 OK")
		case "QUIT":
			reply("221 2.0.0 bye")
			return
		default:
			reply("502 5.5.2 command not recognised")
		}
	}
}

// addr takes the address out of "FROM:<a@b> SIZE=…".
func addr(arg string) string {
	if i := strings.Index(arg, "<"); i >= 0 {
		if j := strings.Index(arg[i:], ">"); j > 0 {
			return arg[i+1 : i+j]
		}
	}
	return arg
}
