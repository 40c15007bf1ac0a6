package org.openward.platform.api.persistence;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Numbers from database sequences (created by a module's migration with
 * {@code CREATE SEQUENCE <name> AS BIGINT START WITH n}). Each number is handed out once,
 * under any concurrency and across nodes, and never given back: a rolled-back transaction
 * leaves a gap.
 */
@ProviderType
public interface Sequences {

    /**
     * The next number of the sequence.
     *
     * @param sequence a sequence of the calling module: lower-case letters, digits, underscores
     */
    long next(String sequence);
}
