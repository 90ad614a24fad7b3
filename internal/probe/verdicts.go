package probe

import (
	"govaudit/checks"
	"govaudit/internal/arena"
)

// verdicts is the Prober's table: every URL submitted or made known, under
// its link.Key, with its verdict once reached. It holds no pointer per URL.
// A run of 100,000 pages has some 400,000 of them; as a map of strings to
// entries (a verdict of five strings, file facts of three more) they were
// over a million small objects, marked again in every collection: 119 ms a
// collection for 400,000 of them on the 2-core machine (BenchmarkVerdictsGC;
// 1.5 ms now), hundreds of collections a run. Here the strings are in an arena, the verdicts in one slice of
// pointer-free slots, and the index maps 64-bit hashes to slots, so the
// collector skips all three.
//
// verdicts is not safe for concurrent use: the Prober holds its lock.
type verdicts struct {
	keys  *arena.Index // key number i is slots[i]'s
	slots []slot
	files []fileRec // slot.file-1
	text  *arena.Arena
	// words holds rules, details and content types once each: they repeat
	// ("http-404", "application/pdf"). Bounded, so that details made of
	// error text do not grow a map of pointers with the site.
	words map[string]arena.Ref
	// waits holds the channels of those who wait for a verdict still being
	// reached (Check), closed when it is: not one channel per URL.
	waits map[int32]chan struct{}
}

// maxWords bounds verdicts.words; strings past it are stored per slot.
const maxWords = 1024

type slot struct {
	url, final, rule, detail arena.Ref
	status                   int32
	file                     int32 // 1 + its index in files; 0: none
	class                    checks.Class
	ready                    bool // the verdict is reached
}

type fileRec struct {
	contentType, problem, detail arena.Ref
	length                       int64
	attachment, inspected        bool
}

func newVerdicts() verdicts {
	text := &arena.Arena{}
	return verdicts{keys: arena.NewIndex(text), text: text, words: map[string]arena.Ref{}}
}

// find returns the slot of key k, or -1 if k has none.
func (v *verdicts) find(k string) int32 { return v.keys.Find(k) }

// add makes a slot, without a verdict, for key k, which has none yet.
func (v *verdicts) add(k string) int32 {
	v.slots = append(v.slots, slot{})
	return v.keys.Add(k)
}

// set records s as the verdict of slot id.
func (v *verdicts) set(id int32, s checks.LinkStatus) {
	sl := &v.slots[id]
	if key := v.keys.Ref(id); s.URL == v.text.Get(key) {
		sl.url = key // most URLs are their own key
	} else {
		sl.url = v.text.Put(s.URL)
	}
	switch s.Final {
	case "":
		sl.final = arena.Ref{}
	case s.URL:
		sl.final = sl.url
	default:
		sl.final = v.text.Put(s.Final)
	}
	sl.rule, sl.detail = v.word(s.Rule), v.word(s.Detail)
	sl.status, sl.class, sl.ready = int32(s.Status), s.Class, true
	sl.file = 0
	if f := s.File; f != nil {
		v.files = append(v.files, fileRec{
			contentType: v.word(f.ContentType), problem: v.word(f.Problem), detail: v.word(f.Detail),
			length: f.Length, attachment: f.Attachment, inspected: f.Inspected,
		})
		sl.file = int32(len(v.files))
	}
}

// word stores s once if it can, else as any other string.
func (v *verdicts) word(s string) arena.Ref {
	if r, ok := v.words[s]; ok {
		return r
	}
	r := v.text.Put(s)
	if len(v.words) < maxWords && s != "" {
		v.words[v.text.Get(r)] = r
	}
	return r
}

// status returns the verdict of slot id, and whether it is reached. Its
// File, if any, is a new copy each time.
func (v *verdicts) status(id int32) (checks.LinkStatus, bool) {
	sl := &v.slots[id]
	if !sl.ready {
		return checks.LinkStatus{}, false
	}
	s := checks.LinkStatus{
		URL: v.text.Get(sl.url), Final: v.text.Get(sl.final),
		Status: int(sl.status), Class: sl.class,
		Rule: v.text.Get(sl.rule), Detail: v.text.Get(sl.detail),
	}
	if sl.file > 0 {
		f := &v.files[sl.file-1]
		s.File = &checks.FileFacts{
			ContentType: v.text.Get(f.contentType), Length: f.length,
			Attachment: f.attachment, Inspected: f.inspected,
			Problem: v.text.Get(f.problem), Detail: v.text.Get(f.detail),
		}
	}
	return s, true
}
