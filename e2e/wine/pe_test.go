//go:build wine

package wine

import (
	"bytes"
	"debug/pe"
	"encoding/binary"
	"os"
	"slices"
	"testing"
	"unicode/utf16"
)

// Resource types in the root of a PE resource directory.
const (
	rtIcon      = 3
	rtGroupIcon = 14
	rtVersion   = 16
	rtManifest  = 24
)

func utf16le(s string) []byte {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		b = binary.LittleEndian.AppendUint16(b, u)
	}
	return b
}

// TestExecutable checks what Explorer shows of the exe without running
// it: a GUI-subsystem program (no console window of its own) with the app
// icon, a manifest and a version resource that names the version built.
func TestExecutable(t *testing.T) {
	f, err := pe.Open(exe)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	oh, ok := f.OptionalHeader.(*pe.OptionalHeader64)
	if !ok || f.Machine != pe.IMAGE_FILE_MACHINE_AMD64 {
		t.Fatalf("%s is not a 64-bit x86 executable", exe)
	}
	if oh.Subsystem != pe.IMAGE_SUBSYSTEM_WINDOWS_GUI {
		t.Errorf("subsystem %d, want %d (GUI): started from Explorer it would open a console window", oh.Subsystem, pe.IMAGE_SUBSYSTEM_WINDOWS_GUI)
	}
	sec := f.Section(".rsrc")
	if sec == nil {
		t.Fatal("no .rsrc section: the exe has no icon or version resource (was the .syso built?)")
	}
	data, err := sec.Data()
	if err != nil || len(data) < 16 {
		t.Fatalf("read .rsrc: %v (%d bytes)", err, len(data))
	}
	named := int(binary.LittleEndian.Uint16(data[12:]))
	ids := int(binary.LittleEndian.Uint16(data[14:]))
	var types []uint32
	for i := range named + ids {
		off := 16 + 8*i
		if off+8 > len(data) {
			t.Fatal("the resource directory is cut short")
		}
		types = append(types, binary.LittleEndian.Uint32(data[off:]))
	}
	for _, want := range []struct {
		id   uint32
		what string
	}{{rtIcon, "icon images"}, {rtGroupIcon, "icon group"}, {rtVersion, "version"}, {rtManifest, "manifest"}} {
		if !slices.Contains(types, want.id) {
			t.Errorf("no %s resource (type %d) among %v", want.what, want.id, types)
		}
	}
	version := os.Getenv("UTEC_TRAY_VERSION")
	if version == "" {
		t.Fatal("UTEC_TRAY_VERSION is not set: run make test-wine")
	}
	for _, s := range []string{"ProductVersion", "FileVersion", version, "utec-tray"} {
		if !bytes.Contains(data, utf16le(s)) {
			t.Errorf("the version resource does not hold %q", s)
		}
	}
}
