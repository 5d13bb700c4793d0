package io.wbreplay.replay.block;

import static org.assertj.core.api.Assertions.assertThat;

import io.wbreplay.replay.sim.IoOrigin;
import io.wbreplay.traces.IoRecord;
import io.wbreplay.traces.Operation;
import org.junit.jupiter.api.Test;

class BioSetTest {
    @Test
    void aBioPutBackComesAgainAsNew() {
        BioSet set = new BioSet();
        Bio b = set.alloc();
        b.sector = 8;
        b.bytes = 20 * 4096;
        b.op = Operation.READ;
        b.flags = IoRecord.SYNC;
        b.origin = IoOrigin.READ;
        b.endIo = (bio, now) -> { };
        b.queuedNs = 5;
        for (int p = 0; p < 20; p++) {
            b.addPage(100 + p);
        }
        set.put(b);
        Bio again = set.alloc();
        assertThat(again).isSameAs(b);
        Bio fresh = new Bio();
        assertThat(again).usingRecursiveComparison().ignoringFields("more").isEqualTo(fresh);
        again.addPage(7);
        again.addPage(9);
        assertThat(again.nrPages()).isEqualTo(2);
        assertThat(again.page(1)).isEqualTo(9);
        assertThat(set.alloc()).isNotSameAs(b); // the set was empty again
    }
}
