package io.wbreplay.reports;

import java.util.List;
import java.util.Locale;

/** File-name slugs of labels (a group, a cell, a JMH unit): lower case, safe characters, bounded length. */
public final class Slug {
    /** File names are built from slugs: this keeps them well under the 255 bytes a file name may have. */
    public static final int MAX = 96;

    private Slug() {
    }

    /** The slug of {@code group}, with -2, -3... added if {@code taken} has it already; added to {@code taken}. */
    public static String unique(String group, List<String> taken) {
        String base = of(group);
        String s = base;
        for (int i = 2; taken.contains(s); i++) {
            s = base + "-" + i;
        }
        taken.add(s);
        return s;
    }

    public static String of(String text) {
        String s = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.]+", "-").replaceAll("^-+|-+$", "");
        if (s.length() > MAX) { // a long label keeps its start and a hash of the whole (String.hashCode is specified)
            s = s.substring(0, MAX - 9) + "-" + String.format(Locale.ROOT, "%08x", text.hashCode());
        }
        return s.isEmpty() ? "group" : s;
    }
}
