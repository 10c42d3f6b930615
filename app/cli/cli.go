// Package cli is utec-tray's command line: sign in and out, list devices,
// and lock, unlock, switch or dim one, waiting for the device to confirm.
// It shares its core (session, home) with the tray and never starts the
// graphical toolkit, so it works over SSH and in scripts.
package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/utec-tray/utec-tray/app/codes"
	"github.com/utec-tray/utec-tray/app/history"
	"github.com/utec-tray/utec-tray/app/i18n"
	"golang.org/x/term"

	"github.com/utec-tray/utec-tray/app/session/signin"

	"github.com/utec-tray/utec-tray/app/config"
	"github.com/utec-tray/utec-tray/app/devices"
	"github.com/utec-tray/utec-tray/app/owncmd"
	"github.com/utec-tray/utec-tray/app/platform/opener"
	"github.com/utec-tray/utec-tray/app/session"
	"github.com/utec-tray/utec-tray/app/session/login"
	"github.com/utec-tray/utec-tray/app/session/tokenstore"
	"github.com/utec-tray/utec-tray/utec"
)

// Exit codes.
const (
	ExitOK         = 0
	ExitFailed     = 1
	ExitUsage      = 2
	ExitSignInNeed = 3
)

// Env is what a run of the command line reads and writes.
type Env struct {
	Stdout, Stderr io.Writer
	// Stdin is where login reads the client secret when none is stored:
	// a prompt without echo when it is a terminal, its first line when it
	// is not. nil reads nothing.
	Stdin  io.Reader
	Getenv func(string) string
	// Secrets is the secret store; nil opens the OS keyring.
	Secrets session.Secrets
	// OpenURL opens the system browser; nil uses the platform's opener.
	OpenURL func(string) error
	// Confirm tunes the wait for a device's confirmation; zero uses the
	// utec defaults.
	Confirm utec.ConfirmOptions
	// Version is the app's version; the cloud sees it in the user agent,
	// as it does the tray's.
	Version string
}

// IsCommand reports whether name is a sub-command, as opposed to the tray
// app's own flags.
func IsCommand(name string) bool {
	switch name {
	case "login", "logout", "devices", "lock", "unlock", "on", "off", "brightness", "history", "codes", "code",
		"panel", "help", "-h", "-help", "--help":
		return true
	}
	return false
}

// Usage is the help text in the person's language; the commands and flags
// keep their English names, which are what a person types.
func Usage() string { return i18n.T("cli.usage", usageEnglish) }

