package io.wbreplay.cli;

import java.util.Map;

/**
 * {@code compare --shard auto}: the slice K/N of a sweep taken from a batch scheduler's job-array
 * environment, Slurm job arrays (sbatch(1), OUTPUT ENVIRONMENT VARIABLES) or Kubernetes Indexed Jobs.
 */
final class ArrayTask {
    static final String HELP = "--shard auto takes the slice from a Slurm job array (K = (SLURM_ARRAY_TASK_ID - "
            + "SLURM_ARRAY_TASK_MIN) / SLURM_ARRAY_TASK_STEP + 1, N = SLURM_ARRAY_TASK_COUNT); --shard auto:N uses N slices "
            + "and a 0-based index, SLURM_ARRAY_TASK_ID or a Kubernetes Indexed Job's JOB_COMPLETION_INDEX (K = index + 1).";

    private ArrayTask() {
    }

    /**
     * The slice {@code K/N} that {@code shard} names: itself unless it is {@code auto} or {@code auto:N},
     * which read {@code env}.
     */
    static String slice(String shard, Map<String, String> env) {
        if (!shard.equals("auto") && !shard.startsWith("auto:")) {
            return shard;
        }
        Integer n = null;
        if (shard.startsWith("auto:")) {
            n = number("--shard " + shard, shard.substring(5));
            if (n < 1) {
                throw new IllegalArgumentException("--shard " + shard + ": expected at least 1 slice");
            }
        }
        String slurm = env.get("SLURM_ARRAY_TASK_ID");
        String kube = env.get("JOB_COMPLETION_INDEX");
        if (slurm == null && kube == null) {
            throw new IllegalArgumentException("--shard " + shard + ": no job-array index in the environment (expected "
                    + "SLURM_ARRAY_TASK_ID from 'sbatch --array' or JOB_COMPLETION_INDEX from a Kubernetes Indexed Job); "
                    + "outside a job array give --shard K/N");
        }
        if (slurm == null) {
            if (n == null) {
                throw new IllegalArgumentException("--shard auto: JOB_COMPLETION_INDEX is set but Kubernetes does not say "
                        + "how many indexes there are; give --shard auto:N with N the Job's completions");
            }
            return within(shard, number("JOB_COMPLETION_INDEX", kube) + 1, n, "JOB_COMPLETION_INDEX=" + kube);
        }
        int id = number("SLURM_ARRAY_TASK_ID", slurm);
        if (n != null) {
            return within(shard, id + 1, n, "SLURM_ARRAY_TASK_ID=" + slurm);
        }
        int min = number("SLURM_ARRAY_TASK_MIN", require(env, "SLURM_ARRAY_TASK_MIN"));
        int count = number("SLURM_ARRAY_TASK_COUNT", require(env, "SLURM_ARRAY_TASK_COUNT"));
        int step = env.containsKey("SLURM_ARRAY_TASK_STEP") ? number("SLURM_ARRAY_TASK_STEP", env.get("SLURM_ARRAY_TASK_STEP")) : 1;
        String seen = "SLURM_ARRAY_TASK_ID=" + id + ", _MIN=" + min + ", _STEP=" + step + ", _COUNT=" + count;
        if (step < 1 || id < min || (id - min) % step != 0) {
            throw new IllegalArgumentException("--shard auto: " + seen + " is not a regular array MIN, MIN+STEP, ...; "
                    + "submit with --array=0-(N-1) or give --shard auto:N");
        }
        return within(shard, (id - min) / step + 1, count, seen);
    }

    private static String within(String shard, int k, int n, String seen) {
        if (k < 1 || k > n) {
            throw new IllegalArgumentException("--shard " + shard + ": " + seen + " gives slice " + k + " of " + n
                    + ", outside 1.." + n + (shard.equals("auto") ? " (an array of only some indexes, e.g. "
                    + "resubmitted ones? give --shard auto:N with N the whole array's size)" : ""));
        }
        return k + "/" + n;
    }

    private static String require(Map<String, String> env, String name) {
        String v = env.get(name);
        if (v == null) {
            throw new IllegalArgumentException("--shard auto: SLURM_ARRAY_TASK_ID is set but " + name + " is not");
        }
        return v;
    }

    private static int number(String name, String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": expected a whole number, not '" + value + "'");
        }
    }
}
