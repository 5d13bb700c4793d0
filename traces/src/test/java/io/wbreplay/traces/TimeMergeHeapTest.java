package io.wbreplay.traces;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Three sources merged by time, ties to the lower source, worked by hand. */
class TimeMergeHeapTest {
    @Test
    void mergesByTimeAndBreaksTiesByIndex() {
        long[][] times = {{5, 9, 9}, {1, 9}, {5, 7}};
        int[] at = new int[3];
        TimeMergeHeap h = new TimeMergeHeap(3);
        for (int s = 0; s < 3; s++) {
            h.add(s, times[s][0]);
        }
        h.heapify();
        List<String> order = new ArrayList<>();
        while (!h.isEmpty()) {
            int s = h.top();
            order.add(s + "@" + times[s][at[s]]);
            if (++at[s] < times[s].length) {
                h.updateTop(times[s][at[s]]);
            } else {
                h.removeTop();
            }
        }
        // 1 (source 1); 5 from sources 0 and 2, source 0 first; 7 (2); 9 from 0, 0 and 1: source 0's two first
        assertThat(order).containsExactly("1@1", "0@5", "2@5", "2@7", "0@9", "0@9", "1@9");
    }

    @Test
    void anEmptyHeapStaysEmpty() {
        TimeMergeHeap h = new TimeMergeHeap(2);
        h.heapify();
        assertThat(h.isEmpty()).isTrue();
    }
}
