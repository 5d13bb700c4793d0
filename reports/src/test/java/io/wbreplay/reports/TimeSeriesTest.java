package io.wbreplay.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimeSeriesTest {
    @TempDir
    Path dir;

    private Path file(String text) throws IOException {
        return Files.writeString(dir.resolve("timeseries.csv"), text);
    }

    @Test
    void readsColumnsByNameSkippingBlankLines() throws IOException {
        TimeSeries t = TimeSeries.read(file("time_s,nr_dirty\n0.1,5\n\n0.2,7.5\n"));
        assertThat(t.columns()).containsExactly("time_s", "nr_dirty");
        assertThat(t.rows()).isEqualTo(2);
        assertThat(t.column("nr_dirty")).containsExactly(5, 7.5);
        assertThat(t.column("absent")).isNull();
    }

    @Test
    void aBadRowNamesItsLine() throws IOException {
        Path f = file("a,b\n1,2\n\n3\n");
        assertThatThrownBy(() -> TimeSeries.read(f)).hasMessage(f + ": line 4: expected 2 columns, found 1");
        Path g = file("a,b\n1,2\n3,x\n");
        assertThatThrownBy(() -> TimeSeries.read(g)).hasMessage(g + ": line 3: expected a number in column b, found 'x'");
    }

    @Test
    void anEmptyFileIsAnEmptySeries() throws IOException {
        assertThat(TimeSeries.read(file("")).rows()).isZero();
    }
}
