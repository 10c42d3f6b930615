//go:build e2e

package e2e

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
)

// tap stands between the binaries and the fake cloud and passes everything
// through, noting every secret that crosses it: the client secret, PKCE
// verifiers and authorization codes, and every access and refresh token
// issued or used. utectest records request bodies but neither the
// Authorization header nor its token answers, hence the tap.
type tap struct {
	srv *httptest.Server

	mu      sync.Mutex
	secrets map[string]string // value -> what it is
}

func newTap(t *testing.T, target string) *tap {
	t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	tp := &tap{secrets: map[string]string{}}
	proxy := httputil.NewSingleHostReverseProxy(u)
	proxy.ModifyResponse = func(resp *http.Response) error {
		if loc, err := resp.Location(); err == nil {
			q := loc.Query()
			tp.add("authorization code", q.Get("code"), q.Get("authorization_code"))
		}
		if resp.Request.URL.Path != "/token" {
			return nil
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		resp.Body = io.NopCloser(bytes.NewReader(body))
		if err != nil {
			return err
		}
		// Flat (RFC 6749) or wrapped in {"code":200,"data":{...}}.
		type tokens struct {
			AccessToken  string `json:"access_token"`
			RefreshToken string `json:"refresh_token"`
		}
		var answer struct {
			tokens
			Data *tokens `json:"data"`
		}
		if json.Unmarshal(body, &answer) == nil {
			tp.add("access token", answer.AccessToken)
			tp.add("refresh token", answer.RefreshToken)
			if answer.Data != nil {
				tp.add("access token", answer.Data.AccessToken)
				tp.add("refresh token", answer.Data.RefreshToken)
			}
		}
		return nil
	}
	tp.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " "); ok && strings.EqualFold(scheme, "Bearer") {
			tp.add("access token", strings.TrimSpace(token))
		}
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		switch r.URL.Path {
		case "/token":
			for _, q := range []url.Values{r.URL.Query(), parseForm(body)} {
				tp.add("authorization code", q.Get("code"))
				tp.add("refresh token", q.Get("refresh_token"))
				tp.add("PKCE verifier", q.Get("code_verifier"))
				tp.add("client secret", q.Get("client_secret"))
			}
		case "/action":
			var env struct {
				Authentication *struct {
					Token string `json:"token"`
				} `json:"authentication"`
			}
			if json.Unmarshal(body, &env) == nil && env.Authentication != nil {
				tp.add("access token", env.Authentication.Token)
			}
		}
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(tp.srv.Close)
	return tp
}

func parseForm(body []byte) url.Values {
	q, _ := url.ParseQuery(string(body))
	return q
}

// URL is where the binaries find the "cloud".
func (tp *tap) URL() string { return tp.srv.URL }

func (tp *tap) add(kind string, values ...string) {
	tp.mu.Lock()
	defer tp.mu.Unlock()
	for _, v := range values {
		if v != "" {
			tp.secrets[v] = kind
		}
	}
}

// Secrets returns every secret seen so far, mapped to what it is.
func (tp *tap) Secrets() map[string]string {
	tp.mu.Lock()
	defer tp.mu.Unlock()
	return maps.Clone(tp.secrets)
}

// count returns how many secrets of a kind were seen.
func count(secrets map[string]string, kind string) int {
	n := 0
	for _, k := range secrets {
		if k == kind {
			n++
		}
	}
	return n
}

// A finding is a secret found in a file.
type finding struct {
	path, kind, form string
}

func (f finding) String() string { return fmt.Sprintf("%s: %s (%s)", f.path, f.kind, f.form) }

// scan reads every regular file under roots and reports each secret found
// in it, as it is or base64-encoded. It returns the findings and how many
// files it read.
func scan(roots []string, secrets map[string]string) ([]finding, int, error) {
	type needle struct {
		b          []byte
		kind, form string
	}
	var needles []needle
	for v, kind := range secrets {
		needles = append(needles,
			needle{[]byte(v), kind, "verbatim"},
			needle{[]byte(strings.TrimRight(base64.StdEncoding.EncodeToString([]byte(v)), "=")), kind, "base64"},
			needle{[]byte(url.QueryEscape(v)), kind, "URL-escaped"})
	}
	var found []finding
	files := 0
	for _, root := range roots {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if errors.Is(err, fs.ErrNotExist) {
				return nil // gone meanwhile (a socket, a temporary file)
			}
			if err != nil {
				return err
			}
			if !d.Type().IsRegular() {
				return nil
			}
			data, err := os.ReadFile(path)
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			if err != nil {
				return err
			}
			files++
			seen := map[string]bool{}
			for _, n := range needles {
				if !seen[n.kind] && bytes.Contains(data, n.b) {
					seen[n.kind] = true
					found = append(found, finding{path, n.kind, n.form})
				}
			}
			return nil
		})
		if err != nil {
			return found, files, fmt.Errorf("scan %s: %w", root, err)
		}
	}
	slices.SortFunc(found, func(a, b finding) int { return strings.Compare(a.String(), b.String()) })
	return found, files, nil
}

// scanRoots are the places the app could leave a secret: the session's
// HOME (its keyring file is encrypted, so no token appears in it as text),
// and the test's settings folder, children's logs and TMPDIR.
func (e *env) scanRoots() []string {
	return []string{os.Getenv("HOME"), e.root}
}

// assertNoSecrets fails the test if any secret the tap saw is in a file
// under the scan roots. First it plants a secret in each root, deep down,
// to prove that the scan would find one there.
func (e *env) assertNoSecrets() {
	e.t.Helper()
	secrets := e.tap.Secrets()
	if len(secrets) == 0 {
		e.t.Fatal("the tap saw no secrets: the scan would prove nothing")
	}
	roots := e.scanRoots()

	planted := "planted-" + strings.Repeat("x", 8) + fmt.Sprint(os.Getpid())
	var plantedFiles []string
	for i, root := range roots {
		dir := filepath.Join(root, ".e2e-plant", "deeper")
		if err := os.MkdirAll(dir, 0o700); err != nil {
			e.t.Fatal(err)
		}
		defer os.RemoveAll(filepath.Join(root, ".e2e-plant"))
		p := filepath.Join(dir, fmt.Sprintf("log-%d.txt", i))
		if err := os.WriteFile(p, []byte("level=INFO msg=oops token="+planted+"\n"), 0o600); err != nil {
			e.t.Fatal(err)
		}
		plantedFiles = append(plantedFiles, p)
	}
	found, _, err := scan(roots, map[string]string{planted: "planted secret"})
	if err != nil {
		e.t.Fatal(err)
	}
	var foundPaths []string
	for _, f := range found {
		foundPaths = append(foundPaths, f.path)
	}
	slices.Sort(foundPaths)
	slices.Sort(plantedFiles)
	if !slices.Equal(foundPaths, plantedFiles) {
		e.t.Fatalf("self-check of the secret scan: planted a secret in %q, found it in %q", plantedFiles, foundPaths)
	}
	for _, root := range roots {
		os.RemoveAll(filepath.Join(root, ".e2e-plant"))
	}

	found, files, err := scan(roots, secrets)
	if err != nil {
		e.t.Fatal(err)
	}
	e.t.Logf("secret scan: %d secrets (%d access tokens, %d refresh tokens, %d codes) in %d files under %q",
		len(secrets), count(secrets, "access token"), count(secrets, "refresh token"), count(secrets, "authorization code"), files, roots)
	for _, f := range found {
		e.t.Errorf("a secret outside the keyring: %s", f)
	}
}
