package config

import (
	"reflect"
	"testing"
)

// TestCloneSharesNothing fills every slice and map of Settings and checks
// that the clone's are other arrays and maps. It walks the struct by
// reflection, so that a slice or map field added later without a line in
// Clone fails here.
func TestCloneSharesNothing(t *testing.T) {
	s := Default()
	v := reflect.ValueOf(&s).Elem()
	for i := range v.NumField() {
		f := v.Field(i)
		switch f.Kind() {
		case reflect.Slice:
			f.Set(reflect.Append(reflect.MakeSlice(f.Type(), 0, 1), reflect.Zero(f.Type().Elem())))
		case reflect.Map:
			m := reflect.MakeMap(f.Type())
			m.SetMapIndex(reflect.Zero(f.Type().Key()), reflect.Zero(f.Type().Elem()))
			f.Set(m)
		}
	}
	c := s.Clone()
	if !reflect.DeepEqual(s, c) {
		t.Fatalf("the clone differs:\n%+v\n%+v", s, c)
	}
	cv := reflect.ValueOf(c)
	for i := range v.NumField() {
		name := v.Type().Field(i).Name
		switch v.Field(i).Kind() {
		case reflect.Slice, reflect.Map:
			if v.Field(i).Pointer() == cv.Field(i).Pointer() {
				t.Errorf("Clone shares %s with the original", name)
			}
		}
	}
}
