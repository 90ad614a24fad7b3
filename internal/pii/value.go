package pii

import "reflect"

// RedactValue masks, in place, every ID and mobile number in every string
// that v (a pointer) reaches through exported struct fields, slices, arrays,
// pointers and map values. It is the one exit every record passes before it
// is stored, reported or logged, so a field added later cannot forget it.
func RedactValue(v any) {
	redactValue(reflect.ValueOf(v), 0)
}

// maxDepth guards against cycles; records are a few levels deep.
const maxDepth = 32

func redactValue(v reflect.Value, depth int) {
	if depth > maxDepth {
		return
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			redactValue(v.Elem(), depth+1)
		}
	case reflect.String:
		if v.CanSet() {
			if s := v.String(); s != "" {
				if r := Redact(s); r != s {
					v.SetString(r)
				}
			}
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				redactValue(v.Field(i), depth+1)
			}
		}
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.Uint8 {
			return // bytes are not text here
		}
		for i := 0; i < v.Len(); i++ {
			redactValue(v.Index(i), depth+1)
		}
	case reflect.Map:
		if v.IsNil() {
			return
		}
		iter := v.MapRange()
		type kv struct{ k, v reflect.Value }
		var changed []kv
		for iter.Next() {
			k, e := iter.Key(), iter.Value()
			ne := reflect.New(e.Type()).Elem()
			ne.Set(e)
			redactValue(ne, depth+1)
			nk := k
			if k.Kind() == reflect.String {
				if r := Redact(k.String()); r != k.String() {
					nk = reflect.ValueOf(r).Convert(k.Type())
				}
			}
			changed = append(changed, kv{k, ne}, kv{nk, ne})
		}
		for i := 0; i < len(changed); i += 2 {
			v.SetMapIndex(changed[i].k, reflect.Value{})
		}
		for i := 1; i < len(changed); i += 2 {
			v.SetMapIndex(changed[i].k, changed[i].v)
		}
	}
}
