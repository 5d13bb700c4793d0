package io.wbreplay.replay.driver;

import static org.assertj.core.api.Assertions.assertThat;

import io.wbreplay.replay.KernelEra;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RunConfig.args(): the replay options that give a configuration, read back through the same settings. */
class RunConfigArgsTest {
    @Test
    void theDefaultsNeedNoOption() {
        assertThat(new RunConfig().args()).isEmpty();
    }

    @Test
    void eachChangedValueIsOneOptionInTheTablesOrder() {
        RunConfig c = new RunConfig();
        c.core.dirtyRatio = 40;
        c.core.memoryBytes = 512L << 20;
        c.core.kernel = KernelEra.V3_2;
        c.device = "ssd";
        c.options.closedLoop = true;
        c.core.initialActiveBytes = 117_272L * 1024;
        assertThat(c.args()).containsExactly("--memory", "512M", "--device", "ssd", "--dirty-ratio", "40",
                "--initial-active", "117272K", "--kernel", "3.2", "--closed-loop");
    }

    @Test
    void theOptionsReadBackGiveTheSameConfiguration() throws Exception {
        RunConfig c = new RunConfig();
        c.core.zones = io.wbreplay.replay.mm.ZoneSizesInit.parse("3840/0:772818/428785:5394258/5265964");
        c.nrRequests = 65536;
        c.core.initialDirtyLimitBytes = 1_187_660L * 1024;
        c.core.fallbacksPerS = new int[] {28, 166, 0, 1};
        RunConfig back = new RunConfig();
        List<String> a = c.args();
        for (int i = 0; i < a.size(); i += 2) {
            RunConfig.setting(a.get(i).substring(2)).apply(back, a.get(i + 1));
        }
        assertThat(back.args()).isEqualTo(a);
        assertThat(back.core.zones.totalFrames()).isEqualTo(3840 + 772818 + 5394258);
        assertThat(a).containsSequence("--fallbacks", "28,166,0,1");
        assertThat(back.core.fallbacksPerS).containsExactly(28, 166, 0, 1);
    }

    /** A count that is not a non-negative integer is named with its place. */
    @Test
    void aBadFallbackCountIsNamed() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RunConfig.setting("fallbacks").apply(new RunConfig(), "3, x,2"))
                .hasMessage("--fallbacks expects counts a second such as 3,0,12; item 2 is ' x'");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RunConfig.setting("fallbacks").apply(new RunConfig(), "-1"))
                .hasMessageContaining("item 1 is '-1'");
    }
}