// usageEnglish is the help text in English (cli.usage in the translations).
const usageEnglish = `utec-tray: your U-Tec locks and lights in the system tray.

Usage:
  utec-tray [--demo]                         start the tray app (--demo: built-in demo home)
  utec-tray login [--no-browser]             sign in through the browser
  utec-tray logout [--forget-client]         sign out: remove the sign-in from the keyring, keep the
                                             API client (--forget-client: remove its secret and ID too)
  utec-tray devices [--json]                 list devices and their states
  utec-tray lock NAME-OR-ID                  lock, and wait until the lock confirms
  utec-tray lock --all                       lock every lock that is not locked, one by one
  utec-tray unlock NAME-OR-ID                unlock, and wait until the lock confirms
  utec-tray on NAME-OR-ID                    switch a light, switch or plug on
  utec-tray off NAME-OR-ID                   switch it off
  utec-tray brightness NAME-OR-ID PERCENT    dim a light (0-100)
  utec-tray history [--json] [--limit N]     recent activity: who locked or unlocked what, newest first
  utec-tray codes LOCK [--json]              the lock's guest codes (names, kinds, whether on the lock)
  utec-tray code add LOCK --name NAME [--code DIGITS] [--from DATE --to DATE]
                 [--days mon,thu] [--hours 09:00-12:00] [--uses N] [--json]
                                             give a code (6 random digits unless --code, 4-8
                                             digits); printed once, never kept; with --from and
                                             --to it works only then
  utec-tray code delete LOCK NAME-OR-ID      take a code back
  utec-tray panel                            open the running tray's quick panel
  utec-tray help                             this text

Flags of every sub-command (they override the settings for one run):
  --client-id ID        the client ID from the U-home app (My Account > OpenAPI)
  --redirect-port N     loopback port of the sign-in redirect (default 9501)
  --oauth-url URL       base of /authorize and /token (default https://oauth.u-tec.com)
  --api-url URL         base of /action (default https://api.u-tec.com)
  --timeout D           how long to wait for a device to confirm (default 60s);
                        for devices, how long the listing may take, retries included

Environment:
  UTEC_CLIENT_ID, UTEC_CLIENT_SECRET, UTEC_OAUTH_URL, UTEC_API_URL, UTEC_REDIRECT_PORT
  override the settings the same way. UTEC_TRAY_CONFIG_DIR moves the settings folder.
  login keeps the client secret in the OS keyring, so later commands and the tray need
  no environment: it takes UTEC_CLIENT_SECRET, else the one stored, else asks for it
  (or reads it from standard input when that is not a terminal).
  For the tray, one run: UTEC_REMIND_AFTER=5s reminds about unlocked locks after that
  long; UTEC_LOCK_ON_SLEEP=1 and UTEC_LOCK_ON_SCREEN_LOCK=1 lock every lock when this
  computer sleeps or locks its screen. UTEC_POLL_HERE=10s, UTEC_POLL_AWAY=1m and
  UTEC_AWAY_AFTER=5m (Go durations) set how often the tray checks while you are at the
  computer and while away, and after how long without input you count as away.

Names match without regard to case. Exit codes: 0 done, 1 failed, 2 bad usage,
3 sign-in needed.
`

type runner struct {
	env Env
	// dir is the settings folder, where the refresh lock lives too.
	dir      string
	settings config.Settings
	// file is the settings file as loaded, without the environment.
	file    config.Settings
	sess    *session.Session
	timeout time.Duration
}

// Run runs one command line (without the program name) and returns the
// exit code.
func Run(ctx context.Context, args []string, env Env) int {
	if env.Getenv == nil {
		env.Getenv = os.Getenv
	}
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "-help" || args[0] == "--help" {
		fmt.Fprint(env.Stdout, Usage())
		return ExitOK
	}
	r := &runner{env: env}
	cmd := args[0]
	f, pos, err := parseFlags(cmd, args[1:])
	if err != nil {
		return r.usage("%s", flagError(err))
	}
	r.timeout = f.timeout
	if code := r.configure(&f); code != ExitOK {
		return code
	}
	r.sess = r.newSession()
	return r.dispatch(ctx, cmd, pos, &f)
}

// cmdFlags are the flags of one command line.
type cmdFlags struct {
	clientID, oauthURL, apiURL string
	port                       int
	timeout                    time.Duration
	noBrowser, asJSON          bool
	forgetClient               bool
	all                        bool
	limit                      int
	code                       codeFlags
}

// parseFlags reads the flags, which may come before or after the
// positional arguments.
func parseFlags(cmd string, rest []string) (cmdFlags, []string, error) {
	var f cmdFlags
	fs := flag.NewFlagSet("utec-tray "+cmd, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&f.clientID, "client-id", "", "")
	fs.IntVar(&f.port, "redirect-port", -1, "")
	fs.StringVar(&f.oauthURL, "oauth-url", "", "")
	fs.StringVar(&f.apiURL, "api-url", "", "")
	fs.DurationVar(&f.timeout, "timeout", 0, "")
	fs.BoolVar(&f.noBrowser, "no-browser", false, "")
	fs.BoolVar(&f.asJSON, "json", false, "")
	fs.IntVar(&f.limit, "limit", 20, "")
	fs.BoolVar(&f.forgetClient, "forget-client", false, "")
	fs.BoolVar(&f.all, "all", false, "")
	f.code.register(fs)
	flags, pos := splitFlags(rest, map[string]bool{"no-browser": true, "json": true, "forget-client": true, "all": true})
	if err := fs.Parse(flags); err != nil {
		return f, nil, err
	}
	return f, append(pos, fs.Args()...), nil
}

