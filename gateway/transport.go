package gateway

import (
	"bssgraph/internal/errcodes"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// The two response media types of GraphQL over HTTP. application/json is the
// legacy one: its clients expect 200 for every well-formed request.
const (
	mediaGraphQLResponse = "application/graphql-response+json"
	mediaJSON            = "application/json"
)

// The gateway has its own GET and POST transports instead of gqlgen's,
// because the GraphQL-over-HTTP specification asks for things gqlgen's do
// not do: 405 with Allow for a mutation over GET, 415 and 413 for bad
// bodies, 406 for an Accept it cannot satisfy, q-values in Accept, 200 for
// document errors under application/json, and no "data" key in a response to
// a request that never executed. Both delegate parsing, validation, APQ and
// execution to gqlgen's executor.

// acceptable returns the response media type r accepts, or answers 406.
func (g *gateway) acceptable(w http.ResponseWriter, r *http.Request) (string, bool) {
	media, ok := negotiate(r.Header.Get("Accept"))
	if !ok {
		g.writeError(w, r, http.StatusNotAcceptable, errcodes.BadRequest, "Accept must allow application/graphql-response+json or application/json")
	}
	return media, ok
}

// postTransport serves POST with an application/json body.
type postTransport struct{ g *gateway }

func (postTransport) Supports(r *http.Request) bool {
	return r.Method == http.MethodPost && r.Header.Get("Upgrade") == ""
}

func (t postTransport) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	media, ok := t.g.acceptable(w, r)
	if !ok {
		return
	}
	ct, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || ct != mediaJSON || (params["charset"] != "" && !strings.EqualFold(params["charset"], "utf-8")) {
		t.g.writeErrors(w, r, media, http.StatusUnsupportedMediaType, requestError("Content-Type must be application/json (UTF-8)"))
		return
	}
	start := graphql.Now()
	body, err := io.ReadAll(r.Body)
	if err != nil {
		if _, tooLarge := errors.AsType[*http.MaxBytesError](err); tooLarge {
			t.g.writeErrors(w, r, media, http.StatusRequestEntityTooLarge, requestError("request body too large"))
			return
		}
		t.g.writeErrors(w, r, media, http.StatusBadRequest, requestError("reading request body failed"))
		return
	}
	var p graphql.RawParams
	if err := decodeParams(body, &p); err != nil {
		t.g.writeErrors(w, r, media, http.StatusBadRequest, requestError(err.Error()))
		return
	}
	p.ReadTime = graphql.TraceTiming{Start: start, End: graphql.Now()}
	t.g.execute(w, r, exec, media, &p, false)
}

// decodeParams decodes a POST body: one JSON object whose members have the
// types the specification requires (query and operationName strings,
// variables and extensions objects, each possibly null).
func decodeParams(body []byte, p *graphql.RawParams) error {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) > 0 && trimmed[0] == '[' {
		// Batches would multiply every per-operation limit by their length.
		return errors.New("batched requests (a JSON array) are not supported: send one operation per request")
	}
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return errors.New("request body must be a JSON object")
	}
	dec := json.NewDecoder(bytes.NewReader(trimmed))
	dec.UseNumber() // keeps large integers and decimals exact for the resolvers
	if err := dec.Decode(p); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return errors.New("request parameter " + strconv.Quote(te.Field) + " has the wrong type")
		}
		return errors.New("request body is not valid JSON")
	}
	// Only white space may follow. (dec.More alone lets a stray "}" or "]"
	// through: it reports the end of an enclosing value.)
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("request body must hold a single JSON object")
	}
	return nil
}

// getTransport serves GET with the parameters in the query string. It
// never runs a mutation: GET must be safe to repeat and to prefetch.
type getTransport struct{ g *gateway }

func (getTransport) Supports(r *http.Request) bool {
	return r.Method == http.MethodGet && r.Header.Get("Upgrade") == ""
}

func (t getTransport) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	media, ok := t.g.acceptable(w, r)
	if !ok {
		return
	}
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		t.g.writeErrors(w, r, media, http.StatusBadRequest, requestError("query string is malformed"))
		return
	}
	p := graphql.RawParams{Query: q.Get("query"), OperationName: q.Get("operationName")}
	p.ReadTime.Start = graphql.Now()
	for name, dst := range map[string]*map[string]any{"variables": &p.Variables, "extensions": &p.Extensions} {
		v := q.Get(name)
		if v == "" {
			continue
		}
		dec := json.NewDecoder(strings.NewReader(v))
		dec.UseNumber()
		if err := dec.Decode(dst); err != nil || dec.More() {
			t.g.writeErrors(w, r, media, http.StatusBadRequest, requestError(name+" must be a JSON object"))
			return
		}
	}
	p.ReadTime.End = graphql.Now()
	t.g.execute(w, r, exec, media, &p, true)
}

