package io.wbreplay.traces.blktrace;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Builds blktrace bytes field by field for tests, independently of the writer, after the layout in
 * blktrace_api.h; and byte-swaps a little-endian trace into the big-endian one a big-endian host writes.
 */
final class RawTrace {
    static final int MAGIC_V7 = 0x65617407;
    // action = code | categories << 16, spelled out from blktrace_api.h
    static final int Q_WRITE = 0x0012_0001;       // __BLK_TA_QUEUE | (BLK_TC_QUEUE | BLK_TC_WRITE) << 16
    static final int Q_READ_SYNC = 0x0019_0001;   // QUEUE, BLK_TC_QUEUE | BLK_TC_SYNC | BLK_TC_READ
    static final int D_WRITE = 0x0142_0007;       // __BLK_TA_ISSUE | (BLK_TC_ISSUE | BLK_TC_FS | BLK_TC_WRITE) << 16
    static final int C_WRITE = 0x0182_0008;       // __BLK_TA_COMPLETE | (BLK_TC_COMPLETE | BLK_TC_FS | BLK_TC_WRITE) << 16
    static final int D_PC = 0x0240_0007;          // ISSUE of a passthrough request (BLK_TC_PC)
    static final int NOTE_PROCESS = 0x0400_0000;  // BLK_TN_PROCESS
    static final int NOTE_TIMESTAMP = 0x0400_0001;
    static final int NOTE_MESSAGE = 0x0400_0002;
    static final int CGROUP = 0x100;              // __BLK_TA_CGROUP
    static final int DEV = (8 << 20) | 16;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    RawTrace record(int magic, int sequence, long time, long sector, int bytes, int action, int pid, int cpu, int error, byte[] pdu) {
        ByteBuffer b = ByteBuffer.allocate(48 + pdu.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(magic).putInt(sequence).putLong(time).putLong(sector).putInt(bytes).putInt(action).putInt(pid)
                .putInt(DEV).putInt(cpu).putShort((short) error).putShort((short) pdu.length).put(pdu);
        out.writeBytes(b.array());
        return this;
    }

    /** An I/O event with no payload. */
    RawTrace event(int sequence, long time, long sector, int bytes, int action, int pid, int cpu) {
        return record(MAGIC_V7, sequence, time, sector, bytes, action, pid, cpu, 0, new byte[0]);
    }

    /** A PROCESS note: the command NUL-padded to 16 bytes. */
    RawTrace process(long time, int pid, int cpu, String command) {
        byte[] comm = new byte[16];
        byte[] name = command.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(name, 0, comm, 0, name.length);
        return record(MAGIC_V7, 0, time, 0, 0, NOTE_PROCESS, pid, cpu, 0, comm);
    }

    RawTrace raw(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    /** The same records as a big-endian host records them: every header field byte-reversed, payloads as they are. */
    static byte[] swapToBigEndian(byte[] little) {
        byte[] big = little.clone();
        int[][] fields = {{0, 4}, {4, 4}, {8, 8}, {16, 8}, {24, 4}, {28, 4}, {32, 4}, {36, 4}, {40, 4}, {44, 2}, {46, 2}};
        int at = 0;
        while (at < little.length) {
            int pduLen = (little[at + 46] & 0xff) | (little[at + 47] & 0xff) << 8;
            for (int[] f : fields) {
                for (int i = 0; i < f[1]; i++) {
                    big[at + f[0] + i] = little[at + f[0] + f[1] - 1 - i];
                }
            }
            at += 48 + pduLen;
        }
        return big;
    }
}