// configure loads the settings and lays the flags over them.
func (r *runner) configure(f *cmdFlags) int {
	if err := r.loadSettings(); err != nil {
		return r.fail(err)
	}
	if f.clientID != "" {
		r.settings.ClientID = f.clientID
	}
	if f.port >= 0 {
		r.settings.RedirectPort = f.port
	}
	for _, u := range []struct {
		flag string
		val  string
		set  *string
	}{{"--oauth-url", f.oauthURL, &r.settings.OAuthURL}, {"--api-url", f.apiURL, &r.settings.APIURL}} {
		if u.val == "" {
			continue
		}
		if err := config.ValidateServiceURL(u.val); err != nil {
			return r.usage("%s: %v", u.flag, err)
		}
		*u.set = u.val
	}
	return ExitOK
}

// newSession is the run's session: the keyring (or the caller's
// secrets), warnings on stderr, and retries of passing cloud failures.
func (r *runner) newSession() *session.Session {
	secrets := r.env.Secrets
	if secrets == nil {
		secrets = tokenstore.New(tokenstore.Options{})
	}
	return &session.Session{Service: r.settings.Service, Secrets: secrets, Getenv: r.env.Getenv,
		UserAgent: session.AppUserAgent(r.env.Version),
		Logger:    slog.New(slog.NewTextHandler(r.env.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})),
		LockDir:   r.dir,
		// A command line run has no back-off of its own: a passing cloud
		// failure is retried within the run's time.
		ClientOptions: []utec.Option{utec.WithRetry(utec.DefaultRetryPolicy())},
	}
}

// dispatch runs the command.
func (r *runner) dispatch(ctx context.Context, cmd string, pos []string, f *cmdFlags) int {
	switch cmd {
	case "history":
		// The history is a file in the settings folder: no sign-in, no
		// network.
		return r.need(pos, 0, func() int { return r.history(f.asJSON, f.limit) })
	case "login":
		return r.need(pos, 0, func() int { return r.login(ctx, f.noBrowser) })
	case "logout":
		return r.need(pos, 0, func() int { return r.logout(ctx, f.forgetClient) })
	case "devices":
		return r.need(pos, 0, func() int { return r.devices(ctx, f.asJSON) })
	case "panel":
		// The tray's own window: no sign-in, no network.
		return r.need(pos, 0, r.openPanel)
	case "lock", "unlock", "on", "off":
		if f.all {
			if cmd != "lock" {
				return r.usage("%s", i18n.T("cli.allLockOnly", "--all goes with lock only"))
			}
			return r.need(pos, 0, func() int { return r.lockAll(ctx) })
		}
		return r.need(pos, 1, func() int { return r.act(ctx, pos[0], devices.Action{Verb: devices.Verb(cmd)}) })
	case "brightness":
		return r.need(pos, 2, func() int {
			pct, err := strconv.Atoi(strings.TrimSuffix(pos[1], "%"))
			if err != nil || pct < 0 || pct > 100 {
				return r.usage("%s", i18n.T("cli.badPercent", "brightness: {{.Value}} is not a percentage from 0 to 100",
					map[string]any{"Value": strconv.Quote(pos[1])}))
			}
			return r.act(ctx, pos[0], devices.Action{Verb: devices.Brightness, Percent: pct})
		})
	case "codes":
		return r.need(pos, 1, func() int { return r.listCodes(ctx, pos[0], f.asJSON) })
	case "code":
		return r.codeCommand(ctx, pos, f)
	}
	return r.usage("%s", i18n.T("cli.unknownCommand", "unknown command {{.Command}}", map[string]any{"Command": strconv.Quote(cmd)}))
}

func (r *runner) need(pos []string, n int, run func() int) int {
	if len(pos) != n {
		return r.usage("%s", i18n.Plural("cli.argumentCount", "expected {{.Count}} arguments, got {{.Got}}", n,
			map[string]any{"Count": n, "Got": len(pos)}))
	}
	return run()
}

func (r *runner) usage(format string, a ...any) int {
	fmt.Fprintf(r.env.Stderr, "utec-tray: %s\n%s\n", fmt.Sprintf(format, a...), i18n.T("cli.seeHelp", "Run 'utec-tray help' for usage."))
	return ExitUsage
}

