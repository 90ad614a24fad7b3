package notify

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/mail"
	"net/textproto"
	"time"

	gomail "github.com/wneessen/go-mail"

	"govaudit/internal/config"
	"govaudit/internal/store"
)

// SendOptions shape Send.
type SendOptions struct {
	// Attempts is how many times one Send tries (default 3); each attempt is
	// recorded in the digest (Attempts, LastError).
	Attempts int
	// Backoff is the wait after the first failed attempt, doubled after
	// each further one (default 30 s).
	Backoff time.Duration
	// Timeout bounds each SMTP command and the message's transfer
	// (default 60 s).
	Timeout time.Duration
	// TLS replaces the TLS configuration (nil: the system's roots, the
	// configured host as server name, TLS 1.2 or later): for a private CA.
	TLS *tls.Config
	// Logger receives the attempts (nil: slog.Default()). The password is
	// never logged.
	Logger *slog.Logger
	// Now is the clock for Sent (nil: time.Now).
	Now func() time.Time
}

// Send delivers the digest's stored message, byte for byte, to its
// recipients through the configured server, with retries and exponential
// backoff. Every attempt is recorded in the store (Attempts, LastError); on
// delivery Sent is set and stored. The outbox's copy of the digest, when
// there is one, is what is sent and updated (d is set to it): a digest
// already sent there is not sent again.
//
// Delivery is at least once: if the server accepted the message but the
// reply was lost, the next attempt sends it again.
func Send(ctx context.Context, st *store.Store, m *config.Mail, d *store.Digest, opts SendOptions) error {
	log := opts.Logger
	if log == nil {
		log = slog.Default()
	}
	log = log.With("digest", d.Key)
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	if m == nil {
		return errors.New("no mail configuration to send the digest with")
	}
	// The outbox is the record: a stale copy neither resends a delivered
	// digest nor loses the count of attempts.
	if stored, ok, err := st.Digest(d.Key); err != nil {
		return err
	} else if ok {
		*d = stored
	}
	if !d.Sent.IsZero() {
		log.Info("digest already sent", "sent", d.Sent)
		return nil
	}
	if len(d.Message) == 0 {
		return fmt.Errorf("digest %s has no message", d.Key)
	}
	attempts := opts.Attempts
	if attempts <= 0 {
		attempts = 3
	}
	wait := opts.Backoff
	if wait <= 0 {
		wait = 30 * time.Second
	}
	password, err := m.Password()
	if err != nil {
		return fmt.Errorf("send digest %s: %w", d.Key, err)
	}
	for i := 1; i <= attempts; i++ {
		if i > 1 {
			select {
			case <-ctx.Done():
				return fmt.Errorf("send digest %s: %w (last error: %v)", d.Key, ctx.Err(), err)
			case <-time.After(wait):
			}
			wait *= 2
		}
		err = deliver(ctx, m, password, d, opts, log)
		d.Attempts++
		if err == nil {
			d.Sent, d.LastError = now(), ""
			if perr := st.PutDigest(*d); perr != nil {
				// Delivered, but the outbox does not know: the next
				// attempt would send it again.
				log.Error("digest delivered but not recorded as sent", "err", perr)
				return fmt.Errorf("digest %s delivered, but recording it failed: %w", d.Key, perr)
			}
			log.Info("digest sent", "attempt", d.Attempts, "recipients", len(d.Recipients), "bytes", len(d.Message))
			return nil
		}
		d.LastError = err.Error()
		if perr := st.PutDigest(*d); perr != nil {
			log.Error("recording a failed attempt", "err", perr)
		}
		permanent := isPermanent(err)
		log.Warn("digest not sent", "attempt", d.Attempts, "err", err, "permanent", permanent)
		if permanent || ctx.Err() != nil {
			break
		}
	}
	return fmt.Errorf("send digest %s: %w", d.Key, err)
}

// isPermanent says whether the server refused for good (a 5xx reply):
// trying again at once would only be refused again.
func isPermanent(err error) bool {
	var te *textproto.Error
	return errors.As(err, &te) && te.Code >= 500
}

