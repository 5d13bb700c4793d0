package io.wbreplay.traces.tracepoint;

import io.wbreplay.traces.EventKind;
import io.wbreplay.traces.TextLine;
import java.nio.charset.StandardCharsets;

/**
 * The block tracepoints read as records (include/trace/events/block.h), each with the blktrace action
 * it corresponds to and the layout its TP_printk gives the body. block_plug and block_unplug name no
 * device and block_rq_error repeats block_rq_complete: like the buffer-head events they are skipped.
 */
enum BlockEvent {
    BLOCK_BIO_QUEUE(EventKind.QUEUE, Body.BIO),
    BLOCK_BIO_BACKMERGE(EventKind.BACKMERGE, Body.BIO),
    BLOCK_BIO_FRONTMERGE(EventKind.FRONTMERGE, Body.BIO),
    BLOCK_BIO_BOUNCE(EventKind.BOUNCE, Body.BIO),
    BLOCK_GETRQ(EventKind.GETRQ, Body.BIO),
    BLOCK_SLEEPRQ(EventKind.SLEEPRQ, Body.BIO),
    BLOCK_BIO_COMPLETE(EventKind.COMPLETE, Body.BIO_ERROR),
    BLOCK_RQ_INSERT(EventKind.INSERT, Body.RQ),
    BLOCK_RQ_ISSUE(EventKind.ISSUE, Body.RQ),
    BLOCK_RQ_COMPLETE(EventKind.COMPLETE, Body.RQ_ERROR),
    BLOCK_RQ_REQUEUE(EventKind.REQUEUE, Body.RQ_ERROR),
    BLOCK_SPLIT(EventKind.SPLIT, Body.SPLIT),
    BLOCK_BIO_REMAP(EventKind.REMAP, Body.REMAP),
    BLOCK_RQ_REMAP(EventKind.REMAP, Body.REMAP);

    /** Body layouts, after the TP_printk formats. */
    enum Body {
        /** {@code "%d,%d %s %llu + %u [%s]"} (block_bio class). */
        BIO("MAJ,MIN RWBS SECTOR + SECTORS [COMM]"),
        /** {@code "%d,%d %s %llu + %u [%d]"} (block_bio_complete). */
        BIO_ERROR("MAJ,MIN RWBS SECTOR + SECTORS [ERROR]"),
        /** {@code "%d,%d %s %u (%s) %llu + %u [%s,%u,%u] [%s]"} (block_rq class; ioprio on newer kernels). */
        RQ("MAJ,MIN RWBS BYTES (CMD) SECTOR + SECTORS [IOPRIO] [COMM]"),
        /** {@code "%d,%d %s (%s) %llu + %u [%s,%u,%u] [%d]"} (block_rq_completion, block_rq_requeue). */
        RQ_ERROR("MAJ,MIN RWBS (CMD) SECTOR + SECTORS [IOPRIO] [ERROR]"),
        /** {@code "%d,%d %s %llu / %llu [%s]"} (block_split): the new bio's sector, no size. */
        SPLIT("MAJ,MIN RWBS SECTOR / NEW-SECTOR [COMM]"),
        /** {@code "%d,%d %s %llu + %u <- (%d,%d) %llu"} (block_bio_remap, block_rq_remap): the target. */
        REMAP("MAJ,MIN RWBS SECTOR + SECTORS <- (MAJ,MIN) SECTOR");

        /** The layout in words, for messages. */
        final String layout;

        Body(String layout) {
            this.layout = layout;
        }
    }

    private static final BlockEvent[] VALUES = values();

    final EventKind kind;
    final Body body;
    /** The tracepoint name as printed. */
    final byte[] name;

    BlockEvent(EventKind kind, Body body) {
        this.kind = kind;
        this.body = body;
        this.name = name().toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
    }

    String tracepoint() {
        return new String(name, StandardCharsets.US_ASCII);
    }

    /** The event named by line bytes {@code [from, to)}, or null if it is not one read as records. */
    static BlockEvent of(TextLine line, int from, int to) {
        for (BlockEvent e : VALUES) {
            if (line.regionEquals(from, to, e.name)) {
                return e;
            }
        }
        return null;
    }
}