// fail prints err for a person and picks the exit code.
func (r *runner) fail(err error) int {
	if state := signin.Of(err); state.Needed() || errors.Is(err, utec.ErrUnauthorized) {
		// The errors' own words ("utec: signed out: utec: sign-in
		// required") say nothing more than these, in the person's language.
		what := i18n.T("cli.signInNoLongerAccepted", "U-Tec no longer accepts the sign-in.")
		worded, isWorded := err.(*messageError)
		switch {
		case isWorded:
			what = worded.msg // said for the person already (loginError)
		case errors.Is(err, session.ErrAPIChanged):
			what = i18n.T("cli.apiChanged", "the API address changed since you signed in: sign in again")
		case state == signin.SignedOut:
			what = i18n.T("cli.notSignedIn", "not signed in.")
		}
		fmt.Fprintf(r.env.Stderr, "utec-tray: %s\n%s\n", what, i18n.T("cli.signInHint", "Sign in with 'utec-tray login'."))
		return ExitSignInNeed
	}
	fmt.Fprintf(r.env.Stderr, "utec-tray: %v\n", err)
	if hint := hintFor(err); hint != "" {
		fmt.Fprintln(r.env.Stderr, hint)
	}
	return ExitFailed
}

// hintFor says what to do next for errors whose message alone does not.
func hintFor(err error) string {
	var he *utec.HTTPError
	switch {
	case errors.As(err, &he) && he.Temporary():
		return i18n.T("cli.hintTemporary", "The U-Tec cloud is having trouble; try again in a minute.")
	case errors.Is(err, context.DeadlineExceeded):
		return i18n.T("cli.hintTimeout", "The U-Tec cloud did not answer in time; check the network and try again.")
	}
	return ""
}

func (r *runner) loadSettings() error {
	loaded, err := config.LoadEffective(r.env.Getenv)
	r.settings, r.file, r.dir = loaded.Effective, loaded.File, loaded.Dir
	var damaged *config.DamagedError
	if errors.As(err, &damaged) {
		// Kept aside, said once; the command goes on with the defaults.
		fmt.Fprintln(r.env.Stderr, "utec-tray: "+i18n.T("cli.settingsDamaged",
			"the settings could not be read ({{.Reason}}); the file was kept as {{.KeptAs}} and the defaults are used: fix it and move it back, or set the app up again",
			map[string]any{"Reason": damaged.Err, "KeptAs": damaged.KeptAs}))
		return nil
	}
	return err
}

func (r *runner) login(ctx context.Context, noBrowser bool) int {
	if r.sess.Service.ClientID == "" {
		return r.usage("%s", i18n.T("cli.noClientID", "no client ID: pass --client-id or set {{.Variable}} (from the U-home app: My Account > OpenAPI)",
			map[string]any{"Variable": config.EnvClientID}))
	}
	secret := strings.TrimSpace(r.env.Getenv(config.EnvClientSecret))
	if secret == "" {
		if _, err := r.sess.ClientSecret(); errors.Is(err, utec.ErrSignedOut) {
			// None stored: ask for it (SignIn keeps it once the sign-in worked).
			if secret, err = r.readSecret(); err != nil {
				return r.usage("%v", err)
			}
		} else if err != nil {
			return r.fail(err)
		}
	}
	open := r.env.OpenURL
	if open == nil {
		open = opener.Open
	}
	opts := session.SignInOptions{
		ClientSecret: secret,
		Ready: func(authURL, redirectURI string) {
			fmt.Fprintln(r.env.Stderr, i18n.T("cli.waitingForSignIn", "Waiting for the sign-in at {{.Address}} (Ctrl+C to cancel).", map[string]any{"Address": redirectURI}))
			if noBrowser {
				fmt.Fprintln(r.env.Stderr, i18n.T("cli.openAddress", "Open this address in a browser on this computer:"))
				fmt.Fprintln(r.env.Stdout, authURL)
			}
		},
	}
	if !noBrowser {
		opts.OpenURL = func(u string) error {
			if err := open(u); err != nil {
				fmt.Fprintln(r.env.Stderr, i18n.T("cli.noBrowser", "Could not open a browser ({{.Error}}). Open this address yourself:", map[string]any{"Error": err}))
				fmt.Fprintln(r.env.Stdout, u)
			}
			return nil
		}
	}
	user, err := r.sess.SignIn(ctx, opts)
	if err != nil {
		return r.fail(loginError(err, r.sess.Service))
	}
	r.keepClientID()
	fmt.Fprintln(r.env.Stdout, i18n.T("cli.signedIn", "Signed in as {{.Name}}.", map[string]any{"Name": user.DisplayName()}))
	return ExitOK
}

