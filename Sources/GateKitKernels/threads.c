// A small pool of worker threads for splitting large matrix products. The workers are
// started on first use and live as long as the process. One parallel region runs at a
// time; a caller that finds the pool busy (another thread's product) runs on its own.
//
// Synchronization: `task` is a plain struct, written only by the caller holding
// `pool_lock` before it increments `generation` (release) and read by a worker after it
// loads the new generation (acquire). Every worker decrements `pending` exactly once per
// region (acq_rel) after it has read `task` and finished its part; the caller waits for
// `pending == 0` (acquire) before it releases `pool_lock`, so no worker still reads `task`
// or writes C when the next region writes `task` or the caller returns.
#include "kernels_internal.h"

#include <pthread.h>
#include <stdatomic.h>

#define GK_MAX_WORKERS 63

typedef struct {
  gk_parallel_body body;
  void *context;
  int parts;
} gk_task;

static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;  // one region at a time
static pthread_mutex_t state_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t work_ready = PTHREAD_COND_INITIALIZER;
static pthread_cond_t work_done = PTHREAD_COND_INITIALIZER;
static gk_task task;
static atomic_long generation = 0;  // incremented for every region
static atomic_int pending = 0;      // parts not yet finished by workers
static int started = 0;             // workers running (under state_lock)

/// What a worker starts with: its part index and the last region it must not run.
typedef struct {
  int index;
  long seen;
} gk_worker_start;

static gk_worker_start starts[GK_MAX_WORKERS + 1];  // written under state_lock before the
                                                    // thread starts (pthread_create orders it)

static void *worker(void *argument) {
  const gk_worker_start *start = argument;
  int index = start->index;
  // A worker started while the caller holds `pool_lock` must neither run an earlier region
  // (its task and context are gone) nor count itself out of one: it waits for the region
  // after the generation current at its creation. (Starting from 0 made a late-started
  // worker run the previous region's body on freed context and decrement `pending` twice.)
  long seen = start->seen;
  for (;;) {
    // Spin briefly for the next region (products come back to back in training), then sleep.
    long current = atomic_load_explicit(&generation, memory_order_acquire);
    for (int spin = 0; current == seen && spin < 20000; spin++) {
#if defined(__x86_64__) || defined(__i386__)
      __builtin_ia32_pause();
#endif
      current = atomic_load_explicit(&generation, memory_order_acquire);
    }
    if (current == seen) {
      pthread_mutex_lock(&state_lock);
      while ((current = atomic_load_explicit(&generation, memory_order_acquire)) == seen) {
        pthread_cond_wait(&work_ready, &state_lock);
      }
      pthread_mutex_unlock(&state_lock);
    }
    seen = current;
    gk_task now = task;  // published before the generation was incremented
    if (index < now.parts) now.body(now.context, index);
    if (atomic_fetch_sub_explicit(&pending, 1, memory_order_acq_rel) == 1) {
      pthread_mutex_lock(&state_lock);
      pthread_cond_signal(&work_done);
      pthread_mutex_unlock(&state_lock);
    }
  }
  return NULL;
}

/// Starts workers until `count` run; returns how many do.
static int ensure_workers(int count) {
  pthread_mutex_lock(&state_lock);
  while (started < count && started < GK_MAX_WORKERS) {
    pthread_t thread;
    pthread_attr_t attributes;
    pthread_attr_init(&attributes);
    pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
    // Called only with pool_lock held, so `generation` cannot move until the region starts.
    gk_worker_start *start = &starts[started + 1];
    start->index = started + 1;
    start->seen = atomic_load_explicit(&generation, memory_order_relaxed);
    int failed = pthread_create(&thread, &attributes, worker, start);
    pthread_attr_destroy(&attributes);
    if (failed) break;
    started++;
  }
  int running = started;
  pthread_mutex_unlock(&state_lock);
  return running;
}

int gk_parallel(gk_parallel_body body, void *context, int parts) {
  if (parts <= 1 || pthread_mutex_trylock(&pool_lock) != 0) return 0;
  int workers = ensure_workers(parts - 1);
  if (workers < parts - 1) {
    pthread_mutex_unlock(&pool_lock);
    return 0;
  }
  task = (gk_task){body, context, parts};
  atomic_store_explicit(&pending, workers, memory_order_relaxed);
  pthread_mutex_lock(&state_lock);
  atomic_fetch_add_explicit(&generation, 1, memory_order_release);
  pthread_cond_broadcast(&work_ready);
  pthread_mutex_unlock(&state_lock);
  body(context, 0);
  // Every worker decrements `pending` once per region (those beyond `parts` do nothing).
  for (int spin = 0; atomic_load_explicit(&pending, memory_order_acquire) > 0 && spin < 200000; spin++) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
  }
  if (atomic_load_explicit(&pending, memory_order_acquire) > 0) {
    pthread_mutex_lock(&state_lock);
    while (atomic_load_explicit(&pending, memory_order_acquire) > 0) pthread_cond_wait(&work_done, &state_lock);
    pthread_mutex_unlock(&state_lock);
  }
  pthread_mutex_unlock(&pool_lock);
  return 1;
}
