package io.wbreplay.replay.driver;

import io.wbreplay.replay.block.DispatchListener;
import io.wbreplay.replay.block.Request;
import io.wbreplay.replay.metrics.DispatchSink;

/** Reports a request queue's D and C events to a {@link DispatchSink}, for the device numbered {@code device}. */
public final class SinkListener implements DispatchListener {
    private final DispatchSink sink;
    private final int device;

    public SinkListener(DispatchSink sink, int device) {
        this.sink = sink;
        this.device = device;
    }

    @Override
    public void onDispatch(long nowNs, Request rq) {
        sink.dispatch(nowNs, device, rq.op(), rq.sector(), rq.bytes(), rq.pid(), rq.origin());
    }

    @Override
    public void onComplete(long nowNs, Request rq) {
        sink.complete(nowNs, device, rq.op(), rq.sector(), rq.bytes(), rq.dispatchNs());
    }
}
