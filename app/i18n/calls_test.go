package i18n

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// The translation calls as the code makes them: this is what `fyne
// translate` would extract if it could see through our wrappers. It looks
// only for calls spelled lang.L/N/X/XN, and T and Plural hide theirs, so
// the test walks the code itself (scripts/check-fyne-translate.sh runs the
// real tool for the lang calls made directly).

// call is one translation call found in the code.
type call struct {
	pos     string // file:line, for the report
	key     string
	english string
	plural  bool
}

// repoRoot is the module's root, seen from this package's folder.
const repoRoot = "../.."

// skipDirs are folders whose code is not the app's: vendored and patched
// libraries (Fyne's own strings come with Fyne's translations), tools and
// build output.
var skipDirs = map[string]bool{"third_party": true, "tools": true, "bin": true, "dist": true, "testdata": true, ".git": true}

// testOnlyKeys are in English for this package's own tests (a plural with
// a count to fill), used by no other code.
var testOnlyKeys = map[string]bool{"locks.unlocked": true}

// TestEveryCallMatchesEnglish is the check that no string is left out:
// every i18n.T, i18n.Plural and lang.L/N/X/XN call outside this package
// has a literal key and English text (so that a tool can read them), the
// key is in English's files with exactly that text (a plural's "other"
// form), one key has one text everywhere, and English holds no key that
// no code uses.
func TestEveryCallMatchesEnglish(t *testing.T) {
	calls, problems := findCalls(t, repoRoot)
	for _, p := range problems {
		t.Error(p)
	}
	if len(calls) < 100 {
		t.Fatalf("found only %d translation calls under %s: is the walk looking in the right place?", len(calls), repoRoot)
	}
	en := readFile(t, "en")
	used := map[string]call{}
	for _, c := range calls {
		if first, ok := used[c.key]; ok && (first.english != c.english || first.plural != c.plural) {
			t.Errorf("%s: %q is %q here and %q at %s: one key, one text", c.pos, c.key, c.english, first.english, first.pos)
			continue
		}
		used[c.key] = c
		if problem := checkEnglish(c, en[c.key]); problem != "" {
			t.Errorf("%s: %q: %s", c.pos, c.key, problem)
		}
	}
	for _, key := range slices.Sorted(func(yield func(string) bool) {
		for k := range en {
			if !yield(k) {
				return
			}
		}
	}) {
		if _, ok := used[key]; !ok && !testOnlyKeys[key] {
			t.Errorf("English has %q, which no code uses: remove it from every language", key)
		}
	}
}

// checkEnglish says what is wrong with English's entry for c, or "".
func checkEnglish(c call, entry any) string {
	switch e := entry.(type) {
	case nil:
		return fmt.Sprintf("missing from the English files (text %q)", c.english)
	case string:
		if c.plural {
			return "a plural in the code, a plain string in English"
		}
		if e != c.english {
			return fmt.Sprintf("the code says %q, English says %q", c.english, e)
		}
	case map[string]any:
		if !c.plural {
			return "a plural in English, a plain string in the code"
		}
		if other, _ := e["other"].(string); other != c.english {
			return fmt.Sprintf("the code says %q, English's \"other\" form says %q", c.english, other)
		}
	default:
		return fmt.Sprintf("English's entry is a %T", entry)
	}
	return ""
}

