// A wasi:http/proxy component for Capsule's `serve` tests, in C against the canonical ABI directly
// (no bindings generator): Scripts/build-http-fixtures.sh builds it with zig cc and wasm-tools.
//
// Routes: /echo answers with the request body; /stream?N writes N chunks of 1 KiB; /trap traps;
// /loop never returns; /grow allocates until memory runs out; /fetch/AUTHORITY/PATH makes an outgoing
// GET http://AUTHORITY/PATH and answers "fetched STATUS: BODY" (or 502 "refused: CODE" with the
// error-code's case number); /length?N declares content-length N and writes "hello"; anything else
// answers "hello from a component: METHOD PATH".
#include <stdint.h>
#include <stddef.h>

#define IMPORT(module, name) __attribute__((import_module(module), import_name(name)))
#define HTTP "wasi:http/types@0.2.0"
#define IO "wasi:io/streams@0.2.0"

IMPORT(HTTP, "[constructor]fields") int32_t fields_new(void);
IMPORT(HTTP, "[method]fields.append") void fields_append(int32_t, const char *, size_t, const char *, size_t, void *);
IMPORT(HTTP, "[method]incoming-request.method") void request_method(int32_t, void *);
IMPORT(HTTP, "[method]incoming-request.path-with-query") void request_path(int32_t, void *);
IMPORT(HTTP, "[method]incoming-request.consume") void request_consume(int32_t, void *);
IMPORT(HTTP, "[method]incoming-body.stream") void incoming_body_stream(int32_t, void *);
IMPORT(HTTP, "[constructor]outgoing-response") int32_t response_new(int32_t);
IMPORT(HTTP, "[method]outgoing-response.set-status-code") int32_t response_set_status(int32_t, int32_t);
IMPORT(HTTP, "[method]outgoing-response.body") void response_body(int32_t, void *);
IMPORT(HTTP, "[method]outgoing-body.write") void outgoing_body_write(int32_t, void *);
IMPORT(HTTP, "[static]outgoing-body.finish") void outgoing_body_finish(int32_t, int32_t, int32_t, void *);
IMPORT(HTTP, "[static]response-outparam.set") void outparam_set(int32_t, int32_t, int32_t, int32_t, int64_t, int32_t, int32_t, int32_t, int32_t);
IMPORT(HTTP, "[resource-drop]incoming-request") void drop_request(int32_t);
IMPORT(HTTP, "[resource-drop]incoming-body") void drop_incoming_body(int32_t);
IMPORT(HTTP, "[constructor]outgoing-request") int32_t request_new(int32_t);
IMPORT(HTTP, "[method]outgoing-request.body") void request_body(int32_t, void *);
IMPORT(HTTP, "[method]outgoing-request.set-scheme") int32_t request_set_scheme(int32_t, int32_t, int32_t, const char *, size_t);
IMPORT(HTTP, "[method]outgoing-request.set-authority") int32_t request_set_authority(int32_t, int32_t, const char *, size_t);
IMPORT(HTTP, "[method]outgoing-request.set-path-with-query") int32_t request_set_path(int32_t, int32_t, const char *, size_t);
IMPORT(HTTP, "[method]incoming-response.status") int32_t incoming_status(int32_t);
IMPORT(HTTP, "[method]incoming-response.consume") void incoming_consume(int32_t, void *);
IMPORT(HTTP, "[method]future-incoming-response.get") void future_get(int32_t, void *);
IMPORT("wasi:http/outgoing-handler@0.2.0", "handle") void outgoing_handle(int32_t, int32_t, int32_t, void *);
IMPORT(IO, "[method]input-stream.blocking-read") void stream_read(int32_t, int64_t, void *);
IMPORT(IO, "[method]output-stream.blocking-write-and-flush") void stream_write(int32_t, const void *, size_t, void *);
IMPORT(IO, "[resource-drop]input-stream") void drop_input(int32_t);
IMPORT(IO, "[resource-drop]output-stream") void drop_output(int32_t);

// A bump allocator: every request runs in a fresh instance, so nothing is ever freed.
extern unsigned char __heap_base;
static uintptr_t heap_top = 0;

