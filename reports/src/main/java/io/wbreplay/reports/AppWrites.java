package io.wbreplay.reports;

import io.wbreplay.traces.IoRecord;
import io.wbreplay.traces.Operation;
import io.wbreplay.traces.ReadOptions;
import io.wbreplay.traces.TraceFormatException;
import io.wbreplay.traces.TraceReader;
import io.wbreplay.traces.formats.TraceFormats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/** What a recording's application-level trace (app.csv or fio's iolog, gzip or plain) writes: bytes in all and the median write. */
record AppWrites(long bytes, long medianBytes) {

    static AppWrites of(Path w) throws IOException {
        long bytes = 0;
        TreeMap<Long, Long> sizes = new TreeMap<>();
        Path plain = w;
        Path tmp = null;
        if (w.getFileName().toString().endsWith(".gz")) {
            tmp = Files.createTempFile("wbreplay-workload", ".txt");
            Recording.gunzip(w, tmp);
            plain = tmp;
        }
        try (TraceReader r = TraceFormats.open(plain, null, ReadOptions.STRICT)) {
            IoRecord rec = new IoRecord();
            while (r.next(rec)) {
                if (rec.op == Operation.WRITE) {
                    bytes += rec.bytes;
                    sizes.merge(rec.bytes, 1L, Long::sum);
                }
            }
        } catch (TraceFormatException e) {
            throw new IOException(w + ": " + e.getMessage());
        } finally {
            if (tmp != null) {
                Files.deleteIfExists(tmp);
            }
        }
        long n = sizes.values().stream().mapToLong(Long::longValue).sum();
        long seen = 0;
        for (Map.Entry<Long, Long> e : sizes.entrySet()) {
            seen += e.getValue();
            if (seen > (n - 1) / 2) {
                return new AppWrites(bytes, e.getKey());
            }
        }
        return new AppWrites(bytes, 0);
    }
}
