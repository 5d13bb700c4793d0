package io.wbreplay.reports;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * Independent simulations on a pool of threads (the cells of a sweep, the strategies of
 * {@code replay --strategy all}): results in input order, whatever order they finish in.
 */
public final class Parallel {
    /** The work on one item. */
    @FunctionalInterface
    public interface Work<T, R> {
        R apply(T item) throws Exception;
    }

    /** The work on item {@link #index()} failed with {@link #getCause()}. */
    public static final class ItemFailed extends Exception {
        private final int index;

        ItemFailed(int index, Throwable cause) {
            super(cause);
            this.index = index;
        }

        public int index() {
            return index;
        }
    }

    private Parallel() {
    }

    /**
     * Applies {@code work} to every item with {@code threads} workers; {@code done} is told the count of
     * finished items after each. The first failure in input order is thrown; the rest are cancelled.
     */
    public static <T, R> List<R> map(List<T> items, int threads, Work<T, R> work, IntConsumer done)
            throws ItemFailed, InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, items.size())), r -> {
            Thread t = new Thread(r, "wbreplay-run");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<R>> futures = new ArrayList<>();
            int[] finished = {0};
            for (T item : items) {
                futures.add(pool.submit(() -> {
                    R r = work.apply(item);
                    synchronized (finished) {
                        done.accept(++finished[0]);
                    }
                    return r;
                }));
            }
            List<R> results = new ArrayList<>();
            for (int i = 0; i < futures.size(); i++) {
                try {
                    results.add(futures.get(i).get());
                } catch (ExecutionException e) {
                    throw new ItemFailed(i, e.getCause());
                }
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
