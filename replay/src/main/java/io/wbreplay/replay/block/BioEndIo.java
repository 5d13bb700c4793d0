package io.wbreplay.replay.block;

/** bio->bi_end_io: told when the device has completed a bio (end_page_writeback for its pages). */
@FunctionalInterface
public interface BioEndIo {
    void endIo(Bio bio, long nowNs);
}
