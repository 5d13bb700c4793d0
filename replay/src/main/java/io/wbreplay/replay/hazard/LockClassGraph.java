package io.wbreplay.replay.hazard;

/**
 * kernel/locking/lockdep.c in miniature: the "taken while holding" order between lock classes, learnt
 * from what tasks actually do. An acquisition of B while A is held adds A -> B; if B already reaches A
 * the two orders can deadlock (a circular dependency), whether or not they ever met in time.
 */
final class LockClassGraph {
    private static final LockClass[] CLASSES = LockClass.values();
    /** after[a] has bit b when a -> b was seen. */
    private final int[] after = new int[CLASSES.length];
    private final String[] witness = new String[CLASSES.length * CLASSES.length];

    /**
     * Records {@code held -> taken}; returns null when the order is consistent, or a description of the
     * earlier opposite order when this one closes a cycle. {@code who} (the first witness of the order)
     * is kept only when the order is new; it may be null when the order was already seen.
     */
    String add(LockClass held, LockClass taken, String who) {
        if (held == taken) {
            return null; // nesting within a class is judged by the page-index rule
        }
        int a = held.ordinal();
        int b = taken.ordinal();
        if ((after[a] & (1 << b)) == 0) {
            after[a] |= 1 << b;
            witness[a * CLASSES.length + b] = who;
        }
        if (!reaches(b, a)) {
            return null;
        }
        int direct = b * CLASSES.length + a;
        String earlier = witness[direct] != null ? " (first by " + witness[direct] + ")" : " (through other classes)";
        return taken.label() + " taken while holding " + held.label() + ", but " + held.label()
                + " was taken while holding " + taken.label() + earlier;
    }

    /** True when a chain of recorded orders leads from {@code from} to {@code to}. */
    boolean reaches(int from, int to) {
        int seen = 1 << from;
        int frontier = after[from];
        while (frontier != 0) {
            if ((frontier & (1 << to)) != 0) {
                return true;
            }
            int next = 0;
            for (int c = 0; c < CLASSES.length; c++) {
                if ((frontier & (1 << c)) != 0 && (seen & (1 << c)) == 0) {
                    seen |= 1 << c;
                    next |= after[c];
                }
            }
            frontier = next & ~seen;
        }
        return false;
    }

    /** True once {@code taken} has been seen acquired while {@code held} was held. */
    boolean has(LockClass held, LockClass taken) {
        return (after[held.ordinal()] & (1 << taken.ordinal())) != 0;
    }
}
