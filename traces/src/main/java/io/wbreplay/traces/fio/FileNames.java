package io.wbreplay.traces.fio;

import io.wbreplay.traces.TextLine;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * File names of an iolog mapped to dense ids in order of first sight. Lookups hash the bytes of the
 * line in place, so a known name costs no allocation.
 */
final class FileNames {
    private final List<byte[]> bytes = new ArrayList<>();
    private final List<String> names = new ArrayList<>();
    /** Open addressing: id + 1 per slot, 0 for empty. */
    private int[] slots = new int[64];

    /** The id of the name in bytes {@code [from, to)} of {@code line}, assigning the next id on first sight. */
    int intern(TextLine line, int from, int to) {
        int h = hash(line, from, to);
        int mask = slots.length - 1;
        for (int i = h & mask; ; i = (i + 1) & mask) {
            int id = slots[i] - 1;
            if (id < 0) {
                id = names.size();
                names.add(line.text(from, to));
                bytes.add(names.get(id).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                slots[i] = id + 1;
                if (names.size() * 2 > slots.length) {
                    rehash();
                }
                return id;
            }
            if (line.regionEquals(from, to, bytes.get(id))) {
                return id;
            }
        }
    }

    /** The name of {@code id}, or null if no such id was assigned. */
    String name(int id) {
        return id >= 0 && id < names.size() ? names.get(id) : null;
    }

    private static int hash(TextLine line, int from, int to) {
        int h = 1;
        for (int i = from; i < to; i++) {
            h = 31 * h + line.charAt(i);
        }
        return h ^ (h >>> 16);
    }

    private void rehash() {
        slots = new int[slots.length * 2];
        int mask = slots.length - 1;
        for (int id = 0; id < bytes.size(); id++) {
            int h = 1;
            for (byte b : bytes.get(id)) {
                h = 31 * h + (b & 0xff);
            }
            h ^= h >>> 16;
            int i = h & mask;
            while (slots[i] != 0) {
                i = (i + 1) & mask;
            }
            slots[i] = id + 1;
        }
    }

    @Override
    public String toString() {
        return Arrays.toString(names.toArray());
    }
}