// ErrNoSecret is matched by login's error when it has no client secret to
// use.
var ErrNoSecret = errors.New("no client secret")

// noSecret is login's error without a client secret, saying where to get
// one.
func noSecret() error {
	return &messageError{err: ErrNoSecret, msg: i18n.T("cli.noSecret",
		"no client secret: type it when asked, pipe it in (echo SECRET | utec-tray login), or set {{.Variable}} (from the U-home app: My Account > OpenAPI)",
		map[string]any{"Variable": config.EnvClientSecret})}
}

// messageError is an error with a message for a person, in their
// language, that still matches err with errors.Is and errors.As.
type messageError struct {
	err error
	msg string
}

func (e *messageError) Error() string { return e.msg }
func (e *messageError) Unwrap() error { return e.err }

// readSecret asks for the client secret: without echo at a terminal, else
// the first line of standard input.
func (r *runner) readSecret() (string, error) {
	if r.env.Stdin == nil {
		return "", noSecret()
	}
	var secret string
	if f, ok := r.env.Stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(r.env.Stderr, i18n.T("cli.secretPrompt", "Client secret (from the U-home app: My Account > OpenAPI; not shown as you type):")+" ")
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(r.env.Stderr)
		if err != nil {
			return "", wrapT(err, i18n.T("cli.readSecret", "read the client secret"))
		}
		secret = string(b)
	} else {
		line, err := bufio.NewReader(io.LimitReader(r.env.Stdin, tokenstore.MaxItemBytes+2)).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return "", wrapT(err, i18n.T("cli.readSecretStdin", "read the client secret from standard input"))
		}
		secret = line
	}
	secret = strings.TrimSpace(secret)
	if secret == "" {
		return "", noSecret()
	}
	return secret, nil
}

// keepClientID saves the client ID the sign-in used in the settings file,
// so that later commands and the tray find it without --client-id or the
// environment. Failing to save is said, not fatal: the sign-in worked.
func (r *runner) keepClientID() {
	if r.file.ClientID == r.settings.ClientID || r.dir == "" {
		return
	}
	file := r.file
	file.ClientID = r.settings.ClientID
	if err := config.Save(r.dir, file); err != nil {
		fmt.Fprintln(r.env.Stderr, "utec-tray: "+i18n.T("cli.clientIDNotSaved", "the client ID was not saved in the settings ({{.Error}}); pass --client-id next time.",
			map[string]any{"Error": err}))
	}
}

// loginError says a login failure the way the tray's sign-in does, with
// what to do (devices.DescribeSignInError), in the person's language; how
// to try again is fail's hint. A port in use says so itself.
func loginError(err error, s config.Service) error {
	var pe *login.PortInUseError
	if errors.As(err, &pe) {
		return err
	}
	msg := devices.DescribeSignInError(err, login.RedirectURI(s.RedirectPort, ""), "")
	return &messageError{err: err, msg: strings.TrimSpace(msg)}
}

