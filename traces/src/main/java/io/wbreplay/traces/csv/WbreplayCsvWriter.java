package io.wbreplay.traces.csv;

import io.wbreplay.traces.AtomicOutput;
import io.wbreplay.traces.IoRecord;
import io.wbreplay.traces.TraceWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVPrinter;

/** Writes {@link WbreplayCsvFormat}; the file appears on {@link #close()}. */
final class WbreplayCsvWriter implements TraceWriter {
    private final AtomicOutput out;
    private final CSVPrinter printer;
    private final List<String> fileNames = new ArrayList<>();

    WbreplayCsvWriter(Path file) throws IOException {
        out = AtomicOutput.create(file);
        printer = new CSVPrinter(new OutputStreamWriter(out, StandardCharsets.UTF_8), WbreplayCsvFormat.CSV);
        printer.printRecord(WbreplayCsvFormat.COLUMNS);
    }

    @Override
    public void fileName(int file, String name) {
        while (fileNames.size() <= file) {
            fileNames.add(null);
        }
        fileNames.set(file, name);
    }

    @Override
    public void write(IoRecord r) throws IOException {
        printer.print(r.timeNs);
        printer.print(r.kind.name());
        printer.print(r.op.name());
        printer.print(r.pid);
        printer.print(r.cpu);
        if (r.isFileLevel()) {
            printer.print("");
            printer.print("");
            String name = r.file < fileNames.size() ? fileNames.get(r.file) : null;
            printer.print(name != null ? name : "f" + r.file);
            printer.print(r.offset);
        } else {
            printer.print(IoRecord.major(r.device) + ":" + IoRecord.minor(r.device));
            printer.print(r.sector);
            printer.print("");
            printer.print("");
        }
        printer.print(r.bytes);
        printer.print(WbreplayCsvFormat.flagLetters(r.flags));
        printer.print(r.error);
        printer.println();
    }

    @Override
    public void close() throws IOException {
        printer.close(); // flushes, closes the AtomicOutput: the rename
    }

    @Override
    public void abandon() {
        out.abandon();
    }
}