__attribute__((export_name("cabi_realloc")))
void *cabi_realloc(void *old, size_t old_size, size_t align, size_t new_size) {
    if (heap_top == 0) heap_top = (uintptr_t)&__heap_base;
    uintptr_t start = (heap_top + align - 1) & ~(uintptr_t)(align - 1);
    uintptr_t end = start + new_size;
    size_t have = __builtin_wasm_memory_size(0) * 65536;
    if (end > have) {
        size_t pages = (end - have + 65535) / 65536;
        if (__builtin_wasm_memory_grow(0, pages) == (size_t)-1) __builtin_trap();
    }
    heap_top = end;
    unsigned char *to = (unsigned char *)start;
    const unsigned char *from = old;
    for (size_t i = 0; i < old_size && i < new_size; i++) to[i] = from[i];
    return to;
}

static size_t length(const char *s) { size_t n = 0; while (s[n]) n++; return n; }

static int starts_with(const char *s, size_t n, const char *prefix) {
    size_t p = length(prefix);
    if (n < p) return 0;
    for (size_t i = 0; i < p; i++) if (s[i] != prefix[i]) return 0;
    return n == p || s[p] == '?' || s[p] == '/';
}

struct text { const char *ptr; size_t len; };
static _Alignas(8) unsigned char ret[64];

static int32_t open_response(int32_t outparam, int status, int32_t *stream, int32_t *body) {
    int32_t headers = fields_new();
    fields_append(headers, "content-type", 12, "text/plain", 10, ret);
    int32_t response = response_new(headers);
    response_set_status(response, status);
    response_body(response, ret);
    *body = *(int32_t *)(ret + 4);
    outgoing_body_write(*body, ret);
    *stream = *(int32_t *)(ret + 4);
    outparam_set(outparam, 0, response, 0, 0, 0, 0, 0, 0);
    return response;
}

static void write_all(int32_t stream, const void *bytes, size_t count) {
    // blocking-write-and-flush takes at most 4096 bytes at a time.
    const unsigned char *p = bytes;
    while (count > 0) {
        size_t n = count < 4096 ? count : 4096;
        stream_write(stream, p, n, ret);
        if (ret[0] != 0) __builtin_trap();
        p += n;
        count -= n;
    }
}

static void close_response(int32_t stream, int32_t body) {
    drop_output(stream);
    outgoing_body_finish(body, 0, 0, ret);
}

static const char *methods[] = {"GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"};

