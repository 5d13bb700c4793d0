package io.wbreplay.replay.vmscan;

/**
 * What page reclaim does with a dirty page it wants to free: the one decision the strategies differ
 * in. Each strategy is one small class; {@link ReclaimStrategies} lists them by name.
 *
 * <p>Called from shrink_page_list() with the page locked, isolated from the LRU (reclaim holds a
 * reference) and dirty, not under writeback, and not recently referenced. A strategy that submits I/O
 * and finds the queue full ({@link Reclaimer#submitBio} returned false) must return at once; reclaim
 * resumes with the next page when the task runs again.
 */
public interface ReclaimWritebackStrategy {
    /** The name users pass to {@code --strategy}. */
    String name();

    PageoutResult pageout(Reclaimer reclaimer, int page, ScanControl sc);
}
