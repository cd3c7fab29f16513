/* Start-up: a module whose `_start` does nothing and which imports nothing
 * (built with -nostdlib). Natively, a main that returns at once. */
#ifdef __wasi__
void _start(void) {}
#else
int main(void) { return 0; }
#endif
