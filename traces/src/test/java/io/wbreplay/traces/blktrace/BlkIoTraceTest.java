package io.wbreplay.traces.blktrace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wbreplay.traces.EventKind;
import io.wbreplay.traces.IoRecord;
import io.wbreplay.traces.Operation;
import org.junit.jupiter.api.Test;

/** Category bits and action codes, checked against values spelled out from blktrace_api.h. */
class BlkIoTraceTest {
    private static IoRecord decoded(int categories, long bytes) {
        IoRecord r = new IoRecord();
        BlkIoTrace.decode(categories, bytes, r);
        return r;
    }

    @Test
    void decodesCategoryBits() {
        // 0x0811 = READ | QUEUE | AHEAD: the public sample's readahead queue events
        assertThat(decoded(0x0811, 4096)).extracting(r -> r.op, r -> r.flags).containsExactly(Operation.READ, IoRecord.READAHEAD);
        // 0x800e = WRITE | FLUSH | SYNC | FUA with data: a preflush FUA write
        assertThat(decoded(0x800e, 4096)).extracting(r -> r.op, r -> r.flags)
                .containsExactly(Operation.WRITE, IoRecord.SYNC | IoRecord.FUA | IoRecord.PREFLUSH);
        // the same with no data: an empty flush
        assertThat(decoded(0x000e, 0)).extracting(r -> r.op, r -> r.flags).containsExactly(Operation.FLUSH, IoRecord.SYNC);
        // 0x2002 = DISCARD | WRITE (a discard is a write to op_is_write)
        assertThat(decoded(0x2002, 1 << 20).op).isEqualTo(Operation.DISCARD);
        // 0x1002 = WRITE | META
        assertThat(decoded(0x1002, 512)).extracting(r -> r.op, r -> r.flags).containsExactly(Operation.WRITE, IoRecord.META);
    }

    @Test
    void encodesTheKernelsBits() {
        assertThat(BlkIoTrace.encode(Operation.READ, IoRecord.READAHEAD)).isEqualTo(0x0801);
        assertThat(BlkIoTrace.encode(Operation.WRITE, IoRecord.SYNC | IoRecord.META)).isEqualTo(0x100a);
        assertThat(BlkIoTrace.encode(Operation.DISCARD, 0)).isEqualTo(0x2002);
        assertThat(BlkIoTrace.encode(Operation.FLUSH, 0)).isEqualTo(0x0005);
        assertThat(BlkIoTrace.encode(Operation.WRITE, IoRecord.PREFLUSH | IoRecord.FUA)).isEqualTo(0x8006);
        assertThatThrownBy(() -> BlkIoTrace.encode(Operation.FSYNC, 0)).hasMessageContaining("FSYNC");
    }

    @Test
    void encodeThenDecodeKeepsEveryOperationAndFlag() {
        Operation[] ops = {Operation.READ, Operation.WRITE, Operation.DISCARD, Operation.FLUSH};
        for (Operation op : ops) {
            for (int flags = 0; flags < 32; flags++) {
                if (op == Operation.FLUSH && (flags & IoRecord.PREFLUSH) != 0) {
                    continue; // a flush's own bit is the preflush bit
                }
                IoRecord r = decoded(BlkIoTrace.encode(op, flags), op == Operation.FLUSH ? 0 : 4096);
                assertThat(r.op).as("%s %d", op, flags).isEqualTo(op);
                assertThat(r.flags).as("%s %d", op, flags).isEqualTo(flags);
            }
        }
    }

    @Test
    void actionCodesFollowTheKernelEnum() {
        assertThat(BlkIoTrace.kind(1)).isEqualTo(EventKind.QUEUE);
        assertThat(BlkIoTrace.kind(7)).isEqualTo(EventKind.ISSUE);
        assertThat(BlkIoTrace.kind(15)).isEqualTo(EventKind.REMAP);
        assertThat(BlkIoTrace.kind(17)).isEqualTo(EventKind.DRV_DATA);
        assertThat(BlkIoTrace.kind(0)).isNull();
        assertThat(BlkIoTrace.kind(18)).isNull();
        assertThat(BlkIoTrace.actionCode(EventKind.COMPLETE)).isEqualTo(8);
        assertThat(BlkIoTrace.actionCode(EventKind.MESSAGE)).isEqualTo(-1);
    }
}
