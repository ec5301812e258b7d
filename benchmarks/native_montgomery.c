/* Stark252 Montgomery multiplication on 4x64-bit limbs, native, for the benchmarks' limit figure.
 *
 * p = 2^251 + 17*2^192 + 1 = 1 + P3*2^192, so -1/p mod 2^64 = -1: each CIOS round's reduction
 * factor is m = -t0 and adding m*p touches limb 0 (a carry iff t0 != 0) and limb 3 (one product).
 * Prints the throughput (ns per multiplication) over independent products, and a checksum row
 * (a, b, a*b/R mod p for one pair, hex) for the caller to verify.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#if defined(__x86_64__) && defined(__BMI2__) && defined(__ADX__)
#include <x86intrin.h>
#define HAVE_MULX 1
#endif

typedef unsigned long long u64;
typedef unsigned __int128 u128;
#define P3 0x0800000000000011ULL

static inline void round_(const u64 *a, u64 b, u64 t[4]) {
#ifdef HAVE_MULX
    u64 lo, hi, h2, s1, s2, s3, m, r0, r1, r2, mh, ml;
    unsigned char c, k;
    lo = _mulx_u64(a[0], b, &hi);
    c = _addcarry_u64(0, lo, t[0], &lo); hi += c;
    m = -lo; k = lo != 0;
    s1 = _mulx_u64(a[1], b, &h2); c = _addcarry_u64(0, s1, hi, &s1); h2 += c;
    c = _addcarry_u64(0, s1, t[1], &s1); hi = h2 + c;
    k = _addcarry_u64(k, s1, 0, &r0);
    s2 = _mulx_u64(a[2], b, &h2); c = _addcarry_u64(0, s2, hi, &s2); h2 += c;
    c = _addcarry_u64(0, s2, t[2], &s2); hi = h2 + c;
    k = _addcarry_u64(k, s2, 0, &r1);
    s3 = _mulx_u64(a[3], b, &h2); c = _addcarry_u64(0, s3, hi, &s3); h2 += c;
    c = _addcarry_u64(0, s3, t[3], &s3); hi = h2 + c;
    ml = _mulx_u64(m, P3, &mh);
    c = _addcarry_u64(k, ml, s3, &r2); mh += c;
    t[0] = r0; t[1] = r1; t[2] = r2; t[3] = hi + mh;
#else
    u128 x = (u128)a[0] * b + t[0]; u64 m = -(u64)x; u64 c = (u64)x != 0;
    x = (u128)a[1] * b + t[1] + (u64)(x >> 64); u128 y = (u128)(u64)x + c; t[0] = (u64)y;
    x = (u128)a[2] * b + t[2] + (u64)(x >> 64); y = (u128)(u64)x + (u64)(y >> 64); t[1] = (u64)y;
    x = (u128)a[3] * b + t[3] + (u64)(x >> 64); y = (u128)m * P3 + (u64)x + (u64)(y >> 64);
    t[2] = (u64)y; t[3] = (u64)(x >> 64) + (u64)(y >> 64);
#endif
}

static inline void mont_mul(u64 *restrict r, const u64 *restrict a, const u64 *restrict b) {
    u64 t[4] = {0, 0, 0, 0}, s[4];
    round_(a, b[0], t); round_(a, b[1], t); round_(a, b[2], t); round_(a, b[3], t);
    u128 d = (u128)t[0] - 1; s[0] = (u64)d; u64 br = (u64)(d >> 64) & 1;   /* t - p */
    d = (u128)t[1] - br; s[1] = (u64)d; br = (u64)(d >> 64) & 1;
    d = (u128)t[2] - br; s[2] = (u64)d; br = (u64)(d >> 64) & 1;
    d = (u128)t[3] - P3 - br; s[3] = (u64)d; br = (u64)(d >> 64) & 1;
    for (int j = 0; j < 4; j++) r[j] = br ? t[j] : s[j];
}

static double cpu_seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

#define N 1024
static u64 A[N][4], B[N][4], R[N][4];

int main(int argc, char **argv) {
    long reps = argc > 1 ? atol(argv[1]) : 20000;
    u64 x = 88172645463325252ULL;
    for (int i = 0; i < N; i++)
        for (int j = 0; j < 4; j++) {
            x ^= x << 13; x ^= x >> 7; x ^= x << 17; A[i][j] = x;
            x ^= x << 13; x ^= x >> 7; x ^= x << 17; B[i][j] = x;
        }
    for (int i = 0; i < N; i++) { A[i][3] &= 0x07ffffffffffffffULL; B[i][3] &= 0x07ffffffffffffffULL; }
    double start = cpu_seconds();
    for (long k = 0; k < reps; k++) {
        for (int i = 0; i < N; i++) mont_mul(R[i], A[i], B[i]);
        A[k % N][0] ^= R[(k * 7) % N][1] & 0xff;   /* keep the loop from being hoisted */
    }
    double ns = (cpu_seconds() - start) / ((double)reps * N) * 1e9;
    printf("%.3f\n", ns);
    for (int j = 3; j >= 0; j--) printf("%016llx", A[3][j]); printf(" ");
    for (int j = 3; j >= 0; j--) printf("%016llx", B[3][j]); printf(" ");
    for (int j = 3; j >= 0; j--) printf("%016llx", R[3][j]); printf("\n");
    return 0;
}
