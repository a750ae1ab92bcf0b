// LD_PRELOAD shim used for benchmarks/profiles/pkcs11.md (section 4). Not part of any build.
// LD_PRELOAD shim: how long SoftHSM holds and waits for its pthread mutexes (only calls made from libsofthsm2).
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <time.h>
#include <stdatomic.h>
static int (*real_lock)(pthread_mutex_t *);
static int (*real_unlock)(pthread_mutex_t *);
static atomic_long n_lock, wait_ns, hold_ns, max_hold, n_contended;
static __thread struct { void *m; long t; long c; } held[32];
#define NM 4096
static struct { void *m; atomic_long n, cpu, wall; } per[NM];
static long cpunow(void) { struct timespec ts; clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts); return ts.tv_sec * 1000000000L + ts.tv_nsec; }
static __thread int nheld;
static __thread struct { void *ra; int yes; } cache[64];
static __thread int in_shim;
static long now(void) { struct timespec ts; clock_gettime(CLOCK_MONOTONIC, &ts); return ts.tv_sec * 1000000000L + ts.tv_nsec; }
static int from_softhsm(void *ra) {
    unsigned h = ((unsigned long) ra >> 4) & 63;
    if (cache[h].ra == ra) return cache[h].yes;
    Dl_info info; int yes = 0;
    in_shim = 1;
    if (dladdr(ra, &info) && info.dli_fname && strstr(info.dli_fname, "softhsm")) yes = 1;
    in_shim = 0;
    cache[h].ra = ra; cache[h].yes = yes;
    return yes;
}
static void init(void) {
    if (!real_lock) { real_lock = dlsym(RTLD_NEXT, "pthread_mutex_lock"); real_unlock = dlsym(RTLD_NEXT, "pthread_mutex_unlock"); }
}
int pthread_mutex_lock(pthread_mutex_t *m) {
    init();
    void *ra = __builtin_return_address(0);
    if (in_shim || !from_softhsm(ra)) return real_lock(m);
    long t0 = now();
    int rc = real_lock(m);
    long t1 = now();
    atomic_fetch_add(&n_lock, 1);
    atomic_fetch_add(&wait_ns, t1 - t0);
    if (t1 - t0 > 2000) atomic_fetch_add(&n_contended, 1);
    if (nheld < 32) { held[nheld].m = m; held[nheld].t = t1; held[nheld].c = nheld == 0 ? cpunow() : -1; nheld++; }
    return rc;
}
int pthread_mutex_unlock(pthread_mutex_t *m) {
    init();
    for (int i = nheld - 1; i >= 0; i--) {
        if (held[i].m == m) {
            long d = now() - held[i].t;
            if (held[i].c < 0) { held[i] = held[nheld - 1]; nheld--; break; } // nested: not timed (no clock calls inside the outer hold)
            long dc = cpunow() - held[i].c;
            unsigned h = ((unsigned long) m >> 3) % NM;
            for (int k = 0; k < NM; k++, h = (h + 1) % NM) {
                void *cur = per[h].m;
                if (cur == m || (cur == NULL && __sync_bool_compare_and_swap(&per[h].m, NULL, m))) {
                    atomic_fetch_add(&per[h].n, 1); atomic_fetch_add(&per[h].cpu, dc); atomic_fetch_add(&per[h].wall, d); break;
                }
            }
            atomic_fetch_add(&hold_ns, d);
            long mx = atomic_load(&max_hold);
            while (d > mx && !atomic_compare_exchange_weak(&max_hold, &mx, d)) {}
            held[i] = held[nheld - 1]; nheld--;
            break;
        }
    }
    return real_unlock(m);
}
__attribute__((destructor)) static void report(void) {
    const char *f = getenv("MUTEXPROF_OUT");
    FILE *o = f ? fopen(f, "w") : stderr;
    if (!o) return;
    fprintf(o, "softhsm_mutex_locks=%ld held_ns=%ld wait_ns=%ld contended_over_2us=%ld max_hold_ns=%ld\n",
            (long) n_lock, (long) hold_ns, (long) wait_ns, (long) n_contended, (long) max_hold);
    for (int k = 0; k < NM; k++) if (per[k].m) fprintf(o, "mutex %p n=%ld cpu_ns=%ld wall_ns=%ld\n", per[k].m, (long) per[k].n, (long) per[k].cpu, (long) per[k].wall);
    if (f) fclose(o);
}
