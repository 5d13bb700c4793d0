package io.wbreplay.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version and git commit the jar was built from (wbreplay-build.properties, written by the build). */
final class BuildInfo {
    private static final Properties PROPS = load();

    private BuildInfo() {
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("/wbreplay-build.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // a jar without build information says "unknown"
        }
        return p;
    }

    static String version() {
        return "wbreplay " + PROPS.getProperty("version", "unknown");
    }

    static String commit() {
        return PROPS.getProperty("commit", "unknown");
    }
}