// findCalls parses every .go file under root but tests and this package's
// own (whose T and Plural pass their arguments on) and returns the
// translation calls, and what it could not read.
func findCalls(t *testing.T, root string) ([]call, []string) {
	t.Helper()
	dirs := map[string][]string{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (skipDirs[d.Name()] || filepath.Base(path) == "i18n" && filepath.Base(filepath.Dir(path)) == "app") {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(path, ".go") && !strings.HasSuffix(path, "_test.go") {
			dirs[filepath.Dir(path)] = append(dirs[filepath.Dir(path)], path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var calls []call
	var problems []string
	for _, files := range dirs {
		c, p := packageCalls(files)
		calls, problems = append(calls, c...), append(problems, p...)
	}
	return calls, problems
}

// packageCalls reads one folder's files: first its string constants (a
// call may name one, as the CLI's help text does), then its calls.
func packageCalls(files []string) ([]call, []string) {
	fset := token.NewFileSet()
	var parsed []*ast.File
	var problems []string
	for _, f := range files {
		af, err := parser.ParseFile(fset, f, nil, parser.SkipObjectResolution)
		if err != nil {
			problems = append(problems, err.Error())
			continue
		}
		parsed = append(parsed, af)
	}
	consts := stringConsts(parsed)
	var calls []call
	for _, af := range parsed {
		// A message literal may sit in a file that does not import i18n
		// (the call that says it does).
		names := translationImports(af)
		ast.Inspect(af, func(n ast.Node) bool {
			if cl, ok := n.(*ast.CompositeLit); ok {
				if c, found := readMessageLiteral(fset, cl, consts); found {
					calls = append(calls, c)
				}
				return true
			}
			ce, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			if c, problem, ok := readCall(fset, ce, names, consts); ok {
				if problem != "" {
					problems = append(problems, problem)
				} else {
					calls = append(calls, c)
				}
			}
			return true
		})
	}
	return calls, problems
}

// translationImports maps the names a file gives our i18n package and
// Fyne's lang package to which of the two it is.
func translationImports(af *ast.File) map[string]string {
	names := map[string]string{}
	for _, imp := range af.Imports {
		path, _ := strconv.Unquote(imp.Path.Value)
		var pkg string
		switch path {
		case "github.com/utec-tray/utec-tray/app/i18n":
			pkg = "i18n"
		case "fyne.io/fyne/v2/lang":
			pkg = "lang"
		default:
			continue
		}
		name := pkg
		if imp.Name != nil {
			name = imp.Name.Name
		}
		names[name] = pkg
	}
	return names
}

// translationFuncs are the calls that take a string to translate: how many
// leading arguments are key and English (1: the text is its own key), and
// whether the entry is a plural.
var translationFuncs = map[string]map[string]struct {
	args   int
	plural bool
}{
	"i18n": {"T": {2, false}, "Plural": {2, true}},
	"lang": {"L": {1, false}, "Localize": {1, false}, "N": {1, true}, "LocalizePlural": {1, true},
		"X": {2, false}, "LocalizeKey": {2, false}, "XN": {2, true}, "LocalizePluralKey": {2, true}},
}

// readCall reports whether ce is a translation call and, if so, reads its
// key and English; a key or text that is not a constant string is a
// problem, since no tool can check it.
func readCall(fset *token.FileSet, ce *ast.CallExpr, names map[string]string, consts map[string]string) (call, string, bool) {
	sel, ok := ce.Fun.(*ast.SelectorExpr)
	if !ok {
		return call{}, "", false
	}
	pkgIdent, ok := sel.X.(*ast.Ident)
	if !ok {
		return call{}, "", false
	}
	fn, ok := translationFuncs[names[pkgIdent.Name]][sel.Sel.Name]
	if !ok {
		return call{}, "", false
	}
	pos := fset.Position(ce.Pos())
	c := call{pos: fmt.Sprintf("%s:%d", pos.Filename, pos.Line), plural: fn.plural}
	if len(ce.Args) < fn.args {
		return c, c.pos + ": too few arguments", true
	}
	if passesOn(ce.Args[0], ce.Args[fn.args-1]) {
		return call{}, "", false // a message literal's call: read at the literal
	}
	var vals [2]string
	for i := range fn.args {
		v, ok := constString(ce.Args[i], consts)
		if !ok {
			return c, fmt.Sprintf("%s: %s.%s with a key or text that is not a constant string: no check can see it", c.pos, pkgIdent.Name, sel.Sel.Name), true
		}
		vals[i] = v
	}
	c.key, c.english = vals[0], vals[fn.args-1]
	return c, "", true
}

// A message may be written down before it is said: a composite literal
// with the fields key and english, both constant strings (tokenstore's
// words), is a translation call, and the call that later passes on
// x.key and x.english is not one of its own.

// readMessageLiteral reads such a literal.
func readMessageLiteral(fset *token.FileSet, cl *ast.CompositeLit, consts map[string]string) (call, bool) {
	var key, english string
	var haveKey, haveEnglish bool
	for _, el := range cl.Elts {
		kv, ok := el.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		field, ok := kv.Key.(*ast.Ident)
		if !ok {
			continue
		}
		switch field.Name {
		case "key":
			key, haveKey = constString(kv.Value, consts)
		case "english":
			english, haveEnglish = constString(kv.Value, consts)
		}
	}
	if !haveKey || !haveEnglish {
		return call{}, false
	}
	pos := fset.Position(cl.Pos())
	return call{pos: fmt.Sprintf("%s:%d", pos.Filename, pos.Line), key: key, english: english}, true
}

// passesOn reports whether a call's key and English are x.key and
// x.english of one x.
func passesOn(key, english ast.Expr) bool {
	k, ok1 := key.(*ast.SelectorExpr)
	e, ok2 := english.(*ast.SelectorExpr)
	return ok1 && ok2 && k.Sel.Name == "key" && e.Sel.Name == "english" && source(k.X) == source(e.X)
}

// source is an expression's source form, to compare two of them.
func source(x ast.Expr) string {
	var b strings.Builder
	_ = printer.Fprint(&b, token.NewFileSet(), x)
	return b.String()
}

// stringConsts collects a package's string constants, by name.
func stringConsts(files []*ast.File) map[string]string {
	consts := map[string]string{}
	for _, af := range files {
		for _, decl := range af.Decls {
			gd, ok := decl.(*ast.GenDecl)
			if !ok || gd.Tok != token.CONST {
				continue
			}
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, name := range vs.Names {
					if i < len(vs.Values) {
						if v, ok := constString(vs.Values[i], consts); ok {
							consts[name.Name] = v
						}
					}
				}
			}
		}
	}
	return consts
}

// constString evaluates a string literal, a constant of the package, or
// a + of those.
func constString(e ast.Expr, consts map[string]string) (string, bool) {
	switch e := e.(type) {
	case *ast.BasicLit:
		if e.Kind != token.STRING {
			return "", false
		}
		v, err := strconv.Unquote(e.Value)
		return v, err == nil
	case *ast.Ident:
		v, ok := consts[e.Name]
		return v, ok
	case *ast.ParenExpr:
		return constString(e.X, consts)
	case *ast.BinaryExpr:
		if e.Op != token.ADD {
			return "", false
		}
		l, lok := constString(e.X, consts)
		r, rok := constString(e.Y, consts)
		return l + r, lok && rok
	}
	return "", false
}

// TestFindCallsSeesMistakes runs the walk over a small package with each
// mistake the check is for, so that a walk that sees nothing cannot pass.
func TestFindCallsSeesMistakes(t *testing.T) {
	dir := t.TempDir()
	src := `package p

import (
	tr "github.com/utec-tray/utec-tray/app/i18n"
	"fyne.io/fyne/v2/lang"
)

const help = "Help " + "text"

func f(key string) {
	_ = tr.T("menu.quit", "Quit utec-tray")
	_ = tr.T("cli.usage", help)
	_ = tr.Plural("summary.devices", "{{.Count}} devices", 2)
	_ = lang.X("menu.settings", "Settings")
	_ = lang.L("Cancel")
	_ = tr.T(key, "dynamic")
}
`
	if err := os.WriteFile(filepath.Join(dir, "p.go"), []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	calls, problems := findCalls(t, dir)
	if len(problems) != 1 || !strings.Contains(problems[0], "not a constant string") {
		t.Errorf("problems = %q, want the dynamic key", problems)
	}
	want := []call{
		{key: "menu.quit", english: "Quit utec-tray"},
		{key: "cli.usage", english: "Help text"},
		{key: "summary.devices", english: "{{.Count}} devices", plural: true},
		{key: "menu.settings", english: "Settings"},
		{key: "Cancel", english: "Cancel"},
	}
	for i := range calls {
		calls[i].pos = ""
	}
	if !slices.Equal(calls, want) {
		t.Errorf("calls = %+v, want %+v", calls, want)
	}
	en := map[string]any{"menu.quit": "Quit utec-tray", "menu.settings": "Settings…", "summary.devices": map[string]any{"one": "1", "other": "{{.Count}} devices"}}
	for _, tc := range []struct {
		c    call
		want string
	}{
		{want[0], ""},
		{want[2], ""},
		{want[3], "the code says"},
		{want[4], "missing"},
		{call{key: "menu.quit", english: "Quit utec-tray", plural: true}, "a plural in the code"},
		{call{key: "summary.devices", english: "{{.Count}} devices"}, "a plural in English"},
	} {
		if got := checkEnglish(tc.c, en[tc.c.key]); (tc.want == "") != (got == "") || !strings.Contains(got, tc.want) {
			t.Errorf("checkEnglish(%+v) = %q, want %q", tc.c, got, tc.want)
		}
	}
}
