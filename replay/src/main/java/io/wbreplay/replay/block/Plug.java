package io.wbreplay.replay.block;

/**
 * include/linux/blkdev.h: struct blk_plug, a task's private list of requests held back between
 * blk_start_plug() and blk_finish_plug() so that its bios merge before the elevator sees them. Nested
 * plugs count depth: only the outermost finish flushes, as in the kernel.
 */
final class Plug {
    /** BLK_MAX_REQUEST_COUNT: a plug holding this many requests is flushed before it takes another. */
    static final int MAX_REQUEST_COUNT = 16;

    final RequestList list = new RequestList();
    int depth;
}
