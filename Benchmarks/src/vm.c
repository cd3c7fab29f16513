/* A small bytecode interpreter: a stack machine with a switch dispatch loop
 * (a br_table in Wasm) running a program that counts primes by trial division
 * and sums a polynomial. Table dispatch, unpredictable branches. */
#include "bench.h"

enum { PUSH, LOAD, STORE, ADD, SUB, MUL, MOD, LT, JZ, JMP, DUP, DROP, INC, HALT };

typedef struct { uint8_t op; int32_t arg; } insn;

static int64_t run(const insn *code, int64_t *vars) {
    int64_t stack[64];
    int sp = 0, pc = 0;
    for (;;) {
        insn in = code[pc++];
        switch (in.op) {
        case PUSH: stack[sp++] = in.arg; break;
        case LOAD: stack[sp++] = vars[in.arg]; break;
        case STORE: vars[in.arg] = stack[--sp]; break;
        case ADD: sp--; stack[sp - 1] += stack[sp]; break;
        case SUB: sp--; stack[sp - 1] -= stack[sp]; break;
        case MUL: sp--; stack[sp - 1] *= stack[sp]; break;
        case MOD: sp--; stack[sp - 1] = stack[sp] ? stack[sp - 1] % stack[sp] : 0; break;
        case LT: sp--; stack[sp - 1] = stack[sp - 1] < stack[sp]; break;
        case JZ: if (stack[--sp] == 0) pc = in.arg; break;
        case JMP: pc = in.arg; break;
        case DUP: stack[sp] = stack[sp - 1]; sp++; break;
        case DROP: sp--; break;
        case INC: vars[in.arg]++; break;
        case HALT: return vars[0];
        default: return -1;
        }
    }
}

int main(int argc, char **argv) {
    long limit = bench_arg(argc, argv, 5000);
    /* vars: 0 count, 1 n, 2 d, 3 limit, 4 composite flag, 5 poly sum */
    const insn program[] = {
        /* 0 */ {PUSH, 2}, {STORE, 1},
        /* 2: outer loop: while n < limit */
        {LOAD, 1}, {LOAD, 3}, {LT, 0}, {JZ, 37},
        /* 6 */ {PUSH, 2}, {STORE, 2}, {PUSH, 0}, {STORE, 4},
        /* 10: inner loop: while d < n */
        {LOAD, 2}, {LOAD, 1}, {LT, 0}, {JZ, 24},
        /* 14 */ {LOAD, 1}, {LOAD, 2}, {MOD, 0}, {JZ, 22},
        /* 18 */ {INC, 2}, {JMP, 10},
        /* 20, 21: never reached */ {DROP, 0}, {DROP, 0},
        /* 22: composite */ {PUSH, 1}, {STORE, 4},
        /* 24: after inner */ {LOAD, 4}, {JZ, 27}, {JMP, 28},
        /* 27 */ {INC, 0},
        /* 28: poly sum += n*n*3 - n */ {LOAD, 1}, {DUP, 0}, {MUL, 0}, {PUSH, 3}, {MUL, 0}, {LOAD, 1}, {SUB, 0},
        /* 35 */ {INC, 1}, {JMP, 38},
        /* 37 */ {HALT, 0},
        /* 38 */ {LOAD, 5}, {ADD, 0}, {STORE, 5}, {JMP, 2},
    };
    int64_t vars[8] = {0, 0, 0, limit, 0, 0, 0, 0};
    int64_t primes = run(program, vars);
    uint64_t sum = bench_mix(0, (uint64_t)primes);
    sum = bench_mix(sum, (uint64_t)vars[5]);
    bench_report("vm", sum);
    return 0;
}
