package io.wbreplay.traces.stats;

import com.fasterxml.jackson.core.JsonGenerator;
import io.wbreplay.traces.EventKind;
import io.wbreplay.traces.IoRecord;
import io.wbreplay.traces.Operation;
import io.wbreplay.traces.json.Decimal;
import io.wbreplay.traces.json.Json;
import java.io.IOException;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/** Renders {@link TraceStats} as an aligned text report or as one JSON object. */
public final class TraceStatsReport {
    private static final double[] PERCENTILES = {50, 90, 99, 99.9};

    private final TraceStats s;
    private final String source;
    private final String format;

    /** @param source the trace's file name, @param format its format's name (both shown as given) */
    public TraceStatsReport(TraceStats stats, String source, String format) {
        this.s = stats;
        this.source = source;
        this.format = format;
    }

    /** The device key used in both outputs, as btt writes it: {@code "8,0"}. */
    public static String deviceKey(int device) {
        return IoRecord.major(device) + "," + IoRecord.minor(device);
    }

    public String text() {
        StringBuilder b = new StringBuilder();
        line(b, "trace", source + " (" + format + ")");
        line(b, "records", group(s.records()) + (s.skipped() > 0 ? "  (" + group(s.skipped()) + " malformed skipped)" : "")
                + (s.ignored() > 0 ? "  (" + group(s.ignored()) + " other events ignored)" : ""));
        line(b, "duration", Decimal.fixed(s.durationNs() / 1e9, 9) + " s");
        EventKind io = s.ioKind();
        if (io == null) {
            return b.toString();
        }
        line(b, "I/O records", group(s.ios()) + " " + io.name() + " records that move data");
        line(b, "bytes", group(s.bytes()) + "  (" + human(s.bytes()) + ")");
        line(b, "reads", mix(io, Operation.READ));
        line(b, "writes", mix(io, Operation.WRITE));
        if (s.count(io, Operation.DISCARD) > 0) {
            line(b, "discards", mix(io, Operation.DISCARD));
        }

        b.append("\nrecords by kind and operation\n");
        b.append(String.format(Locale.ROOT, "  %-10s %-9s %15s %19s\n", "kind", "op", "records", "bytes"));
        for (EventKind k : EventKind.values()) {
            for (Operation op : Operation.values()) {
                if (s.count(k, op) > 0) {
                    b.append(String.format(Locale.ROOT, "  %-10s %-9s %15s %19s\n", k.name(), op.name(),
                            group(s.count(k, op)), group(s.bytes(k, op))));
                }
            }
        }

        Histogram h = s.sizes();
        if (h.getTotalCount() > 0) {
            b.append("\nrequest size (bytes, ").append(io.name()).append(" records)\n");
            b.append(String.format(Locale.ROOT, "  %-8s %14s\n", "min", group(s.minSize())));
            b.append(String.format(Locale.ROOT, "  %-8s %14s\n", "mean", Decimal.fixed(s.meanSize(), 1)));
            for (double p : PERCENTILES) {
                b.append(String.format(Locale.ROOT, "  %-8s %14s\n", "p" + trim(p), group(percentile(h, p))));
            }
            b.append(String.format(Locale.ROOT, "  %-8s %14s\n", "max", group(s.maxSize())));
            b.append(String.format(Locale.ROOT, "  %-20s %15s %8s\n", "size up to", "requests", "share"));
            long[] classes = s.sizeClasses();
            for (int k = 0; k < classes.length; k++) {
                if (classes[k] > 0) {
                    b.append(String.format(Locale.ROOT, "  %-20s %15s %7s%%\n", human(1L << Math.min(k, 62)), group(classes[k]),
                            Decimal.fixed(100.0 * classes[k] / h.getTotalCount(), 1)));
                }
            }
        }

        seekText(b, "device", s.deviceSeeks(), true);
        seekText(b, "file", s.fileSeeks(), false);
        return b.toString();
    }

    private void seekText(StringBuilder b, String what, BttSeekStats seeks, boolean devices) {
        int[] keys = seeks.devices();
        if (keys.length == 0) {
            return;
        }
        b.append("\nseek distance per ").append(what).append(" (btt, 512-byte sectors)\n");
        String fmt = "  %-12s %-5s %12s %18s %15s  %s\n";
        b.append(String.format(Locale.ROOT, fmt, what, "table", "NSEEKS", "MEAN", "MEDIAN", "MODE(count)"));
        for (int key : keys) {
            String name = devices ? deviceKey(key) : s.fileName(key);
            for (int t = 0; t < 2; t++) {
                SeekSummary sum = t == 0 ? seeks.q2q(key) : seeks.d2d(key);
                if (sum.nseeks() > 0) {
                    b.append(String.format(Locale.ROOT, fmt, name, t == 0 ? "Q2Q" : "D2D", sum.nseeks(),
                            sum.meanText(), sum.median(), sum.modeText()));
                }
            }
        }
    }