func (r *runner) logout(ctx context.Context, forgetClient bool) int {
	if !forgetClient {
		if err := r.sess.SignOut(ctx); err != nil {
			return r.fail(err)
		}
		fmt.Fprintln(r.env.Stdout, i18n.T("cli.signedOut", "Signed out. The API client (client ID and secret) is kept: 'utec-tray login' signs in again."))
		return ExitOK
	}
	if err := r.sess.ForgetClient(ctx); err != nil {
		return r.fail(err)
	}
	if r.file.ClientID != "" {
		file := r.file
		file.ClientID = ""
		if err := config.Save(r.dir, file); err != nil {
			return r.fail(wrapT(err, i18n.T("cli.clientIDStays", "signed out and the client secret removed, but the client ID stays in the settings")))
		}
	}
	fmt.Fprintln(r.env.Stdout, i18n.T("cli.clientForgotten", "Signed out, and the API client forgotten. To sign in again, copy the client ID and secret from the U-home app (My Account > OpenAPI)."))
	return ExitOK
}

// deviceJSON is one device of 'devices --json'.
type deviceJSON struct {
	ID         string         `json:"id"`
	Name       string         `json:"name"`
	Kind       utec.Kind      `json:"kind"`
	Online     bool           `json:"online"`
	Lock       utec.LockState `json:"lock,omitempty"`
	Door       utec.DoorState `json:"door,omitempty"`
	Passage    bool           `json:"passage,omitempty"`
	Battery    *int           `json:"battery,omitempty"`
	On         *bool          `json:"on,omitempty"`
	Brightness *int           `json:"brightness,omitempty"`
	Error      string         `json:"error,omitempty"`
}

// discover returns the signed-in client and the account's devices.
func (r *runner) discover(ctx context.Context) (*utec.Client, []utec.Device, error) {
	client, err := r.sess.Client()
	if err != nil {
		return nil, nil, err
	}
	devices, err := client.Devices(ctx)
	return client, devices, err
}

func (r *runner) devices(ctx context.Context, asJSON bool) int {
	if r.timeout > 0 {
		// --timeout bounds the whole listing, retries included.
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, r.timeout)
		defer cancel()
	}
	client, listed, err := r.discover(ctx)
	if err != nil {
		return r.fail(err)
	}
	statuses, err := client.Query(ctx, listed)
	if err != nil {
		return r.fail(err)
	}
	rows := deviceRows(listed, statuses)
	if asJSON {
		enc := json.NewEncoder(r.env.Stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rows); err != nil {
			return r.fail(err)
		}
		return ExitOK
	}
	if err := printDevices(r.env.Stdout, rows, listed, statuses); err != nil {
		return r.fail(err)
	}
	return ExitOK
}

// deviceRows is the devices listing, one row per device, as --json
// prints it.
func deviceRows(listed []utec.Device, statuses []utec.Status) []deviceJSON {
	rows := make([]deviceJSON, len(listed))
	for i := range listed {
		d, st := &listed[i], &statuses[i]
		row := deviceJSON{ID: d.ID, Name: d.Name, Kind: d.Kind(), Online: st.IsOnline()}
		if st.Err != nil {
			row.Error = st.Err.Error()
		}
		switch row.Kind {
		case utec.KindLock:
			row.Lock, row.Door, row.Passage, row.Battery = st.Lock, st.Door, st.Passage(), st.Battery
		default:
			row.On = st.On
			if d.Dimmable() {
				row.Brightness = st.Brightness
			}
			row.Battery = st.Battery
		}
		rows[i] = row
	}
	return rows
}

// printDevices writes the devices listing as a table for a person.
func printDevices(w io.Writer, rows []deviceJSON, listed []utec.Device, statuses []utec.Status) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, i18n.T("cli.devicesHeader", "NAME\tKIND\tSTATE\tBATTERY\tONLINE\tID"))
	for i, row := range rows {
		state := devices.Describe(&listed[i], &statuses[i])
		if row.Error != "" {
			state = i18n.T("cli.deviceError", "error: {{.Code}}", map[string]any{"Code": statuses[i].Err.Code})
		}
		battery := "-"
		if row.Battery != nil {
			battery = i18n.T("cli.percent", "{{.Percent}}%", map[string]any{"Percent": *row.Battery})
		}
		online := i18n.T("cli.offline", "offline")
		if row.Online {
			online = i18n.T("cli.online", "online")
		}
		// The id is shown cleaned; --json keeps it as sent (escaped), for scripts.
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", row.Name, devices.KindWord(row.Kind), state, battery, online, utec.CleanID(row.ID))
	}
	return tw.Flush()
}

