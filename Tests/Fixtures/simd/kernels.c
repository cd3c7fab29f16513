/* A vectorisable workload for Capsule's SIMD execution.
 *
 * Typical data-parallel kernels over arrays: 8-bit alpha blending, sum of absolute differences,
 * byte counting, 16-bit dot products, float saxpy and clamping, and an integer 3-tap filter.
 * The same source is built twice: with -msimd128 (clang's loop and SLP vectorisers turn the
 * loops into v128 code) and without (scalar code), so comparing their run times under Capsule
 * measures what SIMD execution buys. Every kernel's results feed one checksum; the float
 * kernels are element-wise (no reassociated reductions), so both builds print the same line.
 *
 * Usage: kernels [rounds]   (default 200) */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define N 16384

static uint64_t mix(uint64_t sum, uint64_t value) {
    return sum ^ (value + 0x9e3779b97f4a7c15ULL + (sum << 6) + (sum >> 2));
}

static uint64_t next(uint64_t *state) {
    uint64_t x = *state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *state = x;
    return x * 0x2545f4914f6cdd1dULL;
}

static uint8_t a8[N], b8[N], out8[N];
static int16_t a16[N], b16[N];
static int32_t a32[N], out32[N];
static float xf[N], yf[N];

/* dst = (a * alpha + b * (256 - alpha)) >> 8, in 16-bit lanes. */
static void blend(uint8_t *restrict dst, const uint8_t *restrict a, const uint8_t *restrict b, unsigned alpha, int n) {
    for (int i = 0; i < n; i++) dst[i] = (uint8_t)((a[i] * alpha + b[i] * (256 - alpha)) >> 8);
}

static uint32_t sad(const uint8_t *a, const uint8_t *b, int n) {
    uint32_t sum = 0;
    for (int i = 0; i < n; i++) sum += (uint32_t)abs((int)a[i] - (int)b[i]);
    return sum;
}

static uint32_t count_byte(const uint8_t *p, int n, uint8_t c) {
    uint32_t count = 0;
    for (int i = 0; i < n; i++) count += p[i] == c;
    return count;
}

static int32_t dot16(const int16_t *a, const int16_t *b, int n) {
    int32_t sum = 0;
    for (int i = 0; i < n; i++) sum += (int32_t)a[i] * b[i];
    return sum;
}

static void saxpy(float *restrict y, const float *restrict x, float a, int n) {
    for (int i = 0; i < n; i++) y[i] = a * x[i] + y[i];
}

static void clampf(float *x, float lo, float hi, int n) {
    for (int i = 0; i < n; i++) {
        float v = x[i];
        x[i] = v < lo ? lo : (v > hi ? hi : v);
    }
}

/* out[i] = (in[i-1] + 2 in[i] + in[i+1]) >> 2 */
static void filter3(int32_t *restrict out, const int32_t *restrict in, int n) {
    for (int i = 1; i < n - 1; i++) out[i] = (in[i - 1] + 2 * in[i] + in[i + 1]) >> 2;
}

int main(int argc, char **argv) {
    long rounds = argc > 1 ? atol(argv[1]) : 200;
    uint64_t state = 12345;
    for (int i = 0; i < N; i++) {
        uint64_t r = next(&state);
        a8[i] = (uint8_t)r;
        b8[i] = (uint8_t)(r >> 8);
        a16[i] = (int16_t)(r >> 16);
        b16[i] = (int16_t)(r >> 32);
        a32[i] = (int32_t)(r >> 24) >> 4;
        xf[i] = (float)((int)(r >> 40) % 2001) / 1000.0f - 1.0f;
        yf[i] = (float)((int)(r >> 20) % 2001) / 1000.0f - 1.0f;
    }
    uint64_t sum = 0;
    for (long r = 0; r < rounds; r++) {
        blend(out8, a8, b8, (unsigned)(r & 255), N);
        sum = mix(sum, sad(out8, b8, N));
        sum = mix(sum, count_byte(out8, N, (uint8_t)r));
        sum = mix(sum, (uint32_t)dot16(a16, b16, N));
        saxpy(yf, xf, 0.5f, N);
        clampf(yf, -4.0f, 4.0f, N);
        filter3(out32, a32, N);
        sum = mix(sum, (uint32_t)out32[r % (N - 2) + 1]);
        /* Feed back so that rounds differ. */
        a8[r % N] ^= out8[(r * 7) % N];
        a32[r % N] += out32[(r * 13) % (N - 2) + 1];
    }
    for (int i = 0; i < N; i++) {
        union { float f; uint32_t u; } pun = { yf[i] };
        sum = mix(sum, pun.u);
    }
    printf("kernels checksum %016llx\n", (unsigned long long)sum);
    return 0;
}
