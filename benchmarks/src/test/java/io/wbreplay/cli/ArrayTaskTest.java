package io.wbreplay.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** --shard auto read from hand-made environments, as sbatch(1) and Kubernetes Indexed Jobs set them. */
class ArrayTaskTest {
    @Test
    void anExplicitSliceIsKeptAndNeedsNoEnvironment() {
        assertThat(ArrayTask.slice("2/4", Map.of())).isEqualTo("2/4");
    }

    @Test
    void aSlurmArrayFromZeroGivesTheTaskIdPlusOneOfTheCount() {
        // sbatch --array=0-3: tasks 0..3, COUNT 4, MIN 0
        for (int id = 0; id < 4; id++) {
            assertThat(ArrayTask.slice("auto", Map.of("SLURM_ARRAY_TASK_ID", "" + id, "SLURM_ARRAY_TASK_MIN", "0",
                    "SLURM_ARRAY_TASK_COUNT", "4", "SLURM_ARRAY_TASK_MAX", "3"))).isEqualTo((id + 1) + "/4");
        }
    }

    @Test
    void aSlurmArrayFromOneOrWithAStepCountsFromItsMinimum() {
        // --array=1-8: task 8 is the last of 8
        assertThat(ArrayTask.slice("auto", Map.of("SLURM_ARRAY_TASK_ID", "8", "SLURM_ARRAY_TASK_MIN", "1",
                "SLURM_ARRAY_TASK_COUNT", "8"))).isEqualTo("8/8");
        // --array=10-16:3 is 10, 13, 16: task 13 is the second of 3
        assertThat(ArrayTask.slice("auto", Map.of("SLURM_ARRAY_TASK_ID", "13", "SLURM_ARRAY_TASK_MIN", "10",
                "SLURM_ARRAY_TASK_COUNT", "3", "SLURM_ARRAY_TASK_STEP", "3"))).isEqualTo("2/3");
    }

    @Test
    void anArrayOfSomeIndexesIsRefusedUnlessTheSizeIsGiven() {
        // --array=2,5 resubmitting two tasks of a 0-7 array: COUNT 2, MIN 2; task 5 is not slice 4 of 2
        Map<String, String> env = Map.of("SLURM_ARRAY_TASK_ID", "5", "SLURM_ARRAY_TASK_MIN", "2", "SLURM_ARRAY_TASK_COUNT", "2");
        assertThatThrownBy(() -> ArrayTask.slice("auto", env)).hasMessage("--shard auto: SLURM_ARRAY_TASK_ID=5, _MIN=2, "
                + "_STEP=1, _COUNT=2 gives slice 4 of 2, outside 1..2 (an array of only some indexes, e.g. resubmitted ones? "
                + "give --shard auto:N with N the whole array's size)");
        assertThat(ArrayTask.slice("auto:8", env)).isEqualTo("6/8");
    }

    @Test
    void aKubernetesIndexedJobNeedsTheNumberOfCompletions() {
        assertThat(ArrayTask.slice("auto:4", Map.of("JOB_COMPLETION_INDEX", "0"))).isEqualTo("1/4");
        assertThat(ArrayTask.slice("auto:4", Map.of("JOB_COMPLETION_INDEX", "3"))).isEqualTo("4/4");
        assertThatThrownBy(() -> ArrayTask.slice("auto:4", Map.of("JOB_COMPLETION_INDEX", "4")))
                .hasMessage("--shard auto:4: JOB_COMPLETION_INDEX=4 gives slice 5 of 4, outside 1..4");
        assertThatThrownBy(() -> ArrayTask.slice("auto", Map.of("JOB_COMPLETION_INDEX", "1")))
                .hasMessage("--shard auto: JOB_COMPLETION_INDEX is set but Kubernetes does not say how many indexes "
                        + "there are; give --shard auto:N with N the Job's completions");
    }

    @Test
    void noArrayInTheEnvironmentOrGarbageInItIsAOneLineError() {
        assertThatThrownBy(() -> ArrayTask.slice("auto", Map.of("SLURM_JOB_ID", "17")))
                .hasMessage("--shard auto: no job-array index in the environment (expected SLURM_ARRAY_TASK_ID from "
                        + "'sbatch --array' or JOB_COMPLETION_INDEX from a Kubernetes Indexed Job); outside a job array "
                        + "give --shard K/N");
        assertThatThrownBy(() -> ArrayTask.slice("auto", Map.of("SLURM_ARRAY_TASK_ID", "x", "SLURM_ARRAY_TASK_MIN", "0",
                "SLURM_ARRAY_TASK_COUNT", "4"))).hasMessage("SLURM_ARRAY_TASK_ID: expected a whole number, not 'x'");
        assertThatThrownBy(() -> ArrayTask.slice("auto", Map.of("SLURM_ARRAY_TASK_ID", "1")))
                .hasMessage("--shard auto: SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_MIN is not");
        assertThatThrownBy(() -> ArrayTask.slice("auto:0", Map.of("JOB_COMPLETION_INDEX", "0")))
                .hasMessage("--shard auto:0: expected at least 1 slice");
    }
}