// deliver makes one attempt: connect (implicit TLS, STARTTLS or plain as
// configured), authenticate when a username is set (with password), and
// send the stored bytes as they are.
func deliver(ctx context.Context, m *config.Mail, password string, d *store.Digest, opts SendOptions, log *slog.Logger) error {
	from, err := mail.ParseAddress(m.From)
	if err != nil {
		return fmt.Errorf("from %q: %w", m.From, err)
	}
	var rcpts []string
	for _, r := range d.Recipients {
		a, err := mail.ParseAddress(r)
		if err != nil {
			return fmt.Errorf("recipient %q: %w", r, err)
		}
		rcpts = append(rcpts, envelope(a))
	}
	timeout := opts.Timeout
	if timeout <= 0 {
		timeout = time.Minute
	}
	tc := &tls.Config{ServerName: m.Host, MinVersion: tls.VersionTLS12}
	if opts.TLS != nil {
		tc = opts.TLS.Clone()
		if tc.ServerName == "" {
			tc.ServerName = m.Host
		}
	}
	// We dial, so that cancelling ctx closes the connection and ends a
	// command the server never answers (the client holds its lock while
	// it waits, so nothing else could).
	conns := make(chan net.Conn, 1)
	var dial func(ctx context.Context, network, addr string) (net.Conn, error)
	nd := &net.Dialer{}
	copts := []gomail.Option{gomail.WithPort(m.Port), gomail.WithTimeout(timeout), gomail.WithTLSConfig(tc)}
	switch m.TLS {
	case "implicit", "":
		td := &tls.Dialer{NetDialer: nd, Config: tc}
		dial = td.DialContext
		copts = append(copts, gomail.WithSSL())
	case "starttls":
		dial = nd.DialContext
		copts = append(copts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	case "none":
		dial = nd.DialContext
		copts = append(copts, gomail.WithTLSPolicy(gomail.NoTLS))
	default:
		return fmt.Errorf("mail tls %q: want implicit, starttls or none", m.TLS)
	}
	copts = append(copts, gomail.WithDialContextFunc(func(ctx context.Context, network, addr string) (net.Conn, error) {
		c, err := dial(ctx, network, addr)
		if err == nil {
			select {
			case conns <- c:
			default:
			}
		}
		return c, err
	}))
	if m.Username != "" {
		// PLAIN or LOGIN, whichever the server offers. Without TLS
		// (tls: none, the operator's choice) they go in the clear.
		mechs := []gomail.SMTPAuthType{gomail.SMTPAuthPlain, gomail.SMTPAuthLogin}
		if m.TLS == "none" {
			log.Warn("authenticating without TLS: the password crosses the network unencrypted", "host", m.Host)
			mechs = []gomail.SMTPAuthType{gomail.SMTPAuthPlainNoEnc, gomail.SMTPAuthLoginNoEnc}
		}
		copts = append(copts, gomail.WithUsername(m.Username), gomail.WithPassword(password), gomail.WithOpportunisticSMTPAuth(mechs...))
	}
	client, err := gomail.NewClient(m.Host, copts...)
	if err != nil {
		return err
	}
	done := make(chan struct{})
	defer close(done)
	go func() {
		select {
		case c := <-conns:
			select {
			case <-ctx.Done():
				c.Close()
			case <-done:
			}
		case <-done:
		}
	}()
	sc, err := client.DialToSMTPClientWithContext(ctx)
	if err != nil {
		return fmt.Errorf("connect to %s:%d: %w", m.Host, m.Port, err)
	}
	defer sc.Close()
	if err := sc.UpdateDeadline(timeout); err != nil {
		return err
	}
	if err := sc.Mail(envelope(from)); err != nil {
		return fmt.Errorf("MAIL FROM: %w", err)
	}
	for _, r := range rcpts {
		if err := sc.Rcpt(r); err != nil {
			return fmt.Errorf("RCPT TO %s: %w", r, err)
		}
	}
	w, err := sc.Data()
	if err != nil {
		return fmt.Errorf("DATA: %w", err)
	}
	if _, err := w.Write(d.Message); err != nil {
		w.Close()
		return fmt.Errorf("DATA: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("DATA: %w", err)
	}
	// Accepted: a failing QUIT no longer matters.
	if err := sc.Quit(); err != nil {
		log.Debug("QUIT after delivery", "err", err)
	}
	return nil
}

// envelope is an address as MAIL FROM and RCPT TO take it: <addr>.
func envelope(a *mail.Address) string {
	return (&mail.Address{Address: a.Address}).String()
}
