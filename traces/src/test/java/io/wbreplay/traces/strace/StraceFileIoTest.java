package io.wbreplay.traces.strace;

import static org.assertj.core.api.Assertions.assertThat;

import io.wbreplay.traces.IoRecord;
import io.wbreplay.traces.TraceWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** strace -ff -ttt -y -s 0 output (lines in strace 6.1's layout) to file-level records, offsets worked out by hand. */
class StraceFileIoTest {
    @TempDir
    Path tmp;

    /** Collects what is written, as "TIME OP FILE OFFSET BYTES PID". */
    static final class Collect implements TraceWriter {
        final Map<Integer, String> names = new HashMap<>();
        final List<String> rows = new ArrayList<>();

        @Override
        public void fileName(int file, String name) {
            names.put(file, name);
        }

        @Override
        public void write(IoRecord r) {
            rows.add(r.timeNs + " " + r.op + " " + names.get(r.file) + " " + r.offset + " " + r.bytes + " " + r.pid);
        }

        @Override
        public void close() {
        }
    }

    @Test
    void resolvesOffsetsPerDescriptorAndKeepsOnlyTheDevicesFiles() throws IOException {
        Files.writeString(tmp.resolve("s.100"), """
                1796406682.000010 openat(AT_FDCWD</root>, "/mnt/a", O_WRONLY|O_CREAT|O_TRUNC, 0644) = 3</mnt/a>
                1796406682.000020 write(3</mnt/a>, ""..., 4096) = 4096
                1796406682.000030 write(3</mnt/a>, ""..., 8192) = 1000
                1796406682.000040 lseek(3</mnt/a>, 65536, SEEK_SET) = 65536
                1796406682.000050 write(3</mnt/a>, ""..., 4096) = 4096
                1796406682.000060 pwrite64(3</mnt/a>, ""..., 512, 1048576) = 512
                1796406682.000070 openat(AT_FDCWD</root>, "/etc/passwd", O_RDONLY) = 4</etc/passwd>
                1796406682.000080 read(4</etc/passwd>, ""..., 4096) = 1200
                1796406682.000090 fdatasync(3</mnt/a>) = 0
                1796406682.000100 ftruncate(3</mnt/a>, 8192) = 0
                1796406682.000110 close(3</mnt/a>) = 0
                1796406682.000120 openat(AT_FDCWD</root>, "/mnt/missing", O_RDONLY) = -1 ENOENT (No such file or directory)
                1796406682.000130 openat(AT_FDCWD</root>, "/mnt/a", O_WRONLY|O_APPEND) = 5</mnt/a>
                1796406682.000140 write(5</mnt/a>, ""..., 100) = 100
                --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED} ---
                1796406682.000150 unlinkat(AT_FDCWD</mnt>, "a", 0) = 0
                +++ exited with 0 +++
                """);
        Files.writeString(tmp.resolve("s.101"), """
                1796406682.000015 openat(AT_FDCWD</mnt>, "/mnt/b", O_RDWR|O_CREAT, 0600) = 3</mnt/b>
                1796406682.000025 pread64(3</mnt/b>, ""..., 4096, 12288) = 4096
                1796406682.000035 unlink("/mnt/b") = 0
                """);
        StraceFileIo io = new StraceFileIo(List.of("/mnt")).readAll(tmp, "s");
        Collect c = new Collect();
        assertThat(io.writeTo(c)).isEqualTo(15);
        assertThat(c.rows).containsExactly(
                "0 OPEN /mnt/a 0 0 100",
                "0 TRUNCATE /mnt/a 0 0 100", // O_TRUNC
                "5000 OPEN /mnt/b 0 0 101",
                "10000 WRITE /mnt/a 0 4096 100",
                "15000 READ /mnt/b 12288 4096 101",
                "20000 WRITE /mnt/a 4096 1000 100", // a short write moves the position by what it wrote
                "25000 UNLINK /mnt/b 0 0 101",
                "40000 WRITE /mnt/a 65536 4096 100", // after lseek
                "50000 WRITE /mnt/a 1048576 512 100", // pwrite64: its own offset
                "80000 FSYNC /mnt/a 0 0 100",
                "90000 TRUNCATE /mnt/a 8192 0 100",
                "100000 CLOSE /mnt/a 0 0 100",
                "120000 OPEN /mnt/a 0 0 100",
                "130000 WRITE /mnt/a 8192 100 100", // O_APPEND: at the size, 8192 after the ftruncate
                "140000 UNLINK /mnt/a 0 0 100"); // unlinkat relative to its directory descriptor
        assertThat(io.lines()).isEqualTo(20);
        assertThat(io.ignored()).isEqualTo(5); // /etc/passwd's open and read, the ENOENT, the signal, the exit
    }

    @Test
    void splitsArgumentsOutsideQuotesAndBrackets() {
        assertThat(StraceFileIo.split("AT_FDCWD</a,b>, \"x, y\", O_RDONLY")).containsExactly("AT_FDCWD</a,b>", "\"x, y\"", "O_RDONLY");
    }
}