func (r *runner) act(ctx context.Context, nameOrID string, a devices.Action) int {
	client, shown, err := r.discover(ctx)
	if err != nil {
		return r.fail(err)
	}
	d, err := devices.Find(shown, nameOrID)
	if err != nil {
		return r.fail(err)
	}
	if err := a.Fits(&d); err != nil {
		return r.usage("%v", err)
	}
	return r.perform(ctx, client, d, a)
}

// perform sends a to d and waits for the device to confirm, telling a
// running tray before and after.
func (r *runner) perform(ctx context.Context, client *utec.Client, d utec.Device, a devices.Action) int {
	if a.Verb == devices.Lock || a.Verb == devices.Unlock {
		// A lock in passage mode accepts the command and ignores it: say so
		// now rather than after a minute of waiting.
		if st, err := client.QueryOne(ctx, d); err == nil && st.Passage() {
			return r.fail(errors.New(i18n.T("cli.inPassage",
				"{{.Name}} is held open in Passage mode, which ignores lock and unlock: leave Passage mode first (the tray's \"Leave Passage and lock…\" does both)",
				map[string]any{"Name": quote(d.Name)})))
		}
	}
	opts := r.env.Confirm
	if r.timeout > 0 {
		opts.Timeout = r.timeout
	}
	fmt.Fprintf(r.env.Stderr, "%s: %s\n", quote(d.Name), a.Pending())
	// A running tray hears of the command before it is sent, so that a
	// poll that sees the change first does not take it for someone else's.
	r.tellTray(owncmd.Sent(d.ID, a))
	out, err := client.Execute(ctx, d, a.Command(), opts)
	if err != nil {
		if errors.Is(err, utec.ErrDeviceOffline) {
			return r.fail(&messageError{err: err, msg: i18n.T("cli.offlineDevice", "{{.Name}} is offline and cannot take commands", map[string]any{"Name": quote(d.Name)})})
		}
		return r.fail(err)
	}
	quoted := d
	quoted.Name = quote(d.Name)
	msg := devices.Result(&quoted, a, out)
	if !out.Reached {
		if out.LastErr != nil && (signin.Of(out.LastErr).Needed() || errors.Is(out.LastErr, utec.ErrUnauthorized)) {
			return r.fail(out.LastErr)
		}
		fmt.Fprintln(r.env.Stderr, "utec-tray: "+msg)
		return ExitFailed
	}
	if a.Verb == devices.Lock || a.Verb == devices.Unlock {
		// The command line's own doing is history too; a failure to write
		// it does not fail the command, which is done.
		e := history.Event{Time: time.Now(), ID: d.ID, Name: d.Name, Event: string(out.Status.Lock), By: history.ByThisComputer}
		if err := (history.Store{Dir: r.dir}).Append(e); err != nil {
			fmt.Fprintf(r.env.Stderr, "utec-tray: %v\n", err)
		}
	}
	if out.Status.DeviceID == d.ID && out.Status.Err == nil {
		r.tellTray(owncmd.Confirmed(d.ID, a, time.Now(), out.Status))
	}
	fmt.Fprintln(r.env.Stdout, msg)
	return ExitOK
}

// tellTrayTimeout bounds telling the tray: it is on this computer and
// answers in milliseconds, and a command must not wait on it.
const tellTrayTimeout = 500 * time.Millisecond

// tellTray tells the tray running for the same settings, if any, what
// this command line does (package owncmd). It never fails the command:
// most of the time no tray runs.
func (r *runner) tellTray(m owncmd.Message) {
	if err := owncmd.Tell(r.dir, r.env.Getenv, m, tellTrayTimeout); err != nil {
		r.sess.Logger.Debug("no tray told of the command", "err", err)
	}
}

