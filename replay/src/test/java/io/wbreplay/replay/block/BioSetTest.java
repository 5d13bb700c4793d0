package io.wbreplay.replay.block;

import static org.assertj.core.api.Assertions.assertThat;

import io.wbreplay.replay.sim.IoOrigin;
import io.wbreplay.traces.IoRecord;
import io.wbreplay.traces.Operation;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
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

    /**
     * Every field of primitive or enum type (a field added to Bio later too) set away from its default
     * comes back from the set as in a new bio: reset() must know every field, else a recycled bio would
     * carry its last use's state into the next.
     */
    @Test
    void resetCoversEveryPrimitiveAndEnumField() throws IllegalAccessException {
        BioSet set = new BioSet();
        Bio b = set.alloc();
        Bio fresh = new Bio();
        int changed = 0;
        for (Field f : Bio.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers())) {
                continue;
            }
            f.setAccessible(true);
            Class<?> t = f.getType();
            if (t == long.class) {
                f.setLong(b, f.getLong(fresh) + 12345);
            } else if (t == int.class) {
                f.setInt(b, f.getInt(fresh) + 7);
            } else if (t == boolean.class) {
                f.setBoolean(b, !f.getBoolean(fresh));
            } else if (t.isEnum()) {
                Object[] values = t.getEnumConstants();
                Object was = f.get(fresh);
                f.set(b, values[0] == was ? values[values.length - 1] : values[0]);
            } else {
                continue;
            }
            changed++;
        }
        assertThat(changed).isGreaterThanOrEqualTo(7);
        set.put(b);
        assertThat(set.alloc()).isSameAs(b).usingRecursiveComparison().ignoringFields("more").isEqualTo(fresh);
    }
}
