package probe

import (
	"net/http"
	"testing"

	"govaudit/checks"
)

// TestRedirectStatusRangeMutation pins which answers carrying a Location
// are redirects to follow: the 3xx range (RFC 9110 §15.4), from 300 to 399.
// A 400 with a Location header is still a dead link.
func TestRedirectStatusRangeMutation(t *testing.T) {
	t.Parallel()
	mux := http.NewServeMux()
	redirect := func(status int) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Location", "/landing")
			w.WriteHeader(status)
		}
	}
	mux.HandleFunc("/s300", redirect(300))
	mux.HandleFunc("/s307", redirect(307))
	mux.HandleFunc("/s400", redirect(400))
	mux.HandleFunc("/landing", func(w http.ResponseWriter, r *http.Request) { writeHTML(w, 200, page("首页", okPage)) })
	srv, _ := serve(t, mux.ServeHTTP)
	p := newProber(t, Options{})

	expect(t, checkURL(t, p, srv.URL+"/s300"), checks.OK, "", 200)
	expect(t, checkURL(t, p, srv.URL+"/s307"), checks.OK, "", 200)
	expect(t, checkURL(t, p, srv.URL+"/s400"), checks.Broken, "http-400", 400)
}