    private String mix(EventKind io, Operation op) {
        long n = s.count(io, op);
        long ios = s.ios();
        return group(n) + "  (" + Decimal.fixed(ios == 0 ? 0 : 100.0 * n / ios, 1) + " %)  " + human(s.bytes(io, op));
    }

    public String json() {
        return Json.write(this::json);
    }

    private void json(JsonGenerator w) throws IOException {
        w.writeStartObject();
        w.writeStringField("trace", source);
        w.writeStringField("format", format);
        w.writeNumberField("records", s.records());
        w.writeNumberField("skipped", s.skipped());
        w.writeNumberField("ignored", s.ignored());
        w.writeNumberField("firstNs", s.firstNs());
        w.writeNumberField("durationNs", s.durationNs());
        EventKind io = s.ioKind();
        w.writeStringField("ioKind", io == null ? null : io.name());
        w.writeNumberField("ios", s.ios());
        w.writeNumberField("bytes", s.bytes());
        for (Operation op : new Operation[] {Operation.READ, Operation.WRITE, Operation.DISCARD}) {
            w.writeObjectFieldStart(op.name().toLowerCase(Locale.ROOT) + "s");
            w.writeNumberField("count", io == null ? 0 : s.count(io, op));
            w.writeNumberField("bytes", io == null ? 0 : s.bytes(io, op));
            w.writeEndObject();
        }
        w.writeObjectFieldStart("kinds");
        for (EventKind k : EventKind.values()) {
            if (s.count(k) > 0) {
                w.writeObjectFieldStart(k.name());
                for (Operation op : Operation.values()) {
                    if (s.count(k, op) > 0) {
                        w.writeObjectFieldStart(op.name());
                        w.writeNumberField("count", s.count(k, op));
                        w.writeNumberField("bytes", s.bytes(k, op));
                        w.writeEndObject();
                    }
                }
                w.writeEndObject();
            }
        }
        w.writeEndObject();
        sizesJson(w, s);
        w.writeObjectFieldStart("devices");
        for (int dev : s.deviceSeeks().devices()) {
            w.writeFieldName(deviceKey(dev));
            seeksJson(w, s.deviceSeeks(), dev);
        }
        w.writeEndObject();
        w.writeObjectFieldStart("files");
        for (int file : s.fileSeeks().devices()) {
            w.writeFieldName(s.fileName(file));
            seeksJson(w, s.fileSeeks(), file);
        }
        w.writeEndObject();
        w.writeEndObject();
    }

    private static void sizesJson(JsonGenerator w, TraceStats s) throws IOException {
        Histogram h = s.sizes();
        w.writeObjectFieldStart("sizes");
        w.writeNumberField("count", h.getTotalCount());
        boolean any = h.getTotalCount() > 0;
        w.writeNumberField("min", s.minSize());
        w.writeFieldName("mean");
        Json.number(w, s.meanSize(), 3);
        for (double p : PERCENTILES) {
            w.writeNumberField("p" + trim(p), any ? percentile(h, p) : 0);
        }
        w.writeNumberField("max", s.maxSize());
        w.writeArrayFieldStart("buckets");
        long[] classes = s.sizeClasses();
        for (int k = 0; k < classes.length; k++) {
            if (classes[k] > 0) {
                w.writeStartObject();
                w.writeNumberField("upTo", k == 64 ? Long.MAX_VALUE : 1L << k);
                w.writeNumberField("count", classes[k]);
                w.writeEndObject();
            }
        }
        w.writeEndArray();
        w.writeEndObject();
    }

    private static void seeksJson(JsonGenerator w, BttSeekStats seeks, int key) throws IOException {
        w.writeStartObject();
        table(w, "q2q", seeks.q2q(key));
        table(w, "d2d", seeks.d2d(key));
        w.writeEndObject();
    }

    private static void table(JsonGenerator w, String name, SeekSummary t) throws IOException {
        w.writeObjectFieldStart(name);
        w.writeNumberField("nseeks", t.nseeks());
        w.writeFieldName("mean");
        Json.number(w, t.mean(), 9);
        w.writeNumberField("median", t.median());
        w.writeNumberField("mode", t.mode());
        w.writeNumberField("modeCount", t.modeCount());
        w.writeNumberField("nmodes", t.nmodes());
        w.writeEndObject();
    }

    /** The percentile as the lowest value of its HdrHistogram bucket: exact for sizes like 4096. */
    private static long percentile(Histogram h, double p) {
        return h.lowestEquivalentValue(h.getValueAtPercentile(p));
    }

    private static void line(StringBuilder b, String label, String value) {
        b.append(String.format(Locale.ROOT, "%-12s %s\n", label, value));
    }

    private static String group(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }

    private static String trim(double p) {
        return p == Math.rint(p) ? Long.toString((long) p) : Double.toString(p);
    }

    /** 4096 -> "4 KiB", 1536 -> "1.5 KiB". */
    static String human(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return Decimal.trimmed(v, 1) + " " + units[u];
    }
}
