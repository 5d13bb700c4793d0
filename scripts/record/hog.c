/* Memory hog for record-reclaim.sh: pins anonymous memory until MemAvailable is near a target,
 * then sleeps; gives back 256 MiB whenever MemAvailable drops below a floor (other users' safety).
 * SIGUSR1 tops it up to the target again (after record-reclaim.sh --settle freed page cache). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <signal.h>
#include <sys/mman.h>

#define CHUNK (64UL << 20)
static volatile sig_atomic_t topup;
static void on_usr1(int sig) { (void)sig; topup = 1; }
static long avail_kb(void) {
    FILE *f = fopen("/proc/meminfo", "r"); char line[256]; long v = -1;
    while (f && fgets(line, sizeof line, f)) if (sscanf(line, "MemAvailable: %ld kB", &v) == 1) break;
    if (f) fclose(f);
    return v;
}
int main(int argc, char **argv) {
    if (argc != 3) { fprintf(stderr, "usage: hog TARGET_AVAIL_MIB FLOOR_MIB\n"); return 2; }
    long target = atol(argv[1]) * 1024, floor_kb = atol(argv[2]) * 1024;
    static char *chunks[4096]; int n = 0;
    signal(SIGUSR1, on_usr1);
    for (topup = 1;;) {
        if (topup) {
            while (n < 4096 && avail_kb() - (long)(CHUNK >> 10) > target) {
                char *p = mmap(NULL, CHUNK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
                if (p == MAP_FAILED) break;
                memset(p, 1, CHUNK); chunks[n++] = p;
            }
            topup = 0;
            printf("hog: pinned %d MiB, MemAvailable %ld MiB\n", n * 64, avail_kb() / 1024); fflush(stdout);
        }
        usleep(100000);
        while (n > 0 && avail_kb() < floor_kb) {
            for (int i = 0; i < 4 && n > 0; i++) munmap(chunks[--n], CHUNK);
            printf("hog: below floor, released to %d MiB, MemAvailable %ld MiB\n", n * 64, avail_kb() / 1024);
            fflush(stdout);
        }
    }
}
