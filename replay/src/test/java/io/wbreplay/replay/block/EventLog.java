package io.wbreplay.replay.block;

import java.util.ArrayList;
import java.util.List;

/** Records every block-layer event as a short line, e.g. {@code "D 5 1000+16"} (time in ns). */
final class EventLog implements DispatchListener {
    final List<String> lines = new ArrayList<>();

    @Override
    public void onQueue(long nowNs, Bio bio) {
        lines.add("Q " + nowNs + " " + bio.sector + "+" + (bio.bytes >>> 9));
    }

    @Override
    public void onMerge(long nowNs, Bio bio, Request rq, boolean front) {
        lines.add((front ? "F " : "M ") + nowNs + " " + bio.sector + "+" + (bio.bytes >>> 9));
    }

    @Override
    public void onGetRequest(long nowNs, Bio bio, Request rq) {
        lines.add("G " + nowNs + " " + bio.sector + "+" + (bio.bytes >>> 9));
    }

    @Override
    public void onSleep(long nowNs, Bio bio) {
        lines.add("S " + nowNs + " " + bio.sector + "+" + (bio.bytes >>> 9));
    }

    @Override
    public void onInsert(long nowNs, Request rq) {
        lines.add("I " + nowNs + " " + rq.sector() + "+" + rq.sectors());
    }

    @Override
    public void onDispatch(long nowNs, Request rq) {
        lines.add("D " + nowNs + " " + rq.sector() + "+" + rq.sectors());
    }

    @Override
    public void onComplete(long nowNs, Request rq) {
        lines.add("C " + nowNs + " " + rq.sector() + "+" + rq.sectors());
    }

    /** The lines of one kind, e.g. {@code of("D")}. */
    List<String> of(String kind) {
        List<String> out = new ArrayList<>();
        for (String l : lines) {
            if (l.startsWith(kind + " ")) {
                out.add(l);
            }
        }
        return out;
    }

    /** Just "sector+sectors" of the dispatches, in order. */
    List<String> dispatchedExtents() {
        List<String> out = new ArrayList<>();
        for (String l : of("D")) {
            out.add(l.substring(l.lastIndexOf(' ') + 1));
        }
        return out;
    }
}