// history prints the recent activity, newest first.
func (r *runner) history(asJSON bool, limit int) int {
	if limit < 0 {
		return r.usage("%s", i18n.T("cli.badLimit", "--limit {{.Limit}}: give a number of events, 0 or more", map[string]any{"Limit": limit}))
	}
	events, err := history.Store{Dir: r.dir}.Load()
	if err != nil {
		return r.fail(err)
	}
	recent := history.Recent(events, limit)
	if asJSON {
		enc := json.NewEncoder(r.env.Stdout)
		enc.SetIndent("", "  ")
		if recent == nil {
			recent = []history.Event{}
		}
		if err := enc.Encode(recent); err != nil {
			return r.fail(err)
		}
		return ExitOK
	}
	if len(recent) == 0 {
		fmt.Fprintln(r.env.Stderr, i18n.T("cli.noActivity", "No activity recorded yet."))
		return ExitOK
	}
	tw := tabwriter.NewWriter(r.env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, i18n.T("cli.historyHeader", "TIME\tDEVICE\tEVENT\tBY"))
	for _, e := range recent {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", e.Time.Local().Format("2006-01-02 15:04"), e.Name, eventWords(e.Event), byWords(e.By))
	}
	if err := tw.Flush(); err != nil {
		return r.fail(err)
	}
	return ExitOK
}

// quote marks a device name off in a message, so that a name like "is
// unlocked" cannot pass for the message's own words. Names are cleaned of
// control characters when decoded (utec.CleanName).
func quote(name string) string { return "“" + name + "”" }

// splitFlags separates flags from positional arguments, so that flags may
// come after them ("lock door --timeout 5s"). boolFlags take no value; any
// other flag without "=" takes the next argument. "--" ends the flags.
func splitFlags(args []string, boolFlags map[string]bool) (flags, pos []string) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			return flags, append(pos, args[i+1:]...)
		case len(a) > 1 && a[0] == '-':
			flags = append(flags, a)
			name := strings.TrimLeft(a, "-")
			if !strings.Contains(name, "=") && !boolFlags[name] && i+1 < len(args) {
				i++
				flags = append(flags, args[i])
			}
		default:
			pos = append(pos, a)
		}
	}
	return flags, pos
}

// wrapT wraps err behind what was being done, already in the person's
// language: "read the client secret: …".
func wrapT(err error, doing string) error {
	return &messageError{err: err, msg: doing + ": " + err.Error()}
}

// eventWords is a history event as the table says it, in the person's
// words: a lock's state, a code given or taken back; others as recorded.
func eventWords(event string) string {
	switch s := utec.LockState(event); s {
	case utec.LockLocked, utec.LockUnlocked, utec.LockJammed:
		return devices.LockWords(s)
	}
	if added, name, ok := codes.ParseEvent(event); ok {
		if added {
			return i18n.T("cli.event.codeGiven", "code given to {{.Name}}", map[string]any{"Name": name})
		}
		return i18n.T("cli.event.codeRemoved", "code of {{.Name}} removed", map[string]any{"Name": name})
	}
	return event
}

// byWords is who did it, as the history table says it.
func byWords(by string) string {
	switch by {
	case history.ByThisComputer:
		return i18n.T("cli.byThisComputer", "from this computer")
	case history.BySomeoneElse:
		return i18n.T("cli.bySomeoneElse", "someone else")
	}
	return by
}

// flagError says a mistake the flag package found in the person's
// language. The package's errors are plain English sentences, so they are
// recognised by their fixed beginnings; one not recognised is shown as it
// is.
func flagError(err error) string {
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: "); ok {
		return i18n.T("cli.flag.unknown", "there is no flag {{.Flag}}", map[string]any{"Flag": name})
	}
	if name, ok := strings.CutPrefix(msg, "flag needs an argument: "); ok {
		return i18n.T("cli.flag.needsValue", "{{.Flag}} needs a value", map[string]any{"Flag": name})
	}
	if rest, ok := strings.CutPrefix(msg, "invalid value "); ok {
		if value, flag, ok := strings.Cut(rest, " for flag "); ok {
			flag, _, _ = strings.Cut(flag, ":")
			return i18n.T("cli.flag.badValue", "{{.Value}} is not a value {{.Flag}} takes", map[string]any{"Value": value, "Flag": flag})
		}
	}
	return msg
}
