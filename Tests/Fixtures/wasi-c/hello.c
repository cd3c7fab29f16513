/* The smallest program: one line on standard output through libc, exit status 0. */
#include <stdio.h>

int main(void) {
    puts("hello from wasi");
    return 0;
}
