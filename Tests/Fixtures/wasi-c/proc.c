/* sched_yield, then proc_exit with code 42: nothing after it runs. */
#include "common.h"

int main(void) {
    res("sched_yield", __wasi_sched_yield());
    res("sched_yield again", __wasi_sched_yield());
    say("calling proc_exit 42");
    __wasi_proc_exit(42);
    say("AFTER proc_exit");
    return 0;
}
