package login

import (
	"bytes"
	"html/template"
	"net/http"
	"strconv"

	"github.com/utec-tray/utec-tray/app/i18n"
)

// page is what the browser tab shows at the end of (or instead of) the
// sign-in: a title and one or two sentences.
type page struct {
	Status  int
	Title   string
	Message string // may hold text from the query; the template escapes it
}

// pageData is what the template fills in: the page and its language.
type pageData struct {
	page
	Lang string
}

// pageTemplate is self-contained: inline CSS, no script, no image, no link
// out. html/template escapes every field, so nothing from the query can
// become markup.
var pageTemplate = template.Must(template.New("page").Parse(`<!doctype html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}} - utec-tray</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;background:#f4f5f7;color:#1d1f23}
main{max-width:32rem;margin:15vh auto;padding:2rem;background:#fff;border-radius:12px;box-shadow:0 1px 4px rgba(0,0,0,.12)}
h1{font-size:1.3rem;margin:0 0 .75rem}
p{margin:0;line-height:1.5}
@media (prefers-color-scheme:dark){body{background:#1d1f23;color:#e8e8e8}main{background:#2a2d33}}
</style>
</head>
<body>
<main>
<h1>{{.Title}}</h1>
<p>{{.Message}}</p>
</main>
</body>
</html>
`))

// Security headers of every answer from the loopback server. The page
// must not be cached (it ends a one-time exchange), must not leak the
// callback address, which holds the code, through a Referer, and may load
// nothing at all.
const contentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'"

func setSecurityHeaders(h http.Header) {
	h.Set("Cache-Control", "no-store")
	h.Set("Pragma", "no-cache")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Content-Security-Policy", contentSecurityPolicy)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
}

// write renders p. It never redirects: the loopback server has no
// business sending the browser anywhere.
func (p page) write(w http.ResponseWriter) {
	var buf bytes.Buffer
	if err := pageTemplate.Execute(&buf, pageData{p, pageLang()}); err != nil {
		// The template and its data are ours: this cannot happen short of
		// a bug, and a plain answer is still better than none.
		http.Error(w, p.Title, p.Status)
		return
	}
	h := w.Header()
	setSecurityHeaders(h)
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(p.Status)
	_, _ = w.Write(buf.Bytes()) // the browser may be gone; nothing to do about it
}

// The pages, built when shown: their words are in the person's language,
// known only once the translations have loaded.
func pageSuccess() page {
	return page{Status: http.StatusOK, Title: i18n.T("login.success.title", "Signed in"),
		Message: i18n.T("login.success", "Signed in to utec-tray. You can close this tab.")}
}

func pageStale() page {
	return page{Status: http.StatusBadRequest, Title: i18n.T("login.stale.title", "This sign-in link is out of date"),
		Message: i18n.T("login.stale", "It does not belong to the sign-in utec-tray is waiting for. Start the sign-in again from utec-tray and use the page it opens.")}
}

func pageAlreadyDone() page {
	return page{Status: http.StatusConflict, Title: i18n.T("login.done.title", "Sign-in already answered"),
		Message: i18n.T("login.done", "utec-tray has already received an answer for this sign-in. You can close this tab.")}
}

func pageNotFound() page {
	return page{Status: http.StatusNotFound, Title: i18n.T("login.notFound.title", "Not found"),
		Message: i18n.T("login.notFound", "Nothing here. You can close this tab.")}
}

func pageMethod() page {
	return page{Status: http.StatusMethodNotAllowed, Title: i18n.T("login.method.title", "Method not allowed"),
		Message: i18n.T("login.method", "The sign-in only answers GET requests. You can close this tab.")}
}

func pageMisdirected() page {
	return page{Status: http.StatusMisdirectedRequest, Title: i18n.T("login.misdirected.title", "Wrong address"),
		Message: i18n.T("login.misdirected", "This address is not the one utec-tray is listening on. You can close this tab.")}
}

// failurePage tells the person what went wrong and what to do next. msg
// comes from an error of this package or of utec; neither ever holds a
// code, token or secret.
func failurePage(status int, msg string) page {
	return page{Status: status, Title: i18n.T("login.failed.title", "Sign-in failed"),
		Message: i18n.T("login.failed", "utec-tray could not finish the sign-in: {{.Reason}}", map[string]any{"Reason": msg})}
}

// pageLang is the pages' lang attribute: the language the words are in.
func pageLang() string {
	if code := i18n.Current(); code != "" {
		return code
	}
	return "en"
}
