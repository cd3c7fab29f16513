/*
 * poll_oneoff: relative and absolute clock subscriptions (the wait is measured with the monotonic clock, and
 * only "waited at least the timeout" is printed), timeouts already past, several clocks at once (the
 * earliest fires), fd_write readiness on standard output, fd_read and fd_write readiness on a regular file
 * in /sandbox, a subscription on a descriptor that is not open, and no subscriptions at all.
 */
#include "common.h"

static __wasi_timestamp_t now(void) {
    __wasi_timestamp_t t = 0;
    (void)__wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1, &t);
    return t;
}

static __wasi_subscription_t clock_subscription(__wasi_userdata_t userdata, __wasi_clockid_t id,
                                                __wasi_timestamp_t timeout, __wasi_subclockflags_t flags) {
    __wasi_subscription_t s;
    memset(&s, 0, sizeof s);
    s.userdata = userdata;
    s.u.tag = __WASI_EVENTTYPE_CLOCK;
    s.u.u.clock.id = id;
    s.u.u.clock.timeout = timeout;
    s.u.u.clock.precision = 0;
    s.u.u.clock.flags = flags;
    return s;
}

static __wasi_subscription_t fd_subscription(__wasi_userdata_t userdata, __wasi_eventtype_t type, __wasi_fd_t fd) {
    __wasi_subscription_t s;
    memset(&s, 0, sizeof s);
    s.userdata = userdata;
    s.u.tag = type;
    s.u.u.fd_read.file_descriptor = fd;
    return s;
}

static const char *event_type_name(__wasi_eventtype_t type) {
    switch (type) {
    case __WASI_EVENTTYPE_CLOCK: return "clock";
    case __WASI_EVENTTYPE_FD_READ: return "fd_read";
    case __WASI_EVENTTYPE_FD_WRITE: return "fd_write";
    default: return "invalid";
    }
}

static __wasi_timestamp_t clock_now(__wasi_clockid_t id) {
    __wasi_timestamp_t t = 0;
    (void)__wasi_clock_time_get(id, 1, &t);
    return t;
}

/*
 * Polls, then prints the result, each event (sorted by userdata), and whether the wait was long enough:
 * at least `minimum` nanoseconds (for relative timeouts; 0 for no check), or until `deadline` on `clock`
 * had passed (for absolute ones; 0 for no check). Only lower bounds are checked, so a slow machine passes.
 */
static void poll_until(const char *label, const __wasi_subscription_t *subs, size_t count,
                       __wasi_timestamp_t minimum, __wasi_clockid_t clock, __wasi_timestamp_t deadline) {
    __wasi_event_t events[8];
    memset(events, 0xEE, sizeof events);
    __wasi_size_t n = 0;
    __wasi_timestamp_t start = now();
    __wasi_errno_t e = __wasi_poll_oneoff(subs, events, count, &n);
    __wasi_timestamp_t waited = now() - start;
    __wasi_timestamp_t end = deadline ? clock_now(clock) : 0;
    if (e) {
        res(label, e);
        return;
    }
    const char *wait = "";
    if (minimum) wait = waited >= minimum ? ", waited at least the timeout" : ", RETURNED EARLY";
    if (deadline) wait = end >= deadline ? ", waited at least the timeout" : ", RETURNED EARLY";
    say("%s: ok, %u event%s%s", label, (unsigned)n, n == 1 ? "" : "s", wait);
    for (__wasi_size_t i = 0; i < n && i < 8; i++)
        for (__wasi_size_t j = i + 1; j < n && j < 8; j++)
            if (events[j].userdata < events[i].userdata) {
                __wasi_event_t t = events[i];
                events[i] = events[j];
                events[j] = t;
            }
    for (__wasi_size_t i = 0; i < n && i < 8; i++) {
        const __wasi_event_t *ev = &events[i];
        if (ev->type == __WASI_EVENTTYPE_CLOCK || ev->error != 0)
            say("  event userdata %llu type %s error %s", (unsigned long long)ev->userdata, event_type_name(ev->type),
                ename(ev->error));
        else if (ev->type == __WASI_EVENTTYPE_FD_READ)
            say("  event userdata %llu type %s error %s, %s, hangup %s", (unsigned long long)ev->userdata,
                event_type_name(ev->type), ename(ev->error), ev->fd_readwrite.nbytes > 0 ? "nbytes > 0" : "nbytes 0",
                ev->fd_readwrite.flags & __WASI_EVENTRWFLAGS_FD_READWRITE_HANGUP ? "yes" : "no");
        else /* how many bytes can be written is anyone's guess, so nbytes is not shown */
            say("  event userdata %llu type %s error %s, hangup %s", (unsigned long long)ev->userdata,
                event_type_name(ev->type), ename(ev->error),
                ev->fd_readwrite.flags & __WASI_EVENTRWFLAGS_FD_READWRITE_HANGUP ? "yes" : "no");
    }
}

static void poll(const char *label, const __wasi_subscription_t *subs, size_t count, __wasi_timestamp_t minimum) {
    poll_until(label, subs, count, minimum, __WASI_CLOCKID_MONOTONIC, 0);
}

