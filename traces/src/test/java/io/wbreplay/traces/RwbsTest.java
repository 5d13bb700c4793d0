package io.wbreplay.traces;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** RWBS as the kernel (blk_fill_rwbs) and blkparse (fill_rwbs) print it; expectations from those functions. */
class RwbsTest {
    private final IoRecord r = new IoRecord();

    private int decode(String letters) {
        TextLine line = TextLine.of(" " + letters + " ");
        return Rwbs.decode(line, 1, 1 + letters.length(), r);
    }

    private void assertIo(String letters, Operation op, int flags) {
        assertThat(decode(letters)).as(letters).isEqualTo(Rwbs.IO);
        assertThat(r.op).as(letters).isEqualTo(op);
        assertThat(r.flags).as(letters).isEqualTo(flags);
    }

    @Test
    void operationsAndFlagsInPrintOrder() {
        assertIo("R", Operation.READ, 0);
        assertIo("RA", Operation.READ, IoRecord.READAHEAD);
        assertIo("WS", Operation.WRITE, IoRecord.SYNC);
        assertIo("RM", Operation.READ, IoRecord.META);
        assertIo("FWFSM", Operation.WRITE, IoRecord.PREFLUSH | IoRecord.FUA | IoRecord.SYNC | IoRecord.META);
        assertIo("D", Operation.DISCARD, 0);
        assertIo("DE", Operation.DISCARD, 0); // REQ_OP_SECURE_ERASE
        assertIo("WZ", Operation.DISCARD, 0); // REQ_OP_WRITE_ZEROES
        assertIo("WSU", Operation.WRITE, IoRecord.SYNC); // U: REQ_ATOMIC on newer kernels, skipped
    }

    @Test
    void flushesAsEitherPrinterShowsThem() {
        assertIo("F", Operation.FLUSH, 0); // kernel: REQ_OP_FLUSH
        assertIo("FF", Operation.FLUSH, IoRecord.PREFLUSH); // kernel: REQ_OP_FLUSH | REQ_PREFLUSH
        assertIo("FN", Operation.FLUSH, 0); // blkparse: BLK_TC_FLUSH, read direction, no data
    }

    @Test
    void noDataOperationsAreValidButNotIo() {
        assertThat(decode("N")).isEqualTo(Rwbs.NOT_IO);
        assertThat(r.op).isEqualTo(Operation.READ);
        assertThat(decode("NS")).isEqualTo(Rwbs.NOT_IO);
        assertThat(r.flags).isEqualTo(IoRecord.SYNC);
        assertThat(decode("ZR")).isEqualTo(Rwbs.NOT_IO); // zone reset
    }

    @Test
    void otherTextIsInvalid() {
        assertThat(decode("")).isEqualTo(Rwbs.INVALID);
        assertThat(decode("X")).isEqualTo(Rwbs.INVALID);
        assertThat(decode("XW")).isEqualTo(Rwbs.INVALID);
        assertThat(decode("W1")).isEqualTo(Rwbs.INVALID);
        assertThat(decode("7x")).isEqualTo(Rwbs.INVALID);
    }
}
