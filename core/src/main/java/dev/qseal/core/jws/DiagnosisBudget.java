package dev.qseal.core.jws;

import dev.qseal.core.Limits;

/**
 * The work one failed verification may spend looking for its cause: at most
 * {@link Limits#DIAGNOSIS_CANDIDATES} alternative signing inputs, together at most
 * {@link Limits#DIAGNOSIS_BYTES} characters. It also counts what was spent, so tests can bound the work
 * instead of timing it. One per verification; not thread-safe.
 */
final class DiagnosisBudget {
    private final int maxCandidates;
    private final long maxBytes;
    private int candidates;
    private long bytes;
    private int attempts;
    private long bytesTried;

    DiagnosisBudget() {
        this(Limits.DIAGNOSIS_CANDIDATES, Limits.DIAGNOSIS_BYTES);
    }

    DiagnosisBudget(int maxCandidates, long maxBytes) {
        this.maxCandidates = maxCandidates;
        this.maxBytes = maxBytes;
    }

    /** Records one signing input checked against the signature (a hash or a verification). */
    void tried(long length) {
        attempts++;
        bytesTried += length;
    }

    /** Signing inputs checked so far. */
    int attempts() {
        return attempts;
    }

    /** Characters of signing input checked so far. */
    long bytesTried() {
        return bytesTried;
    }

    /** Candidates admitted so far. */
    int candidates() {
        return candidates;
    }

    /**
     * The gate for one list of candidates, each checked with {@code prefix} characters (encoded header and
     * dot) in front of lines typically {@code typicalLines} characters long.
     */
    Room forCandidates(int prefix, int typicalLines) {
        return new Room(prefix, (long) prefix + typicalLines);
    }

    /** The gate the candidate generator asks before building each candidate. */
    final class Room {
        private final int prefix;
        private final long typical;

        private Room(int prefix, long typical) {
            this.prefix = prefix;
            this.typical = typical;
        }

        /** The length as checked of a candidate with {@code lines} characters of lines. */
        long overheadPlus(int lines) {
            return (long) prefix + lines;
        }

        /** Whether one more candidate of the typical length still fits. */
        boolean hasRoom() {
            return hasRoom(0);
        }

        /** Whether one more candidate, {@code extra} characters longer than typical, still fits. */
        boolean hasRoom(long extra) {
            return candidates < maxCandidates && bytes + typical + extra <= maxBytes;
        }

        /** Counts a candidate of {@code length} characters (as checked) if it fits; false once the budget is spent. */
        boolean admit(long length) {
            if (candidates >= maxCandidates || bytes + length > maxBytes) {
                return false;
            }
            candidates++;
            bytes += length;
            return true;
        }
    }
}
