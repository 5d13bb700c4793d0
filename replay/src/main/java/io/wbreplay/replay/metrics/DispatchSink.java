package io.wbreplay.replay.metrics;

import io.wbreplay.replay.sim.IoOrigin;
import io.wbreplay.traces.Operation;

/**
 * Where the block layer reports what it sends to the device (D) and what the device completes (C),
 * for the metrics and for the dispatch blktrace. The block layer's own listener is adapted to this.
 */
public interface DispatchSink {
    /** D: a request of {@code bytes} at {@code sector} was issued to the device. */
    void dispatch(long nowNs, int device, Operation op, long sector, int bytes, int pid, IoOrigin origin);

    /** C: a request completed; {@code dispatchNs} is when it was issued. */
    void complete(long nowNs, int device, Operation op, long sector, int bytes, long dispatchNs);

    /** Both sinks, in order. */
    static DispatchSink tee(DispatchSink a, DispatchSink b) {
        return new DispatchSink() {
            @Override
            public void dispatch(long nowNs, int device, Operation op, long sector, int bytes, int pid, IoOrigin origin) {
                a.dispatch(nowNs, device, op, sector, bytes, pid, origin);
                b.dispatch(nowNs, device, op, sector, bytes, pid, origin);
            }

            @Override
            public void complete(long nowNs, int device, Operation op, long sector, int bytes, long dispatchNs) {
                a.complete(nowNs, device, op, sector, bytes, dispatchNs);
                b.complete(nowNs, device, op, sector, bytes, dispatchNs);
            }
        };
    }
}
