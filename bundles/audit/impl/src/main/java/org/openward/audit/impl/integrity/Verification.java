package org.openward.audit.impl.integrity;

import java.util.List;

/**
 * What a verification of the trail found.
 *
 * @param entries chain entries checked
 * @param checkpoints signed checkpoints checked
 * @param queued records written but not yet linked into the chain
 * @param head the chain's last entry
 * @param problems the first problems found, in chain order: the first names the first bad record
 * @param problemCount how many problems in all
 */
public record Verification(long entries, long checkpoints, long queued, ChainHead head, List<Problem> problems,
        long problemCount) {

    /** One thing wrong. */
    public record Problem(long seq, long eventId, String what) {

        @Override
        public String toString() {
            String where = seq > 0 ? "chain entry " + seq + (eventId > 0 ? " (audit record " + eventId + ")" : "")
                    : "audit record " + eventId;
            return where + ": " + what;
        }
    }

    /** Whether nothing is wrong. */
    public boolean intact() {
        return problemCount == 0;
    }

    /** The first bad record, if any. */
    public Problem first() {
        return problems.isEmpty() ? null : problems.get(0);
    }
}