// execute parses, validates and runs one request and writes the response
// with the status codes of the GraphQL-over-HTTP specification.
func (g *gateway) execute(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor, media string, p *graphql.RawParams, readOnly bool) {
	ri := infoFrom(r.Context())
	ri.setOperation(p.OperationName, "")
	if p.Query == "" && p.Extensions["persistedQuery"] == nil {
		g.writeErrors(w, r, media, http.StatusBadRequest, requestError("the query parameter is required"))
		return
	}
	p.Headers = r.Header
	ctx := r.Context()
	opCtx, errs := exec.CreateOperationContext(ctx, p)
	if errs != nil {
		// A request error (parse, validation, variables, APQ miss, no
		// credential): the legacy media type answers 200, the new one 400,
		// or 401 when the caller sent no credential (spec §6.4).
		status := http.StatusOK
		if media == mediaGraphQLResponse {
			status = requestErrorStatus(w, errs)
		}
		resp := exec.DispatchError(graphql.WithOperationContext(ctx, opCtx), errs)
		g.writeResponse(w, r, media, status, resp)
		return
	}
	opType := string(opCtx.Operation.Operation)
	ri.setOperation(opCtx.OperationName, opType)
	if readOnly && opCtx.Operation.Operation != ast.Query {
		w.Header().Set("Allow", "POST")
		g.writeErrors(w, r, media, http.StatusMethodNotAllowed, requestError(opType+" operations must use POST"))
		return
	}
	g.metrics.ObserveOperation(opType)
	handler, ctx := exec.DispatchOperation(ctx, opCtx)
	resp := handler(ctx)
	if resp == nil {
		// The executor returns nil only when ctx ended before it could answer.
		timeout := codedError(errcodes.Timeout, "the request passed its deadline (BSSGRAPH_REQUEST_TIMEOUT) before it could answer; try again, or ask for less")
		timeout.Extensions["retryable"] = true
		resp = &graphql.Response{Errors: gqlerror.List{timeout}}
	}
	g.writeResponse(w, r, media, http.StatusOK, resp)
}

// requestErrorStatus is the status of a request error under
// application/graphql-response+json: 401 with a challenge when the graph
// layer refused a request without a credential, else 400.
func requestErrorStatus(w http.ResponseWriter, errs gqlerror.List) int {
	for _, e := range errs {
		if e.Extensions["code"] == errcodes.Unauthenticated {
			w.Header().Set("WWW-Authenticate", `Bearer realm="bssgraph"`)
			return http.StatusUnauthorized
		}
	}
	return http.StatusBadRequest
}

// wireResponse is graphql.Response with "data" omitted when the operation
// never ran: the specification tells a request error (no data key) from an
// execution that produced null.
type wireResponse struct {
	Errors     gqlerror.List   `json:"errors,omitempty"`
	Data       json.RawMessage `json:"data,omitempty"`
	Extensions map[string]any  `json:"extensions,omitempty"`
}

// writeResponse writes resp and counts its errors by code for the metrics
// and the access log.
func (g *gateway) writeResponse(w http.ResponseWriter, r *http.Request, media string, status int, resp *graphql.Response) {
	ri := infoFrom(r.Context())
	for _, e := range resp.Errors {
		code, _ := e.Extensions["code"].(string)
		g.metrics.ObserveGraphQLError(code)
		if code == "" {
			code = "NONE"
		}
		ri.addErrorCode(code)
	}
	b, err := json.Marshal(wireResponse{Errors: resp.Errors, Data: resp.Data, Extensions: resp.Extensions})
	if err != nil {
		g.log.Error().Err(err).Str("request_id", ri.id).Msg("encoding GraphQL response")
		status = http.StatusInternalServerError
		b = []byte(`{"errors":[{"message":"internal error","extensions":{"code":"INTERNAL"}}]}`)
	}
	w.Header().Set("Content-Type", media+"; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// writeErrors writes a response that carries only errors.
func (g *gateway) writeErrors(w http.ResponseWriter, r *http.Request, media string, status int, errs ...*gqlerror.Error) {
	g.writeResponse(w, r, media, status, &graphql.Response{Errors: errs})
}

// writeError writes one coded error in the media type the caller accepts
// (application/json when it accepts neither).
func (g *gateway) writeError(w http.ResponseWriter, r *http.Request, status int, code, msg string) {
	media, ok := negotiate(r.Header.Get("Accept"))
	if !ok {
		media = mediaJSON
	}
	g.writeErrors(w, r, media, status, codedError(code, msg))
}

// requestError is an error in the request itself, found before execution.
func requestError(msg string) *gqlerror.Error { return codedError(errcodes.BadRequest, msg) }

func codedError(code, msg string) *gqlerror.Error {
	return &gqlerror.Error{Message: msg, Extensions: map[string]any{"code": code}}
}

// negotiate picks the response media type from Accept: the supported type
// with the highest q-value, the earlier one on a tie. No Accept means
// application/json; so do wildcards, as the specification advises for
// compatibility. ok is false when Accept allows neither type.
func negotiate(accept string) (media string, ok bool) {
	if strings.TrimSpace(accept) == "" {
		return mediaJSON, true
	}
	best, bestQ := "", 0.0
	for part := range strings.SplitSeq(accept, ",") {
		mt, params, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		q := 1.0
		if v, ok := params["q"]; ok {
			if q, err = strconv.ParseFloat(v, 64); err != nil {
				continue
			}
		}
		var m string
		switch mt {
		case mediaGraphQLResponse:
			m = mediaGraphQLResponse
		case mediaJSON, "application/*", "*/*":
			m = mediaJSON
		default:
			continue
		}
		if q > bestQ {
			best, bestQ = m, q
		}
	}
	return best, best != ""
}