int main(void) {
    const __wasi_timestamp_t ms = 1000000ull;
    __wasi_subscription_t subs[4];

    subs[0] = clock_subscription(11, __WASI_CLOCKID_MONOTONIC, 30 * ms, 0);
    poll("relative monotonic 30ms", subs, 1, 30 * ms);

    __wasi_timestamp_t deadline = now() + 30 * ms;
    subs[0] = clock_subscription(12, __WASI_CLOCKID_MONOTONIC, deadline, __WASI_SUBCLOCKFLAGS_SUBSCRIPTION_CLOCK_ABSTIME);
    poll_until("absolute monotonic now+30ms", subs, 1, 0, __WASI_CLOCKID_MONOTONIC, deadline);

    subs[0] = clock_subscription(13, __WASI_CLOCKID_MONOTONIC, 0, 0);
    poll("relative timeout 0", subs, 1, 0);

    subs[0] = clock_subscription(14, __WASI_CLOCKID_MONOTONIC, 1, __WASI_SUBCLOCKFLAGS_SUBSCRIPTION_CLOCK_ABSTIME);
    poll("absolute time in the past", subs, 1, 0);

    subs[0] = clock_subscription(15, __WASI_CLOCKID_REALTIME, 20 * ms, 0);
    poll("relative realtime 20ms", subs, 1, 20 * ms);

    __wasi_timestamp_t wall = 0;
    (void)__wasi_clock_time_get(__WASI_CLOCKID_REALTIME, 1, &wall);
    subs[0] = clock_subscription(16, __WASI_CLOCKID_REALTIME, wall + 20 * ms,
                                 __WASI_SUBCLOCKFLAGS_SUBSCRIPTION_CLOCK_ABSTIME);
    poll_until("absolute realtime now+20ms", subs, 1, 0, __WASI_CLOCKID_REALTIME, wall + 20 * ms);

    /* The earliest of several clocks fires; the others do not. */
    subs[0] = clock_subscription(21, __WASI_CLOCKID_MONOTONIC, 2000 * ms, 0);
    subs[1] = clock_subscription(22, __WASI_CLOCKID_MONOTONIC, 10 * ms, 0);
    subs[2] = clock_subscription(23, __WASI_CLOCKID_MONOTONIC, 3000 * ms, 0);
    poll("three clocks, 2s 10ms 3s", subs, 3, 10 * ms);

    /* Standard output can always be written. */
    subs[0] = fd_subscription(31, __WASI_EVENTTYPE_FD_WRITE, 1);
    poll("fd_write on stdout", subs, 1, 0);
    subs[0] = fd_subscription(32, __WASI_EVENTTYPE_FD_WRITE, 1);
    subs[1] = clock_subscription(33, __WASI_CLOCKID_MONOTONIC, 2000 * ms, 0);
    poll("fd_write on stdout with a 2s timeout", subs, 2, 0);

    /* Regular files are always ready. */
    int dir = find_preopen("/sandbox");
    __wasi_fd_t file;
    if (dir >= 0 && make_file((__wasi_fd_t)dir, "ready.txt", "ready") == 0 &&
        open_at((__wasi_fd_t)dir, "ready.txt", 0, RIGHTS_FILE_RW, 0, &file) == 0) {
        subs[0] = fd_subscription(41, __WASI_EVENTTYPE_FD_READ, file);
        poll("fd_read on a regular file", subs, 1, 0);
        subs[0] = fd_subscription(42, __WASI_EVENTTYPE_FD_WRITE, file);
        poll("fd_write on a regular file", subs, 1, 0);
        /* Both are ready; a runtime may report one or both, so only their consistency is printed. */
        subs[0] = fd_subscription(43, __WASI_EVENTTYPE_FD_READ, file);
        subs[1] = fd_subscription(44, __WASI_EVENTTYPE_FD_WRITE, file);
        __wasi_event_t events[2];
        __wasi_size_t count = 0;
        __wasi_errno_t e = __wasi_poll_oneoff(subs, events, 2, &count);
        int consistent = count >= 1 && count <= 2;
        for (__wasi_size_t i = 0; i < count && i < 2; i++) {
            if (events[i].error != 0) consistent = 0;
            if (events[i].userdata == 43 && events[i].type != __WASI_EVENTTYPE_FD_READ) consistent = 0;
            if (events[i].userdata == 44 && events[i].type != __WASI_EVENTTYPE_FD_WRITE) consistent = 0;
            if (events[i].userdata != 43 && events[i].userdata != 44) consistent = 0;
        }
        say("fd_read and fd_write on a regular file: %s, %s", ename(e),
            consistent ? "one or two events, each matching its subscription" : "EVENTS WRONG");
        (void)__wasi_fd_close(file);
    } else {
        say("no /sandbox to make a file in");
    }

    /* A descriptor that is not open (wasmtime fails the whole call rather than reporting it in an event). */
    subs[0] = fd_subscription(51, __WASI_EVENTTYPE_FD_READ, 99);
    poll("fd_read on fd 99", subs, 1, 0);

    __wasi_event_t event;
    __wasi_size_t n = 0;
    res("no subscriptions", __wasi_poll_oneoff(subs, &event, 0, &n));
    return 0;
}
