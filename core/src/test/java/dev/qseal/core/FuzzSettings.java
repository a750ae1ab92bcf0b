package dev.qseal.core;

/** Settings shared by the Jazzer fuzz targets. */
public final class FuzzSettings {
    private FuzzSettings() {
    }

    /**
     * How long one fuzzing run of one target lasts (with {@code JAZZER_FUZZ=1}; corpus replay ignores it).
     * Jazzer 0.24 reads it only from the annotation, so {@code scripts/fuzz.sh MINUTES} repeats runs of this
     * length, each continuing from the corpus the previous one grew.
     */
    public static final String RUN = "2m";
}