__attribute__((export_name("wasi:http/incoming-handler@0.2.0#handle")))
void handle(int32_t request, int32_t outparam) {
    request_method(request, ret);
    struct text method = {"OTHER", 5};
    if (ret[0] < 9) method = (struct text){methods[ret[0]], length(methods[ret[0]])};
    else method = (struct text){*(const char **)(ret + 4), *(size_t *)(ret + 8)};
    request_path(request, ret);
    struct text path = {"/", 1};
    if (ret[0] == 1) path = (struct text){*(const char **)(ret + 4), *(size_t *)(ret + 8)};

    int32_t stream, body;
    if (starts_with(path.ptr, path.len, "/trap")) __builtin_trap();
    if (starts_with(path.ptr, path.len, "/loop")) { for (volatile int i = 0;; i++) {} }
    if (starts_with(path.ptr, path.len, "/grow")) {
        for (;;) cabi_realloc(0, 0, 8, 1 << 20);
    }
    if (starts_with(path.ptr, path.len, "/fetch")) {
        // /fetch/AUTHORITY/PATH
        const char *authority = path.ptr + 7;
        size_t rest = path.len > 7 ? path.len - 7 : 0, authority_len = 0;
        while (authority_len < rest && authority[authority_len] != '/') authority_len++;
        const char *target = authority + authority_len;
        size_t target_len = rest - authority_len;
        if (target_len == 0) { target = "/"; target_len = 1; }
        int32_t outgoing = request_new(fields_new());
        request_set_scheme(outgoing, 1, 0, 0, 0);  // some(HTTP)
        request_set_authority(outgoing, 1, authority, authority_len);
        request_set_path(outgoing, 1, target, target_len);
        request_body(outgoing, ret);
        int32_t outgoing_body = *(int32_t *)(ret + 4);
        outgoing_body_finish(outgoing_body, 0, 0, ret);
        outgoing_handle(outgoing, 0, 0, ret);
        drop_request(request);
        if (ret[0] != 0) {
            int code = ret[8];
            open_response(outparam, 502, &stream, &body);
            char text[] = "refused: 00\n";
            text[9] = '0' + code / 10;
            text[10] = '0' + code % 10;
            write_all(stream, text, sizeof text - 1);
            close_response(stream, body);
            return;
        }
        int32_t future = *(int32_t *)(ret + 8);
        future_get(future, ret);
        if (ret[0] != 1 || ret[8] != 0 || ret[16] != 0) __builtin_trap();
        int32_t response = *(int32_t *)(ret + 24);
        int status = incoming_status(response);
        incoming_consume(response, ret);
        int32_t incoming = *(int32_t *)(ret + 4);
        incoming_body_stream(incoming, ret);
        int32_t input = *(int32_t *)(ret + 4);
        open_response(outparam, 200, &stream, &body);
        char head[] = "fetched 000: ";
        head[8] = '0' + status / 100;
        head[9] = '0' + status / 10 % 10;
        head[10] = '0' + status % 10;
        write_all(stream, head, sizeof head - 1);
        for (;;) {
            stream_read(input, 65536, ret);
            if (ret[0] != 0) break;
            write_all(stream, *(void **)(ret + 4), *(size_t *)(ret + 8));
        }
        drop_input(input);
        close_response(stream, body);
        return;
    }
    if (starts_with(path.ptr, path.len, "/length")) {
        const char *digits = path.ptr + 8;
        size_t count = path.len > 8 ? path.len - 8 : 0;
        int32_t headers = fields_new();
        fields_append(headers, "content-length", 14, digits, count, ret);
        int32_t response = response_new(headers);
        response_body(response, ret);
        body = *(int32_t *)(ret + 4);
        outgoing_body_write(body, ret);
        stream = *(int32_t *)(ret + 4);
        outparam_set(outparam, 0, response, 0, 0, 0, 0, 0, 0);
        drop_request(request);
        write_all(stream, "hello", 5);
        close_response(stream, body);
        return;
    }
    if (starts_with(path.ptr, path.len, "/echo")) {
        request_consume(request, ret);
        int32_t incoming = *(int32_t *)(ret + 4);
        incoming_body_stream(incoming, ret);
        int32_t input = *(int32_t *)(ret + 4);
        open_response(outparam, 200, &stream, &body);
        for (;;) {
            stream_read(input, 65536, ret);
            if (ret[0] != 0) break;  // closed: the body is over
            write_all(stream, *(void **)(ret + 4), *(size_t *)(ret + 8));
        }
        drop_input(input);
        drop_incoming_body(incoming);
        drop_request(request);
        close_response(stream, body);
        return;
    }
    if (starts_with(path.ptr, path.len, "/stream")) {
        int chunks = 0;
        for (size_t i = 0; i < path.len; i++) {
            if (path.ptr[i] == '?') {
                for (size_t j = i + 1; j < path.len && path.ptr[j] >= '0' && path.ptr[j] <= '9'; j++) chunks = chunks * 10 + (path.ptr[j] - '0');
            }
        }
        drop_request(request);
        open_response(outparam, 200, &stream, &body);
        static char chunk[1024];
        for (int i = 0; i < 1024; i++) chunk[i] = 'a' + i % 26;
        chunk[1023] = '\n';
        for (int i = 0; i < chunks; i++) write_all(stream, chunk, sizeof chunk);
        close_response(stream, body);
        return;
    }
    drop_request(request);
    open_response(outparam, 200, &stream, &body);
    static const char greeting[] = "hello from a component: ";
    write_all(stream, greeting, sizeof greeting - 1);
    write_all(stream, method.ptr, method.len);
    write_all(stream, " ", 1);
    write_all(stream, path.ptr, path.len);
    write_all(stream, "\n", 1);
    close_response(stream, body);
}
