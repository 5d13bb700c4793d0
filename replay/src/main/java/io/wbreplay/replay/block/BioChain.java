package io.wbreplay.replay.block;

/**
 * block/bio.c bio_chain(): the pieces bio_split_to_limits() cut from a bio larger than the queue's
 * max_sectors end it, its pages and all, when the last of them completes.
 */
final class BioChain implements BioEndIo {
    private final Bio parent;
    private int remaining;

    BioChain(Bio parent, int pieces) {
        this.parent = parent;
        this.remaining = pieces;
    }

    @Override
    public void endIo(Bio piece, long nowNs) {
        if (--remaining == 0 && parent.endIo != null) {
            parent.endIo.endIo(parent, nowNs);
        }
    }
}
