package tokenstore

// This file says the keyring's trouble in the person's language: the
// error's own text (Error, and so the log) stays English, and Said gives
// the same sentence translated, for the windows and notifications.

import (
	"errors"
	"strings"
	"text/template"

	"github.com/utec-tray/utec-tray/app/i18n"
)

// words is a sentence for a person: its key in the translations, its
// English text (a template when data fills it) and the data.
type words struct {
	key, english string
	data         map[string]any
}

// en is the sentence in English, for the error's text.
func (w words) en() string {
	if w.data == nil {
		return w.english
	}
	var b strings.Builder
	if t, err := template.New(w.key).Parse(w.english); err == nil && t.Execute(&b, w.data) == nil {
		return b.String()
	}
	return w.english
}

// said is the sentence in the person's language.
func (w words) said() string { return i18n.T(w.key, w.english, w.data) }

// What the store was doing, as UnavailableError.Op says it.
const (
	opReadToken    = "read the sign-in from the system keyring"
	opSaveToken    = "save the sign-in in the system keyring"
	opReadSecret   = "read the client secret from the system keyring"
	opSaveSecret   = "save the client secret in the system keyring"
	opDeleteToken  = "remove the sign-in from the system keyring"
	opDeleteSecret = "remove the client secret from the system keyring"
)

// couldNot says, in the person's language, that op could not be done.
func couldNot(op string) string {
	switch op {
	case opReadToken:
		return i18n.T("keyring.op.readToken", "Could not read the sign-in from the system keyring")
	case opSaveToken:
		return i18n.T("keyring.op.saveToken", "Could not save the sign-in in the system keyring")
	case opReadSecret:
		return i18n.T("keyring.op.readSecret", "Could not read the client secret from the system keyring")
	case opSaveSecret:
		return i18n.T("keyring.op.saveSecret", "Could not save the client secret in the system keyring")
	case opDeleteToken:
		return i18n.T("keyring.op.deleteToken", "Could not remove the sign-in from the system keyring")
	case opDeleteSecret:
		return i18n.T("keyring.op.deleteSecret", "Could not remove the client secret from the system keyring")
	}
	return "Could not " + op
}

// Said is what the keyring's trouble is and what to do, in the person's
// language.
func (e *UnavailableError) Said() string {
	hint := e.Hint
	if e.words.key != "" {
		hint = e.words.said()
	}
	return i18n.T("keyring.unavailable", "{{.Op}}: {{.Hint}}", map[string]any{"Op": couldNot(e.Op), "Hint": hint})
}

// Said is err in words for a person, in their language where err is the
// keyring's (*UnavailableError), else err's own text.
func Said(err error) string {
	var ue *UnavailableError
	if errors.As(err, &ue) {
		return ue.Said()
	}
	return err.Error()
}
