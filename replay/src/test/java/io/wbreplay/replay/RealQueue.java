package io.wbreplay.replay;

import io.wbreplay.replay.block.DispatchListener;
import io.wbreplay.replay.block.Elevators;
import io.wbreplay.replay.block.QueueConfig;
import io.wbreplay.replay.block.Request;
import io.wbreplay.replay.block.RequestQueue;
import io.wbreplay.replay.device.DeviceQueue;
import io.wbreplay.replay.device.Devices;
import io.wbreplay.replay.driver.BlockQueueFactory;

/** The real block layer for tests: deadline elevator, nr_requests 128, a rotating disk. */
public final class RealQueue {
    private RealQueue() {
    }

    public static BlockQueueFactory hddDeadline() {
        return (loop, sink) -> {
            RequestQueue q = new RequestQueue(loop, new DeviceQueue(Devices.create("hdd")), Elevators.create("deadline"), QueueConfig.DEFAULT);
            q.addListener(new DispatchListener() {
                @Override
                public void onDispatch(long nowNs, Request rq) {
                    sink.dispatch(nowNs, 1, rq.op(), rq.sector(), rq.bytes(), rq.pid(), rq.origin());
                }

                @Override
                public void onComplete(long nowNs, Request rq) {
                    sink.complete(nowNs, 1, rq.op(), rq.sector(), rq.bytes(), rq.dispatchNs());
                }
            });
            return q;
        };
    }
}
